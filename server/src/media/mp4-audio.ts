/**
 * The length of an MP4/M4A audio file (AAC), measured from its structure rather than from the
 * first `mvhd` bytes found anywhere. The top-level boxes must tile the file exactly (`ftyp` first,
 * one `moov`, media data in `mdat`); `moov/mvhd` must be where it belongs. The length is the
 * largest of what the file says in every place it says it — the movie header, the track's media
 * header, its time-to-sample table — and what its samples hold (AAC: 1,024 samples per frame at
 * the sample entry's rate), so no single forged field can make a note shorter than its audio.
 * The frames must fit in `mdat` and each be no larger than an AAC frame can be. Fragmented files,
 * other codecs and anything that does not parse are `undefined`: refused.
 */

type Box = { type: string; body: Buffer };

/** The boxes tiling `data` exactly, or undefined. */
const boxesOf = (data: Buffer): Box[] | undefined => {
  const boxes: Box[] = [];
  for (let at = 0; at < data.length; ) {
    if (at + 8 > data.length) return undefined;
    let size = data.readUInt32BE(at);
    let header = 8;
    if (size === 1) {
      if (at + 16 > data.length) return undefined;
      const large = data.readBigUInt64BE(at + 8);
      if (large > BigInt(data.length)) return undefined;
      size = Number(large);
      header = 16;
    } else if (size === 0) size = data.length - at;
    if (size < header || at + size > data.length) return undefined;
    boxes.push({
      type: data.toString('latin1', at + 4, at + 8),
      body: data.subarray(at + header, at + size),
    });
    at += size;
  }
  return boxes;
};

const only = (boxes: Box[], type: string) => {
  const found = boxes.filter((box) => box.type === type);
  return found.length === 1 ? found[0] : undefined;
};

/** A path of single child boxes: `moov` → `trak` → … */
const childAt = (box: Box | undefined, ...path: string[]): Box | undefined => {
  let current = box;
  for (const type of path) {
    const children = current && boxesOf(current.body);
    current = children && only(children, type);
  }
  return current;
};

/** `mvhd` / `mdhd`: version 0 or 1, timescale and duration (a full box). */
const headerSeconds = (body: Buffer): number | undefined => {
  const version = body[0];
  if (version === 0 && body.length >= 20) {
    const timescale = body.readUInt32BE(12);
    return timescale > 0 ? body.readUInt32BE(16) / timescale : undefined;
  }
  if (version === 1 && body.length >= 32) {
    const timescale = body.readUInt32BE(20);
    return timescale > 0 ? Number(body.readBigUInt64BE(24)) / timescale : undefined;
  }
  return undefined;
};

/** ISO/IEC 14496-3: an AAC frame holds at most 6,144 bits per channel. */
const MAX_AAC_FRAME_BYTES_PER_CHANNEL = 768;
const AAC_FRAME_SAMPLES = 1_024;

export const mp4AudioSeconds = (data: Buffer): number | undefined => {
  const top = boxesOf(data);
  if (!top || top[0]?.type !== 'ftyp') return undefined;
  if (top.some((box) => box.type === 'moof')) return undefined;
  const moov = only(top, 'moov');
  const mdatBytes = top.filter((box) => box.type === 'mdat').reduce((sum, box) => sum + box.body.length, 0);
  const moovChildren = moov && boxesOf(moov.body);
  const mvhd = moovChildren && only(moovChildren, 'mvhd');
  if (!moovChildren || !mvhd) return undefined;
  const movieSeconds = headerSeconds(mvhd.body);
  // One track: a voice note or an audio file.
  const trak = only(moovChildren, 'trak');
  const mdia = childAt(trak, 'mdia');
  const hdlr = childAt(mdia, 'hdlr');
  const mdhd = childAt(mdia, 'mdhd');
  const stbl = childAt(mdia, 'minf', 'stbl');
  const stsd = childAt(stbl, 'stsd');
  const stts = childAt(stbl, 'stts');
  const stsz = childAt(stbl, 'stsz');
  if (movieSeconds === undefined || !mdhd || !hdlr || !stsd || !stts || !stsz) return undefined;
  if (hdlr.body.toString('latin1', 8, 12) !== 'soun') return undefined;
  const mediaSeconds = headerSeconds(mdhd.body);
  const timescale = mdhd.body[0] === 1 ? mdhd.body.readUInt32BE(20) : mdhd.body.readUInt32BE(12);
  if (mediaSeconds === undefined || !timescale) return undefined;

  // stsd: one `mp4a` sample entry; its sample rate is 16.16 fixed point at byte 24 of the entry.
  if (stsd.body.length < 8 + 36 || stsd.body.readUInt32BE(4) !== 1) return undefined;
  const entry = stsd.body.subarray(8);
  if (entry.toString('latin1', 4, 8) !== 'mp4a') return undefined;
  const channels = entry.readUInt16BE(24);
  const rate = entry.readUInt32BE(32) >>> 16;
  if (channels < 1 || channels > 8 || rate < 1_000) return undefined;

  // stts: entries of (count, delta); stsz: one size for all samples, or a size each.
  const sttsEntries = stts.body.length >= 8 ? stts.body.readUInt32BE(4) : -1;
  if (sttsEntries < 0 || stts.body.length < 8 + sttsEntries * 8) return undefined;
  let sttsSamples = 0;
  let ticks = 0;
  for (let i = 0; i < sttsEntries; i += 1) {
    const count = stts.body.readUInt32BE(8 + i * 8);
    sttsSamples += count;
    ticks += count * stts.body.readUInt32BE(12 + i * 8);
  }
  if (stsz.body.length < 12) return undefined;
  const uniform = stsz.body.readUInt32BE(4);
  const samples = stsz.body.readUInt32BE(8);
  if (samples === 0 || samples !== sttsSamples) return undefined;
  const maxFrame = MAX_AAC_FRAME_BYTES_PER_CHANNEL * channels;
  let bytes = 0;
  if (uniform > 0) {
    if (uniform > maxFrame) return undefined;
    bytes = uniform * samples;
  } else {
    if (stsz.body.length < 12 + samples * 4) return undefined;
    for (let i = 0; i < samples; i += 1) {
      const size = stsz.body.readUInt32BE(12 + i * 4);
      if (size > maxFrame) return undefined;
      bytes += size;
    }
  }
  if (bytes > mdatBytes) return undefined;
  return Math.max(movieSeconds, mediaSeconds, ticks / timescale, (samples * AAC_FRAME_SAMPLES) / rate);
};
