/**
 * From what a member typed to a full-text query that cannot break. Only runs of letters and
 * digits survive, so nothing of FTS5's or tsquery's syntax (quotes, `*`, `-`, `:`, `(`, `AND`,
 * `NEAR`, `&`, `|`, `!`) reaches the database as an operator: "C++" is the word "c" (too short,
 * dropped), "O'Brien" is "o" and "brien", as both databases' tokenizers split the stored text.
 */

/** More words than this only slow the query down; a member's question fits in it. */
export const MAX_WORDS = 8;
const MAX_WORD_LENGTH = 40;

/** Lower-cased words of at least two characters (or one digit and more), first MAX_WORDS distinct. */
export const queryWords = (text: string): string[] => {
  const words = (
    text
      .normalize('NFC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  )
    .filter((word) => word.length > 1)
    .map((word) => word.slice(0, MAX_WORD_LENGTH));
  return [...new Set(words)].slice(0, MAX_WORDS);
};

/**
 * FTS5: each word a quoted prefix term, any of them (OR) or all of them (AND). Quoting makes a
 * word that happens to be an FTS5 keyword (`AND`, `NEAR`) a plain term; a quote inside cannot
 * occur (letters and digits only).
 */
export const fts5Match = (words: string[], all = false) =>
  words.map((word) => `"${word}"*`).join(all ? ' AND ' : ' OR ');

/** PostgreSQL `to_tsquery` input: each word a prefix term, any of them (`|`) or all of them (`&`). */
export const tsQuery = (words: string[], all = false) =>
  words.map((word) => `${word}:*`).join(all ? ' & ' : ' | ');
