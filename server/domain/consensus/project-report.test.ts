import { describe, expect, it } from 'vitest';
import type { TLabelSchema } from '../../contracts/label-schema';
import { caseAgreement } from './case-agreement';
import { buildProjectReport, distribution } from './project-report';

const SCHEMA: TLabelSchema = { questions: [], labels: [{ id: 'len', name: 'Long axis', color: '#ffff00', kind: 'measurement', attributes: [] }] };

/** ICC(1,1) from the one-way ANOVA (Shrout & Fleiss 1979), written out. */
function icc11(rows: number[][]) {
  const n = rows.length;
  const k = rows[0]!.length;
  const grand = rows.flat().reduce((s, x) => s + x, 0) / (n * k);
  const means = rows.map((r) => r.reduce((s, x) => s + x, 0) / k);
  const bms = (k * means.reduce((s, m) => s + (m - grand) ** 2, 0)) / (n - 1);
  const wms = rows.reduce((s, r, i) => s + r.reduce((t, x) => t + (x - means[i]!) ** 2, 0), 0) / (n * (k - 1));
  return (bms - wms) / (bms + (k - 1) * wms);
}

describe('[AGREEMENT] project report from stored case agreements', () => {
  it('measurement labels: ICC(1,1) of the lengths of findings every reader matched, as the one-way ANOVA gives it', () => {
    const lengths = [[12, 14, 19], [30, 31, 29], [8, 8, 9], [21, 25, 22]];
    const rows = lengths.map((byReader, c) => {
      const reads = byReader.map((value, r) => ({
        readId: `r${r}`,
        readerId: `reader${r}`,
        answers: {},
        masks: [],
        findings: [{ findingKey: `f${r}`, labelId: 'len', tool: 'length', seriesUid: 's', sopUid: 'i', frame: 1, points: [[0, 0, 0], [value, 0, 0]], values: [{ name: 'length', value, unit: 'mm' }], text: '', attributes: {} }],
      }));
      const a = caseAgreement(SCHEMA, reads, { method: 'MAJORITY', threshold: 0.5 }, () => null);
      return { caseId: `c${c}`, label: `c${c}`, status: 'DONE', score: a.score, decision: a.decision, reason: a.reason, computedAt: new Date(0), readerIds: reads.map((r) => r.readerId), items: a.items };
    });
    const report = buildProjectReport(SCHEMA, rows, new Map(), 0, '1');
    const label = report.labels[0]!;
    expect(label.measurements).toHaveLength(1);
    expect(label.measurements[0]).toMatchObject({ name: 'length', unit: 'mm', findings: 4 });
    expect(label.measurements[0]!.icc.value).toBeCloseTo(icc11(lengths), 9);
    expect(label.agreement).toMatchObject({ n: 12, median: 1 });
  });

  it('distribution: quartiles by linear interpolation between order statistics', () => {
    expect(distribution([4, 1, 3, 2])).toEqual({ n: 4, mean: 2.5, median: 2.5, q1: 1.75, q3: 3.25, values: [1, 2, 3, 4] });
    expect(distribution([])).toEqual({ n: 0, mean: null, median: null, q1: null, q3: null, values: [] });
  });
});
