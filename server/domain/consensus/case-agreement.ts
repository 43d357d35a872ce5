import type { TAgreementItem, TCandidateConsensus } from '../../contracts/agreement';
import type { TAnswer } from '../../contracts/annotation-doc/schema';
import type { TLabelSchema, TQuestion } from '../../contracts/label-schema';
import { compareObjects, type FindingRow, type PlaneOf } from './objects';
import { compareAnswers } from './questions';
import { compareMasks, type ConsensusMaskOut, type MaskRow } from './segmentations';

export interface ReadInput {
  readId: string;
  readerId: string;
  answers: Record<string, TAnswer>;
  findings: FindingRow[];
  masks: MaskRow[];
}

export interface Policy {
  method: 'MAJORITY' | 'STAPLE' | 'LEAD_DECIDES';
  threshold: number | null;
  /** A collaborative project: the readers made one read together, and it stands unless a lead decides every case. */
  collaborative?: boolean;
}

export interface CaseAgreementResult {
  items: TAgreementItem[];
  consensus: TCandidateConsensus;
  masks: ConsensusMaskOut[];
  score: number | null;
  decision: 'ACCEPTED' | 'ADJUDICATE';
  reason: string;
}

/**
 * A case's agreement and candidate consensus from its submitted reads, and the project's
 * consensus policy applied to it: the case score is the lowest agreement of its scored items;
 * the consensus is accepted when the score reaches the project's threshold, nothing is tied,
 * and the policy is not "lead decides". Otherwise the case goes to a lead. A collaborative
 * project's shared read is accepted as it is (there are no independent reads to compare).
 */
export function caseAgreement(schema: TLabelSchema, reads: ReadInput[], policy: Policy, planeOf: PlaneOf): CaseAgreementResult {
  const items: TAgreementItem[] = [];
  const consensus: TCandidateConsensus = { answers: {}, findings: [], segments: [] };
  const masks: ConsensusMaskOut[] = [];
  for (const q of schema.questions) {
    const item = compareAnswers(q, reads.map((r) => ({ readerId: r.readerId, value: r.answers[q.id] ?? null })));
    items.push(item);
    if (item.consensus !== null) consensus.answers[q.id] = item.consensus;
  }
  for (const label of schema.labels) {
    if (label.kind === 'segmentation') {
      const seg = compareMasks(label, reads, policy.method === 'STAPLE' ? 'staple' : 'majority');
      items.push(...seg.items);
      masks.push(...seg.masks);
      for (const m of seg.masks) {
        const attributes = segmentConsensus(label.attributes, reads.map((r) => ({ readerId: r.readerId, given: r.masks.find((x) => x.labelId === m.labelId && x.seriesUid === m.seriesUid)?.attributes })));
        if (Object.keys(attributes).length) consensus.segments.push({ labelId: m.labelId, seriesUid: m.seriesUid, attributes });
      }
    } else if (reads.some((r) => r.findings.some((f) => f.labelId === label.id))) {
      const obj = compareObjects(label, reads, planeOf);
      items.push(obj.item);
      consensus.findings.push(...obj.consensus);
    }
  }
  const scored = items.filter((i) => i.agreement !== null);
  const lowest = scored.reduce<(typeof scored)[number] | null>((low, i) => (low === null || i.agreement! < low.agreement! ? i : low), null);
  const score = lowest ? lowest.agreement : null;
  const tie = items.find((i) => i.kind === 'question' && i.reason?.startsWith('tie'));
  const decide = (decision: CaseAgreementResult['decision'], reason: string) => ({ items, consensus, masks, score, decision, reason });

  if (policy.method === 'LEAD_DECIDES') return decide('ADJUDICATE', 'The project’s policy: a lead decides every case');
  if (policy.collaborative && reads.length === 1) return decide('ACCEPTED', 'Collaborative project: the readers’ shared read is the consensus');
  if (policy.threshold === null) return decide('ADJUDICATE', 'The project sets no auto-accept threshold');
  if (reads.length === 1) return decide('ACCEPTED', 'One read: it is the consensus');
  if (tie) return decide('ADJUDICATE', `Tie on “${tie.name}”`);
  if (!lowest) return decide('ADJUDICATE', 'Nothing on this case can be scored');
  const figure = `${lowest.agreement!.toFixed(2)} on “${lowest.name}”`;
  return lowest.agreement! >= policy.threshold
    ? decide('ACCEPTED', `Lowest agreement ${figure} reaches the threshold ${policy.threshold}`)
    : decide('ADJUDICATE', `Agreement ${figure} is below the threshold ${policy.threshold}`);
}

/**
 * A consensus segment's answers: per question of its label, the consensus the same question gets
 * at study level (compareAnswers: the majority for choices, each option most readers ticked, the
 * mean of numbers; free text and ties are left to the lead).
 */
function segmentConsensus(questions: TQuestion[], reads: { readerId: string; given: Record<string, TAnswer> | undefined }[]): Record<string, TAnswer> {
  const out: Record<string, TAnswer> = {};
  for (const q of questions) {
    const answers = reads.map((r) => ({ readerId: r.readerId, value: r.given?.[q.id] ?? null }));
    const { consensus } = compareAnswers(q, answers);
    if (consensus !== null) out[q.id] = consensus;
  }
  return out;
}
