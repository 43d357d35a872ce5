import { describe, expect, it } from 'vitest';
import type { TAssist, TFinding } from '../../contracts/annotation-doc/schema';
import { assistOutcomes, rectangleDice } from './assists';

// Corners as box findings store them: top-left, top-right, bottom-left, bottom-right.
const rect = (x0: number, y0: number, x1: number, y1: number, z = 0): [number, number, number][] => [[x0, y0, z], [x1, y0, z], [x0, y1, z], [x1, y1, z]];
const image = { seriesUid: '1', sopUid: '1.1', frame: 1 };

describe('model assists of boxes', () => {
  it('Dice of two rectangles on one plane, also when the plane is oblique', () => {
    expect(rectangleDice(rect(0, 0, 10, 10), rect(0, 0, 10, 10))).toBeCloseTo(1, 12);
    expect(rectangleDice(rect(0, 0, 10, 10), rect(5, 0, 15, 10))).toBeCloseTo((2 * 50) / 200, 12);
    expect(rectangleDice(rect(0, 0, 10, 10), rect(20, 20, 30, 30))).toBe(0);
    // The same two rectangles rotated 30° about the y axis: the same Dice.
    const [c, s] = [Math.cos(Math.PI / 6), Math.sin(Math.PI / 6)];
    const turn = (ps: [number, number, number][]) => ps.map(([x, y, z]) => [c * x + s * z, y, -s * x + c * z] as [number, number, number]);
    expect(rectangleDice(turn(rect(0, 0, 10, 10)), turn(rect(5, 0, 15, 10)))).toBeCloseTo(0.5, 12);
  });

  it('compares a proposed box with the best-matching final box of its label on its image', () => {
    const assist = (outcome: TAssist['outcome']): TAssist => ({ id: outcome, model: 'm', version: '1', prompt: 'preannotate', outcome, labelId: 'mass', image, rows: 100, columns: 100, runs: [], box: { points: rect(0, 0, 10, 10), x0: 0, y0: 0, x1: 9, y1: 9 }, latencyMs: 12 });
    const finding = (id: string, points: [number, number, number][], over: Partial<TFinding> = {}): TFinding => ({ id, labelId: 'mass', tool: 'box', image, points, values: [], text: '', attributes: {}, ...over });
    const findings = [
      finding('moved', rect(5, 0, 15, 10)),
      finding('far', rect(50, 50, 60, 60)),
      finding('other label', rect(0, 0, 10, 10), { labelId: 'x' }),
      finding('other image', rect(0, 0, 10, 10), { image: { ...image, sopUid: '1.2' } }),
    ];
    const [accepted, rejected] = assistOutcomes([assist('accepted'), assist('rejected')], [], [], findings);
    expect(accepted).toMatchObject({ outcome: 'accepted', prompt: 'preannotate', proposalPixels: 100, finalPixels: 100, latencyMs: 12 });
    expect(accepted!.dice).toBeCloseTo(0.5, 12);
    expect(rejected!.dice).toBeCloseTo(0.5, 12);
    expect(assistOutcomes([assist('accepted')], [], [], [])[0]).toMatchObject({ dice: 0, finalPixels: 0 });
  });
});

describe('model assists of suggested answers', () => {
  it('counts a suggestion as kept when the submitted answer is the suggested one', () => {
    const suggested = (id: string, outcome: TAssist['outcome'], questionId: string): TAssist => ({ id, model: 'c', version: '1', prompt: 'classify', outcome, labelId: '', image, rows: 10, columns: 10, runs: [], answer: { questionId, value: 'yes' }, latencyMs: 3 });
    const out = assistOutcomes([suggested('a', 'accepted', 'q1'), suggested('b', 'accepted', 'q2'), suggested('c', 'rejected', 'q3')], [], [], [], { q1: 'yes', q2: 'no', q3: 'no' });
    expect(out.map((o) => [o.prompt, o.outcome, o.dice])).toEqual([
      ['classify', 'accepted', 1],
      ['classify', 'accepted', 0], // taken, then changed before submitting: "edited"
      ['classify', 'rejected', 0],
    ]);
  });
});
