import { hungarian } from './hungarian';

/** An axis-aligned box [x0, y0, x1, y1] (2-D) in any consistent unit, x0 ≤ x1, y0 ≤ y1. */
export type Box = [number, number, number, number];

export function iou(a: Box, b: Box): number {
  const w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  return inter / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter);
}

export interface Cluster<T> {
  /** Fused object: the coordinate-wise mean of the members. */
  fused: T;
  /** Member per reader index (one at most per reader). */
  members: { reader: number; index: number; item: T }[];
}

export interface ObjectConsensusOptions {
  /** Boxes: minimum IoU with a cluster to join it (default 0.5). Points: maximum distance (default 10). */
  threshold?: number;
  /** Clusters marked by at least this many readers are consensus findings (default: a strict majority). */
  minReaders?: number;
}

/**
 * Clusters readers' objects (boxes or points) across readers: each reader's objects are matched
 * to the clusters built so far by a minimum-cost assignment (Hungarian), accepting pairs within
 * the threshold; a cluster holds at most one object per reader; unmatched objects open clusters.
 * A cluster supported by `minReaders` readers is a consensus finding; the others are reported
 * as unmatched (a finding only some readers saw).
 */
function clusterObjects<T extends number[]>(byReader: T[][], score: (a: T, b: T) => number, accept: (s: number) => boolean, costOf: (s: number) => number, options: ObjectConsensusOptions) {
  const clusters: Cluster<T>[] = [];
  const mean = (items: T[]) => items[0]!.map((_, k) => items.reduce((s, it) => s + it[k]!, 0) / items.length) as T;
  byReader.forEach((items, reader) => {
    if (!items.length) return;
    if (!clusters.length) {
      items.forEach((item, index) => clusters.push({ fused: item, members: [{ reader, index, item }] }));
      return;
    }
    const cost = new Float64Array(items.length * clusters.length);
    items.forEach((it, i) => clusters.forEach((c, j) => (cost[i * clusters.length + j] = accept(score(it, c.fused)) ? costOf(score(it, c.fused)) : 1e6)));
    const match = hungarian(cost, items.length, clusters.length);
    const opened: Cluster<T>[] = [];
    items.forEach((item, index) => {
      const j = match[index]!;
      if (j >= 0 && accept(score(item, clusters[j]!.fused))) {
        clusters[j]!.members.push({ reader, index, item });
        clusters[j]!.fused = mean(clusters[j]!.members.map((m) => m.item));
      } else opened.push({ fused: item, members: [{ reader, index, item }] });
    });
    clusters.push(...opened);
  });
  const need = options.minReaders ?? Math.floor(byReader.length / 2) + 1;
  return { consensus: clusters.filter((c) => c.members.length >= need), unmatched: clusters.filter((c) => c.members.length < need) };
}

/** Box consensus: IoU-matched clusters across readers, fused by mean coordinates (weighted box fusion with equal weights). */
export function boxConsensus(byReader: Box[][], options: ObjectConsensusOptions = {}) {
  const t = options.threshold ?? 0.5;
  return clusterObjects(byReader, iou, (s) => s >= t, (s) => 1 - s, options);
}

export type Point = number[];

/** Point/landmark consensus: distance-matched clusters, mean position, each reader's distance to it. */
export function pointConsensus(byReader: Point[][], options: ObjectConsensusOptions = {}) {
  const t = options.threshold ?? 10;
  const dist = (a: Point, b: Point) => Math.sqrt(a.reduce((s, v, k) => s + (v - b[k]!) ** 2, 0));
  const result = clusterObjects(byReader, dist, (d) => d <= t, (d) => d, options);
  const withError = (c: Cluster<Point>) => ({ ...c, errors: c.members.map((m) => ({ reader: m.reader, distance: dist(m.item, c.fused) })) });
  return { consensus: result.consensus.map(withError), unmatched: result.unmatched.map(withError) };
}
