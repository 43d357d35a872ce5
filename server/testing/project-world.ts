import { createOrg, createUser, type SeededUser } from '../../prisma/seed/factories';
import type { TLabelSchema } from '../contracts/label-schema';
import { callerFor } from './callers';

export const LUNG_SCHEMA: TLabelSchema = {
  questions: [
    { id: 'nodule_present', type: 'single', text: 'Nodule present?', required: true, help: '', options: [{ id: 'yes', label: 'Yes' }, { id: 'no', label: 'No' }] },
    {
      id: 'malignancy',
      type: 'ordinal',
      text: 'Malignancy',
      required: false,
      help: '',
      options: [1, 2, 3, 4, 5].map((v) => ({ id: `m${v}`, value: v, label: String(v), description: '' })),
    },
  ],
  labels: [{ id: 'nodule', name: 'Nodule', color: '#e4572e', kind: 'segmentation', attributes: [] }],
};

export type WorldRole = 'OWNER' | 'ADMIN' | 'MEMBER' | 'MANAGER' | 'LEAD' | 'READER' | 'outsider';

/**
 * An organization with one user per role (org OWNER/ADMIN, a plain MEMBER with no project role,
 * a project MANAGER, LEAD and three READERs), an outsider in another organization, and one project.
 */
export async function projectWorld(opts: { readers?: number; readersPerCase?: number } = {}) {
  const n = opts.readers ?? 3;
  const [owner, admin, member, manager, lead, outsider, ...readers] = await Promise.all(
    ['Owner', 'Admin', 'Member', 'Manager', 'Lead', 'Outsider', ...Array.from({ length: n }, (_, i) => `Reader ${i + 1}`)].map((name) => createUser({ name })),
  );
  const org = await createOrg({
    members: [
      { user: owner!, role: 'OWNER' },
      { user: admin!, role: 'ADMIN' },
      ...[member, manager, lead, ...readers].map((u) => ({ user: u!, role: 'MEMBER' as const })),
    ],
  });
  await createOrg({ members: [{ user: outsider!, role: 'OWNER' }] });
  const ownerApi = await callerFor(owner!);
  const { id: projectId } = await ownerApi.project.create({
    orgSlug: org.slug,
    name: `Lung ${org.slug}`,
    description: '',
    modality: 'CT',
    readersPerCase: opts.readersPerCase ?? 2,
    blinded: true,
    consensusMethod: 'MAJORITY',
    autoAcceptThreshold: 0.8,
    labelSchema: LUNG_SCHEMA,
  });
  const scope = { orgSlug: org.slug, projectId };
  await ownerApi.project.setMember({ ...scope, email: manager!.email, role: 'MANAGER' });
  await ownerApi.project.setMember({ ...scope, email: lead!.email, role: 'LEAD' });
  for (const r of readers) await ownerApi.project.setMember({ ...scope, email: r.email, role: 'READER' });
  const users: Record<WorldRole, SeededUser> = { OWNER: owner!, ADMIN: admin!, MEMBER: member!, MANAGER: manager!, LEAD: lead!, READER: readers[0]!, outsider: outsider! };
  return { org, scope, users, readers: readers, as: (u: SeededUser) => callerFor(u) };
}
