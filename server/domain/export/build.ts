import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { ZAgreementItemSchema } from '../../contracts/agreement';
import { ZExportOptionsSchema, type TExportFormat, type TExportManifest } from '../../contracts/export';
import { ZLabelSchemaSchema } from '../../contracts/label-schema';
import { db } from '../../db/client';
import { exportRepository } from '../../db/repositories/export.repository';
import { projectRepository } from '../../db/repositories/project.repository';
import { blobStore } from '../../dicom/blob-store';
import { BASIC_PROFILE_EDITION } from '../../dicom/deid/basic-profile-table';
import { DEFAULT_DEID_OPTIONS } from '../../dicom/deid/profile';
import { logger } from '../../lib/logger';
import { ENGINE_VERSION } from '../../stats';
import { buildProjectReport, type AgreementRow } from '../consensus/project-report';
import { loadCase, type LabelSet } from './case-content';
import { datasetCard } from './card';
import { CocoBuilder, type CaseImages } from './coco';
import { imageVolume } from './image-volume';
import { labelMapNifti, labelMaps, labelValues } from './labelmaps';
import { adjudicationRecord, ReaderCodes, Tables } from './records';
import { segmentationObject } from './seg';
import { actorNames } from './snapshots';
import { ZipWriter } from './zip-writer';

const safeName = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').slice(0, 80) || 'case';

