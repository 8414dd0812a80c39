/**
 * FTS5's `bm25()` (sqlite/ext/fts5/fts5_aux.c: k1 = 1.2, b = 0.75, per-column weights, the
 * document's length in tokens against the index's average), computed here over the candidates
 * only. FTS5's own function first counts, for every phrase, each document of the index that holds
 * it, by walking the word's whole posting list: for a word in 40,000 of 100,000 member profiles
 * that walk cost ten times the search itself (1.4 ms CPU against 0.13 ms), while only the first
 * few hundred matches are ranked. Here the counts stop at DOCUMENT_COUNT_CAP, and a query of one
 * word needs none (its weight is the same for every document: it cannot change the order).
 * Below the cap the scores are bm25's; above it a very common word weighs as if it were in
 * DOCUMENT_COUNT_CAP documents — still far less than a rare one.
 */

const K1 = 1.2;
const B = 0.75;

/** Documents counted per word, at most: the cost of weighing a word stays bounded. */
export const DOCUMENT_COUNT_CAP = 1000;

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
 * Tokens as FTS5's `unicode61 remove_diacritics 2` makes them: letters, digits and private-use
 * characters, diacritics removed, lower case. Used for the words' occurrences only; the lengths
 * come from FTS5's own records.
 */
const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
const tokensOf = (text: string) => fold(text).match(/[\p{L}\p{N}\p{Co}]+/gu) ?? [];

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
  /** Per word: documents holding it, counted up to DOCUMENT_COUNT_CAP; omitted for one word. */
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
    let counted = 0;
    columns.forEach((text, column) => {
      for (const token of tokensOf(text)) {
        counted += 1;
        prefixes.forEach((prefix, i) => {
          if (token.startsWith(prefix)) frequency[i] += weights[column] ?? 1;
        });
      }
    });
    const recorded = sizes ? readVarints(sizes).reduce((sum, size) => sum + size, 0) : counted;
    const norm = K1 * (1 - B + (B * recorded) / averageLength);
    const score = frequency.reduce(
      (sum, f, i) => sum + (f > 0 ? (idf[i] * f * (K1 + 1)) / (f + norm) : 0),
      0
    );
    return { documentId, score };
  });
};
