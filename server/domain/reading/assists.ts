import { decodeRuns, frameKey, rasterize } from '../../contracts/annotation-doc/runs';
import type { TAnswer, TAssist, TFinding, TStroke } from '../../contracts/annotation-doc/schema';
import { dice } from '../../contracts/model/pipeline';

/**
 * How each model proposal of a read ended: for accepted and rejected proposals alike, the Dice
 * between the proposal and the reader's final mask of the proposal's label on the same image
 * (1 = kept as proposed; an accepted proposal below 1 was edited afterwards; a rejected one
 * above 0 overlaps what the reader drew instead).
 */
export function assistOutcomes(assists: TAssist[], strokes: TStroke[], labelIds: string[], findings: TFinding[] = [], answers: Record<string, TAnswer> = {}) {
  const frames = rasterize(strokes, labelIds);
  return assists.map((a) => {
    if (a.box) return boxOutcome(a, a.box, findings);
    // A suggested answer: 1 when the submitted answer is the suggestion, else 0.
    if (a.answer) return { ...about(a), proposalPixels: 0, finalPixels: 0, dice: answers[a.answer.questionId] === a.answer.value ? 1 : 0 };
    const n = a.rows * a.columns;
    const proposal = decodeRuns(a.runs, n);
    const frame = frames.get(frameKey(a));
    const li = labelIds.indexOf(a.labelId) + 1;
    const final = new Uint8Array(n);
    if (frame && li && frame.data.length === n) for (let i = 0; i < n; i++) final[i] = frame.data[i] === li ? 1 : 0;
    const count = (m: Uint8Array) => m.reduce((s, v) => s + v, 0);
    return {
      model: a.model,
      version: a.version,
      prompt: a.prompt,
      outcome: a.outcome,
      labelId: a.labelId,
      proposalPixels: count(proposal),
      finalPixels: count(final),
      dice: dice(proposal, final),
      latencyMs: a.latencyMs,
    };
  });
}

type Pt = readonly number[];
const sub = (a: Pt, b: Pt) => a.map((v, i) => v - b[i]!);
const dot = (a: Pt, b: Pt) => a.reduce((s, v, i) => s + v * b[i]!, 0);

/**
 * Dice of two rectangles on the same image plane, given by their corners in patient
 * coordinates (box findings: top-left, top-right, bottom-left, bottom-right): both are
 * projected on the first one's edge directions, where they are intervals.
 */
export function rectangleDice(a: readonly Pt[], b: readonly Pt[]): number {
  const [u, v] = [sub(a[1]!, a[0]!), sub(a[2]!, a[0]!)].map((d) => {
    const n = Math.hypot(...d);
    return n ? d.map((x) => x / n) : d;
  });
  const span = (ps: readonly Pt[], axis: Pt) => {
    const t = ps.map((p) => dot(p, axis));
    return [Math.min(...t), Math.max(...t)] as const;
  };
  const [au, av, bu, bv] = [span(a, u!), span(a, v!), span(b, u!), span(b, v!)];
  const overlap = (p: readonly [number, number], q: readonly [number, number]) => Math.max(0, Math.min(p[1], q[1]) - Math.max(p[0], q[0]));
  const area = (p: readonly [number, number], q: readonly [number, number]) => (p[1] - p[0]) * (q[1] - q[0]);
  const total = area(au, av) + area(bu, bv);
  return total > 0 ? (2 * overlap(au, bu) * overlap(av, bv)) / total : 0;
}

/** A proposed box against the reader's final boxes of its label on its image: the best-matching one. */
function boxOutcome(a: TAssist, box: NonNullable<TAssist['box']>, findings: TFinding[]) {
  const mine = findings.filter((f) => f.tool === 'box' && f.image && f.labelId === a.labelId && f.points.length === 4 && frameKey({ image: f.image }) === frameKey(a));
  let best: TFinding | null = null, score = 0;
  for (const f of mine) {
    const d = rectangleDice(box.points, f.points);
    if (d > score || !best) [best, score] = [f, d];
  }
  const proposalPixels = (box.x1 - box.x0 + 1) * (box.y1 - box.y0 + 1);
  const planeArea = (ps: readonly Pt[]) => Math.hypot(...sub(ps[1]!, ps[0]!)) * Math.hypot(...sub(ps[2]!, ps[0]!));
  const finalPixels = best && planeArea(box.points) > 0 ? Math.round((proposalPixels * planeArea(best.points)) / planeArea(box.points)) : 0;
  return { ...about(a), proposalPixels, finalPixels, dice: best ? score : 0 };
}

const about = (a: TAssist) => ({ model: a.model, version: a.version, prompt: a.prompt, outcome: a.outcome, labelId: a.labelId, latencyMs: a.latencyMs });
