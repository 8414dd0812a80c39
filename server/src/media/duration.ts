/**
 * How long a voice note is, read from its container before anything is sent to be transcribed:
 * Twilio does not post it, and a voice note over the cap must cost nothing. Exact for OGG
 * (WhatsApp's voice notes: the last page's granule position), MP4 (`mvhd`) and AMR (frames of
 * 20 ms); MP3 from its first frame's bitrate (exact for constant bitrate); anything unreadable
 * is estimated from its size at 16 kbit/s, a typical voice bitrate.
 */

const FALLBACK_BYTES_PER_SECOND = 2_000;

const oggSeconds = (data: Buffer): number | undefined => {
  if (data.subarray(0, 4).toString('latin1') !== 'OggS') return undefined;
  const firstPayload = 27 + data[26];
  const head = data.subarray(firstPayload, firstPayload + 32);
  let rate: number;
  let preSkip = 0;
  if (head.subarray(0, 8).toString('latin1') === 'OpusHead') {
    // Opus granule positions always count 48 kHz samples.
    rate = 48_000;
    preSkip = head.readUInt16LE(10);
  } else if (head.subarray(1, 7).toString('latin1') === 'vorbis') {
    rate = head.readUInt32LE(12);
  } else return undefined;
  const last = data.lastIndexOf('OggS', data.length - 27, 'latin1');
  if (last < 0 || rate <= 0) return undefined;
  const granule = Number(data.readBigInt64LE(last + 6));
  return granule > 0 ? Math.max(0, granule - preSkip) / rate : undefined;
};

const mp4Seconds = (data: Buffer): number | undefined => {
  const at = data.indexOf('mvhd', 0, 'latin1');
  if (at < 0 || at + 32 > data.length) return undefined;
  const version = data[at + 4];
  const timescale = version === 1 ? data.readUInt32BE(at + 24) : data.readUInt32BE(at + 16);
  const duration = version === 1 ? Number(data.readBigUInt64BE(at + 28)) : data.readUInt32BE(at + 20);
  return timescale > 0 ? duration / timescale : undefined;
};

/** AMR-NB frame sizes (header byte included) by frame type; 0: no frame of that type. */
const AMR_FRAME_BYTES = [13, 14, 16, 18, 20, 21, 27, 32, 6, 0, 0, 0, 0, 0, 0, 1];

const amrSeconds = (data: Buffer): number | undefined => {
  if (data.subarray(0, 6).toString('latin1') !== '#!AMR\n') return undefined;
  let frames = 0;
  for (let at = 6; at < data.length; frames += 1) {
    const size = AMR_FRAME_BYTES[(data[at] >> 3) & 0x0f];
    if (!size) return undefined;
    at += size;
  }
  return frames * 0.02;
};

/** MPEG-1/2 layer III bitrates in kbit/s by index. */
const MP3_KBPS = {
  v1: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  v2: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};

const mp3Seconds = (data: Buffer): number | undefined => {
  let start = 0;
  // An ID3v2 tag first: its size is four 7-bit bytes.
  if (data.subarray(0, 3).toString('latin1') === 'ID3' && data.length > 10)
    start = 10 + ((data[6] << 21) | (data[7] << 14) | (data[8] << 7) | data[9]);
  for (let at = start; at < Math.min(data.length - 4, start + 4096); at += 1) {
    if (data[at] !== 0xff || (data[at + 1] & 0xe0) !== 0xe0) continue;
    const version = (data[at + 1] >> 3) & 0x03;
    const kbps = (version === 3 ? MP3_KBPS.v1 : MP3_KBPS.v2)[(data[at + 2] >> 4) & 0x0f];
    if (kbps) return ((data.length - at) * 8) / (kbps * 1000);
  }
  return undefined;
};

/** Seconds of audio in `data`, and whether that was read (`exact`) or estimated from the size. */
export const audioDuration = (data: Buffer, contentType: string): { seconds: number; exact: boolean } => {
  const readers: Record<string, (data: Buffer) => number | undefined> = {
    'audio/ogg': oggSeconds,
    'audio/mp4': mp4Seconds,
    'audio/amr': amrSeconds,
    'audio/mpeg': mp3Seconds,
  };
  let seconds: number | undefined;
  try {
    seconds = readers[contentType]?.(data);
  } catch {
    seconds = undefined;
  }
  return seconds !== undefined && Number.isFinite(seconds)
    ? { seconds, exact: contentType !== 'audio/mpeg' }
    : { seconds: data.length / FALLBACK_BYTES_PER_SECOND, exact: false };
};
