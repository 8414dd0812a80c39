import crypto from 'node:crypto';
import { wordlist } from '@scure/bip39/wordlists/english';

/**
 * Linking phrases: three words from the BIP-39 list (2048 short, distinct English words) and
 * four digits, e.g. `amber-falcon-river-7342`: 3 × 11 + log2(10^4) ≈ 46 bits. Easy to read
 * out and type on a phone; found anywhere in a message, in any case, with any separators.
 */
export const PHRASE_BITS = 3 * Math.log2(wordlist.length) + Math.log2(10_000);

const WORDS = new Set(wordlist);

export const generatePhrase = () => {
  const words = Array.from({ length: 3 }, () => wordlist[crypto.randomInt(wordlist.length)]);
  const digits = String(crypto.randomInt(10_000)).padStart(4, '0');
  return [...words, digits].join('-');
};

const CANDIDATE = /([a-z]+)[\s\-_.,]+([a-z]+)[\s\-_.,]+([a-z]+)[\s\-_.,]+(\d{4})(?!\d)/gi;

/** Every phrase-shaped run of text (three list words + four digits), normalised to `a-b-c-1234`. */
export const findPhrases = (text: string): string[] => {
  const found = new Set<string>();
  for (const match of text.matchAll(CANDIDATE)) {
    const words = [match[1], match[2], match[3]].map((word) => word.toLowerCase());
    if (words.every((word) => WORDS.has(word))) found.add([...words, match[4]].join('-'));
  }
  return [...found];
};

/** True when the text looks like an attempt at a phrase (so a wrong one counts as a failed attempt). */
export const looksLikePhrase = (text: string) =>
  findPhrases(text).length > 0 || /\b[a-z]+-[a-z]+-[a-z]+-\d{3,5}\b/i.test(text);

/** Phrases are stored only as a keyed hash: a database dump does not allow guessing them offline. */
export const hashPhrase = (phrase: string, key: Buffer) =>
  crypto.createHmac('sha256', key).update(`link-phrase:${phrase}`).digest('hex');

/** The wording the `wa.me` deep link pre-fills before the phrase. */
export const DEEP_LINK_WORDING = 'Link my WhatsApp to my account:';

const ONLY_PHRASE = /^[a-z]+[\s\-_.,]+[a-z]+[\s\-_.,]+[a-z]+[\s\-_.,]+\d{3,5}$/i;

/**
 * True when the message is nothing but a phrase (optionally after the deep link's own wording):
 * from an already linked member, only such a message — or one naming an active phrase — is a
 * linking attempt; "Is there an open source talk 2026?" is a question.
 */
export const isOnlyPhrase = (text: string) => {
  let rest = text.trim();
  if (rest.toLowerCase().startsWith(DEEP_LINK_WORDING.toLowerCase()))
    rest = rest.slice(DEEP_LINK_WORDING.length);
  return ONLY_PHRASE.test(rest.trim().replace(/[.!]+$/, ''));
};
