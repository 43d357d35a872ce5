import type { RatingMatrix } from '../core/ratings';
import type { Estimate, Result } from '../core/result';
import { bootstrapCi } from './bootstrap';
import { cohenKappa, contingencyTable, type KappaWeighting } from './cohen-kappa';
import { fleissKappa } from './fleiss-kappa';
import { krippendorffAlpha, type AlphaLevel } from './krippendorff-alpha';
import { lightKappa, pairwiseKappas, readerColumn } from './pairwise';
import { percentAgreement } from './percent-agreement';

export type Undefined = { value: null; reason: string };
export type Stat = Estimate | Undefined;

export interface CategoricalReportOptions {
  /** Restrict to one measurement level; by default every level the data allows (numeric labels → ordinal and interval too). */
  kind?: AlphaLevel;
  random: () => number;
  resamples?: number;
}

const undefinedStat = (reason: string): Undefined => ({ value: null, reason });
const fromResult = (r: Result<number>, ci?: [number, number] | null): Stat => (r.ok ? { value: r.value, ...(ci ? { ci, ciMethod: 'bootstrap' as const } : {}) } : undefinedStat(r.reason));

/** Every categorical agreement statistic that applies to the ratings, with intervals. */
export function categoricalReport(m: RatingMatrix, options: CategoricalReportOptions) {
  const numeric = !m.values.some((v) => Number.isNaN(v));
  const levels: AlphaLevel[] = options.kind ? [options.kind] : numeric ? ['nominal', 'ordinal', 'interval'] : ['nominal'];
  if (!numeric && levels.some((l) => l !== 'nominal')) throw new RangeError(`--kind ${options.kind} needs numeric labels`);
  const boot = (stat: (x: RatingMatrix) => Result<number>) => bootstrapCi(m, stat, { random: options.random, resamples: options.resamples });
  const k = m.categories.length;

  const percent = percentAgreement(m);
  const pairs = pairwiseKappas(m);
  const light = lightKappa(pairs);
  const fleiss = fleissKappa(m);
  const alpha = Object.fromEntries(levels.map((level) => {
    const stat = (x: RatingMatrix) => krippendorffAlpha(x, { level });
    const r = stat(m);
    return [level, fromResult(r, r.ok ? boot(stat) : null)];
  }));

  const twoReaders = m.nReaders === 2;
  const table = twoReaders ? contingencyTable(readerColumn(m, 0), readerColumn(m, 1), k) : null;
  const kappaFor = (weighting: KappaWeighting): Stat => {
    if (!table) return undefinedStat(`Cohen's kappa compares exactly two readers (there are ${m.nReaders}); see pairwise and lightKappa`);
    const r = cohenKappa(table, k, { weighting });
    return r.ok ? r.value : undefinedStat(r.reason);
  };
  const ordered = numeric && options.kind !== 'nominal';

  return {
    cases: m.nCases,
    readers: m.nReaders,
    categories: m.categories,
    percentAgreement: percent.ok ? percent.value : undefinedStat(percent.reason),
    cohenKappa: kappaFor('none'),
    weightedKappa: ordered
      ? { linear: kappaFor('linear'), quadratic: kappaFor('quadratic') }
      : undefinedStat('weighted kappa needs ordered (numeric) labels'),
    fleissKappa: fleiss.ok
      ? { value: fleiss.value.value, se0: fleiss.value.se0, z: fleiss.value.z, perCategory: fleiss.value.perCategory, ...ciOf(boot((x) => mapResult(fleissKappa(x), (f) => f.value))) }
      : undefinedStat(fleiss.reason),
    krippendorffAlpha: alpha,
    lightKappa: light === null ? undefinedStat('no reader pair has a defined kappa') : { value: light, ...ciOf(boot((x) => { const l = lightKappa(pairwiseKappas(x)); return l === null ? { ok: false, reason: 'undefined' } : { ok: true, value: l }; })) },
    pairwise: pairs.map((p) => ({ a: p.a, b: p.b, cases: p.cases, cohenKappa: p.kappa ?? undefinedStat(p.reason ?? 'undefined') })),
    confusionMatrix: table ? Array.from({ length: k }, (_, i) => Array.from(table.subarray(i * k, (i + 1) * k))) : null,
  };
}

function ciOf(ci: [number, number] | null) {
  return ci ? { ci, ciMethod: 'bootstrap' as const } : {};
}

function mapResult<T, U>(r: Result<T>, f: (t: T) => U): Result<U> {
  return r.ok ? { ok: true, value: f(r.value) } : r;
}
