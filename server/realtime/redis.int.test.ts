import { describe, expect, it } from 'vitest';
import { readDoc, setAnswer } from '../contracts/annotation-doc/doc';
import { loadDoc } from '../domain/reading/doc-store';
import { collabClient, until } from '../testing/collab-client';
import { projectWorld } from '../testing/project-world';
import { collabServersForTests } from '../testing/collab-server';

// Runs where REDIS_URL is set (.ci/run sets it; the machines have Redis), like DATABASE_URL for PostgreSQL.
describe.runIf(process.env.REDIS_URL)('[REALTIME]: two collaboration servers relay through Redis', () => {
  const servers = collabServersForTests(2);

  it('an edit through one server reaches a tab on the other, and is stored once', async () => {
    const w = await projectWorld({ readers: 1, readersPerCase: 1 });
    const pm = await w.as(w.users.MANAGER);
    await pm.case.create({ ...w.scope, label: 'Case 1' });
    await pm.case.distribute(w.scope);
    const api = await w.as(w.readers[0]!);
    const assignmentId = (await api.assignment.next({ orgSlug: w.scope.orgSlug }))!.assignmentId;
    const token = async () => (await api.assignment.collabToken({ orgSlug: w.scope.orgSlug, assignmentId })).token;
    const docName = `assignment:${assignmentId}`;
    const [a, b] = [0, 1].map((i) => collabClient(servers.url(i), docName, token));
    await a!.synced();
    await b!.synced();
    setAnswer(a!.doc, 'nodule_present', 'yes');
    await a!.saved();
    await until(() => readDoc(b!.doc).answers.nodule_present === 'yes', 'the other server’s client to receive the edit');
    setAnswer(b!.doc, 'malignancy', 'm2');
    await b!.saved();
    await until(() => readDoc(a!.doc).answers.malignancy === 'm2', 'the edit to travel back');
    expect(readDoc(await loadDoc(docName)).answers).toEqual({ nodule_present: 'yes', malignancy: 'm2' });
    a!.destroy();
    b!.destroy();
  });
});
