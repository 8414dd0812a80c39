import { oggPageCrc, readOggPages } from '../../server/src/media/ogg-opus';

/**
 * Ogg/Opus files built from a real sample (simulator/samples/*.ogg): its OpusHead and OpusTags
 * (with the TRANSCRIPT= comment the scripted model answers with) and its audio packets, repeated
 * to make a longer note, written as valid pages — or forged ones, for the tests that check a
 * sender cannot make a note look shorter than it is.
 */

export type PageSpec = {
  packets: Buffer[];
  granule: bigint;
  sequence: number;
  serial?: number;
  flags?: number;
};

/** One page holding whole packets, its CRC set (or any `crc` given, to forge a bad one). */
export const oggPage = (
  { packets, granule, sequence, serial = 0x5eed, flags = 0 }: PageSpec,
  crc?: number
) => {
  const lacing = packets.flatMap((packet) => [
    ...Array<number>(Math.floor(packet.length / 255)).fill(255),
    packet.length % 255,
  ]);
  if (lacing.length > 255) throw new Error('too many packets for one page');
  const page = Buffer.concat([Buffer.alloc(27 + lacing.length), ...packets]);
  page.write('OggS', 0, 'latin1');
  page[5] = flags;
  page.writeBigInt64LE(granule, 6);
  page.writeUInt32LE(serial, 14);
  page.writeUInt32LE(sequence, 18);
  page[26] = lacing.length;
  Buffer.from(lacing).copy(page, 27);
  page.writeUInt32LE(crc ?? oggPageCrc(page), 22);
  return page;
};

/** The packets of a sample whose pages each end on a packet boundary (as opusenc writes them). */
export const opusPackets = (sample: Buffer) => {
  const read = readOggPages(sample);
  if ('error' in read) throw new Error(`not a valid sample: ${read.error}`);
  const packets: Buffer[] = [];
  for (const page of read.pages) {
    let at = 0;
    let open: Buffer[] = [];
    for (const size of page.segments) {
      open.push(page.payload.subarray(at, at + size));
      at += size;
      if (size < 255) {
        packets.push(Buffer.concat(open));
        open = [];
      }
    }
  }
  const [head, tags, ...audio] = packets;
  return { head, tags, audio };
};

/** 20 ms per packet, as opusenc writes voice (the samples' TOC bytes say so). */
const SAMPLES_PER_PACKET = 960n;

/**
 * The sample's audio repeated `times` over, as valid pages of 50 packets: a real note of about
 * `times` × the sample's length. `lastPage` replaces the final page's fields (a forged ending).
 */
export const longOpusNote = (sample: Buffer, times: number, lastPage: Partial<PageSpec> = {}) => {
  const { head, tags, audio } = opusPackets(sample);
  const all = Array.from({ length: times }, () => audio).flat();
  const pages = [
    oggPage({ packets: [head], granule: 0n, sequence: 0, flags: 0x02 }),
    oggPage({ packets: [tags], granule: 0n, sequence: 1 }),
  ];
  let granule = 0n;
  for (let at = 0; at < all.length; at += 50) {
    const packets = all.slice(at, at + 50);
    granule += BigInt(packets.length) * SAMPLES_PER_PACKET;
    const last = at + 50 >= all.length;
    const spec = { packets, granule, sequence: pages.length, flags: last ? 0x04 : 0 };
    pages.push(oggPage(last ? { ...spec, ...lastPage } : spec));
  }
  return Buffer.concat(pages);
};
