/**
 * FTS5's `bm25()` (sqlite/ext/fts5/fts5_aux.c: k1 = 1.2, b = 0.75, per-column weights, the
 * document's length in tokens against the index's average), computed here over given candidates
 * only. FTS5's own function first counts, for every phrase, each document of the index that holds
 * it, by walking the word's whole posting list: for a word in 40,000 of 100,000 member profiles
 * that walk cost more than reading the 300 candidates it ranks. Here the counts are the caller's
 * (search-index-sqlite.ts counts up to a cap), and the candidates' lengths are FTS5's records.
 */

const K1 = 1.2;
const B = 0.75;

/**
 * SQLite's varints (the FTS5 records store counts as those): big-endian, 7 bits per byte while
 * the high bit is set, and the ninth byte whole.
 */
export const readVarints = (bytes: Uint8Array): number[] => {
  const values: number[] = [];
  let i = 0;
  while (i < bytes.length) {
    let value = 0;
    let n = 0;
    for (;;) {
      const byte = bytes[i++] ?? 0;
      n += 1;
      if (n === 9) {
        value = value * 256 + byte;
        break;
      }
      value = value * 128 + (byte & 0x7f);
      if ((byte & 0x80) === 0 || i >= bytes.length) break;
    }
    values.push(value);
  }
  return values;
};

/**
 * Text as FTS5's `unicode61 remove_diacritics 2` compares it: diacritics removed, lower case.
 * ASCII (most profiles) needs neither the decomposition nor the regular expression.
 */
// eslint-disable-next-line no-control-regex
const NON_ASCII = /[^\x00-\x7f]/;
const fold = (text: string) =>
  NON_ASCII.test(text)
    ? text
        .normalize('NFD')
        .replace(/\p{M}+/gu, '')
        .toLowerCase()
    : text.toLowerCase();

/** unicode61's token characters: letters, digits and private-use characters. */
const TOKEN_CHARACTER = /^[\p{L}\p{N}\p{Co}]$/u;
const isTokenCharacter = (code: number) =>
  code < 0x80
    ? (code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a)
    : TOKEN_CHARACTER.test(String.fromCodePoint(code));

/** The code point that ends just before `index` (a surrogate pair read whole). */
const codePointBefore = (text: string, index: number) => {
  const low = text.charCodeAt(index - 1);
  return low >= 0xdc00 && low <= 0xdfff && index >= 2 ? (text.codePointAt(index - 2) ?? low) : low;
};

/** Tokens of the folded text that start with the folded prefix (what FTS5's `"word"*` matches). */
const countPrefixed = (folded: string, prefix: string) => {
  let count = 0;
  for (let at = folded.indexOf(prefix); at !== -1; at = folded.indexOf(prefix, at + 1))
    if (at === 0 || !isTokenCharacter(codePointBefore(folded, at))) count += 1;
  return count;
};

export type Bm25Candidate = {
  documentId: string;
  /** The document's text per column, in the index's column order. */
  columns: string[];
  /** Its length in tokens per column (FTS5's `_docsize` record); null when not recorded. */
  sizes: Uint8Array | null;
};

export type Bm25Stats = {
  /** Rows of the index and tokens per column (FTS5's averages record, `_data` row 1). */
  averages: Uint8Array | null;
  /**
   * Per word: documents of the index holding it (a count that stopped at a cap underweighs it a
   * little). Not needed for one word: its weight is the same in every document.
   */
  documentCounts?: number[];
};

/**
 * bm25 of each candidate for `words` (FTS5 prefix terms, as the query matched them), higher
 * is better. `weights` per column, as `bm25(table, …weights)` takes them.
 */
export const bm25Scores = (
  words: string[],
  weights: number[],
  candidates: Bm25Candidate[],
  { averages, documentCounts }: Bm25Stats
): Array<{ documentId: string; score: number }> => {
  const [rows = 0, ...columnTotals] = averages ? readVarints(averages) : [];
  const totalTokens = columnTotals.reduce((sum, size) => sum + size, 0);
  const averageLength = rows > 0 && totalTokens > 0 ? totalTokens / rows : 1;
  const idf = words.map((_, i) => {
    const holding = documentCounts?.[i];
    if (holding === undefined) return 1;
    // As FTS5 does: a word in more than half the documents would weigh below zero.
    const value = Math.log((rows - holding + 0.5) / (holding + 0.5));
    return value > 0 ? value : 1e-6;
  });
  const prefixes = words.map(fold);
  return candidates.map(({ documentId, columns, sizes }) => {
    const frequency = words.map(() => 0);
    columns.forEach((text, column) => {
      const folded = fold(text);
      prefixes.forEach((prefix, i) => {
        frequency[i] += countPrefixed(folded, prefix) * (weights[column] ?? 1);
      });
    });
    const recorded = sizes
      ? readVarints(sizes).reduce((sum, size) => sum + size, 0)
      : columns.reduce((sum, text) => sum + (fold(text).match(/[\p{L}\p{N}\p{Co}]+/gu)?.length ?? 0), 0);
    const norm = K1 * (1 - B + (B * recorded) / averageLength);
    const score = frequency.reduce(
      (sum, f, i) => sum + (f > 0 ? (idf[i] * f * (K1 + 1)) / (f + norm) : 0),
      0
    );
    return { documentId, score };
  });
};
