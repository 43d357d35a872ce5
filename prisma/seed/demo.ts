import fs from 'node:fs';
import path from 'node:path';
import { distribute } from '../../server/domain/assignment/distribute';
import { ingestFile, startBatch } from '../../server/domain/ingest/ingest';
import { refreshSeries } from '../../server/domain/ingest/series-refresh';
import { seriesRefreshJob } from '../../server/jobs/definitions/series-refresh';
import { drain } from '../../server/jobs/queue';
import { createCase } from '../../server/domain/cases/cases';
import type { OrgContext } from '../../server/domain/context';
import { setProjectMember } from '../../server/domain/projects/members';
import { createProject, listProjects } from '../../server/domain/projects/projects';
import type { ProjectContext } from '../../server/domain/projects/context';
import { SHIPPED_PREANNOTATION_ID } from '../../server/domain/models/active';
import { selectModel } from '../../server/domain/models/project-models';
import { seedDemoReads, seedOutlineReads } from './demo-reads';
import type { TLabelSchema } from '../../server/contracts/label-schema';
import { BRAIN_SCHEMA, CHEST_SCHEMA, DEMO_SCHEMA, NODULE_OUTLINE_SCHEMA } from './demo-schema';
import { createOrg, createUser, type SeededUser } from './factories';

/** The demo password: printed at start, for the embedded demo only (never seeded against DATABASE_URL unless asked). */
export const DEMO_PASSWORD = 'concord-demo-2026';

export interface DemoLogin {
  role: string;
  email: string;
  password: string;
}

const ACCOUNTS = [
  { key: 'pm', name: 'Paula Manager', orgRole: 'MEMBER', label: 'PROJECT_MANAGER', projectRole: 'MANAGER' },
  { key: 'reader1', name: 'Rita Reader', orgRole: 'MEMBER', label: 'READER', projectRole: 'READER' },
  { key: 'reader2', name: 'Ravi Reader', orgRole: 'MEMBER', label: 'READER', projectRole: 'READER' },
  { key: 'reader3', name: 'Rosa Reader', orgRole: 'MEMBER', label: 'READER', projectRole: 'READER' },
  { key: 'lead', name: 'Leo Lead', orgRole: 'MEMBER', label: 'LEAD', projectRole: 'LEAD' },
  { key: 'owner', name: 'Olivia Owner', orgRole: 'OWNER', label: 'OWNER', projectRole: null },
  { key: 'admin', name: 'Adam Admin', orgRole: 'ADMIN', label: 'ADMIN', projectRole: null },
] as const;

const PROJECT = 'Lung nodule screening (demo)';

/**
 * Seeds "Demo Hospital" (a PM, three readers, a lead, an owner and an admin) with a lung nodule
 * project of twelve cases, distributed, eight of them read by all three readers (server/domain/consensus
 * computes their agreement), and "Demo Research Lab" for switching organizations.
 * Idempotent: an existing demo is left as it is.
 */
export async function seedDemo(): Promise<DemoLogin[]> {
  const users: Record<string, SeededUser> = {};
  for (const a of ACCOUNTS) users[a.key] = await createUser({ email: `${a.key}@demo-hospital.example`, name: a.name, password: DEMO_PASSWORD });
  const org = await createOrg({ slug: 'demo-hospital', name: 'Demo Hospital', members: ACCOUNTS.map((a) => ({ user: users[a.key]!, role: a.orgRole })) });
  await createOrg({ slug: 'demo-research-lab', name: 'Demo Research Lab', members: [{ user: users.admin!, role: 'OWNER' }, { user: users.owner!, role: 'MEMBER' }] });
  await seedProject(org.id, users);
  await seedBrainProject(org.id, users);
  await seedChestProject(org.id, users);
  await seedOutlineProject(org.id, users);
  return ACCOUNTS.map((a) => ({ role: a.label, email: users[a.key]!.email, password: DEMO_PASSWORD }));
}

async function seedProject(orgId: string, users: Record<string, SeededUser>) {
  const pm: OrgContext = { actor: users.pm!, orgId, role: 'MEMBER' };
  if ((await listProjects({ ...pm, role: 'OWNER' }, { includeArchived: true, limit: 1, name: PROJECT })).items.length) return;
  const { id: projectId } = await createProject(pm, {
    name: PROJECT,
    description: 'Chest CT: is there a nodule, how likely is it malignant, outline it and measure its long axis.',
    modality: 'CT',
    readersPerCase: 3,
    blinded: true,
    consensusMethod: 'STAPLE',
    autoAcceptThreshold: 0.7,
    labelSchema: DEMO_SCHEMA,
  });
  const ctx = { ...pm, projectId, projectRole: 'MANAGER' as const };
  for (const a of ACCOUNTS) if (a.projectRole && a.key !== 'pm') await setProjectMember(ctx, users[a.key]!.email, a.projectRole);
  for (let i = 1; i <= 12; i++) await createCase(ctx, { label: `Chest CT ${String(i).padStart(3, '0')}`, priority: i <= 2 ? 10 : 0 });
  await distribute(ctx);
  await seedDemoReads(ctx, [users.reader1!, users.reader2!, users.reader3!]);
}

