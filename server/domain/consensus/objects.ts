import type { TObjectItem } from '../../contracts/agreement';
import type { TFinding, TPoint } from '../../contracts/annotation-doc/schema';
import type { TLabel } from '../../contracts/label-schema';
import { findingOf, type StoredFinding } from '../reading/finding-row';
import { boxConsensus, iou, pointConsensus, type Box, type Cluster } from '../../stats';
import { cross, dot } from '../../contracts/vec3';

export interface FindingRow extends StoredFinding {
  points: number[][];
  values: { name: string; value: number; unit: string }[];
  attributes: Record<string, unknown>;
}

/** Row and column directions of an image (DICOM Image Orientation), to put boxes in the image plane. */
export type PlaneOf = (sopUid: string) => { row: number[]; col: number[] } | null;

/** Boxes join a cluster at IoU ≥ 0.5; other findings when their centres lie within 10 mm. */
export const BOX_IOU = 0.5;
export const CENTRE_DISTANCE_MM = 10;

const centre = (pts: number[][]) => [0, 1, 2].map((k) => pts.reduce((s, p) => s + p[k]!, 0) / pts.length);

interface Placed { reader: number; f: FindingRow }

/**
 * One box/point/measurement/contour label across a case's reads. Findings are matched across
 * readers (boxes by IoU in their image's plane, on the same image; the others by the distance
 * of their centres in patient space, whether drawn on an image or on a reconstructed plane),
 * one per reader per cluster, by the Hungarian clustering of server/stats. A cluster found by a
 * strict majority of readers is a consensus finding: the fused box, the mean point, or — for
 * measurements and contours — the member nearest the cluster centre with every measured value
 * averaged.
 */
export function compareObjects(label: TLabel, reads: { readerId: string; findings: FindingRow[] }[], planeOf: PlaneOf): { item: TObjectItem; consensus: TFinding[] } {
  const R = reads.length;
  const byReader = reads.map((r) => r.findings.filter((f) => f.labelId === label.id && f.points.length > 0));
  const clusters: { members: Placed[]; fit: number; fused: TFinding | null }[] = [];
  const need = Math.floor(R / 2) + 1;

  if (label.kind === 'box') {
    // A box lies on an image (the document's schema keeps boxes off reconstructed planes).
    const images = new Set(byReader.flat().map((f) => `${f.sopUid}/${f.frame}`));
    for (const image of images) {
      const onImage = byReader.map((fs) => fs.filter((f) => `${f.sopUid}/${f.frame}` === image));
      const plane = planeOf(onImage.flat()[0]!.sopUid!) ?? { row: [1, 0, 0], col: [0, 1, 0] };
      const normal = cross(plane.row, plane.col);
      const toBox = (f: FindingRow): Box => {
        const xs = f.points.map((p) => dot(p, plane.row));
        const ys = f.points.map((p) => dot(p, plane.col));
        return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
      };
      const result = boxConsensus(onImage.map((fs) => fs.map(toBox)), { threshold: BOX_IOU, minReaders: need });
      const push = (c: Cluster<Box>, isConsensus: boolean) => {
        const members = c.members.map((m) => ({ reader: m.reader, f: onImage[m.reader]![m.index]! }));
        const fit = c.members.reduce((s, m) => s + iou(m.item, c.fused), 0) / c.members.length;
        let fused: TFinding | null = null;
        if (isConsensus) {
          const depth = members.reduce((s, m) => s + dot(centre(m.f.points), normal), 0) / members.length;
          const [x0, y0, x1, y1] = c.fused;
          const at = (x: number, y: number): TPoint => [0, 1, 2].map((k) => round(x * plane.row[k]! + y * plane.col[k]! + depth * normal[k]!)) as TPoint;
          fused = { ...asFinding(members[0]!.f, label.id), points: [at(x0, y0), at(x1, y0), at(x0, y1), at(x1, y1)], values: meanValues(members) };
        }
        clusters.push({ members, fit, fused });
      };
      result.consensus.forEach((c) => push(c, true));
      result.unmatched.forEach((c) => push(c, false));
    }
  } else {
    const result = pointConsensus(byReader.map((fs) => fs.map((f) => centre(f.points))), { threshold: CENTRE_DISTANCE_MM, minReaders: need });
    const push = (c: (typeof result.consensus)[number], isConsensus: boolean) => {
      const members = c.members.map((m) => ({ reader: m.reader, f: byReader[m.reader]![m.index]! }));
      const fit = c.errors.reduce((s, e) => s + e.distance, 0) / c.errors.length;
      let fused: TFinding | null = null;
      if (isConsensus) {
        const nearest = c.errors.reduce((best, e) => (e.distance < best.distance ? e : best));
        const medoid = members.find((m) => m.reader === nearest.reader)!.f;
        const values = meanValues(members);
        const points = label.kind === 'point' ? [c.fused.map(round) as TPoint] : toMeanAxes(medoid.tool, medoid.points as TPoint[], values);
        fused = { ...asFinding(medoid, label.id), points, values };
      }
      clusters.push({ members, fit, fused });
    };
    result.consensus.forEach((c) => push(c, true));
    result.unmatched.forEach((c) => push(c, false));
  }

  const pairs = [];
  for (let a = 0; a < R; a++) for (let b = a + 1; b < R; b++) {
    const found = byReader[a]!.length + byReader[b]!.length;
    const matched = clusters.filter((c) => c.members.some((m) => m.reader === a) && c.members.some((m) => m.reader === b)).length;
    pairs.push({ a: reads[a]!.readerId, b: reads[b]!.readerId, f1: found ? (2 * matched) / found : 1 });
  }
  const item: TObjectItem = {
    kind: label.kind as TObjectItem['kind'],
    id: label.id,
    name: label.name,
    found: reads.map((r, i) => ({ readerId: r.readerId, count: byReader[i]!.length })),
    clusters: clusters.map((c) => ({
      members: c.members.map((m) => ({ readerId: reads[m.reader]!.readerId, findingKey: m.f.findingKey })),
      fit: c.fit,
      values: valueSpread(c.members.map((m) => ({ readerId: reads[m.reader]!.readerId, f: m.f }))),
      consensus: c.fused !== null,
    })),
    pairs,
    agreement: pairs.length ? pairs.reduce((s, p) => s + p.f1, 0) / pairs.length : null,
    reason: pairs.length ? null : 'one read: nothing to compare',
  };
  return { item, consensus: clusters.flatMap((c, i) => (c.fused ? [{ ...c.fused, id: `consensus-${label.id}-${i + 1}` }] : [])) };
}

