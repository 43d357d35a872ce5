import type { TFinding } from '../../contracts/annotation-doc/schema';
import type { TLabel } from '../../contracts/label-schema';
import { seriesGrid } from '../reading/masks';
import type { LabelSet } from './case-content';
import { dot } from '../../contracts/vec3';

/** An instance with what places its pixels in patient space. */
export interface InstanceGeometry {
  sopInstanceUid: string;
  rows: number | null;
  columns: number | null;
  numberOfFrames: number;
  imagePosition: number[];
  imageOrientation: number[];
  pixelSpacing: number[];
  sliceThickness: number | null;
  instanceNumber: number | null;
}

export interface CaseImages {
  folder: string;
  caseId: string;
  series: { seriesInstanceUid: string; instances: InstanceGeometry[] }[];
}

/** Patient coordinates (mm) → pixel coordinates (column, row) of an instance's plane. */
function toPixel(inst: InstanceGeometry, p: number[]): [number, number] {
  const o = inst.imageOrientation.length === 6 ? inst.imageOrientation : [1, 0, 0, 0, 1, 0];
  const origin = inst.imagePosition.length === 3 ? inst.imagePosition : [0, 0, 0];
  const d = [p[0]! - origin[0]!, p[1]! - origin[1]!, p[2]! - origin[2]!];
  return [dot(d, o.slice(0, 3)) / (inst.pixelSpacing[1] ?? 1), dot(d, o.slice(3, 6)) / (inst.pixelSpacing[0] ?? 1)];
}

const round = (v: number) => Math.round(v * 1000) / 1000;

/** The shoelace area of a polygon given as [x0, y0, x1, y1, …]. */
function polygonArea(xy: number[]) {
  let s = 0;
  for (let i = 0; i < xy.length; i += 2) {
    const j = (i + 2) % xy.length;
    s += xy[i]! * xy[j + 1]! - xy[j]! * xy[i + 1]!;
  }
  return Math.abs(s) / 2;
}

function bboxOf(xy: number[]): [number, number, number, number] {
  const xs = xy.filter((_, i) => i % 2 === 0);
  const ys = xy.filter((_, i) => i % 2 === 1);
  const [x0, y0] = [Math.min(...xs), Math.min(...ys)];
  return [round(x0), round(y0), round(Math.max(...xs) - x0), round(Math.max(...ys) - y0)];
}

/**
 * COCO "uncompressed RLE" of one slice (x fastest in `data`): COCO counts run down columns
 * (column-major), starting with a run of zeros.
 */
export function sliceRle(data: Uint8Array, offset: number, width: number, height: number) {
  const counts: number[] = [];
  let current = 0;
  let run = 0;
  let area = 0;
  let [x0, y0, x1, y1] = [width, height, -1, -1];
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) {
      const v = data[offset + y * width + x] ? 1 : 0;
      if (v) {
        area++;
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
      }
      if (v !== current) {
        counts.push(run);
        run = 0;
        current = v;
      }
      run++;
    }
  }
  counts.push(run);
  return { rle: { size: [height, width], counts }, area, bbox: [x0, y0, x1 - x0 + 1, y1 - y0 + 1] as [number, number, number, number] };
}

/**
 * A COCO dataset built case by case: one image per annotated frame (file_name points into the
 * snapshot's images/ folder, `frame` names the frame), boxes and contours as bbox/polygons in
 * pixel coordinates, segmentation masks per slice as RLE. Points and measurements are not COCO
 * objects; they are in tables/findings.csv, as are findings drawn on a reconstructed plane (MPR),
 * which lie on no image.
 */
export class CocoBuilder {
  private readonly images: { id: number; file_name: string; frame: number; width: number; height: number; case_id: string; series_uid: string; sop_instance_uid: string }[] = [];
  private readonly annotations: object[] = [];
  private readonly imageIds = new Map<string, number>();
  private readonly categories: { id: number; name: string; supercategory: string; label_id: string; kind: string; color: string }[];

  constructor(labels: TLabel[]) {
    this.categories = labels
      .filter((l) => l.kind === 'box' || l.kind === 'contour' || l.kind === 'segmentation')
      .map((l, i) => ({ id: i + 1, name: l.name, supercategory: l.kind, label_id: l.id, kind: l.kind, color: l.color }));
  }

  private imageId(c: CaseImages, seriesUid: string, inst: InstanceGeometry, frame: number) {
    const key = `${c.caseId}/${inst.sopInstanceUid}/${frame}`;
    let id = this.imageIds.get(key);
    if (id === undefined) {
      id = this.images.length + 1;
      this.imageIds.set(key, id);
      this.images.push({ id, file_name: `images/${c.folder}/${seriesUid}/${inst.sopInstanceUid}.dcm`, frame, width: inst.columns ?? 0, height: inst.rows ?? 0, case_id: c.caseId, series_uid: seriesUid, sop_instance_uid: inst.sopInstanceUid });
    }
    return id;
  }

  add(c: CaseImages, set: LabelSet) {
    const bySop = new Map(c.series.flatMap((s) => s.instances.map((i) => [i.sopInstanceUid, { seriesUid: s.seriesInstanceUid, inst: i }] as const)));
    for (const f of set.findings) if (f.image) this.addFinding(c, set.source, f, f.image.frame, bySop.get(f.image.sopUid));
    for (const m of set.masks) {
      const category = this.categories.find((k) => k.label_id === m.labelId);
      const series = c.series.find((s) => s.seriesInstanceUid === m.seriesUid);
      if (!category || !series?.instances.length) continue;
      const grid = seriesGrid(series.instances);
      const frameAt = new Map([...grid.index].map(([key, z]) => [z, key]));
      const [nx, ny, nz] = m.dims as [number, number, number];
      for (let z = 0; z < nz; z++) {
        const key = frameAt.get(z);
        if (!key) continue;
        const { rle, area, bbox } = sliceRle(m.data, z * nx * ny, nx, ny);
        if (!area) continue;
        const [sop, frame] = key.split('/');
        const inst = series.instances.find((i) => i.sopInstanceUid === sop)!;
        this.annotations.push({ id: this.annotations.length + 1, image_id: this.imageId(c, m.seriesUid, inst, Number(frame)), category_id: category.id, segmentation: rle, area, bbox, iscrowd: 0, attributes: { source: set.source } });
      }
    }
  }

  private addFinding(c: CaseImages, source: string, f: TFinding, frame: number, at: { seriesUid: string; inst: InstanceGeometry } | undefined) {
    const category = this.categories.find((k) => k.label_id === f.labelId && k.kind !== 'segmentation');
    if (!category || !at || f.points.length < 2) return;
    const xy = f.points.flatMap((p) => toPixel(at.inst, p)).map(round);
    const isBox = category.kind === 'box';
    const bbox = bboxOf(xy);
    this.annotations.push({
      id: this.annotations.length + 1,
      image_id: this.imageId(c, at.seriesUid, at.inst, frame),
      category_id: category.id,
      ...(isBox ? {} : { segmentation: [xy] }),
      area: round(isBox ? bbox[2] * bbox[3] : polygonArea(xy)),
      bbox,
      iscrowd: 0,
      attributes: { source, finding_id: f.id, ...f.attributes },
    });
  }

  get size() {
    return this.annotations.length;
  }

  toJSON(info: object) {
    return { info, licenses: [], images: this.images, annotations: this.annotations, categories: this.categories.map(({ id, name, supercategory }) => ({ id, name, supercategory })) };
  }
}
