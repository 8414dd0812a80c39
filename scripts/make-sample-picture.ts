// A small PNG for the simulator's sample picture (a green-and-teal gradient with a white
// square), written without dependencies: a PNG is a signature, IHDR, zlib-deflated rows, IEND.
import fs from 'node:fs';
import zlib from 'node:zlib';

const size = 96;
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buffer: Buffer) => {
  let c = 0xffffffff;
  for (const byte of buffer) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type: string, data: Buffer) => {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
};

const header = Buffer.alloc(13);
header.writeUInt32BE(size, 0);
header.writeUInt32BE(size, 4);
header[8] = 8; // bits per channel
header[9] = 2; // RGB
const rows: Buffer[] = [];
for (let y = 0; y < size; y += 1) {
  const row = [0]; // filter: none
  for (let x = 0; x < size; x += 1) {
    const inSquare = x > 32 && x < 64 && y > 32 && y < 64;
    row.push(inSquare ? 255 : 7, inSquare ? 255 : 94 + x, inSquare ? 255 : 84 + y);
  }
  rows.push(Buffer.from(row));
}
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', zlib.deflateSync(Buffer.concat(rows), { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
fs.writeFileSync(process.argv[2] ?? 'picture.png', png);
