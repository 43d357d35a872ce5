import { decodeRuns, frameKey, rasterize } from '../../contracts/annotation-doc/runs';
import type { TAssist, TStroke } from '../../contracts/annotation-doc/schema';
import { dice } from '../../contracts/model/pipeline';

/**
 * How each model proposal of a read ended: for accepted and rejected proposals alike, the Dice
 * between the proposal and the reader's final mask of the proposal's label on the same image
 * (1 = kept as proposed; an accepted proposal below 1 was edited afterwards; a rejected one
 * above 0 overlaps what the reader drew instead).
 */
export function assistOutcomes(assists: TAssist[], strokes: TStroke[], labelIds: string[]) {
  const frames = rasterize(strokes, labelIds);
  return assists.map((a) => {
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
