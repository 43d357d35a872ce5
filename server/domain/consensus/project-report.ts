import type { TAgreementItem, TDistribution, TObjectItem, TProjectReport, TQuestionItem, TSegmentationItem, TStat } from '../../contracts/agreement';
import type { TLabelSchema, TQuestion } from '../../contracts/label-schema';
import { blandAltman, categoricalReport, icc, krippendorffAlpha, ratingMatrix, seededRandom, type Estimate } from '../../stats';

export interface AgreementRow {
  caseId: string;
  label: string;
  status: string;
  score: number | null;
  decision: 'ACCEPTED' | 'ADJUDICATE';
  reason: string;
  computedAt: Date;
  readerIds: string[];
  items: TAgreementItem[];
}

/** Bootstrap intervals are seeded so the same data always gives the same report. */
const SEED = 20_261_123;
const RESAMPLES = 1000;

/**
 * The project report from the stored case agreements: per question the kappa family, alpha or
 * ICC over cases (with intervals), per label the distribution of pairwise Dice (and HD95) or
 * detection F1, per reader their agreement with the others and STAPLE sensitivity/specificity,
 * and reader-pair heat maps. Pure: the caller loads the rows.
 */
export function buildProjectReport(schema: TLabelSchema, rows: AgreementRow[], names: Map<string, string>, waiting: number, engineVersion: string): TProjectReport {
  const items = (id: string, kind: string) => rows.flatMap((r) => r.items.filter((i) => i.id === id && i.kind === kind).map((i) => ({ caseId: r.caseId, item: i })));
  const questions = schema.questions
    .filter((q) => q.type !== 'text')
    .map((q) => questionReport(q, items(q.id, 'question') as { caseId: string; item: TQuestionItem }[]));
  const labels = schema.labels.flatMap((l) => {
    const found = items(l.id, l.kind);
    if (!found.length) return [];
    return [l.kind === 'segmentation' ? segmentationReport(l, found.map((f) => f.item as TSegmentationItem)) : objectReport(l, found.map((f) => f.item as TObjectItem))];
  });
  return {
    engineVersion,
    cases: {
      compared: rows.length,
      accepted: rows.filter((r) => r.decision === 'ACCEPTED').length,
      adjudicate: rows.filter((r) => r.decision === 'ADJUDICATE').length,
      waiting,
    },
    readers: readerSummary(rows, names),
    questions,
    labels,
    // Disagreements first (lowest score first), then by label.
    caseRows: rows
      .map(({ caseId, label, status, score, decision, reason, computedAt }) => ({ caseId, label, status, score, decision, reason, computedAt }))
      .sort((a, b) => (a.decision === b.decision ? 0 : a.decision === 'ADJUDICATE' ? -1 : 1) || (a.score ?? -1) - (b.score ?? -1) || a.label.localeCompare(b.label)),
  };
}

const stat = (s: { value: number | null; se?: number; ci?: [number, number]; ciMethod?: 'asymptotic' | 'bootstrap'; reason?: string }): TStat => {
  const out: TStat = { value: s.value };
  if (s.se !== undefined) out.se = s.se;
  if (s.ci) out.ci = s.ci;
  if (s.ciMethod) out.ciMethod = s.ciMethod;
  if (s.reason) out.reason = s.reason;
  return out;
};

function questionReport(q: TQuestion, found: { caseId: string; item: TQuestionItem }[]): TProjectReport['questions'][number] {
  const base = { id: q.id, name: q.text, type: q.type, cases: found.length, stats: [] as { name: string; stat: TStat }[], pairs: [] as TProjectReport['questions'][number]['pairs'], blandAltman: [] as TProjectReport['questions'][number]['blandAltman'] };
  const given = found.flatMap(({ caseId, item }) => item.answers.filter((a) => a.value !== null && a.value !== '' && !(Array.isArray(a.value) && !a.value.length)).map((a) => ({ caseId, readerId: a.readerId, value: a.value! })));
  if (!given.length) return base;
  base.cases = new Set(given.map((g) => g.caseId)).size;
  if (q.type === 'single' || q.type === 'ordinal') {
    // Ordinal levels enter as their numeric values, so weighted kappa and ordinal/interval alpha apply.
    const levelValue = q.type === 'ordinal' ? new Map(q.options.map((o) => [o.id, String(o.value)])) : null;
    const { matrix, readerIds } = ratingMatrix(given.map((g) => ({ caseId: g.caseId, readerId: g.readerId, label: levelValue?.get(String(g.value)) ?? String(g.value) })));
    const r = categoricalReport(matrix, { random: seededRandom(SEED), resamples: RESAMPLES, ...(q.type === 'single' ? { kind: 'nominal' as const } : {}) });
    const pa = r.percentAgreement;
    base.stats.push({ name: 'Observed agreement (mean pairwise)', stat: 'meanPairwise' in pa ? stat({ value: pa.meanPairwise }) : stat(pa) });
    if (matrix.nReaders === 2) base.stats.push({ name: 'Cohen’s κ', stat: stat(r.cohenKappa) });
    if (!('value' in r.weightedKappa) && matrix.nReaders === 2) {
      base.stats.push({ name: 'Weighted κ (linear)', stat: stat(r.weightedKappa.linear) }, { name: 'Weighted κ (quadratic)', stat: stat(r.weightedKappa.quadratic) });
    }
    base.stats.push({ name: 'Fleiss’ κ', stat: stat(r.fleissKappa) });
    for (const [level, s] of Object.entries(r.krippendorffAlpha)) base.stats.push({ name: `Krippendorff’s α (${level})`, stat: stat(s) });
    base.stats.push({ name: 'Light’s κ (mean pairwise)', stat: stat(r.lightKappa) });
    base.pairs = r.pairwise.map((p) => ({ a: readerIds[p.a]!, b: readerIds[p.b]!, value: p.cohenKappa.value, cases: p.cases }));
    return base;
  }
  if (q.type === 'multi') {
    // Each option is a yes/no rating of the cases its readers answered.
    for (const o of q.options) {
      const { matrix } = ratingMatrix(given.map((g) => ({ caseId: g.caseId, readerId: g.readerId, label: (g.value as string[]).includes(o.id) ? 'yes' : 'no' })));
      const a = krippendorffAlpha(matrix, { level: 'nominal' });
      base.stats.push({ name: `Krippendorff’s α (“${o.label}” chosen)`, stat: a.ok ? stat({ value: a.value }) : stat({ value: null, reason: a.reason }) });
    }
    return base;
  }
  return { ...base, ...numberReport(found) };
}

