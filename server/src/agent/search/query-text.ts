/**
 * From what a member typed to a full-text query that cannot break. Only runs of letters and
 * digits survive, so nothing of FTS5's or tsquery's syntax (quotes, `*`, `-`, `:`, `(`, `AND`,
 * `NEAR`, `&`, `|`, `!`) reaches the database as an operator: "C++" is the word "c" (too short,
 * dropped), "O'Brien" is "o" and "brien", as both databases' tokenizers split the stored text.
 */

/** More words than this only slow the query down; a member's question fits in it. */
export const MAX_WORDS = 8;
const MAX_WORD_LENGTH = 40;

/**
 * Words of a question that say nothing about what is looked for ("who works on climate tech in
 * Berlin?" is about climate, tech, Berlin). Left out of the query: as prefix terms they match most
 * of a large collection and cost its whole ranking, and they rank nothing better.
 */
const NOISE = new Set(
  `a about an and any anyone anybody are at be by can could do does for from has have here how i in
  into is it its know like looking me meet member members my near of on or our people person please
  show should some someone somebody tell that the their there this to us want we what when where
  which who whom whose why will with work works working would you your`.split(/\s+/)
);

/**
 * Lower-cased words of at least two characters (or one digit and more), first MAX_WORDS distinct,
 * noise words left out — unless nothing else is left (a search for "The Who" still searches).
 */
export const queryWords = (text: string): string[] => {
  const words = [
    ...new Set(
      (
        text
          .normalize('NFC')
          .toLowerCase()
          .match(/[\p{L}\p{N}]+/gu) ?? []
      )
        .filter((word) => word.length > 1)
        .map((word) => word.slice(0, MAX_WORD_LENGTH))
    ),
  ];
  const meaningful = words.filter((word) => !NOISE.has(word));
  return (meaningful.length > 0 ? meaningful : words).slice(0, MAX_WORDS);
};

/**
 * FTS5: each word a quoted prefix term (or, with `prefix` false, the word itself), any of them
 * (OR) or all of them (AND). Quoting makes a word that happens to be an FTS5 keyword (`AND`,
 * `NEAR`) a plain term; a quote inside cannot occur (letters and digits only).
 */
export const fts5Match = (words: string[], all = false, prefix = true) =>
  words.map((word) => `"${word}"${prefix ? '*' : ''}`).join(all ? ' AND ' : ' OR ');

/**
 * PostgreSQL `to_tsquery` input: each word a term, any of them (`|`) or all of them (`&`). Whole
 * words, not prefixes: a prefix term unions the posting lists of every lexeme it starts, which at
 * 100,000 documents cost tens of milliseconds per word; the `english` configuration's stems
 * already match "developers" to "developer", and trigrams catch a misspelt name.
 */
export const tsQuery = (words: string[], all = false) => words.join(all ? ' & ' : ' | ');
