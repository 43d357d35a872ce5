import { beforeAll, describe, expect, it } from 'vitest';
import { fingerprint } from '../../db/fingerprint';
import { projectWorld, type WorldRole } from '../../testing/project-world';
import type { createCaller } from '../root';

/**
 * Every procedure × every org and project role × an outsider, against DESIGN.md's "Who may do
 * what". Denied means FORBIDDEN where the resource is visible and NOT_FOUND ("… not found" for
 * the organization or project) where it is not; a denied call changes nothing.
 */
type Api = ReturnType<typeof createCaller>;
type World = Awaited<ReturnType<typeof projectWorld>>;
type Expect = 'allow' | 'FORBIDDEN' | 'HIDDEN';

const ROLES: WorldRole[] = ['OWNER', 'ADMIN', 'MEMBER', 'MANAGER', 'LEAD', 'READER', 'outsider'];

function expected(allowed: WorldRole[], forbidden: WorldRole[]): Record<WorldRole, Expect> {
  return Object.fromEntries(ROLES.map((r) => [r, allowed.includes(r) ? 'allow' : forbidden.includes(r) ? 'FORBIDDEN' : 'HIDDEN'])) as Record<WorldRole, Expect>;
}

const PM: WorldRole[] = ['OWNER', 'ADMIN', 'MANAGER'];
const PM_LEAD: WorldRole[] = [...PM, 'LEAD'];
const IN_PROJECT: WorldRole[] = [...PM_LEAD, 'READER'];
const IN_ORG: WorldRole[] = ['OWNER', 'ADMIN', 'MEMBER', 'MANAGER', 'LEAD', 'READER'];

let w: World;
let otherReadersAssignment: string;

