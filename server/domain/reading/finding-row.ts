import type { TFinding, TFindingTool, TPlaneRef, TPoint } from '../../contracts/annotation-doc/schema';

/** A finding as the read tables store it. */
export interface StoredFinding {
  findingKey: string;
  labelId: string | null;
  tool: string;
  seriesUid: string;
  sopUid: string | null;
  frame: number | null;
  /** A reconstructed plane's normal and up direction, for a finding on no image. */
  plane?: unknown;
  points: unknown;
  values: unknown;
  text: string;
  attributes: unknown;
}

/** A stored finding (materialised from a read) back in the annotation document's shape. */
export const findingOf = (f: StoredFinding): TFinding => ({
  id: f.findingKey,
  labelId: f.labelId,
  tool: f.tool as TFindingTool,
  ...(f.sopUid !== null && f.frame !== null ? { image: { seriesUid: f.seriesUid, sopUid: f.sopUid, frame: f.frame } } : { plane: { seriesUid: f.seriesUid, ...(f.plane as Omit<TPlaneRef, 'seriesUid'>) } }),
  points: f.points as TPoint[],
  values: f.values as TFinding['values'],
  text: f.text,
  attributes: f.attributes as TFinding['attributes'],
});