/**
 * ICC over the cases with the most answers: all six forms when the same readers measured every
 * such case; only the one-way forms ICC(1,·) when readers vary across cases (then the columns
 * are the first, second, … answer of each case). Bland–Altman for every reader pair.
 */
function numberReport(found: { caseId: string; item: TQuestionItem }[]) {
  const stats: { name: string; stat: TStat }[] = [];
  const rowsOf = found.map(({ caseId, item }) => ({ caseId, answers: item.answers.filter((a) => typeof a.value === 'number') as { readerId: string; value: number }[] }));
  const k = Math.max(...rowsOf.map((r) => r.answers.length));
  const complete = rowsOf.filter((r) => r.answers.length === k);
  const readerSets = new Set(complete.map((r) => r.answers.map((a) => a.readerId).sort().join()));
  const fixed = readerSets.size === 1;
  const values: number[] = [];
  for (const r of complete) {
    const ordered = fixed ? [...r.answers].sort((a, b) => a.readerId.localeCompare(b.readerId)) : r.answers;
    values.push(...ordered.map((a) => a.value));
  }
  const result = k >= 2 ? icc(values, complete.length, k) : null;
  if (!result) stats.push({ name: 'ICC', stat: stat({ value: null, reason: 'fewer than two readers answered any case' }) });
  else if (!result.ok) stats.push({ name: 'ICC', stat: stat({ value: null, reason: result.reason }) });
  else {
    const forms: [string, Estimate][] = [['ICC(1,1)', result.value.icc1_1], ['ICC(1,k)', result.value.icc1_k]];
    if (fixed) forms.push(['ICC(2,1)', result.value.icc2_1], ['ICC(3,1)', result.value.icc3_1], ['ICC(2,k)', result.value.icc2_k], ['ICC(3,k)', result.value.icc3_k]);
    for (const [name, e] of forms) stats.push({ name, stat: stat(e) });
  }
  const readers = [...new Set(rowsOf.flatMap((r) => r.answers.map((a) => a.readerId)))].sort();
  const pairs: TProjectReport['questions'][number]['pairs'] = [];
  const ba: TProjectReport['questions'][number]['blandAltman'] = [];
  for (let i = 0; i < readers.length; i++) for (let j = i + 1; j < readers.length; j++) {
    const [a, b] = [readers[i]!, readers[j]!];
    const both = rowsOf.flatMap((r) => {
      const x = r.answers.find((v) => v.readerId === a);
      const y = r.answers.find((v) => v.readerId === b);
      return x && y ? [[x.value, y.value] as const] : [];
    });
    if (!both.length) continue;
    const res = blandAltman(both.map((p) => p[0]), both.map((p) => p[1]));
    pairs.push({ a, b, value: res.ok ? res.value.bias.value : null, cases: both.length });
    if (res.ok) ba.push({ a, b, n: res.value.n, bias: res.value.bias.value, lower: res.value.lower.value, upper: res.value.upper.value, points: both.map(([x, y]) => [(x + y) / 2, x - y] as [number, number]) });
  }
  return { stats, pairs, blandAltman: ba };
}

/** n, mean, median and quartiles (linear interpolation between order statistics). */
export function distribution(values: number[]): TDistribution {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const q = (p: number) => {
    if (!n) return null;
    const h = (n - 1) * p;
    const lo = Math.floor(h);
    return sorted[lo]! + (h - lo) * ((sorted[Math.min(lo + 1, n - 1)] ?? sorted[lo]!) - sorted[lo]!);
  };
  return { n, mean: n ? sorted.reduce((s, x) => s + x, 0) / n : null, median: q(0.5), q1: q(0.25), q3: q(0.75), values: sorted };
}

