/**
 * Categorical ratings as a dense case × reader matrix of category indices (-1 = missing),
 * with the categories' numeric values for weighted and ordinal/interval statistics.
 */
export interface RatingMatrix {
  nCases: number;
  nReaders: number;
  /** Case-major: data[c * nReaders + r] is a category index, or -1 where reader r did not rate case c. */
  data: Int32Array;
  /** Category labels, in order (numeric order when every label is a number). */
  categories: string[];
  /** Numeric value of each category (NaN when the labels are not numbers). */
  values: Float64Array;
}

/** Builds a matrix from (case, reader, label) triples; duplicates of a (case, reader) pair throw. */
export function ratingMatrix(rows: readonly { caseId: string; readerId: string; label: string }[]): { matrix: RatingMatrix; caseIds: string[]; readerIds: string[] } {
  const caseIds = [...new Set(rows.map((r) => r.caseId))];
  const readerIds = [...new Set(rows.map((r) => r.readerId))];
  const labels = [...new Set(rows.map((r) => r.label))];
  const numeric = labels.length > 0 && labels.every((l) => l.trim() !== '' && Number.isFinite(Number(l)));
  const categories = numeric ? labels.sort((a, b) => Number(a) - Number(b)) : labels.sort();
  const catIndex = new Map(categories.map((c, i) => [c, i]));
  const caseIndex = new Map(caseIds.map((c, i) => [c, i]));
  const readerIndex = new Map(readerIds.map((r, i) => [r, i]));
  const data = new Int32Array(caseIds.length * readerIds.length).fill(-1);
  for (const row of rows) {
    const at = caseIndex.get(row.caseId)! * readerIds.length + readerIndex.get(row.readerId)!;
    if (data[at] !== -1) throw new RangeError(`reader "${row.readerId}" rated case "${row.caseId}" twice`);
    data[at] = catIndex.get(row.label)!;
  }
  const values = Float64Array.from(categories, (c) => (numeric ? Number(c) : NaN));
  return { matrix: { nCases: caseIds.length, nReaders: readerIds.length, data, categories, values }, caseIds, readerIds };
}

/** A matrix restricted to some cases (in the given order, repeats allowed: bootstrap resamples). */
export function selectCases(m: RatingMatrix, cases: ArrayLike<number>): RatingMatrix {
  const data = new Int32Array(cases.length * m.nReaders);
  for (let i = 0; i < cases.length; i++) data.set(m.data.subarray(cases[i]! * m.nReaders, (cases[i]! + 1) * m.nReaders), i * m.nReaders);
  return { ...m, nCases: cases.length, data };
}

/** Per-case counts of each category: counts[c * k + j] = how many readers put case c in category j. */
export function categoryCounts(m: RatingMatrix): { counts: Float64Array; raters: Float64Array } {
  const k = m.categories.length;
  const counts = new Float64Array(m.nCases * k);
  const raters = new Float64Array(m.nCases);
  for (let c = 0; c < m.nCases; c++) {
    for (let r = 0; r < m.nReaders; r++) {
      const v = m.data[c * m.nReaders + r]!;
      if (v < 0) continue;
      counts[c * k + v]! += 1;
      raters[c]! += 1;
    }
  }
  return { counts, raters };
}
