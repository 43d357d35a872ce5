import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { categoricalReport, ratingMatrix, seededRandom, type Stat } from '../stats';
import type { Command } from './commands';
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

export const agreement: Command = {
  usage: 'agreement <ratings.csv> [--kind nominal|ordinal|interval] [--seed N] [--bootstrap N] [--json]',
  summary: 'inter-reader agreement of categorical ratings (CSV columns case_id,reader_id,label; a missing rating is an absent row)',
  async run(args, out) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { kind: { type: 'string' }, json: { type: 'boolean' }, seed: { type: 'string' }, bootstrap: { type: 'string' } },
      strict: true,
    });
    const file = positionals[0];
    if (!file) throw new UsageError('agreement needs a ratings CSV file');
    const kind = values.kind as 'nominal' | 'ordinal' | 'interval' | undefined;
    if (kind && !['nominal', 'ordinal', 'interval'].includes(kind)) throw new UsageError('--kind must be nominal, ordinal or interval');
    if (!fs.existsSync(file)) throw new CsvError(`${file}: no such file`);
    const { rows, header } = readTable(fs.readFileSync(file, 'utf8'), ['case_id', 'reader_id']);
    if (!header.includes('label')) {
      throw new CsvError(header.includes('value') ? 'line 1: a "value" column (continuous measurements: ICC, Bland–Altman) is not supported yet; rate with a "label" column' : 'line 1: missing column "label"');
    }
    rows.forEach((r, i) => {
      for (const col of ['case_id', 'reader_id', 'label']) if (!r[col]) throw new CsvError(`line ${i + 2}, column ${col}: empty`);
    });
    const { matrix, readerIds } = ratingMatrix(rows.map((r) => ({ caseId: r.case_id!, readerId: r.reader_id!, label: r.label! })));
    const report = categoricalReport(matrix, { kind, random: seededRandom(Number(values.seed ?? 1)), resamples: Number(values.bootstrap ?? 1000) });
    const named = { ...report, readerIds, pairwise: report.pairwise.map((p) => ({ ...p, a: readerIds[p.a], b: readerIds[p.b] })) };
    out(values.json ? JSON.stringify(named, null, 2) : readable(report, readerIds));
  },
};
