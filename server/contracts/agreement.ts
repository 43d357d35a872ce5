import { z } from 'zod';
import { ZAnswerSchema, ZFindingSchema, ZSegmentAnswersSchema } from './annotation-doc/schema';

/**
 * A case's agreement, as the agreement job stores it (CaseAgreement.items / .consensus) and the
 * report procedures return it. Reader ids refer to users; who may see them is the caller's
 * business (leads and managers do, readers never get these).
 *
 * Per item, `agreement` ∈ [0, 1] is what the consensus policy compares with the project's
 * threshold (null with `reason` when the item cannot be scored on one case):
 * - single / ordinal question: the proportion of agreeing reader pairs;
 * - multi question: the mean pairwise Jaccard index of the chosen option sets;
 * - segmentation label: the mean pairwise Dice;
 * - box / point / measurement / contour label: the mean pairwise detection F1
 *   (2·matched / (found by a + found by b); two readers who found nothing agree).
 * Number and text answers are compared across cases (ICC) and not scored per case.
 */
const ZReaderId = z.string();
const Num = z.number();

export const ZQuestionItemSchema = z.object({
  kind: z.literal('question'),
  id: z.string(),
  name: z.string(),
  type: z.enum(['single', 'multi', 'ordinal', 'number', 'text']),
  answers: z.array(z.object({ readerId: ZReaderId, value: ZAnswerSchema.nullable() })),
  agreement: Num.nullable(),
  reason: z.string().nullable(),
  consensus: ZAnswerSchema.nullable(),
  /** Number questions: mean, SD, min and max of the answers. */
  spread: z.object({ mean: Num, sd: Num.nullable(), min: Num, max: Num }).nullable(),
});

export const ZPairOverlapSchema = z.object({
  a: ZReaderId,
  b: ZReaderId,
  dice: Num,
  jaccard: Num,
  hausdorff: Num.nullable(),
  hausdorff95: Num.nullable(),
  assd: Num.nullable(),
});

export const ZSegmentationItemSchema = z.object({
  kind: z.literal('segmentation'),
  id: z.string(),
  name: z.string(),
  seriesUid: z.string(),
  readers: z.array(z.object({ readerId: ZReaderId, voxels: Num, volumeMl: Num, sensitivity: Num.nullable(), specificity: Num.nullable() })),
  pairs: z.array(ZPairOverlapSchema),
  agreement: Num.nullable(),
  reason: z.string().nullable(),
  consensus: z.object({ method: z.enum(['majority', 'staple']), voxels: Num, volumeMl: Num }).nullable(),
});

export const ZObjectClusterSchema = z.object({
  members: z.array(z.object({ readerId: ZReaderId, findingKey: z.string() })),
  /** Mean IoU of the members' boxes with the fused box, or mean distance (mm) to the cluster centre. */
  fit: Num,
  values: z.array(z.object({ name: z.string(), unit: z.string(), byReader: z.array(z.object({ readerId: ZReaderId, value: Num })), mean: Num, min: Num, max: Num })),
  consensus: z.boolean(),
});

export const ZObjectItemSchema = z.object({
  kind: z.enum(['box', 'point', 'measurement', 'contour']),
  id: z.string(),
  name: z.string(),
  found: z.array(z.object({ readerId: ZReaderId, count: Num })),
  clusters: z.array(ZObjectClusterSchema),
  pairs: z.array(z.object({ a: ZReaderId, b: ZReaderId, f1: Num })),
  agreement: Num.nullable(),
  reason: z.string().nullable(),
});

export const ZAgreementItemSchema = z.union([ZQuestionItemSchema, ZSegmentationItemSchema, ZObjectItemSchema]);
export type TAgreementItem = z.infer<typeof ZAgreementItemSchema>;
export type TQuestionItem = z.infer<typeof ZQuestionItemSchema>;
export type TSegmentationItem = z.infer<typeof ZSegmentationItemSchema>;
export type TObjectItem = z.infer<typeof ZObjectItemSchema>;

/** The candidate consensus: answers and fused findings (masks are stored apart, as for reads). */
export const ZCandidateConsensusSchema = z.object({
  answers: z.record(z.string(), ZAnswerSchema),
  findings: z.array(ZFindingSchema),
  /** The modal answers to each consensus segment's questions (absent from agreements computed before segments had questions). */
  segments: z.array(ZSegmentAnswersSchema).default([]),
});
export type TCandidateConsensus = z.infer<typeof ZCandidateConsensusSchema>;

export const ZAgreementDecisionSchema = z.enum(['ACCEPTED', 'ADJUDICATE']);

