/**
 * Precision@k and nDCG@k of one ranked answer against graded labels (2 = what was asked,
 * 1 = related, absent = not relevant).
 *
 * Precision counts a record relevant at grade ≥ 1 and divides by min(k, number of relevant
 * records), so a query with one right answer scores 1 when that answer is in the top k (plain
 * P@k would cap it at 1/k and hide the difference between methods on name and rare-value
 * queries). nDCG uses the gain 2^grade − 1 and the ideal order of the labels.
 */
export const precisionAt = (ranked: string[], relevant: Record<string, number>, k: number) => {
  const total = Object.keys(relevant).length;
  if (total === 0) return 0;
  const hits = ranked.slice(0, k).filter((name) => (relevant[name] ?? 0) > 0).length;
  return hits / Math.min(k, total);
};

const dcg = (grades: number[]) =>
  grades.reduce((sum, grade, i) => sum + (2 ** grade - 1) / Math.log2(i + 2), 0);

export const ndcgAt = (ranked: string[], relevant: Record<string, number>, k: number) => {
  const ideal = dcg(
    Object.values(relevant)
      .sort((a, b) => b - a)
      .slice(0, k)
  );
  if (ideal === 0) return 0;
  return dcg(ranked.slice(0, k).map((name) => relevant[name] ?? 0)) / ideal;
};

export const mean = (values: number[]) =>
  values.length === 0 ? NaN : values.reduce((sum, value) => sum + value, 0) / values.length;
