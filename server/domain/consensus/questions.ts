import type { TAnswer } from '../../contracts/annotation-doc/schema';
import type { TQuestionItem } from '../../contracts/agreement';
import type { TQuestion } from '../../contracts/label-schema';

type Answered = { readerId: string; value: TAnswer | null };
const blank = (v: TAnswer | null) => v === null || v === '' || (Array.isArray(v) && v.length === 0);

/** Proportion of agreeing pairs among n answers: Σ n_j(n_j − 1) / n(n − 1). */
export function pairwiseProportion(values: string[]): number | null {
  const n = values.length;
  if (n < 2) return null;
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let agree = 0;
  for (const c of counts.values()) agree += c * (c - 1);
  return agree / (n * (n - 1));
}

/** The unique most frequent value, or null on a tie. */
function mode(values: string[]): string | null {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  if (!sorted.length || (sorted.length > 1 && sorted[0]![1] === sorted[1]![1])) return null;
  return sorted[0]![0];
}

function jaccard(a: Set<string>, b: Set<string>) {
  if (!a.size && !b.size) return 1;
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

/**
 * One study-level question (or per-finding attribute) across a case's reads: each reader's
 * answer, the per-case agreement and the candidate consensus answer (mode for single/ordinal,
 * options chosen by a strict majority for multi, the mean for numbers; a tie leaves it open).
 */
export function compareAnswers(q: TQuestion, answers: Answered[]): TQuestionItem {
  const given = answers.filter((a) => !blank(a.value));
  const base = { kind: 'question' as const, id: q.id, name: q.text, type: q.type, answers, spread: null };
  const tooFew = given.length < 2 ? `${given.length} reader${given.length === 1 ? '' : 's'} answered: nothing to compare` : null;
  switch (q.type) {
    case 'single':
    case 'ordinal': {
      const values = given.map((a) => String(a.value));
      const consensus = mode(values);
      return { ...base, agreement: pairwiseProportion(values), reason: tooFew ?? (consensus === null ? 'tie: no answer has a majority' : null), consensus };
    }
    case 'multi': {
      const sets = given.map((a) => new Set(a.value as string[]));
      let sum = 0, pairs = 0;
      for (let i = 0; i < sets.length; i++) {
        for (let j = i + 1; j < sets.length; j++) {
          sum += jaccard(sets[i]!, sets[j]!);
          pairs++;
        }
      }
      const options = q.options.map((o) => o.id).filter((id) => sets.filter((s) => s.has(id)).length * 2 > sets.length);
      return { ...base, agreement: pairs ? sum / pairs : null, reason: tooFew, consensus: given.length ? options : null };
    }
    case 'number': {
      const xs = given.map((a) => a.value as number);
      if (!xs.length) return { ...base, agreement: null, reason: 'nobody answered', consensus: null };
      const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
      const sd = xs.length > 1 ? Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1)) : null;
      return { ...base, agreement: null, reason: 'numbers are compared across cases (ICC, Bland–Altman)', consensus: mean, spread: { mean, sd, min: Math.min(...xs), max: Math.max(...xs) } };
    }
    case 'text':
      return { ...base, agreement: null, reason: 'free text is not scored', consensus: null };
  }
}