export const ZCaseAgreementSchema = z.object({
  caseId: z.string(),
  caseLabel: z.string(),
  caseStatus: z.string(),
  engineVersion: z.string(),
  computedAt: z.date(),
  readers: z.array(z.object({ readerId: ZReaderId, name: z.string(), readId: z.string() })),
  score: Num.nullable(),
  decision: ZAgreementDecisionSchema,
  reason: z.string(),
  method: z.enum(['MAJORITY', 'STAPLE', 'LEAD_DECIDES']),
  threshold: Num.nullable(),
  items: z.array(ZAgreementItemSchema),
  consensus: ZCandidateConsensusSchema,
  masks: z.array(z.object({ labelId: z.string(), seriesUid: z.string(), method: z.string(), voxelCount: Num })),
});
export type TCaseAgreement = z.infer<typeof ZCaseAgreementSchema>;

/** A statistic of the project report: a value with its uncertainty, or null with the reason. */
export const ZStatSchema = z.object({
  value: Num.nullable(),
  se: Num.optional(),
  ci: z.tuple([Num, Num]).optional(),
  ciMethod: z.enum(['asymptotic', 'bootstrap']).optional(),
  reason: z.string().optional(),
});
export type TStat = z.infer<typeof ZStatSchema>;

const ZPairValueSchema = z.object({ a: ZReaderId, b: ZReaderId, value: Num.nullable(), cases: Num });
const ZDistributionSchema = z.object({ n: Num, mean: Num.nullable(), median: Num.nullable(), q1: Num.nullable(), q3: Num.nullable(), values: z.array(Num) });
export type TDistribution = z.infer<typeof ZDistributionSchema>;

export const ZQuestionReportSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.enum(['single', 'multi', 'ordinal', 'number', 'text']),
  cases: Num,
  /** Categorical: the kappa family and alpha; number: ICCs. Absent statistics are left out. */
  stats: z.array(z.object({ name: z.string(), stat: ZStatSchema })),
  /** Reader-pair heat map: Cohen's kappa (categorical) or the Bland–Altman bias (numbers). */
  pairs: z.array(ZPairValueSchema),
  /** Number questions: each reader pair's Bland–Altman analysis with its points (mean, difference). */
  blandAltman: z.array(z.object({ a: ZReaderId, b: ZReaderId, n: Num, bias: Num, lower: Num, upper: Num, points: z.array(z.tuple([Num, Num])) })),
});

export const ZLabelReportSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['segmentation', 'box', 'point', 'measurement', 'contour']),
  cases: Num,
  /** Segmentation: per-pair Dice over cases; objects: per-pair detection F1. */
  agreement: ZDistributionSchema,
  hausdorff95: ZDistributionSchema.nullable(),
  pairs: z.array(ZPairValueSchema),
  /** Measurement labels: ICC(1,1) of each measured value over the findings every reader matched. */
  measurements: z.array(z.object({ name: z.string(), unit: z.string(), findings: Num, icc: ZStatSchema })),
});

export const ZProjectReportSchema = z.object({
  engineVersion: z.string(),
  cases: z.object({ compared: Num, accepted: Num, adjudicate: Num, waiting: Num }),
  readers: z.array(z.object({ readerId: ZReaderId, name: z.string(), reads: Num, answerAgreement: Num.nullable(), dice: Num.nullable(), detectionF1: Num.nullable(), sensitivity: Num.nullable(), specificity: Num.nullable() })),
  questions: z.array(ZQuestionReportSchema),
  labels: z.array(ZLabelReportSchema),
  caseRows: z.array(z.object({ caseId: z.string(), label: z.string(), status: z.string(), score: Num.nullable(), decision: ZAgreementDecisionSchema, reason: z.string(), computedAt: z.date() })),
});
export type TProjectReport = z.infer<typeof ZProjectReportSchema>;

/** A case waiting for a lead: why, and which items its readers disagree on. */
export const ZQueueItemSchema = z.object({
  caseId: z.string(),
  label: z.string(),
  priority: Num,
  score: Num.nullable(),
  reason: z.string(),
  computedAt: z.date(),
  disputed: z.array(z.object({ id: z.string(), name: z.string(), kind: z.string(), agreement: Num.nullable() })),
});

export const ZAdjudicationQueueSchema = z.object({
  items: z.array(ZQueueItemSchema),
  total: Num,
  /** How many waiting cases each question/label is disputed on, for the filter. */
  byItem: z.array(z.object({ id: z.string(), name: z.string(), kind: z.string(), cases: Num })),
});
export type TAdjudicationQueue = z.infer<typeof ZAdjudicationQueueSchema>;

