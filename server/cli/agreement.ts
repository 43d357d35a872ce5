import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { categoricalReport, continuousReport, ratingMatrix, seededRandom, type Stat } from '../stats';
import type { Command } from './commands';
import { segAgreement } from './agreement-seg';
import { CsvError, readTable } from './csv';
import { table, UsageError } from './output';

type Report = ReturnType<typeof categoricalReport>;
const fmt = (x: number) => x.toFixed(3);

function row(name: string, s: Stat | undefined) {
  if (!s) return null;
  if (s.value === null) return { statistic: name, value: '—', ci: '', note: 'reason' in s ? s.reason : '' };
  return { statistic: name, value: fmt(s.value), ci: s.ci ? `[${fmt(s.ci[0])}, ${fmt(s.ci[1])}]` : '', note: s.ciMethod ?? '' };
}

function readable(r: Report, readers: string[]): string {
  const pa = r.percentAgreement;
  const rows = [
    'overall' in pa ? { statistic: 'agreement, all readers', value: fmt(pa.overall), ci: '', note: `${pa.cases} cases with ≥ 2 ratings` } : row('agreement', pa),
    'meanPairwise' in pa ? { statistic: 'agreement, mean pairwise', value: fmt(pa.meanPairwise), ci: '', note: '' } : null,
    row("Cohen's kappa", r.cohenKappa),
    ...('linear' in r.weightedKappa ? [row("weighted kappa (linear)", r.weightedKappa.linear), row('weighted kappa (quadratic)', r.weightedKappa.quadratic)] : []),
    row("Fleiss' kappa", r.fleissKappa),
    ...Object.entries(r.krippendorffAlpha).map(([level, s]) => row(`Krippendorff's alpha (${level})`, s)),
    row("Light's kappa (mean pairwise)", r.lightKappa),
  ].filter((x): x is NonNullable<typeof x> => x !== null);
  const pairs = r.pairwise.map((p) => ({ a: readers[p.a], b: readers[p.b], cases: p.cases, kappa: p.cohenKappa.value === null ? '—' : fmt(p.cohenKappa.value) }));
  return [
    `${r.cases} cases, ${r.readers} readers, categories: ${r.categories.join(', ')}`,
    '',
    table(rows, ['statistic', 'value', 'ci', 'note']),
    '',
    'Pairwise Cohen kappa:',
    table(pairs, ['a', 'b', 'cases', 'kappa']),
  ].join('\n');
}

/** ICC and Bland–Altman for a case_id,reader_id,value table. */
function measurements(rows: Record<string, string>[], json: boolean): string {
  const caseIds = [...new Set(rows.map((r) => r.case_id!))];
  const readerIds = [...new Set(rows.map((r) => r.reader_id!))];
  const ci = new Map(caseIds.map((c, i) => [c, i]));
  const ri = new Map(readerIds.map((r, i) => [r, i]));
  const values = new Float64Array(caseIds.length * readerIds.length).fill(NaN);
  rows.forEach((r, i) => {
    const v = Number(r.value);
    if (r.value === '' || !Number.isFinite(v)) throw new CsvError(`line ${i + 2}, column value: "${r.value}" is not a number`);
    const at = ci.get(r.case_id!)! * readerIds.length + ri.get(r.reader_id!)!;
    if (!Number.isNaN(values[at]!)) throw new RangeError(`reader "${r.reader_id}" measured case "${r.case_id}" twice`);
    values[at] = v;
  });
  const report = continuousReport(values, caseIds.length, readerIds.length);
  const named = { ...report, readerIds, pairwise: report.pairwise.map((p) => ({ ...p, a: readerIds[p.a], b: readerIds[p.b] })) };
  if (json) return JSON.stringify(named, null, 2);
  const i = report.icc;
  const iccRows = 'icc1_1' in i
    ? (['icc1_1', 'icc2_1', 'icc3_1', 'icc1_k', 'icc2_k', 'icc3_k'] as const).map((key) => ({ statistic: key.replace('icc', 'ICC(').replace('_', ',') + ')', value: fmt(i[key].value), ci: `[${fmt(i[key].ci![0])}, ${fmt(i[key].ci![1])}]` }))
    : [{ statistic: 'ICC', value: '—', ci: i.reason }];
  const ba = named.pairwise.map((p) => ('bias' in p.blandAltman
    ? { a: p.a, b: p.b, n: p.blandAltman.n, bias: fmt(p.blandAltman.bias.value), sd: fmt(p.blandAltman.sd), limits: `[${fmt(p.blandAltman.lower.value)}, ${fmt(p.blandAltman.upper.value)}]` }
    : { a: p.a, b: p.b, n: 0, bias: '—', sd: '', limits: p.blandAltman.reason }));
  return [`${report.cases} cases, ${report.readers} readers; ICC over ${i.cases} cases measured by every reader`, '', table(iccRows, ['statistic', 'value', 'ci']), '', 'Bland–Altman (a − b):', table(ba, ['a', 'b', 'n', 'bias', 'sd', 'limits'])].join('\n');
}

export const agreement: Command = {
  usage: 'agreement <ratings.csv> [--kind nominal|ordinal|interval] [--seed N] [--bootstrap N] [--json]\n  agreement --seg <mask1.nii.gz> <mask2.nii.gz> ... [--readers r1,r2,...] [--out <dir>] [--json]',
  summary: 'inter-reader agreement: a ratings CSV (case_id,reader_id and label, or value for measurements: ICC, Bland–Altman; a missing rating is an absent row), or binary NIfTI masks (--seg: Dice, HD, HD95, ASSD, STAPLE and majority-vote consensus written to --out)',
  async run(args, out) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { kind: { type: 'string' }, json: { type: 'boolean' }, seed: { type: 'string' }, bootstrap: { type: 'string' }, seg: { type: 'boolean' }, readers: { type: 'string' }, out: { type: 'string' } },
      strict: true,
    });
    if (values.seg) return out(segAgreement(positionals, { readers: values.readers, out: values.out, json: values.json }));
    const file = positionals[0];
    if (!file) throw new UsageError('agreement needs a ratings CSV file');
    const kind = values.kind as 'nominal' | 'ordinal' | 'interval' | undefined;
    if (kind && !['nominal', 'ordinal', 'interval'].includes(kind)) throw new UsageError('--kind must be nominal, ordinal or interval');
    if (!fs.existsSync(file)) throw new CsvError(`${file}: no such file`);
    const { rows, header } = readTable(fs.readFileSync(file, 'utf8'), ['case_id', 'reader_id']);
    if (header.includes('value') && !header.includes('label')) {
      if (kind) throw new UsageError('--kind applies to categorical labels; a value column gets ICC and Bland–Altman');
      return out(measurements(rows, Boolean(values.json)));
    }
    if (!header.includes('label')) throw new CsvError('line 1: missing column "label" (or "value" for measurements)');
    rows.forEach((r, i) => {
      for (const col of ['case_id', 'reader_id', 'label']) if (!r[col]) throw new CsvError(`line ${i + 2}, column ${col}: empty`);
    });
    const { matrix, readerIds } = ratingMatrix(rows.map((r) => ({ caseId: r.case_id!, readerId: r.reader_id!, label: r.label! })));
    const report = categoricalReport(matrix, { kind, random: seededRandom(Number(values.seed ?? 1)), resamples: Number(values.bootstrap ?? 1000) });
    const named = { ...report, readerIds, pairwise: report.pairwise.map((p) => ({ ...p, a: readerIds[p.a], b: readerIds[p.b] })) };
    out(values.json ? JSON.stringify(named, null, 2) : readable(report, readerIds));
  },
};
