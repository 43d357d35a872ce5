import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import dcmjs from 'dcmjs';
import dicomParser from 'dicom-parser';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { exportDownloadResponse } from './export-download';
import { putFinding, setAnswer } from '../contracts/annotation-doc/doc';
import { encodeRuns } from '../contracts/annotation-doc/runs';
import { ZExportManifestSchema } from '../contracts/export';
import type { TLabelSchema } from '../contracts/label-schema';
import { db } from '../db/client';
import { fingerprint } from '../db/fingerprint';
import { blobStore } from '../dicom/blob-store';
import { buildSnapshot } from '../domain/export/build';
import { parseNifti } from '../imaging/nifti';
import { exportSnapshotJob } from '../jobs/definitions/export-snapshot';
import { drain } from '../jobs/queue';
import { mrSegmentationWorld, settleAgreements } from '../testing/agreement';
import { collabClient, until } from '../testing/collab-client';
import { collabServerForTests } from '../testing/collab-server';
import { FIXTURES, ingestAs, sessionCookie } from '../testing/dicom';
import { projectWorld } from '../testing/project-world';

const SCHEMA: TLabelSchema = {
  questions: [{ id: 'quality', text: 'Image quality', type: 'single', required: false, help: '', options: [{ id: 'good', label: 'Good' }, { id: 'poor', label: 'Poor' }] }],
  labels: [
    { id: 'ventricles', name: 'Ventricles', color: '#3b82f6', kind: 'segmentation', attributes: [] },
    { id: 'lesion', name: 'Lesion', color: '#ef4444', kind: 'box', attributes: [] },
  ],
};

/** dcmjs naturalizes every sequence as an array. */
interface SegDataset {
  SegmentSequence: object[];
  ReferencedSeriesSequence: object[];
  PerFrameFunctionalGroupsSequence: { DerivationImageSequence: { SourceImageSequence: object[] }[]; PlanePositionSequence: { ImagePositionPatient: number[] }[] }[];
  PixelData: ArrayBuffer[];
}

const collab = collabServerForTests();
const CHECK_DIR = path.join(import.meta.dirname, '..', '..', 'e2e', '.artifacts', 'export');
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Runs queued snapshot jobs until this snapshot is built (test files share one queue). */
async function settleExport(id: string) {
  await drain(exportSnapshotJob, (p) => buildSnapshot(p));
  await until(async () => ['READY', 'FAILED'].includes((await db().exportSnapshot.findUniqueOrThrow({ where: { id } })).status), `snapshot ${id}`);
}