const round = (v: number) => Math.round(v * 1e4) / 1e4;

/** The handle pairs whose distance is a tool's measured value (the mapper's handle order). */
const AXES: Record<string, [number, number, string][]> = {
  length: [[0, 1, 'length']],
  bidirectional: [
    [0, 1, 'long axis'],
    [2, 3, 'short axis'],
  ],
};

/**
 * The medoid's handles with each measured axis stretched about its midpoint to the cluster's
 * mean, so the drawn line measures what the consensus says (the viewer recomputes values from
 * the handles). Other tools keep the medoid's handles.
 */
export function toMeanAxes(tool: string, points: TPoint[], values: { name: string; value: number; unit: string }[]): TPoint[] {
  const out = points.map((p) => [...p] as TPoint);
  for (const [a, b, name] of AXES[tool] ?? []) {
    const target = values.find((v) => v.name === name && v.unit === 'mm')?.value;
    const [p, q] = [points[a], points[b]];
    if (target === undefined || !p || !q) continue;
    const length = Math.hypot(q[0] - p[0], q[1] - p[1], q[2] - p[2]);
    if (!(length > 0)) continue;
    const scale = target / length;
    for (const [i, from] of [[a, p], [b, q]] as const) {
      out[i] = [0, 1, 2].map((k) => round((p[k]! + q[k]!) / 2 + (from[k]! - (p[k]! + q[k]!) / 2) * scale)) as TPoint;
    }
  }
  return out;
}

const asFinding = (f: FindingRow, labelId: string): TFinding => ({ ...findingOf(f), labelId });

/** Each measured value (by name and unit) across the members of a cluster. */
function valueSpread(members: { readerId: string; f: FindingRow }[]) {
  const byName = new Map<string, { name: string; unit: string; byReader: { readerId: string; value: number }[] }>();
  for (const m of members) for (const v of m.f.values) {
    const key = `${v.name}\u0000${v.unit}`;
    const entry = byName.get(key) ?? byName.set(key, { name: v.name, unit: v.unit, byReader: [] }).get(key)!;
    entry.byReader.push({ readerId: m.readerId, value: v.value });
  }
  return [...byName.values()].map((e) => {
    const xs = e.byReader.map((x) => x.value);
    return { ...e, mean: xs.reduce((s, x) => s + x, 0) / xs.length, min: Math.min(...xs), max: Math.max(...xs) };
  });
}

function meanValues(members: Placed[]) {
  return valueSpread(members.map((m) => ({ readerId: String(m.reader), f: m.f }))).map((v) => ({ name: v.name, value: v.mean, unit: v.unit }));
}
