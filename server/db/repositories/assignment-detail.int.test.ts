import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIXTURES, filesIn, ingestAs, withChangedTag } from '../../testing/dicom';
import { projectWorld } from '../../testing/project-world';
import { db } from '../client';
import { assignmentReadRepository, detailedSelect } from './assignment.repository';

describe('[READING] the case page’s assignment lookup', () => {
  it('answers what Prisma answers: reader, case with its study’s series and the other readers, project with the viewer’s membership; and the series’ slices', { timeout: 60_000 }, async () => {
    const w = await projectWorld({ readers: 3, readersPerCase: 3 });
    const files = filesIn(FIXTURES.mrSeries);
    // One study of two series, the second without a series number.
    const second = files.slice(40, 42).map((f) => ({ name: `b-${f}`, bytes: withChangedTag(fs.readFileSync(f), 'x0020000e', '7') }));
    await ingestAs(w.users.MANAGER, w.scope, [...files.slice(20, 22).map((f) => ({ name: f, bytes: fs.readFileSync(f) })), ...second]);
    await (await w.as(w.users.MANAGER)).case.distribute(w.scope);
    const { projectId } = w.scope;
    const c = await db().case.findFirstOrThrow({ where: { projectId } });
    const [one, two] = await db().series.findMany({ where: { projectId }, orderBy: { seriesInstanceUid: 'asc' } });
    await db().series.update({ where: { id: one!.id }, data: { needsPixelReview: true, pixelReviewedAt: new Date('2026-11-30T08:15:42.123Z') } });
    await db().series.update({ where: { id: two!.id }, data: { seriesNumber: null } });
    await db().case.update({ where: { id: c.id }, data: { goldAnswers: { nodule_present: 'yes' } } });
    const assignments = await db().assignment.findMany({ where: { caseId: c.id }, orderBy: { id: 'asc' } });
    expect(assignments).toHaveLength(3);
    // The other readers in the order they were given the case; a skipped one is not among them.
    for (const [i, a] of assignments.entries()) await db().assignment.update({ where: { id: a.id }, data: { assignedAt: new Date(Date.UTC(2026, 10, 1, 9, 3 - i)) } });
    await db().assignment.update({ where: { id: assignments[1]!.id }, data: { status: 'SKIPPED', skipReason: 'Wrong series' } });
    const orgId = assignments[0]!.orgId;
    for (const viewer of [w.readers[0]!, w.users.MANAGER, w.users.ADMIN, w.users.outsider]) {
      for (const a of assignments) {
        const byPrisma = await db().assignment.findFirst({ where: { id: a.id, orgId }, select: detailedSelect(viewer.id) });
        expect(await assignmentReadRepository.findDetailed(orgId, a.id, viewer.id)).toEqual(byPrisma);
      }
    }
    const mine = await assignmentReadRepository.findDetailed(orgId, assignments[0]!.id, w.users.MANAGER.id);
    expect(mine!.case.assignments).toHaveLength(2);
    expect(mine!.case.study!.series.find((s) => s.id === one!.id)!.pixelReviewedAt).toEqual(new Date('2026-11-30T08:15:42.123Z'));
    // The series' slices, as Prisma reads them (float arrays, nullable numbers).
    const slices = (rows: { sopInstanceUid: string }[]) => [...rows].sort((x, y) => x.sopInstanceUid.localeCompare(y.sopInstanceUid));
    const select = { sopInstanceUid: true, imagePosition: true, imageOrientation: true, instanceNumber: true, numberOfFrames: true } as const;
    for (const s of [one!, two!]) expect(slices(await assignmentReadRepository.seriesSlices(orgId, s.id))).toEqual(slices(await db().instance.findMany({ where: { orgId, seriesId: s.id }, select })));
    expect(await assignmentReadRepository.seriesSlices(orgId, one!.id)).toHaveLength(2);
    // Another organization's id finds nothing.
    const other = await db().membership.findFirstOrThrow({ where: { userId: w.users.outsider.id }, select: { orgId: true } });
    expect(await assignmentReadRepository.findDetailed(other.orgId, assignments[0]!.id, w.users.outsider.id)).toBeNull();
    expect(await assignmentReadRepository.seriesSlices(other.orgId, one!.id)).toEqual([]);
  });
});
