import { describe, expect, it } from 'vitest';
import type { TFinding } from '../../contracts/annotation-doc/schema';
import type { TLabelSchema } from '../../contracts/label-schema';
import type { CaseContent, LabelSet } from './case-content';
import { CocoBuilder, type InstanceGeometry } from './coco';
import { ReaderCodes, Tables } from './records';

const SCHEMA: TLabelSchema = { questions: [], labels: [{ id: 'outline', name: 'Outline', color: '#38bdf8', kind: 'contour', attributes: [] }] };
const INSTANCE: InstanceGeometry = { sopInstanceUid: '1.2.3.1', rows: 64, columns: 64, numberOfFrames: 1, imagePosition: [0, 0, 0], imageOrientation: [1, 0, 0, 0, 1, 0], pixelSpacing: [1, 1], sliceThickness: 1, instanceNumber: 1 };
const square = [[10, 10, 0], [20, 10, 0], [20, 20, 0], [10, 20, 0]] as TFinding['points'];
const onImage: TFinding = { id: 'f1', labelId: 'outline', tool: 'freehand', image: { seriesUid: '1.2.3', sopUid: '1.2.3.1', frame: 1 }, points: square, values: [{ name: 'area', value: 100, unit: 'mm²' }], text: '', attributes: {} };
const onPlane: TFinding = { ...onImage, id: 'f2', image: undefined, plane: { seriesUid: '1.2.3', normal: [1, 0, 0], viewUp: [0, 0, 1] }, points: square.map(([x, y]) => [5, x, y]) };
const set: LabelSet = { source: 'consensus', answers: {}, findings: [onImage, onPlane], masks: [] };

describe('[EXPORT] findings drawn on a reconstructed plane (MPR)', () => {
  it('are in the findings tables with their plane and no image; COCO, whose annotations lie on images, leaves them out', () => {
    const tables = new Tables(SCHEMA);
    const content = { kind: 'accepted', consensus: set, decision: null, agreement: null, reads: [] } as unknown as CaseContent;
    tables.addCase({ id: 'c1', label: 'case-1', status: 'DONE', folder: 'case-1' }, content, [set], new ReaderCodes(), null);
    const files = Object.fromEntries(tables.files());
    const csv = files['tables/findings.csv']!.trim().split('\n');
    expect(csv[0]).toBe('case,source,finding,label_id,label,tool,series_uid,sop_instance_uid,frame,measure,value,unit,text,points_lps_mm,attributes,plane_normal');
    expect(csv[1]).toMatch(/^case-1,consensus,f1,outline,Outline,freehand,1\.2\.3,1\.2\.3\.1,1,area,100,mm²,,".*",\{\},$/);
    expect(csv[2]).toMatch(/^case-1,consensus,f2,outline,Outline,freehand,1\.2\.3,,,area,100,mm²,,".*",\{\},"\[1,0,0\]"$/);
    const json = JSON.parse(files['tables/findings.json']!) as { findings: { finding: string; image?: unknown; plane?: unknown }[] };
    expect(json.findings.map((f) => [f.finding, f.image, f.plane])).toEqual([
      ['f1', onImage.image, undefined],
      ['f2', undefined, onPlane.plane],
    ]);

    const coco = new CocoBuilder(SCHEMA.labels);
    coco.add({ folder: 'case-1', caseId: 'c1', series: [{ seriesInstanceUid: '1.2.3', instances: [INSTANCE] }] }, set);
    const out = coco.toJSON({}) as { images: unknown[]; annotations: { attributes: { finding_id: string }; segmentation: number[][] }[] };
    expect(out.annotations.map((a) => a.attributes.finding_id)).toEqual(['f1']);
    expect(out.annotations[0]!.segmentation).toEqual([[10, 10, 20, 10, 20, 20, 10, 20]]);
    expect(out.images).toHaveLength(1);
  });
});