const ZItemKeySchema = z.string().regex(/^(question|label):[a-z][a-z0-9_-]{0,39}$/, 'An item is question:<id> or label:<id>');
const ZSourceSchema = z.union([z.literal('consensus'), z.string().regex(/^reader:[a-z0-9]{1,40}$/, 'A source is consensus or reader:<id>')]);

/** A lead's decision: for each item where the candidate consensus is not taken, whose version is. */
export const ZDecideInputSchema = z.object({
  caseId: z.string().min(1).max(40),
  choices: z.array(z.object({ item: ZItemKeySchema, source: ZSourceSchema })).max(500).default([]),
  reason: z.string().trim().max(2000).default(''),
});
export type TDecideInput = z.infer<typeof ZDecideInputSchema>;

export const ZDecisionSchema = z.object({
  id: z.string(),
  version: Num,
  decidedBy: z.string(),
  reason: z.string(),
  createdAt: z.date(),
  supersededAt: z.date().nullable(),
  score: Num.nullable(),
  sources: z.record(z.string(), z.string()),
  answers: z.record(z.string(), ZAnswerSchema),
  findings: Num,
  masks: z.array(z.object({ labelId: z.string(), seriesUid: z.string(), source: z.string(), voxelCount: Num })),
});
export type TDecision = z.infer<typeof ZDecisionSchema>;

/** What the adjudication view opens: the case's images, its consensus document, and each current read as submitted. */
export const ZConsensusViewSchema = z.object({
  caseId: z.string(),
  caseLabel: z.string(),
  caseStatus: z.string(),
  docName: z.string(),
  mode: z.enum(['rw', 'ro']),
  schemaVersion: Num,
  studyInstanceUid: z.string().nullable(),
  seriesInstanceUid: z.string().nullable(),
  /** The series and image the viewer opens on (server/domain/reading/opening.ts). */
  openSeriesUid: z.string().nullable(),
  openImage: z.object({ sopUid: z.string(), frame: z.number().int() }).nullable(),
  /**
   * Each read's annotation document (a Yjs update, base64) with its reader: for a blinded
   * project's invited reader, `readerId` is the reader's presence key and `name` an alias.
   */
  reads: z.array(z.object({ readId: z.string(), readerId: ZReaderId, name: z.string(), alias: z.string(), invited: z.boolean(), snapshot: z.string() })),
  /** Who the viewer is in the document's presence, and whether they must announce themselves without a name. */
  me: z.object({ key: z.string(), anonymous: z.boolean() }),
  /** Presence keys of the case's readers and how this viewer names them. */
  people: z.record(z.string(), z.string()),
  /** The viewer is a lead deciding the case: finalizes, resolves threads, invites the case's readers. */
  decides: z.boolean(),
  /** The case's agreement per item (statistics, matched findings with their spread), reader ids as in `reads`. */
  items: z.array(ZAgreementItemSchema),
});
export type TConsensusView = z.infer<typeof ZConsensusViewSchema>;

export const ZFinalizeInputSchema = z.object({ caseId: z.string().min(1).max(40), reason: z.string().trim().max(2000).default('') });

/** A comment thread is about one item of the consensus: a question, a label, or a finding of the consensus document. */
export const ZCommentItemSchema = z.string().regex(/^(question|label):[a-z][a-z0-9_-]{0,39}$|^finding:[A-Za-z0-9_-]{1,64}$/, 'A comment is on question:<id>, label:<id> or finding:<id>');
export const ZCommentInputSchema = z.object({ caseId: z.string().min(1).max(40), item: ZCommentItemSchema, body: z.string().trim().min(1, 'Write something').max(2000) });
export const ZCommentSchema = z.object({
  id: z.string(),
  item: z.string(),
  author: z.string(),
  mine: z.boolean(),
  body: z.string(),
  mentions: z.array(z.string()),
  createdAt: z.date(),
  resolvedAt: z.date().nullable(),
  resolvedBy: z.string().nullable(),
});
export type TComment = z.infer<typeof ZCommentSchema>;

export const ZInviteInputSchema = z.object({ caseId: z.string().min(1).max(40), readerId: z.string().min(1).max(40) });
export const ZInvitationSchema = z.object({ caseId: z.string(), projectId: z.string(), caseLabel: z.string(), projectName: z.string(), invitedAt: z.date() });
export type TInvitation = z.infer<typeof ZInvitationSchema>;