async function sha256File(file: string) {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * The snapshot job: writes the project's cases (as the options say) into a zip, case by case
 * so memory holds one case at a time, then the tables, labels.json, COCO files, the dataset card
 * and the manifest; stores the zip as a blob and marks the snapshot READY. A failure marks it
 * FAILED with the reason (a new snapshot is the retry).
 */
export async function buildSnapshot(p: { orgId: string; projectId: string; exportId: string }, now = () => new Date()) {
  const snap = await exportRepository.find(db(), p.orgId, p.exportId);
  if (!snap || snap.status === 'READY' || snap.status === 'FAILED') return;
  const scratch = await blobStore().scratch();
  const zip = new ZipWriter(scratch, snap.createdAt);
  try {
    const manifest = await writeSnapshot(p, snap, zip);
    await zip.close();
    const key = await sha256File(scratch);
    const size = (await fs.promises.stat(scratch)).size;
    await blobStore().adopt(key, scratch);
    await exportRepository.finish(db(), p.orgId, p.exportId, { blobKey: key, size, manifest }, now());
  } catch (err) {
    await zip.abort();
    await fs.promises.rm(scratch, { force: true });
    logger.error('export snapshot failed', { exportId: p.exportId, err });
    await exportRepository.fail(db(), p.orgId, p.exportId, err instanceof Error ? err.message : String(err), now());
  }
}

type Snapshot = NonNullable<Awaited<ReturnType<typeof exportRepository.find>>>;

async function writeSnapshot(p: { orgId: string; projectId: string; exportId: string }, snap: Snapshot, zip: ZipWriter): Promise<TExportManifest> {
  const options = ZExportOptionsSchema.parse(snap.options);
  const project = await exportRepository.project(db(), p.orgId, p.projectId);
  if (!project) throw new Error('The project no longer exists');
  const versions = await projectRepository.schemaVersions(db(), p.orgId, p.projectId);
  const schemaRow = versions.find((v) => v.version === project.schemaVersion) ?? versions.at(-1);
  const schema = ZLabelSchemaSchema.parse(schemaRow?.schema ?? {});
  const values = labelValues(schema.labels);
  const all = await exportRepository.cases(db(), p.orgId, p.projectId, options.caseIds);
  // Gold-standard cases test the readers; they are not part of the dataset.
  const cases = all.filter((c) => c.goldAnswers === null);
  await exportRepository.progress(db(), p.orgId, p.exportId, { status: 'RUNNING', casesTotal: cases.length, casesDone: 0 });

  const codes = new ReaderCodes();
  const tables = new Tables(schema);
  const coco = { consensus: new CocoBuilder(schema.labels), reads: new CocoBuilder(schema.labels) };
  const reportRows: AgreementRow[] = [];
  const labelCounts = new Map<string, { cases: number; objects: number; volumeMl: number }>();
  const readersPerCase = new Map<number, number>();
  const folders = new Set<string>();
  const entries: TExportManifest['cases'] = [];
  const notes: string[] = [];
  if (cases.length < all.length) notes.push(`${all.length - cases.length} gold-standard case${all.length - cases.length === 1 ? '' : 's'} left out (they test the readers and have no consensus)`);
  let reads = 0;
  const wants = (f: TExportFormat) => options.formats.includes(f);

  for (const [done, c] of cases.entries()) {
    const content = await loadCase(p.orgId, c.id, options.reads);
    if (options.cases === 'final' && content.kind === 'none') {
      await exportRepository.progress(db(), p.orgId, p.exportId, { casesDone: done + 1 });
      continue;
    }
    let folder = safeName(c.label);
    if (folders.has(folder)) folder = `${folder}_${c.id.slice(-8)}`;
    folders.add(folder);
    for (const r of content.reads) codes.count(r.readerId);
    reads += content.reads.length;
    readersPerCase.set(content.reads.length, (readersPerCase.get(content.reads.length) ?? 0) + 1);
    const sets: LabelSet[] = [];
    if (content.consensus) sets.push({ source: 'consensus', ...content.consensus });
    if (options.reads) for (const r of content.reads) sets.push({ source: codes.of(r.readerId), answers: r.answers, findings: r.findings, masks: r.masks });
    const decidedBy = content.decision ? (await actorNames([content.decision.decidedById]))[0]! : null;
    tables.addCase({ ...c, folder }, content, sets, codes, decidedBy);
    if (content.agreement || content.decision) await zip.add(`adjudication/${folder}.json`, JSON.stringify(adjudicationRecord(c, content, codes, decidedBy), null, 2));
    if (content.agreement) {
      const a = content.agreement;
      reportRows.push({ caseId: c.id, label: c.label, status: c.status, score: a.score, decision: a.decision, reason: a.reason, computedAt: a.computedAt, readerIds: a.readerIds, items: ZAgreementItemSchema.array().parse(a.items) });
    }
    if (content.consensus) countLabels(labelCounts, content.consensus);

    const needImages = options.images || wants('coco') || wants('seg');
    const series = needImages ? await exportRepository.images(db(), p.orgId, p.projectId, c) : [];
    const images: CaseImages = { folder, caseId: c.id, series };
    // What a SEG repeats of the study: one instance's metadata per series, read once for every source.
    const segSources = [];
    if (wants('seg')) for (const s of series) segSources.push({ ...s, metadata: await exportRepository.instanceMetadata(db(), p.orgId, p.projectId, s.instances[0]!.sopInstanceUid) });
    for (const set of sets) {
      if (wants('nifti')) {
        for (const map of labelMaps(set.masks, values)) await zip.add(`nifti/${folder}/${map.seriesUid}_${set.source}.nii.gz`, await labelMapNifti(map, `Concord ${folder} ${set.source}`), { store: true });
      }
      if (wants('seg')) {
        for (const s of segSources) {
          const masks = set.masks.filter((m) => m.seriesUid === s.seriesInstanceUid);
          if (!masks.length) continue;
          const seg = segmentationObject(s, masks, schema.labels, { seed: `${snap.id}/${c.id}/${s.seriesInstanceUid}/${set.source}`, description: `${set.source} ${c.label}`, createdAt: snap.createdAt });
          if (seg) await zip.add(`seg/${folder}/${s.seriesInstanceUid}_${set.source}.dcm`, seg);
        }
      }
      if (wants('coco')) (set.source === 'consensus' ? coco.consensus : coco.reads).add(images, set);
    }
    if (options.images && wants('nifti')) {
      for (const s of series) {
        const volume = await imageVolume(p.orgId, p.projectId, s, blobStore());
        if ('bytes' in volume) await zip.add(`nifti/${folder}/${s.seriesInstanceUid}_image.nii.gz`, volume.bytes, { store: true });
        else notes.push(`${c.label}, series ${s.seriesInstanceUid}: no NIfTI image volume — ${volume.skipped}`);
      }
    }
    if (options.images) {
      for (const s of series) {
        for (const inst of s.instances) {
          const bytes = await blobStore().get(inst.blobKey);
          if (!bytes) throw new Error(`The stored file of instance ${inst.sopInstanceUid} is missing`);
          await zip.add(`images/${folder}/${s.seriesInstanceUid}/${inst.sopInstanceUid}.dcm`, bytes);
        }
      }
    }
    entries.push({ id: c.id, label: c.label, folder, status: c.status, consensus: content.kind, decisionVersion: content.decision?.version ?? null, readIds: content.reads.map((r) => r.id) });
    await exportRepository.progress(db(), p.orgId, p.exportId, { casesDone: done + 1 });
  }

  for (const [name, csv] of tables.files()) await zip.add(name, csv);
  await zip.add('labels.json', JSON.stringify({ background: 0, labels: schema.labels.map((l) => ({ id: l.id, name: l.name, kind: l.kind, color: l.color, value: values.find((v) => v.id === l.id)?.value ?? null })) }, null, 2));
  const creator = (await actorNames([snap.createdById]))[0]!;
  const head: Omit<TExportManifest, 'files'> = {
    format: 'concord-export/1',
    project: { id: p.projectId, name: project.name },
    snapshot: { id: snap.id, version: snap.version, createdAt: snap.createdAt.toISOString(), createdBy: creator },
    options,
    engineVersion: ENGINE_VERSION,
    consensusMethod: project.consensusMethod,
    labelSchemaVersion: schemaRow?.version ?? project.schemaVersion,
    deidentification: `${BASIC_PROFILE_EDITION} (Basic Application Level Confidentiality Profile) with options ${JSON.stringify({ ...DEFAULT_DEID_OPTIONS, ...(project.deidOptions as object | null) })}`,
    cases: entries,
    readers: [...codes.reads].map(([code, n]) => ({ code, reads: n })),
    notes,
  };
  if (wants('coco')) {
    const info = { description: `${project.name} snapshot v${snap.version}`, version: String(snap.version), date_created: head.snapshot.createdAt, contributor: 'Concord' };
    await zip.add('coco/consensus.json', JSON.stringify(coco.consensus.toJSON(info)));
    if (options.reads) await zip.add('coco/reads.json', JSON.stringify(coco.reads.toJSON(info)));
  }
  const report = buildProjectReport(schema, reportRows, new Map([...new Set(reportRows.flatMap((r) => r.readerIds))].map((id) => [id, codes.of(id)])), 0, ENGINE_VERSION);
  const card = datasetCard({ manifest: head, schema, report, labelCounts, readersPerCase, reads, files: [...zip.entries.map((e) => e.path), 'README.md', 'manifest.json'] });
  await zip.add('README.md', card);
  const manifest: TExportManifest = { ...head, files: zip.entries.map((e) => ({ ...e })) };
  await zip.add('manifest.json', JSON.stringify(manifest, null, 2));
  return manifest;
}

function countLabels(counts: Map<string, { cases: number; objects: number; volumeMl: number }>, set: Omit<LabelSet, 'source'>) {
  const seen = new Set<string>();
  const bump = (id: string) => (counts.get(id) ?? counts.set(id, { cases: 0, objects: 0, volumeMl: 0 }).get(id)!);
  for (const f of set.findings) {
    if (!f.labelId) continue;
    bump(f.labelId).objects++;
    seen.add(f.labelId);
  }
  for (const m of set.masks) {
    bump(m.labelId).volumeMl += (m.voxelCount * m.spacing[0]! * m.spacing[1]! * m.spacing[2]!) / 1000;
    seen.add(m.labelId);
  }
  for (const id of seen) bump(id).cases++;
}
