/**
 * The length of an MP3 (MPEG audio) file, measured frame by frame rather than guessed from the
 * first frame's bitrate: every frame header is read and the next frame must start where it ends,
 * so the sum of the frames' lengths is the audio. An ID3v2 tag may come first and an ID3v1 tag
 * last; anything else between or after frames (or a free-format or reserved header) is
 * `undefined`: refused.
 */

/** Bitrates in kbit/s by [MPEG-1 ? 'v1' : 'v2'][layer][index] (index 0 is free format: refused). */
const KBPS = {
  v1: {
    1: [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
    2: [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
    3: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  },
  v2: {
    1: [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
    2: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
    3: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
  },
} as const;
/** Sample rates by version bits (0: MPEG 2.5, 2: MPEG-2, 3: MPEG-1) and index. */
const RATES: Record<number, number[]> = {
  0: [11_025, 12_000, 8_000],
  2: [22_050, 24_000, 16_000],
  3: [44_100, 48_000, 32_000],
};

type Frame = { bytes: number; seconds: number };

/** The frame whose header starts at `at`, or undefined when there is none. */
const frameAt = (data: Buffer, at: number): Frame | undefined => {
  if (at + 4 > data.length || data[at] !== 0xff || (data[at + 1] & 0xe0) !== 0xe0) return undefined;
  const version = (data[at + 1] >> 3) & 0x03;
  const layer = 4 - ((data[at + 1] >> 1) & 0x03); // bits 11 → layer I, 01 → layer III
  const bitrateIndex = data[at + 2] >> 4;
  const rateIndex = (data[at + 2] >> 2) & 0x03;
  const padding = (data[at + 2] >> 1) & 0x01;
  if (version === 1 || layer === 4 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3)
    return undefined;
  const rate = RATES[version][rateIndex];
  const bitrate = KBPS[version === 3 ? 'v1' : 'v2'][layer as 1 | 2 | 3][bitrateIndex] * 1000;
  if (layer === 1) return { bytes: (Math.floor((12 * bitrate) / rate) + padding) * 4, seconds: 384 / rate };
  // Layer III of MPEG-2 and 2.5 has half the samples per frame (576).
  const samples = layer === 3 && version !== 3 ? 576 : 1_152;
  return { bytes: Math.floor(((samples / 8) * bitrate) / rate) + padding, seconds: samples / rate };
};

export const mp3Seconds = (data: Buffer): number | undefined => {
  let at = 0;
  // An ID3v2 tag: a 10-byte header (with a 10-byte footer when flagged) and a size in four 7-bit bytes.
  if (data.length >= 10 && data.toString('latin1', 0, 3) === 'ID3') {
    if ([6, 7, 8, 9].some((i) => data[i] & 0x80)) return undefined;
    const footer = data[5] & 0x10 ? 10 : 0;
    at = 10 + footer + ((data[6] << 21) | (data[7] << 14) | (data[8] << 7) | data[9]);
  }
  // An ID3v1 tag: the last 128 bytes, starting "TAG".
  const end =
    data.length - at >= 128 && data.toString('latin1', data.length - 128, data.length - 125) === 'TAG'
      ? data.length - 128
      : data.length;
  let seconds = 0;
  let frames = 0;
  while (at < end) {
    const frame = frameAt(data, at);
    if (!frame || at + frame.bytes > end) return undefined;
    seconds += frame.seconds;
    frames += 1;
    at += frame.bytes;
  }
  return frames > 0 ? seconds : undefined;
};
