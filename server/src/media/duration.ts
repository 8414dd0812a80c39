import { mp3Seconds } from './mp3';
import { mp4AudioSeconds } from './mp4-audio';
import { oggOpusSeconds } from './ogg-opus';

/**
 * How long a voice note is, measured from its content before anything is sent to be transcribed:
 * Twilio does not post it, the sender writes the file, and a note over the cap (or the member's
 * daily budget) must cost nothing. Each format is walked in full (ogg-opus.ts, mp4-audio.ts,
 * mp3.ts; AMR frame by frame, 20 ms each); a file that does not parse as its content type says —
 * Ogg other than Opus included — is `undefined`, and refused: a length that cannot be measured is
 * never estimated nor read from a header.
 */

/** AMR-NB frame sizes (header byte included) by frame type; 0: no frame of that type. */
const AMR_FRAME_BYTES = [13, 14, 16, 18, 20, 21, 27, 32, 6, 0, 0, 0, 0, 0, 0, 1];

const amrSeconds = (data: Buffer): number | undefined => {
  if (data.subarray(0, 6).toString('latin1') !== '#!AMR\n') return undefined;
  let frames = 0;
  for (let at = 6; at < data.length; frames += 1) {
    const size = AMR_FRAME_BYTES[(data[at] >> 3) & 0x0f];
    if (!size || at + size > data.length) return undefined;
    at += size;
  }
  return frames > 0 ? frames * 0.02 : undefined;
};

const READERS: Record<string, (data: Buffer) => number | undefined> = {
  'audio/ogg': oggOpusSeconds,
  'audio/mp4': mp4AudioSeconds,
  'audio/amr': amrSeconds,
  'audio/mpeg': mp3Seconds,
};

/** Seconds of audio in `data` (of the base content type `contentType`), or undefined: not measurable. */
export const audioSeconds = (data: Buffer, contentType: string): number | undefined => {
  let seconds: number | undefined;
  try {
    seconds = READERS[contentType]?.(data);
  } catch {
    // A reader past the end of a buffer: the file is not what it says.
    seconds = undefined;
  }
  return seconds !== undefined && Number.isFinite(seconds) ? seconds : undefined;
};