const MATRIX: [string, (api: Api) => Promise<unknown>, Record<WorldRole, Expect>][] = [
  ['org.members', (api) => api.org.members({ orgSlug: w.scope.orgSlug }), expected(['OWNER', 'ADMIN'], ['MEMBER', 'MANAGER', 'LEAD', 'READER'])],
  ['org.setRole', (api) => api.org.setRole({ orgSlug: w.scope.orgSlug, userId: w.users.READER.id, role: 'MEMBER' }), expected(['OWNER', 'ADMIN'], ['MEMBER', 'MANAGER', 'LEAD', 'READER'])],
  ['org.audit', (api) => api.org.audit({ orgSlug: w.scope.orgSlug, limit: 5 }), expected(['OWNER', 'ADMIN'], ['MEMBER', 'MANAGER', 'LEAD', 'READER'])],
  ['invitation.pending', (api) => api.invitation.pending({ orgSlug: w.scope.orgSlug }), expected(['OWNER', 'ADMIN'], ['MEMBER', 'MANAGER', 'LEAD', 'READER'])],
  ['invitation.revoke', (api) => api.invitation.revoke({ orgSlug: w.scope.orgSlug, invitationId: 'none' }).catch((e: { message?: string }) => { if (e.message === 'Invitation not found') return; throw e; }), expected(['OWNER', 'ADMIN'], ['MEMBER', 'MANAGER', 'LEAD', 'READER'])],
  ['project.list', (api) => api.project.list({ orgSlug: w.scope.orgSlug }), expected(IN_ORG, [])],
  ['project.create', (api) => api.project.create({ orgSlug: w.scope.orgSlug, name: `P ${Math.random()}`, description: '', modality: null, readersPerCase: 1, blinded: true, consensusMethod: 'MAJORITY', autoAcceptThreshold: null }), expected(['OWNER', 'ADMIN'], ['MEMBER', 'MANAGER', 'LEAD', 'READER'])],
  ['project.get', (api) => api.project.get(w.scope), expected(IN_PROJECT, [])],
  ['project.reidentify', (api) => api.project.reidentify({ ...w.scope, studyInstanceUid: '2.25.1' }).catch((e: { message?: string }) => { if (e.message === 'Re-identification record not found') return; throw e; }), expected(['OWNER', 'ADMIN'], ['MANAGER', 'LEAD', 'READER'])],
  ['project.labelSchema', (api) => api.project.labelSchema(w.scope), expected(IN_PROJECT, [])],
  ['project.updateSettings', async (api) => { const p = await api.project.get(w.scope); return api.project.updateSettings({ ...w.scope, name: p.name, description: p.description, modality: p.modality, readersPerCase: p.readersPerCase, blinded: p.blinded, consensusMethod: p.consensusMethod, autoAcceptThreshold: p.autoAcceptThreshold }); }, expected(PM, ['LEAD', 'READER'])],
  ['project.setArchived', (api) => api.project.setArchived({ ...w.scope, archived: false }), expected(PM, ['LEAD', 'READER'])],
  ['project.saveLabelSchema', async (api) => api.project.saveLabelSchema({ ...w.scope, schema: (await api.project.labelSchema(w.scope)).schema }), expected(PM, ['LEAD', 'READER'])],
  ['project.members', (api) => api.project.members(w.scope), expected(PM_LEAD, ['READER'])],
  ['project.setMember', (api) => api.project.setMember({ ...w.scope, email: w.readers[1]!.email, role: 'READER' }), expected(PM, ['LEAD', 'READER'])],
  ['project.removeMember', (api) => api.project.removeMember({ ...w.scope, userId: 'nobody' }).catch((e: { message?: string }) => { if (e.message === 'Project member not found') return; throw e; }), expected(PM, ['LEAD', 'READER'])],
  ['project.progress', (api) => api.project.progress(w.scope), expected(PM_LEAD, ['READER'])],
  ['case.list', (api) => api.case.list(w.scope), expected(PM_LEAD, ['READER'])],
  // Another reader's read: those who see all reads open it (read-only); to everyone else it does not exist.
  ['assignment.get (another reader’s)', (api) => api.assignment.get({ orgSlug: w.scope.orgSlug, assignmentId: otherReadersAssignment }), expected(PM_LEAD, [])],
  ['assignment.collabToken (another reader’s)', (api) => api.assignment.collabToken({ orgSlug: w.scope.orgSlug, assignmentId: otherReadersAssignment }), expected(PM_LEAD, [])],
  ['case.create', (api) => api.case.create({ ...w.scope, label: `C ${Math.random()}`, priority: 0 }), expected(PM, ['LEAD', 'READER'])],
  ['case.distribute', (api) => api.case.distribute(w.scope), expected(PM, ['LEAD', 'READER'])],
  ['case.reassign', (api) => api.case.reassign({ ...w.scope, assignmentId: 'nothing', readerId: 'nobody' }).catch((e: { message?: string }) => { if (e.message === 'Assignment not found') return; throw e; }), expected(PM, ['LEAD', 'READER'])],
  ['case.reopen', (api) => api.case.reopen({ ...w.scope, assignmentId: 'nothing', reason: 'check' }).catch((e: { message?: string }) => { if (e.message === 'Assignment not found') return; throw e; }), expected(PM, ['LEAD', 'READER'])],
  ['report.project', (api) => api.report.project(w.scope), expected(PM_LEAD, ['READER'])],
  ['report.csv', (api) => api.report.csv(w.scope), expected(PM_LEAD, ['READER'])],
  ['report.case', (api) => api.report.case({ ...w.scope, caseId: 'nothing' }).catch((e: { message?: string }) => { if (e.message === 'Case agreement not found') return; throw e; }), expected(PM_LEAD, ['READER'])],
  ['adjudication.queue', (api) => api.adjudication.queue(w.scope), expected(PM_LEAD, ['READER'])],
  ['adjudication.decisions', (api) => api.adjudication.decisions({ ...w.scope, caseId: 'nothing' }), expected(PM_LEAD, ['READER'])],
  ['adjudication.view', (api) => api.adjudication.view({ ...w.scope, caseId: 'nothing' }).catch((e: { message?: string }) => { if (e.message === 'Case agreement not found') return; throw e; }), expected(PM_LEAD, ['READER'])],
  ['adjudication.consensusToken', (api) => api.adjudication.consensusToken({ ...w.scope, caseId: 'nothing' }).catch((e: { message?: string }) => { if (e.message === 'Case agreement not found') return; throw e; }), expected(PM_LEAD, ['READER'])],
  ['adjudication.finalize', (api) => api.adjudication.finalize({ ...w.scope, caseId: 'nothing' }).catch((e: { message?: string }) => { if (e.message === 'Case agreement not found') return; throw e; }), expected(['LEAD'], ['OWNER', 'ADMIN', 'MANAGER', 'READER'])],
  ['adjudication.comments', (api) => api.adjudication.comments({ ...w.scope, caseId: 'nothing' }).catch((e: { message?: string }) => { if (e.message === 'Case agreement not found') return; throw e; }), expected(PM_LEAD, ['READER'])],
  ['adjudication.comment', (api) => api.adjudication.comment({ ...w.scope, caseId: 'nothing', item: 'label:x', body: 'x' }).catch((e: { message?: string }) => { if (e.message === 'Case agreement not found') return; throw e; }), expected(PM_LEAD, ['READER'])],
  ['adjudication.resolveThread', (api) => api.adjudication.resolveThread({ ...w.scope, caseId: 'nothing', item: 'label:x' }).catch((e: { message?: string }) => { if (e.message === 'Case agreement not found') return; throw e; }), expected(['LEAD'], ['OWNER', 'ADMIN', 'MANAGER', 'READER'])],
  ['adjudication.invite', (api) => api.adjudication.invite({ ...w.scope, caseId: 'nothing', readerId: 'nobody' }).catch((e: { message?: string }) => { if (e.message === 'Case agreement not found') return; throw e; }), expected(['LEAD'], ['OWNER', 'ADMIN', 'MANAGER', 'READER'])],
  ['adjudication.uninvite', (api) => api.adjudication.uninvite({ ...w.scope, caseId: 'nothing', readerId: 'nobody' }).catch((e: { message?: string }) => { if (e.message === 'Case agreement not found') return; throw e; }), expected(['LEAD'], ['OWNER', 'ADMIN', 'MANAGER', 'READER'])],
  ['adjudication.invitations', (api) => api.adjudication.invitations({ orgSlug: w.scope.orgSlug }), expected(IN_ORG, [])],
  ['adjudication.decide', (api) => api.adjudication.decide({ ...w.scope, caseId: 'nothing', choices: [] }).catch((e: { message?: string }) => { if (e.message === 'Case agreement not found') return; throw e; }), expected(['LEAD'], ['OWNER', 'ADMIN', 'MANAGER', 'READER'])],
  ['report.recompute', (api) => api.report.recompute(w.scope), expected(PM, ['LEAD', 'READER'])],
  ['case.setGold', (api) => api.case.setGold({ ...w.scope, caseId: 'nothing', answers: null }).catch((e: { message?: string }) => { if (e.message === 'Case not found') return; throw e; }), expected(PM, ['LEAD', 'READER'])],
  ['case.goldAccuracy', (api) => api.case.goldAccuracy(w.scope), expected(PM_LEAD, ['READER'])],
  ['model.active', (api) => api.model.active(w.scope), expected(IN_PROJECT, [])],
  ['model.list', (api) => api.model.list(w.scope), expected(PM, ['LEAD', 'READER'])],
  ['model.select', (api) => api.model.select({ ...w.scope, task: 'segmentation', modelId: 'click-seg' }), expected(PM, ['LEAD', 'READER'])],
  ['model.assistStats', (api) => api.model.assistStats(w.scope), expected(PM_LEAD, ['READER'])],
  ['export.create', (api) => api.export.create({ ...w.scope, options: { formats: ['nifti'] } }), expected(PM, ['LEAD', 'READER'])],
  ['export.list', (api) => api.export.list(w.scope), expected(PM, ['LEAD', 'READER'])],
  ['export.get', (api) => api.export.get({ ...w.scope, exportId: 'nothing' }).catch((e: { message?: string }) => { if (e.message === 'Export not found') return; throw e; }), expected(PM, ['LEAD', 'READER'])],
  ['assignment.worklist', (api) => api.assignment.worklist({ orgSlug: w.scope.orgSlug }), expected(IN_ORG, [])],
  ['assignment.next', (api) => api.assignment.next({ orgSlug: w.scope.orgSlug }), expected(IN_ORG, [])],
];

