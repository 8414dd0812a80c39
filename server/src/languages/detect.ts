import { detectAll } from 'tinyld';
import { LANGUAGES, type Language } from './supported';

/**
 * Below this, a message says too little to tell its language ("ok", "ja", "Ana?"): the member's
 * earlier language is kept instead.
 */
const MIN_LETTERS = 8;
const MIN_WORDS = 2;
/** How many times likelier than the next language the best guess must be to count. */
const CLEAR_LEAD = 2;

/**
 * The language a member wrote in, among ours, or undefined when the text is too short or unclear.
 * tinyld is pure JavaScript (no network, no model download) and takes well under a millisecond
 * for a chat message.
 */
export const detectLanguage = (text: string): Language | undefined => {
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  const words = text.split(/\s+/).filter((word) => /\p{L}/u.test(word)).length;
  if (letters < MIN_LETTERS || words < MIN_WORDS) return undefined;
  const [best, runnerUp] = detectAll(text, { only: [...LANGUAGES] });
  // Short chat lines are often a near tie ("Hi, quick question" scores Spanish 0.13, French 0.13,
  // English 0.01): a guess that does not clearly win keeps the member's earlier language rather
  // than answering an English speaker in Spanish.
  if (!best || (runnerUp && best.accuracy < CLEAR_LEAD * runnerUp.accuracy)) return undefined;
  return (LANGUAGES as readonly string[]).includes(best.lang) ? (best.lang as Language) : undefined;
};
