import { z } from 'zod';

/**
 * The annotation document of one read: a Yjs document per assignment (`assignment:<id>`), and
 * the consensus document a lead edits (`consensus:<caseId>.<reads>`, one per set of reads). Its layout is versioned by FORMAT_VERSION (meta.format); older
 * documents are brought up to date by migrate.ts when opened.
 *
 * Root types:
 * - `meta`     Y.Map — format (number), labelSchemaVersion (number).
 * - `answers`  Y.Map — study-level question id → answer (last writer wins per question).
 * - `findings` Y.Map — finding id → Y.Map of the finding's fields; its `attributes` field is a
 *   nested Y.Map (per-finding question id → answer), so concurrent edits of different fields
 *   or attributes of one finding both survive. A finding lies on an acquired image (`image`) or,
 *   drawn on a reconstruction through no acquired image, on that plane (`plane`): an optional
 *   field added within format 1, as every earlier finding has an image.
 * - `strokes`  Y.Array — the segmentation as an append-only log of strokes (see Stroke).
 * - `segments` Y.Map — `<labelId>|<seriesUid>` → Y.Map of the answers to that segmentation
 *   label's per-finding questions for the segment painted in that series (one segment per label
 *   and series: a label's connected parts are not told apart).
 * - `assists`  Y.Array — the model proposals the reader accepted or rejected (see Assist);
 *   an accepted proposal is also a paint stroke naming the assist.
 *
 * Segmentation semantics: each stroke paints (sets to its label) or erases (sets to background,
 * only where that label is) a set of pixels of one frame, run-length encoded. A mask is the
 * replay of the log in array order. Yjs gives every replica the same array order, so
 * concurrent strokes converge to the same masks; a stroke costs bytes proportional to its
 * runs, not to the image.
 */
export const FORMAT_VERSION = 1;
/** `assignment:<id>` one reader's read; `case:<id>` the shared read of a collaborative project's case; `consensus:<case>.<reads>` its adjudication. */
export const DOC_PREFIX = { assignment: 'assignment:', shared: 'case:', consensus: 'consensus:' } as const;

/** Why the collaboration server closed a document's connection after refusing an edit (the client shows it). */
export const EDIT_REFUSED = 'This document is no longer open for your edits';

const Finite = z.number().finite();
export const ZPointSchema = z.tuple([Finite, Finite, Finite]);
export type TPoint = z.infer<typeof ZPointSchema>;

export const ZAnswerSchema = z.union([z.string().max(10_000), Finite, z.boolean(), z.array(z.string().max(200)).max(100)]);
export type TAnswer = z.infer<typeof ZAnswerSchema>;

export const FINDING_TOOLS = ['length', 'bidirectional', 'angle', 'rectangleRoi', 'ellipseRoi', 'freehand', 'spline', 'point', 'arrow', 'box'] as const;
export type TFindingTool = (typeof FINDING_TOOLS)[number];

/** The label kind (label schema) each finding tool produces; segmentation labels are painted, not drawn. */
export const TOOL_KIND: Record<TFindingTool, 'measurement' | 'box' | 'point' | 'contour'> = {
  length: 'measurement',
  bidirectional: 'measurement',
  angle: 'measurement',
  rectangleRoi: 'measurement',
  ellipseRoi: 'measurement',
  freehand: 'contour',
  spline: 'contour',
  point: 'point',
  arrow: 'point',
  box: 'box',
};

/** A measured value of a finding, with its unit (mm, mm², HU, deg). */
export const ZValueSchema = z.object({ name: z.string().max(40), value: Finite, unit: z.string().max(10) });

/** Which image a finding was drawn on: the SOP instance and (1-based) frame. */
export const ZImageRefSchema = z.object({ seriesUid: z.string().max(64), sopUid: z.string().max(64), frame: z.number().int().min(1) });
export type TImageRef = z.infer<typeof ZImageRefSchema>;

/**
 * The reconstructed plane (MPR) a finding was drawn on when no acquired image lies in it: the
 * series, and the plane's normal and up direction (unit vectors in patient space). Its depth is
 * the finding's points'.
 */
export const ZPlaneRefSchema = z.object({ seriesUid: z.string().max(64), normal: ZPointSchema, viewUp: ZPointSchema });
export type TPlaneRef = z.infer<typeof ZPlaneRefSchema>;

/** Only boxes stay on acquired images: a detection box belongs to an image (COCO, the models). */
export const PLANE_TOOLS: readonly TFindingTool[] = FINDING_TOOLS.filter((t) => t !== 'box');