const MR_SERIES = path.resolve(import.meta.dirname, 'data/mr-brain-t1/t1_MPRAGEcr_noGRAPPA_19');
const CXR_FILES = path.resolve(import.meta.dirname, 'data/cxr-lungs');

/** A project with a real MR series (48 contiguous slices of prisma/seed/data/mr-brain-t1), ingested like an upload. */
const seedBrainProject = (orgId: string, users: Record<string, SeededUser>) =>
  seedImagingProject(orgId, users, {
    name: 'Brain MR volumetry (demo)',
    description: 'T1 MPRAGE: outline the lateral ventricles. Real images (Chris Rorden, BSD-2-Clause), de-identified on the way in.',
    modality: 'MR',
    autoAcceptThreshold: 0.8,
    labelSchema: BRAIN_SCHEMA,
    files: fs.readdirSync(MR_SERIES).sort().slice(64, 112).map((f) => path.join(MR_SERIES, f)),
  });

/** Three real chest X-rays (prisma/seed/data/cxr-lungs) for outlining the lungs with the model's suggestions. */
const seedChestProject = (orgId: string, users: Record<string, SeededUser>) =>
  seedImagingProject(orgId, users, {
    name: 'Chest X-ray lung fields (demo)',
    description: 'Outline each lung field: a model proposes both lungs when an image opens (accept, edit or reject), and the S key (Suggest) proposes a mask from a click. NLM Montgomery County set (public domain, cite Jaeger et al. 2014).',
    modality: 'CR',
    autoAcceptThreshold: 0.9,
    labelSchema: CHEST_SCHEMA,
    files: fs.readdirSync(CXR_FILES).filter((n) => n.endsWith('.dcm')).sort().map((f) => path.join(CXR_FILES, f)),
    setup: (ctx) => selectModel(ctx, 'preannotation', SHIPPED_PREANNOTATION_ID, { 'right lung': 'right_lung', 'left lung': 'left_lung' }),
  });

const LIDC = path.resolve(import.meta.dirname, 'data/lidc-0221');

/** One real nodule (LIDC-IDRI 0221) outlined by three radiologists who disagree: the lead's adjudication demo. */
const seedOutlineProject = (orgId: string, users: Record<string, SeededUser>) =>
  seedImagingProject(orgId, users, {
    name: 'Nodule outlines (demo)',
    description: 'Outline the nodule. Seven CT crops of LIDC-IDRI 0221 (CC BY 3.0) with three radiologists’ real outlines as the reads; their disagreement waits for the lead.',
    modality: 'CT',
    autoAcceptThreshold: 0.9,
    readersPerCase: 3,
    labelSchema: NODULE_OUTLINE_SCHEMA,
    files: fs.readdirSync(LIDC).filter((n) => n.endsWith('.dcm')).sort().map((f) => path.join(LIDC, f)),
    reads: (ctx) => seedOutlineReads(ctx, [users.reader1!, users.reader2!, users.reader3!], path.join(LIDC, 'reads.json')),
  });

/** A blinded STAPLE project (two readers a case unless told) whose cases are real DICOM files ingested like an upload, then distributed. */
async function seedImagingProject(
  orgId: string,
  users: Record<string, SeededUser>,
  p: {
    name: string;
    description: string;
    modality: string;
    autoAcceptThreshold: number;
    labelSchema: TLabelSchema;
    files: string[];
    readersPerCase?: number;
    /** Project settings beyond creation (models). */
    setup?: (ctx: ProjectContext) => Promise<void>;
    reads?: (ctx: ProjectContext) => Promise<void>;
  },
) {
  const pm: OrgContext = { actor: users.pm!, orgId, role: 'MEMBER' };
  if ((await listProjects({ ...pm, role: 'OWNER' }, { includeArchived: true, limit: 1, name: p.name })).items.length) return;
  const { files, reads, setup, readersPerCase = 2, ...settings } = p;
  const { id: projectId } = await createProject(pm, { ...settings, readersPerCase, blinded: true, consensusMethod: 'STAPLE' });
  const ctx = { ...pm, projectId, projectRole: 'MANAGER' as const };
  for (const a of ACCOUNTS) if (a.projectRole && a.key !== 'pm') await setProjectMember(ctx, users[a.key]!.email, a.projectRole);
  await setup?.(ctx);
  const batch = await startBatch(ctx, 'CLI');
  for (const f of files) await ingestFile({ ...ctx, batchId: batch.id }, { name: path.basename(f), bytes: fs.readFileSync(f) });
  await drain(seriesRefreshJob, refreshSeries);
  await distribute(ctx);
  await reads?.(ctx);
}