function pairMeans(pairs: { a: string; b: string; value: number }[]) {
  const acc = new Map<string, { a: string; b: string; sum: number; cases: number }>();
  for (const p of pairs) {
    const [a, b] = p.a < p.b ? [p.a, p.b] : [p.b, p.a];
    const e = acc.get(`${a} ${b}`) ?? acc.set(`${a} ${b}`, { a, b, sum: 0, cases: 0 }).get(`${a} ${b}`)!;
    e.sum += p.value;
    e.cases++;
  }
  return [...acc.values()].map((e) => ({ a: e.a, b: e.b, value: e.sum / e.cases, cases: e.cases }));
}

function segmentationReport(l: TLabelSchema['labels'][number], found: TSegmentationItem[]): TProjectReport['labels'][number] {
  const pairs = found.flatMap((i) => i.pairs);
  return {
    id: l.id,
    name: l.name,
    kind: 'segmentation',
    cases: found.length,
    agreement: distribution(pairs.map((p) => p.dice)),
    hausdorff95: distribution(pairs.flatMap((p) => (p.hausdorff95 === null ? [] : [p.hausdorff95]))),
    pairs: pairMeans(pairs.map((p) => ({ a: p.a, b: p.b, value: p.dice }))),
    measurements: [],
  };
}

function objectReport(l: TLabelSchema['labels'][number], found: TObjectItem[]): TProjectReport['labels'][number] {
  const pairs = found.flatMap((i) => i.pairs);
  return {
    id: l.id,
    name: l.name,
    kind: l.kind,
    cases: found.length,
    agreement: distribution(pairs.map((p) => p.f1)),
    hausdorff95: null,
    pairs: pairMeans(pairs.map((p) => ({ a: p.a, b: p.b, value: p.f1 }))),
    measurements: l.kind === 'measurement' ? measurementIccs(found) : [],
  };
}

/**
 * ICC(1,1) (one-way random: the readers of a finding vary across cases) of each measured value,
 * over the matched findings that every reader of their case measured, with the most common
 * number of readers.
 */
function measurementIccs(found: TObjectItem[]) {
  const byValue = new Map<string, { name: string; unit: string; rows: number[][] }>();
  for (const item of found) {
    for (const c of item.clusters) {
      if (c.members.length !== item.found.length) continue;
      for (const v of c.values) {
        if (v.byReader.length !== c.members.length) continue;
        const key = `${v.name}\u0000${v.unit}`;
        (byValue.get(key) ?? byValue.set(key, { name: v.name, unit: v.unit, rows: [] }).get(key)!).rows.push(v.byReader.map((x) => x.value));
      }
    }
  }
  return [...byValue.values()].map(({ name, unit, rows }) => {
    const counts = new Map<number, number>();
    for (const r of rows) counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
    const k = [...counts.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]![0];
    const same = rows.filter((r) => r.length === k);
    const r = k >= 2 ? icc(same.flat(), same.length, k) : null;
    const stat: TStat = r?.ok ? { value: r.value.icc1_1.value, ci: r.value.icc1_1.ci, ciMethod: 'asymptotic' } : { value: null, reason: r ? r.reason : 'one reader per finding: nothing to compare' };
    return { name, unit, findings: same.length, icc: stat };
  });
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null);

/** Per reader: reads compared, share of other readers giving the same answer, mean Dice and F1 with the others, mean STAPLE figures. */
function readerSummary(rows: AgreementRow[], names: Map<string, string>): TProjectReport['readers'] {
  const ids = [...new Set(rows.flatMap((r) => r.readerIds))];
  return ids
    .map((id) => {
      const mine = rows.filter((r) => r.readerIds.includes(id));
      const agreeing: number[] = [];
      const dice: number[] = [];
      const f1: number[] = [];
      const sens: number[] = [];
      const spec: number[] = [];
      for (const r of mine) for (const item of r.items) {
        if (item.kind === 'question' && (item.type === 'single' || item.type === 'ordinal')) {
          const own = item.answers.find((a) => a.readerId === id)?.value;
          const others = item.answers.filter((a) => a.readerId !== id && a.value !== null && a.value !== '');
          if (own !== undefined && own !== null && own !== '' && others.length) agreeing.push(others.filter((a) => a.value === own).length / others.length);
        } else if (item.kind === 'segmentation') {
          dice.push(...item.pairs.filter((p) => p.a === id || p.b === id).map((p) => p.dice));
          const me = item.readers.find((x) => x.readerId === id);
          if (me?.sensitivity != null) sens.push(me.sensitivity);
          if (me?.specificity != null) spec.push(me.specificity);
        } else if (item.kind !== 'question') {
          f1.push(...item.pairs.filter((p) => p.a === id || p.b === id).map((p) => p.f1));
        }
      }
      return { readerId: id, name: names.get(id) ?? 'Former member', reads: mine.length, answerAgreement: mean(agreeing), dice: mean(dice), detectionF1: mean(f1), sensitivity: mean(sens), specificity: mean(spec) };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}