export const ZFindingSchema = z.object({
  id: z.string().min(1).max(64),
  labelId: z.string().max(40).nullable(),
  tool: z.enum(FINDING_TOOLS),
  /** Where it was drawn: an acquired image, or else (`plane`) a reconstruction. Exactly one of the two. */
  image: ZImageRefSchema.optional(),
  plane: ZPlaneRefSchema.optional(),
  /** Handle positions in patient coordinates (mm), as the tool defines them; a contour's outline (a spline's sampled curve). */
  points: z.array(ZPointSchema).max(10_000),
  /** A spline contour's control points, which the reader edits; `points` is the curve through them. */
  controlPoints: z.array(ZPointSchema).max(1_000).optional(),
  values: z.array(ZValueSchema).max(20).default([]),
  text: z.string().max(1000).default(''),
  attributes: z.record(z.string().max(40), ZAnswerSchema).default({}),
  /** When it was first drawn (ms since 1970, the drawing browser's clock): findings are listed in drawing order. Findings drawn before this was kept have none and come first. */
  createdAt: z.number().int().nonnegative().optional(),
}).refine((f) => (f.image === undefined) !== (f.plane === undefined) && (!f.plane || PLANE_TOOLS.includes(f.tool)), { message: 'A finding lies on an image or, except a box, on a reconstructed plane' });
export type TFinding = z.infer<typeof ZFindingSchema>;

/** The series a finding was drawn in. */
export const seriesOfFinding = (f: Pick<TFinding, 'image' | 'plane'>) => (f.image ?? f.plane)!.seriesUid;

export const ZStrokeSchema = z.object({
  id: z.string().min(1).max(64),
  labelId: z.string().max(40),
  op: z.enum(['paint', 'erase']),
  image: ZImageRefSchema,
  rows: z.number().int().min(1).max(16_384),
  columns: z.number().int().min(1).max(16_384),
  /** Pairs (start, length) over the frame's row-major pixel index, ascending and disjoint. */
  runs: z.array(z.number().int().min(0)).max(2_000_000),
  /** The assist this stroke came from: a model proposal the reader accepted. */
  assistId: z.string().min(1).max(64).optional(),
});
export type TStroke = z.infer<typeof ZStrokeSchema>;

/**
 * A model proposal the reader decided on. `runs` is the proposal as it was offered (same
 * encoding as a stroke) — or `box` for a proposed box — so the final annotation can be
 * compared with it at submit.
 */
export const ZAssistSchema = z.object({
  id: z.string().min(1).max(64),
  model: z.string().min(1).max(100),
  version: z.string().min(1).max(40),
  /** What asked for it: a click, a box, propagation from a neighbouring slice (auto), pre-annotation when the image opened, or a classifier's answer to a question. */
  prompt: z.enum(['click', 'box', 'auto', 'preannotate', 'classify']),
  outcome: z.enum(['accepted', 'rejected']),
  labelId: z.string().max(40),
  image: ZImageRefSchema,
  rows: z.number().int().min(1).max(16_384),
  columns: z.number().int().min(1).max(16_384),
  runs: z.array(z.number().int().min(0)).max(2_000_000),
  /** A proposed box (detection models; `runs` then empty): its corners in patient coordinates as the box finding got them, and its pixel bounds. */
  box: z.object({ points: z.array(ZPointSchema).length(4), x0: z.number().int(), y0: z.number().int(), x1: z.number().int(), y1: z.number().int() }).optional(),
  /** A classifier's suggested answer (prompt "classify"; `labelId` and `runs` then empty): the reader took it or answered otherwise. */
  answer: z.object({ questionId: z.string().min(1).max(40), value: z.string().min(1).max(100) }).optional(),
  /** Milliseconds from the prompt to the proposal on screen. */
  latencyMs: z.number().min(0).max(3_600_000),
});
export type TAssist = z.infer<typeof ZAssistSchema>;

/** A segmentation label's answers for what it painted in one series. */
export const ZSegmentAnswersSchema = z.object({ labelId: z.string().max(40), seriesUid: z.string().max(64), attributes: z.record(z.string().max(40), ZAnswerSchema) });
export type TSegmentAnswers = z.infer<typeof ZSegmentAnswersSchema>;

/** A segment's key in the document's `segments` map. */
export const segmentKey = (s: { labelId: string; seriesUid: string }) => `${s.labelId}|${s.seriesUid}`;

/** The segment a `segments` key names (label ids have no '|'); null for a key segmentKey cannot have made. */
export function parseSegmentKey(key: string): { labelId: string; seriesUid: string } | null {
  const at = key.indexOf('|');
  return at < 1 ? null : { labelId: key.slice(0, at), seriesUid: key.slice(at + 1) };
}

/** The answers given for one segment (none yet: empty). */
export const segmentAnswers = (segments: TSegmentAnswers[], s: { labelId: string; seriesUid: string }): Record<string, TAnswer> =>
  segments.find((x) => x.labelId === s.labelId && x.seriesUid === s.seriesUid)?.attributes ?? {};

/** The plain view of a document, as submit materialises it. */
export interface TAnnotationDoc {
  format: number;
  labelSchemaVersion: number | null;
  answers: Record<string, TAnswer>;
  findings: TFinding[];
  strokes: TStroke[];
  assists: TAssist[];
  segments: TSegmentAnswers[];
}
