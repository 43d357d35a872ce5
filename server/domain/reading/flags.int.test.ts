import { describe, expect, it } from 'vitest';
import { fingerprint } from '../../db/fingerprint';
import { projectWorld } from '../../testing/project-world';

describe('[READING] a reader flags a problem with a case', () => {
  it('reaches the PM on the case list; nobody flags someone else’s case; bad input changes nothing', async () => {
    const w = await projectWorld({ readers: 2, readersPerCase: 1 });
    const pm = await w.as(w.users.MANAGER);
    await pm.case.create({ ...w.scope, label: 'Case 1' });
    await pm.case.distribute(w.scope);
    const assignee = (await pm.case.list(w.scope)).items[0]!.assignments[0]!;
    const owner = w.readers.find((r) => r.id === assignee.readerId)!;
    const other = w.readers.find((r) => r.id !== assignee.readerId)!;
    const mine = await w.as(owner);
    await mine.assignment.flag({ orgSlug: w.scope.orgSlug, assignmentId: assignee.id, flag: { kind: 'burned_in_text', note: 'Name visible top left' } });
    expect((await pm.case.list(w.scope)).items[0]!.flags).toMatchObject([{ kind: 'burned_in_text', note: 'Name visible top left', readerName: owner.name }]);

    const stranger = await w.as(other);
    const outsider = await w.as(w.users.outsider);
    const before = await fingerprint(['Case', 'Assignment']);
    const flags = async () => (await pm.case.list(w.scope)).items[0]!.flags.length;
    await expect(stranger.assignment.flag({ orgSlug: w.scope.orgSlug, assignmentId: assignee.id, flag: { kind: 'other', note: '' } })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(outsider.assignment.flag({ orgSlug: w.scope.orgSlug, assignmentId: assignee.id, flag: { kind: 'other', note: '' } })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(mine.assignment.flag({ orgSlug: w.scope.orgSlug, assignmentId: assignee.id, flag: { kind: 'laser' as never, note: '' } })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await flags()).toBe(1);
    expect(await fingerprint(['Case', 'Assignment'])).toEqual(before);
  });
});
