/**
 * The length of an Ogg/Opus file (WhatsApp's voice notes), measured from its audio rather than
 * read from a header: the sender writes the file, so a granule position, a last page or any other
 * single number in it can say whatever they like. Every page is walked and checked (RFC 3533:
 * capture pattern, version 0, one logical stream, consecutive page numbers, granule positions
 * that never go back, a valid CRC, EOS on the last page and nothing after it), the packets are put
 * back together and each audio packet's length is read from its TOC byte (RFC 6716 §3.1). The
 * sum, minus the pre-skip of the OpusHead (RFC 7845), is the length. Anything that does not parse
 * is `undefined`: refused, never estimated.
 */

const OPUS_RATE = 48_000;
/** RFC 6716 §3.2.5: a packet holds at most 120 ms of audio. */
const MAX_PACKET_SAMPLES = 5_760;
const HEADER_BYTES = 27;
const FLAG_CONTINUED = 0x01;
const FLAG_BOS = 0x02;
const FLAG_EOS = 0x04;
/** A granule position of -1: no packet ends on this page. */
const NO_GRANULE = -1n;

/** Ogg's CRC-32: polynomial 0x04c11db7, not reflected, initial value 0, no final xor (not zlib's). */
const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i += 1) {
    let crc = i << 24;
    for (let bit = 0; bit < 8; bit += 1) crc = crc & 0x80000000 ? (crc << 1) ^ 0x04c11db7 : crc << 1;
    table[i] = crc >>> 0;
  }
  return table;
})();

/** The CRC of one page, computed with its CRC field (bytes 22–25) as zeros. */
export const oggPageCrc = (page: Uint8Array) => {
  let crc = 0;
  for (let i = 0; i < page.length; i += 1) {
    const byte = i >= 22 && i < 26 ? 0 : page[i];
    crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ byte) & 0xff]) >>> 0;
  }
  return crc;
};

export type OggPage = {
  flags: number;
  granule: bigint;
  serial: number;
  sequence: number;
  /** The page's lacing values and its payload. */
  segments: number[];
  payload: Buffer;
};

/** Every page of a single-stream Ogg file, checked; a reason when the file is not one. */
export const readOggPages = (data: Buffer): { pages: OggPage[] } | { error: string } => {
  const pages: OggPage[] = [];
  let lastGranule: bigint | undefined;
  for (let at = 0; at < data.length; ) {
    if (pages.at(-1) && (pages.at(-1)!.flags & FLAG_EOS) !== 0) return { error: 'data after the EOS page' };
    if (at + HEADER_BYTES > data.length) return { error: 'truncated page header' };
    if (data.toString('latin1', at, at + 4) !== 'OggS') return { error: `no page at byte ${at}` };
    if (data[at + 4] !== 0) return { error: 'unknown Ogg version' };
    const count = data[at + 26];
    const segments = [...data.subarray(at + HEADER_BYTES, at + HEADER_BYTES + count)];
    const payloadStart = at + HEADER_BYTES + count;
    const end = payloadStart + segments.reduce((sum, size) => sum + size, 0);
    if (segments.length < count || end > data.length) return { error: 'truncated page' };
    const page: OggPage = {
      flags: data[at + 5],
      granule: data.readBigInt64LE(at + 6),
      serial: data.readUInt32LE(at + 14),
      sequence: data.readUInt32LE(at + 18),
      segments,
      payload: data.subarray(payloadStart, end),
    };
    if (oggPageCrc(data.subarray(at, end)) !== data.readUInt32LE(at + 22)) return { error: 'bad page CRC' };
    const previous = pages.at(-1);
    if (!previous) {
      if ((page.flags & FLAG_BOS) === 0) return { error: 'first page without BOS' };
    } else {
      if (page.flags & FLAG_BOS) return { error: 'a second stream begins' };
      if (page.serial !== previous.serial) return { error: 'pages of two streams' };
      if (page.sequence !== previous.sequence + 1) return { error: 'pages out of sequence' };
      if (page.granule !== NO_GRANULE && lastGranule !== undefined && page.granule < lastGranule)
        return { error: 'granule position goes back' };
    }
    if (page.granule !== NO_GRANULE) lastGranule = page.granule;
    pages.push(page);
    at = end;
  }
  const last = pages.at(-1);
  if (!last) return { error: 'empty file' };
  if ((last.flags & FLAG_EOS) === 0) return { error: 'no EOS page' };
  return { pages };
};

/** The packets of checked pages: a packet ends at a lacing value under 255. */
const packetsOf = (pages: OggPage[]): Buffer[] | undefined => {
  const packets: Buffer[] = [];
  let open: Buffer[] | undefined;
  for (const page of pages) {
    // A page continues a packet exactly when the previous page left one open.
    if (Boolean(page.flags & FLAG_CONTINUED) !== Boolean(open)) return undefined;
    let at = 0;
    for (const size of page.segments) {
      (open ??= []).push(page.payload.subarray(at, at + size));
      at += size;
      if (size < 255) {
        packets.push(Buffer.concat(open));
        open = undefined;
      }
    }
  }
  return open ? undefined : packets;
};

/** Samples per frame (48 kHz) by TOC config (RFC 6716 §3.1, table 2): SILK, hybrid, CELT. */
const frameSamples = (config: number) => {
  if (config < 12) return [480, 960, 1920, 2880][config % 4];
  if (config < 16) return [480, 960][config % 2];
  return [120, 240, 480, 960][config % 4];
};

/** Samples in one Opus packet from its TOC byte (and frame count byte for code 3), or undefined. */
export const opusPacketSamples = (packet: Buffer): number | undefined => {
  if (packet.length < 1) return undefined;
  const toc = packet[0];
  const perFrame = frameSamples(toc >> 3);
  const code = toc & 0x03;
  let frames: number;
  if (code === 0) frames = 1;
  else if (code === 1) {
    // Two frames of equal size.
    if ((packet.length - 1) % 2 !== 0) return undefined;
    frames = 2;
  } else if (code === 2) {
    if (packet.length < 2) return undefined;
    frames = 2;
  } else {
    if (packet.length < 2) return undefined;
    frames = packet[1] & 0x3f;
    if (frames === 0) return undefined;
  }
  const samples = frames * perFrame;
  return samples <= MAX_PACKET_SAMPLES ? samples : undefined;
};

/** Seconds of audio in an Ogg/Opus file, or undefined when it is not a well-formed one. */
export const oggOpusSeconds = (data: Buffer): number | undefined => {
  const read = readOggPages(data);
  if ('error' in read) return undefined;
  const [first] = read.pages;
  // RFC 7845 §3: the OpusHead packet alone on the first page, OpusTags next.
  if (first.segments.length !== 1 || first.segments[0] >= 255) return undefined;
  const packets = packetsOf(read.pages);
  if (!packets || packets.length < 2) return undefined;
  const [head, tags, ...audio] = packets;
  if (head.length < 19 || head.toString('latin1', 0, 8) !== 'OpusHead' || head[8] >> 4 !== 0)
    return undefined;
  if (tags.toString('latin1', 0, 8) !== 'OpusTags') return undefined;
  const preSkip = head.readUInt16LE(10);
  let samples = 0;
  for (const packet of audio) {
    const count = opusPacketSamples(packet);
    if (count === undefined) return undefined;
    samples += count;
  }
  return Math.max(0, samples - preSkip) / OPUS_RATE;
};