describe('[EXPORT] dataset snapshots', () => {
  it('a manager snapshots an adjudicated case: NIfTI label maps with the DICOM geometry, COCO, tables, records, card, images; the download never changes', { timeout: 240_000 }, async () => {
    const w = await mrSegmentationWorld(SCHEMA);
    const instances = await db().instance.findMany({ where: { projectId: w.scope.projectId }, select: { sopInstanceUid: true, blobKey: true, rows: true, columns: true, imagePosition: true, imageOrientation: true, pixelSpacing: true, series: { select: { seriesInstanceUid: true } } } });
    const seriesUid = instances[0]!.series.seriesInstanceUid;
    const [rows, columns] = [instances[0]!.rows!, instances[0]!.columns!];
    // Slices in patient order along the normal: what the label maps' third axis must follow.
    const [r, c] = [instances[0]!.imageOrientation.slice(0, 3), instances[0]!.imageOrientation.slice(3)];
    const normal = [r[1]! * c[2]! - r[2]! * c[1]!, r[2]! * c[0]! - r[0]! * c[2]!, r[0]! * c[1]! - r[1]! * c[0]!];
    const along = (i: (typeof instances)[number]) => i.imagePosition.reduce((s, v, k) => s + v * normal[k]!, 0);
    const ordered = [...instances].sort((a, b) => along(a) - along(b));
    const middle = ordered[1]!;
    const rect = (x0: number, x1: number) => {
      const m = new Uint8Array(rows * columns);
      for (let y = 40; y < 50; y++) for (let x = x0; x < x1; x++) m[y * columns + x] = 1;
      return encodeRuns(m);
    };
    const paint = [rect(40, 60), rect(45, 65)];
    const box = [[0, 0, 0], [10, 0, 0], [0, 10, 0], [10, 10, 0]] as [number, number, number][];
    for (const [i, reader] of w.readers.entries()) {
      const api = await w.as(reader);
      const assignmentId = (await api.assignment.next({ orgSlug: w.scope.orgSlug }))!.assignmentId;
      const doc = collabClient(collab.url(), `assignment:${assignmentId}`, async () => (await api.assignment.collabToken({ orgSlug: w.scope.orgSlug, assignmentId })).token);
      await doc.synced();
      doc.doc.transact(() => {
        setAnswer(doc.doc, 'quality', 'good');
        doc.doc.getArray('strokes').push([{ id: `s${i}`, labelId: 'ventricles', op: 'paint', image: { seriesUid, sopUid: middle.sopInstanceUid, frame: 1 }, rows, columns, runs: paint[i]! }]);
        putFinding(doc.doc, { id: `b${i}`, labelId: 'lesion', tool: 'box', image: { seriesUid, sopUid: middle.sopInstanceUid, frame: 1 }, points: box.map(([x, y, z]) => [x + i, y, z]), values: [], text: '', attributes: {} });
      });
      await doc.saved();
      doc.destroy();
      await api.assignment.submit({ orgSlug: w.scope.orgSlug, assignmentId });
    }
    const kase = await db().case.findFirstOrThrow({ where: { projectId: w.scope.projectId } });
    await settleAgreements([kase.id]);
    // Dice 0.75 is below 0.9: the lead takes reader 1's mask.
    const lead = await w.as(w.users.LEAD);
    await lead.adjudication.decide({ ...w.scope, caseId: kase.id, choices: [{ item: 'label:ventricles', source: `reader:${w.readers[0]!.id}` }], reason: 'Reader 1 follows the wall' });

    // Roles without the right, other tenants and bad options change nothing.
    const before = await fingerprint(['ExportSnapshot']);
    const options = { cases: 'final' as const, reads: true, images: true, formats: ['nifti' as const, 'seg' as const, 'coco' as const], license: 'CC BY 4.0' };
    await expect((await w.as(w.users.READER)).export.create({ ...w.scope, options })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(lead.export.create({ ...w.scope, options })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect((await w.as(w.users.outsider)).export.create({ ...w.scope, options })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const manager = await w.as(w.users.MANAGER);
    await expect(manager.export.create({ ...w.scope, options: { ...options, formats: [] } })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(manager.export.create({ ...w.scope, options: { ...options, caseIds: ['not-a-case-here'] } })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: '1 of the chosen cases is not in this project' });
    expect(await fingerprint(['ExportSnapshot'])).toEqual(before);

    const { id, version } = await manager.export.create({ ...w.scope, options });
    expect(version).toBe(1);
    await settleExport(id);
    const snap = await manager.export.get({ ...w.scope, exportId: id });
    expect(snap).toMatchObject({ status: 'READY', casesDone: 1, casesTotal: 1, createdBy: 'Manager', error: null });

    const download = async (user: { id: string }, exportId = id) => {
      const res = await exportDownloadResponse(new Request('http://test.local/x', { headers: { cookie: (await sessionCookie(user)).cookie } }), w.scope.orgSlug, w.scope.projectId, exportId);
      return { status: res.status, bytes: new Uint8Array(await res.arrayBuffer()), etag: res.headers.get('etag') };
    };
    const first = await download(w.users.MANAGER);
    expect(first.status).toBe(200);
    expect(sha(first.bytes)).toBe(snap.sha256);
    expect(first.etag).toBe(`"${snap.sha256}"`);
    // Kept for the independent nibabel/pydicom check that .ci/run runs after the tests (e2e/checks/export_check.py).
    fs.mkdirSync(CHECK_DIR, { recursive: true });
    fs.writeFileSync(path.join(CHECK_DIR, 'snapshot.zip'), first.bytes);
    const files = unzipSync(first.bytes);
    const text = (name: string) => new TextDecoder().decode(files[name]);

    // The manifest lists every other file with its checksum.
    const manifest = ZExportManifestSchema.parse(JSON.parse(text('manifest.json')));
    expect(manifest.files.map((f) => f.path).sort()).toEqual(Object.keys(files).filter((f) => f !== 'manifest.json').sort());
    for (const f of manifest.files) expect(sha(files[f.path]!), f.path).toBe(f.sha256);
    expect(manifest.cases).toEqual([{ id: kase.id, label: kase.label, folder: expect.any(String), status: 'DONE', consensus: 'adjudicated', decisionVersion: 1, readIds: expect.any(Array) }]);
    expect(manifest.readers).toEqual([{ code: 'R1', reads: 1 }, { code: 'R2', reads: 1 }]);
    const folder = manifest.cases[0]!.folder;

    // The consensus label map is reader 1's mask, voxel for voxel, on the series grid.
    const readerMask = await db().mask.findFirstOrThrow({ where: { read: { caseId: kase.id, readerId: w.readers[0]!.id, supersededAt: null } } });
    const expected = inflateSync(readerMask.voxels);
    const nifti = parseNifti(Buffer.from(files[`nifti/${folder}/${seriesUid}_consensus.nii.gz`]!));
    expect(nifti.dims).toEqual(readerMask.dims);
    expect(nifti.header.readInt16LE(68)).toBe(1002); // NIFTI_INTENT_LABEL
    expect(Array.from(nifti.data, (v) => (v ? 1 : 0))).toEqual(Array.from(expected));
    expect(nifti.data.reduce((s, v) => s + v, 0)).toBe(200);
    // Geometry: voxel (0, 0, k) is the k-th slice's Image Position in RAS (x, y negated), to 1e-4 mm;
    // one step along i moves one column spacing along the row direction.
    const at = (i: number, j: number, k: number) => nifti.sform!.map((row) => row[0]! * i + row[1]! * j + row[2]! * k + row[3]!);
    for (const [k, inst] of ordered.entries()) {
      const ras = [-inst.imagePosition[0]!, -inst.imagePosition[1]!, inst.imagePosition[2]!];
      at(0, 0, k).forEach((v, d) => expect(Math.abs(v - ras[d]!), `slice ${k} axis ${d}`).toBeLessThan(1e-4));
    }
    const step = at(1, 0, 0).map((v, d) => v - at(0, 0, 0)[d]!);
    [-r[0]! * middle.pixelSpacing[1]!, -r[1]! * middle.pixelSpacing[1]!, r[2]! * middle.pixelSpacing[1]!].forEach((v, d) => expect(Math.abs(step[d]! - v)).toBeLessThan(1e-4));
    // The image volume lies on the same grid; its voxels are the stored pixel values (read here with dicom-parser).
    const image = parseNifti(Buffer.from(files[`nifti/${folder}/${seriesUid}_image.nii.gz`]!));
    expect(image.dims).toEqual(nifti.dims);
    expect(image.sform).toEqual(nifti.sform);
    for (const [k, inst] of ordered.entries()) {
      const file = (await blobStore().get(inst.blobKey))!;
      const pixel = dicomParser.parseDicom(file).elements['x7fe00010']!;
      const stored = new Uint16Array(new Uint8Array(file.subarray(pixel.dataOffset, pixel.dataOffset + rows * columns * 2)).buffer);
      expect(Array.from(image.data.subarray(k * rows * columns, (k + 1) * rows * columns))).toEqual(Array.from(stored));
    }
    expect(manifest.notes).toEqual([]);
    // Each reader's own map is there too.
    expect(parseNifti(Buffer.from(files[`nifti/${folder}/${seriesUid}_R2.nii.gz`]!)).data.reduce((s, v) => s + v, 0)).toBe(200);

    // COCO: the mask's slice as column-major RLE, the box in pixels.
    const coco = JSON.parse(text('coco/consensus.json')) as { images: { id: number; sop_instance_uid: string; width: number; height: number }[]; annotations: { image_id: number; category_id: number; segmentation?: { size: number[]; counts: number[] }; bbox: number[]; area: number }[]; categories: { id: number; name: string }[] };
    expect(coco.categories.map((k) => k.name)).toEqual(['Ventricles', 'Lesion']);
    const seg = coco.annotations.find((a) => a.category_id === 1)!;
    expect(coco.images.find((i) => i.id === seg.image_id)).toMatchObject({ sop_instance_uid: middle.sopInstanceUid, width: columns, height: rows });
    const decoded = new Uint8Array(rows * columns);
    let pos = 0;
    seg.segmentation!.counts.forEach((n, i) => {
      for (let k = 0; k < n; k++, pos++) if (i % 2) decoded[(pos % rows) * columns + Math.floor(pos / rows)] = 1;
    });
    expect(Array.from(decoded)).toEqual(Array.from(expected.subarray(rows * columns, 2 * rows * columns)));
    expect(seg).toMatchObject({ area: 200, bbox: [40, 40, 20, 10] });
    const boxAnn = coco.annotations.find((a) => a.category_id === 2)!;
    // The box's corners projected on the image plane: extent along the row and column directions over the spacing.
    const extent = (dir: number[]) => {
      const d = box.map((q) => q[0] * dir[0]! + q[1] * dir[1]! + q[2] * dir[2]!);
      return Math.max(...d) - Math.min(...d);
    };
    expect(boxAnn.bbox[2]).toBeCloseTo(extent(r) / middle.pixelSpacing[1]!, 2);
    expect(boxAnn.bbox[3]).toBeCloseTo(extent(c) / middle.pixelSpacing[0]!, 2);
    expect((JSON.parse(text('coco/reads.json')) as { annotations: unknown[] }).annotations).toHaveLength(4);

    // DICOM SEG, read back with dcmjs: one binary frame (the middle slice) referencing the source instance.
    const segFile = files[`seg/${folder}/${seriesUid}_consensus.dcm`]!;
    const { data: dcm } = dcmjs as unknown as { data: { DicomMessage: { readFile(b: ArrayBuffer): { dict: object } }; DicomMetaDictionary: { naturalizeDataset(d: object): SegDataset } } };
    const segDs = dcm.DicomMetaDictionary.naturalizeDataset(dcm.DicomMessage.readFile(segFile.slice().buffer).dict);
    const source = await db().instance.findFirstOrThrow({ where: { sopInstanceUid: middle.sopInstanceUid }, select: { sopClassUid: true, metadata: true } });
    expect(segDs).toMatchObject({ SOPClassUID: '1.2.840.10008.5.1.4.1.1.66.4', Modality: 'SEG', SegmentationType: 'BINARY', Rows: rows, Columns: columns, NumberOfFrames: 1, StudyInstanceUID: (source.metadata as Record<string, { Value: string[] }>)['0020000D']!.Value[0] });
    expect(segDs.SegmentSequence).toMatchObject([{ SegmentNumber: 1, SegmentLabel: 'Ventricles' }]);
    expect(segDs.ReferencedSeriesSequence).toMatchObject([{ SeriesInstanceUID: seriesUid }]);
    const [frame] = segDs.PerFrameFunctionalGroupsSequence;
    if (!frame) throw new Error('no SEG frame');
    expect(frame.DerivationImageSequence[0]!.SourceImageSequence).toMatchObject([{ ReferencedSOPInstanceUID: middle.sopInstanceUid, ReferencedSOPClassUID: source.sopClassUid }]);
    frame.PlanePositionSequence[0]!.ImagePositionPatient.forEach((v, d) => expect(v).toBeCloseTo(middle.imagePosition[d]!, 4));
    const bits = new Uint8Array(segDs.PixelData[0]!);
    const segSlice = Uint8Array.from({ length: rows * columns }, (_, i) => (bits[i >> 3]! >> (i & 7)) & 1);
    expect(Array.from(segSlice)).toEqual(Array.from(expected.subarray(rows * columns, 2 * rows * columns)));
    // Readers' own segmentations are SEG objects too; the same snapshot always gets the same UIDs.
    expect(files[`seg/${folder}/${seriesUid}_R1.dcm`]).toBeDefined();

    // Tables, the adjudication record and the card; readers only as codes.
    expect(text('tables/answers.csv')).toContain(`${kase.label},consensus,quality,Image quality,good`);
    expect(text('tables/adjudication.csv')).toContain('Reader 1 follows the wall');
    expect(text('tables/segments.csv')).toMatch(new RegExp(`^${kase.label},R2,ventricles,Ventricles,${seriesUid.replace(/\./g, '\\.')},200,`, 'm'));
    const findingsJson = JSON.parse(text('tables/findings.json')) as { findings: { source: string; tool: string; pointsLpsMm: number[][] }[] };
    expect(findingsJson.findings.map((f) => f.source).sort()).toEqual(['R1', 'R2', 'consensus']);
    expect(findingsJson.findings.every((f) => f.tool === 'box' && f.pointsLpsMm.length === 4)).toBe(true);
    const record = JSON.parse(text(`adjudication/${folder}.json`)) as { decision: unknown; reads: { reader: string }[] };
    expect(record.decision).toMatchObject({ version: 1, decidedBy: 'Lead', reason: 'Reader 1 follows the wall', sources: { 'label:ventricles': 'reader:R1', 'question:quality': 'consensus' } });
    expect(record.reads.map((x) => x.reader)).toEqual(['R1', 'R2']);
    const card = text('README.md');
    expect(card).toContain('**Licence:** CC BY 4.0');
    expect(card).toMatch(/Ventricles\*\* \(segmentation, 1 cases\): pairwise Dice median 0\.750/);
    for (const [name, bytes] of Object.entries(files)) {
      if (/\.(csv|json|md)$/.test(name)) {
        const t = new TextDecoder().decode(bytes);
        for (const reader of w.readers) {
          expect(t, name).not.toContain(reader.id);
          expect(t, name).not.toContain(reader.email);
        }
      }
    }
    // The de-identified DICOM files, byte for byte.
    for (const inst of instances) expect(sha(files[`images/${folder}/${seriesUid}/${inst.sopInstanceUid}.dcm`]!)).toBe(inst.blobKey);

    // A later decision changes the next snapshot, never this one.
    await lead.adjudication.decide({ ...w.scope, caseId: kase.id, choices: [], reason: 'STAPLE after all' });
    const again = await download(w.users.MANAGER);
    expect(sha(again.bytes)).toBe(sha(first.bytes));
    expect(await blobStore().get(snap.sha256!)).not.toBeNull();
    const second = await manager.export.create({ ...w.scope, options: { formats: ['nifti'] } });
    await settleExport(second.id);
    const v2 = await manager.export.get({ ...w.scope, exportId: second.id });
    expect(v2).toMatchObject({ version: 2, status: 'READY' });
    expect(v2.manifest!.cases[0]).toMatchObject({ decisionVersion: 2 });
    expect(v2.sha256).not.toBe(snap.sha256);
    expect((await manager.export.list(w.scope)).map((s) => s.version)).toEqual([2, 1]);

    // Downloads: refused to readers and leads, absent for outsiders, audited for the manager.
    expect((await download(w.users.READER)).status).toBe(403);
    expect((await download(w.users.LEAD)).status).toBe(403);
    expect((await download(w.users.outsider)).status).toBe(404);
    expect((await download(w.users.MANAGER, 'no-such-export')).status).toBe(404);
    const audit = await db().auditEvent.findMany({ where: { orgId: kase.orgId, action: { startsWith: 'export.' } }, select: { action: true, actorId: true } });
    expect(audit.filter((a) => a.action === 'export.created')).toHaveLength(2);
    expect(audit.filter((a) => a.action === 'export.downloaded' && a.actorId === w.users.MANAGER.id)).toHaveLength(2);
  });

  it('keeps a compressed series as DICOM only and says so in the manifest and the card', { timeout: 120_000 }, async () => {
    const w = await projectWorld({ readers: 1, readersPerCase: 1 });
    await ingestAs(w.users.MANAGER, w.scope, [path.join(FIXTURES.transferSyntaxes, 'CTImage.dcm_JPEG2000LosslessOnlyTransferSyntax_1.2.840.10008.1.2.4.90.dcm')]);
    const manager = await w.as(w.users.MANAGER);
    const { id } = await manager.export.create({ ...w.scope, options: { cases: 'all', images: true, formats: ['nifti'] } });
    await settleExport(id);
    const snap = await manager.export.get({ ...w.scope, exportId: id });
    expect(snap.status).toBe('READY');
    expect(snap.manifest!.cases).toHaveLength(1);
    expect(snap.manifest!.cases[0]).toMatchObject({ consensus: 'none' });
    expect(snap.manifest!.notes).toEqual([expect.stringMatching(/no NIfTI image volume — compressed pixel data \(kept as DICOM only\)$/)]);
    const files = snap.manifest!.files.map((f) => f.path);
    expect(files.filter((f) => f.startsWith('images/'))).toHaveLength(1);
    expect(files.some((f) => f.endsWith('_image.nii.gz'))).toBe(false);
  });
});
