import { detect } from 'tinyld';
import { LANGUAGES, type Language } from './supported';

/**
 * Below this, a message says too little to tell its language ("ok", "ja", "Ana?"): the member's
 * earlier language is kept instead.
 */
const MIN_LETTERS = 8;
const MIN_WORDS = 2;

/**
 * The language a member wrote in, among ours, or undefined when the text is too short or unclear.
 * tinyld is pure JavaScript (no network, no model download) and takes well under a millisecond
 * for a chat message.
 */
export const detectLanguage = (text: string): Language | undefined => {
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  const words = text.split(/\s+/).filter((word) => /\p{L}/u.test(word)).length;
  if (letters < MIN_LETTERS || words < MIN_WORDS) return undefined;
  const found = detect(text, { only: [...LANGUAGES] });
  return (LANGUAGES as readonly string[]).includes(found) ? (found as Language) : undefined;
};
