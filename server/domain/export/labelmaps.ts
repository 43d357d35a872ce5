import type { TLabel } from '../../contracts/label-schema';
import { encodeNiftiGz, gridAffine } from '../../imaging/nifti';
import type { ExportMask } from './case-content';

/** The value each segmentation label takes in label maps: its place among the schema's segmentation labels, from 1. */
export function labelValues(labels: TLabel[]) {
  return labels.filter((l) => l.kind === 'segmentation').map((l, i) => ({ value: i + 1, id: l.id, name: l.name, color: l.color }));
}

/**
 * One label map per series: every label's mask written with its value (0 = background). Where
 * masks of two labels overlap the later label wins; `overlap` counts those voxels.
 */
export function labelMaps(masks: ExportMask[], values: ReturnType<typeof labelValues>) {
  const bySeries = new Map<string, ExportMask[]>();
  for (const m of masks) (bySeries.get(m.seriesUid) ?? bySeries.set(m.seriesUid, []).get(m.seriesUid)!).push(m);
  return [...bySeries].map(([seriesUid, list]) => {
    const g = list[0]!;
    const count = g.dims[0]! * g.dims[1]! * g.dims[2]!;
    // The common case, one label painted with value 1: the mask is the label map.
    if (list.length === 1 && values.length <= 255 && values.find((v) => v.id === g.labelId)?.value === 1) return { seriesUid, grid: g, data: g.data, overlap: 0 };
    const data = values.length > 255 ? new Uint16Array(count) : new Uint8Array(count);
    let overlap = 0;
    for (const { value, id } of values) {
      for (const m of list.filter((x) => x.labelId === id)) {
        if (m.data.length !== count) throw new Error(`Masks of series ${seriesUid} have different grids`);
        for (let i = 0; i < count; i++) {
          if (!m.data[i]) continue;
          if (data[i]) overlap++;
          data[i] = value;
        }
      }
    }
    return { seriesUid, grid: g, data, overlap };
  });
}

/** A label map as .nii.gz bytes, its affine from the DICOM geometry. */
export function labelMapNifti(map: ReturnType<typeof labelMaps>[number], description: string): Promise<Uint8Array> {
  return encodeNiftiGz({ dims: map.grid.dims, affine: gridAffine(map.grid), type: map.data instanceof Uint16Array ? 'uint16' : 'uint8', data: map.data, label: true, description });
}
