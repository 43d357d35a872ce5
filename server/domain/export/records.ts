import { ZAgreementItemSchema } from '../../contracts/agreement';
import { seriesOfFinding, type TAnswer, type TFinding } from '../../contracts/annotation-doc/schema';
import type { TLabelSchema } from '../../contracts/label-schema';
import { csvTable } from '../../contracts/csv';
import { consensusText } from '../consensus/reports';
import type { CaseContent, LabelSet } from './case-content';

/** Readers appear in a snapshot as codes (R1, R2, … in order of first appearance), never by name. */
export class ReaderCodes {
  private readonly codes = new Map<string, string>();
  readonly reads = new Map<string, number>();

  of(readerId: string) {
    let code = this.codes.get(readerId);
    if (!code) this.codes.set(readerId, (code = `R${this.codes.size + 1}`));
    return code;
  }

  count(readerId: string) {
    const code = this.of(readerId);
    this.reads.set(code, (this.reads.get(code) ?? 0) + 1);
  }

  /** A JSON value with every reader id (and "reader:<id>" source) replaced by its code. */
  pseudonymise<T>(value: T): T {
    return JSON.parse(
      JSON.stringify(value, (_k, v: unknown) => {
        if (typeof v !== 'string') return v;
        if (this.codes.has(v)) return this.codes.get(v);
        if (v.startsWith('reader:') && this.codes.has(v.slice(7))) return `reader:${this.codes.get(v.slice(7))}`;
        return v;
      }),
    ) as T;
  }
}

type Cell = string | number | boolean | null;

const answerText = (v: TAnswer | undefined) => (v === undefined ? null : Array.isArray(v) ? v.join(';') : v);

/** The snapshot's tables, filled case by case and written at the end (rows, not voxels: small). */
export class Tables {
  private readonly cases: Cell[][] = [];
  private readonly answers: Cell[][] = [];
  private readonly findings: Cell[][] = [];
  private readonly segments: Cell[][] = [];
  private readonly agreement: Cell[][] = [];
  private readonly adjudication: Cell[][] = [];
  private readonly findingsJson: object[] = [];

  constructor(private readonly schema: TLabelSchema) {}

  addCase(c: { id: string; label: string; status: string; folder: string }, content: CaseContent, sets: LabelSet[], codes: ReaderCodes, decidedBy: string | null) {
    const a = content.agreement;
    this.cases.push([c.label, c.id, c.status, content.kind, content.decision?.version ?? null, content.reads.length, a?.score ?? null, c.folder]);
    for (const set of sets) {
      for (const q of this.schema.questions) {
        const v = set.answers[q.id];
        if (v !== undefined) this.answers.push([c.label, set.source, q.id, q.text, answerText(v)]);
      }
      for (const f of set.findings) this.addFinding(c.label, set.source, f);
      for (const m of set.masks) {
        const label = this.schema.labels.find((l) => l.id === m.labelId);
        const ml = (m.voxelCount * m.spacing[0]! * m.spacing[1]! * m.spacing[2]!) / 1000;
        this.segments.push([c.label, set.source, m.labelId, label?.name ?? null, m.seriesUid, m.voxelCount, Number(ml.toFixed(4)), JSON.stringify(m.attributes)]);
      }
    }
    for (const item of a ? ZAgreementItemSchema.array().parse(a.items) : []) {
      this.agreement.push([c.label, item.kind, item.id, item.name, item.kind === 'segmentation' ? item.seriesUid : '', item.agreement, consensusText(item), item.reason]);
    }
    if (a || content.decision) {
      const d = content.decision;
      this.adjudication.push([
        c.label,
        content.reads.map((r) => codes.of(r.readerId)).join(';'),
        a?.score ?? null,
        a?.decision ?? null,
        a?.reason ?? null,
        d?.version ?? null,
        decidedBy,
        d?.createdAt.toISOString() ?? null,
        d?.reason ?? null,
        d ? Object.entries(codes.pseudonymise(d.sources as Record<string, string>)).map(([k, v]) => `${k}=${v}`).join(';') : null,
      ]);
    }
  }

  private addFinding(caseLabel: string, source: string, f: TFinding) {
    const label = this.schema.labels.find((l) => l.id === f.labelId);
    this.findingsJson.push({ case: caseLabel, source, finding: f.id, label: f.labelId, labelName: label?.name ?? null, tool: f.tool, ...(f.image ? { image: f.image } : { plane: f.plane }), pointsLpsMm: f.points, measurements: f.values, text: f.text, attributes: f.attributes });
    const base = [caseLabel, source, f.id, f.labelId, label?.name ?? null, f.tool, seriesOfFinding(f), f.image?.sopUid ?? null, f.image?.frame ?? null];
    const tail = [f.text, JSON.stringify(f.points), JSON.stringify(f.attributes), f.plane ? JSON.stringify(f.plane.normal) : null];
    if (!f.values.length) this.findings.push([...base, null, null, null, ...tail]);
    for (const v of f.values) this.findings.push([...base, v.name, v.value, v.unit, ...tail]);
  }

  files(): [string, string][] {
    return [
      ['tables/cases.csv', csvTable(['case', 'case_id', 'status', 'consensus', 'decision_version', 'reads', 'agreement', 'folder'], this.cases)],
      ['tables/answers.csv', csvTable(['case', 'source', 'question_id', 'question', 'value'], this.answers)],
      ['tables/findings.csv', csvTable(['case', 'source', 'finding', 'label_id', 'label', 'tool', 'series_uid', 'sop_instance_uid', 'frame', 'measure', 'value', 'unit', 'text', 'points_lps_mm', 'attributes', 'plane_normal'], this.findings)],
      ['tables/segments.csv', csvTable(['case', 'source', 'label_id', 'label', 'series_uid', 'voxels', 'volume_ml', 'attributes'], this.segments)],
      ['tables/agreement.csv', csvTable(['case', 'item_kind', 'item_id', 'item', 'series_uid', 'agreement', 'consensus', 'note'], this.agreement)],
      [
        'tables/findings.json',
        JSON.stringify(
          {
            description: 'Every finding (consensus and reads): label, tool, the image it was drawn on (or, drawn on a reconstruction, its plane: series, normal and up direction), handle points in patient coordinates (DICOM LPS, mm), measured values with units, free text and per-finding answers.',
            findings: this.findingsJson,
          },
          null,
          1,
        ),
      ],
      ['tables/adjudication.csv', csvTable(['case', 'readers', 'agreement', 'policy_decision', 'policy_reason', 'decision_version', 'decided_by', 'decided_at', 'decision_reason', 'sources'], this.adjudication)],
    ];
  }
}

/** A case's adjudication record: each read, the disagreement figures, the final decision, who, when and why. */
export function adjudicationRecord(c: { id: string; label: string; status: string }, content: CaseContent, codes: ReaderCodes, decidedBy: string | null) {
  const a = content.agreement;
  const d = content.decision;
  return codes.pseudonymise({
    case: c,
    consensus: content.kind,
    reads: content.reads.map((r) => ({ reader: codes.of(r.readerId), readId: r.id, revision: r.revision, schemaVersion: r.schemaVersion, submittedAt: r.submittedAt.toISOString() })),
    agreement: a ? { score: a.score, decision: a.decision, reason: a.reason, method: a.method, threshold: a.threshold, computedAt: a.computedAt.toISOString(), items: a.items } : null,
    decision: d ? { version: d.version, decidedBy, decidedAt: d.createdAt.toISOString(), reason: d.reason, score: d.score, engineVersion: d.engineVersion, sources: d.sources, figures: d.figures } : null,
  });
}