// Another reader's assignment is hidden from everyone, the project's managers included: reader actions are the reader's own.
const OWN_ONLY: [string, (api: Api) => Promise<unknown>][] = [
  ['assignment.flag', (api) => api.assignment.flag({ orgSlug: w.scope.orgSlug, assignmentId: otherReadersAssignment, flag: { kind: 'other', note: '' } })],
  ['assignment.start', (api) => api.assignment.start({ orgSlug: w.scope.orgSlug, assignmentId: otherReadersAssignment })],
  ['assignment.skip', (api) => api.assignment.skip({ orgSlug: w.scope.orgSlug, assignmentId: otherReadersAssignment, reason: 'not mine' })],
  ['assignment.submit', (api) => api.assignment.submit({ orgSlug: w.scope.orgSlug, assignmentId: otherReadersAssignment, answers: {} })],
];

beforeAll(async () => {
  w = await projectWorld({ readers: 3, readersPerCase: 1 });
  const pm = await w.as(w.users.MANAGER);
  await pm.case.create({ ...w.scope, label: 'Seed case', priority: 0 });
  await pm.case.distribute(w.scope);
  const a = (await pm.case.list(w.scope)).items[0]!.assignments[0]!;
  // Make sure the world's READER is not the owner of that assignment.
  if (a.readerId === w.users.READER.id) await pm.case.reassign({ ...w.scope, assignmentId: a.id, readerId: w.readers[1]!.id });
  otherReadersAssignment = a.id;
});

async function outcome(call: () => Promise<unknown>): Promise<string> {
  try {
    await call();
    return 'allow';
  } catch (e) {
    const err = e as { code?: string; message?: string };
    if (err.code === 'FORBIDDEN') return 'FORBIDDEN';
    if (err.code === 'NOT_FOUND' && /^(Organization|Project|Assignment) not found$/.test(err.message ?? '')) return 'HIDDEN';
    return `${err.code}: ${err.message}`;
  }
}

describe('[AUTHZ]: procedure × role matrix', () => {
  for (const [name, call, want] of MATRIX) {
    for (const role of ROLES) {
      it(`${name} as ${role} → ${want[role]}`, async () => {
        const api = await w.as(w.users[role]);
        const before = want[role] === 'allow' ? null : await fingerprint();
        expect(await outcome(() => call(api))).toBe(want[role]);
        if (before) expect(await fingerprint()).toEqual(before);
      });
    }
  }

  for (const [name, call] of OWN_ONLY) {
    it(`${name} on another reader's assignment is NOT_FOUND for every role, and changes nothing`, async () => {
      for (const role of ROLES) {
        const api = await w.as(w.users[role]);
        const before = await fingerprint();
        await expect(call(api), role).rejects.toMatchObject({ code: 'NOT_FOUND' });
        expect(await fingerprint()).toEqual(before);
      }
    });
  }
});
