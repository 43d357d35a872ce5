import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { db } from '../../db/client';
import { FIXTURES, filesIn, ingestAs, withChangedTag } from '../../testing/dicom';
import { projectWorld } from '../../testing/project-world';

describe('[READING] the series a case opens on', () => {
  it('is the study’s lowest-numbered series a reader may see, or the case’s own series', { timeout: 60_000 }, async () => {
    const w = await projectWorld({ readers: 1, readersPerCase: 1 });
    const pm = await w.as(w.users.MANAGER);
    // One study: series 19 as it is, and series 10 made from other slices.
    const files = filesIn(FIXTURES.mrSeries);
    const second = files.slice(40, 42).map((f) => ({ name: `b-${f}`, bytes: withChangedTag(withChangedTag(fs.readFileSync(f), 'x0020000e', '7'), 'x00200011', '0') }));
    const first = files.slice(20, 22).map((f) => ({ name: f, bytes: fs.readFileSync(f) }));
    await ingestAs(w.users.MANAGER, w.scope, [...first, ...second]);
    await pm.case.distribute(w.scope);
    const series = await db().series.findMany({ where: { projectId: w.scope.projectId }, select: { id: true, seriesInstanceUid: true, seriesNumber: true } });
    expect(series.map((s) => s.seriesNumber).sort()).toEqual([10, 19]);
    const [ten, nineteen] = [series.find((s) => s.seriesNumber === 10)!, series.find((s) => s.seriesNumber === 19)!];
    const reader = await w.as(w.readers[0]!);
    const { assignmentId } = (await reader.assignment.next({ orgSlug: w.scope.orgSlug }))!;
    const open = async () => (await reader.assignment.get({ orgSlug: w.scope.orgSlug, assignmentId })).openSeriesUid;
    expect(await open()).toBe(ten.seriesInstanceUid);
    // Series 10 waiting for pixel review is hidden from readers: the case opens on 19.
    await db().series.update({ where: { id: ten.id }, data: { needsPixelReview: true } });
    expect(await open()).toBe(nineteen.seriesInstanceUid);
    await db().series.update({ where: { id: ten.id }, data: { pixelReviewedAt: new Date() } });
    expect(await open()).toBe(ten.seriesInstanceUid);
    // A case of one series opens on it.
    const caseRow = await db().case.findFirstOrThrow({ where: { projectId: w.scope.projectId } });
    await db().case.update({ where: { id: caseRow.id }, data: { seriesId: nineteen.id } });
    expect(await open()).toBe(nineteen.seriesInstanceUid);
    // The image to open on is named only for a series readers may see.
    const image = async () => (await reader.assignment.get({ orgSlug: w.scope.orgSlug, assignmentId })).openImage;
    expect(await image()).not.toBeNull();
    await db().series.update({ where: { id: nineteen.id }, data: { needsPixelReview: true } });
    expect(await image()).toBeNull();
  });
});

describe('[READING] the image a case opens on', () => {
  it('is the middle image of the open series in slice order, whatever order the files came in', { timeout: 60_000 }, async () => {
    const w = await projectWorld({ readers: 1, readersPerCase: 1 });
    const pm = await w.as(w.users.MANAGER);
    const files = filesIn(FIXTURES.mrSeries).slice(20, 29);
    await ingestAs(w.users.MANAGER, w.scope, [...files].reverse().map((f) => ({ name: f, bytes: fs.readFileSync(f) })));
    await pm.case.distribute(w.scope);
    const reader = await w.as(w.readers[0]!);
    const { assignmentId } = (await reader.assignment.next({ orgSlug: w.scope.orgSlug }))!;
    const { openImage } = await reader.assignment.get({ orgSlug: w.scope.orgSlug, assignmentId });
    // The oracle: instance numbers, which in this series run with the slice position.
    const rows = await db().instance.findMany({ where: { projectId: w.scope.projectId }, orderBy: { instanceNumber: 'asc' }, select: { sopInstanceUid: true, imagePosition: true } });
    const along = rows.map((r) => r.imagePosition);
    const steps = along.slice(1).map((p, i) => p.map((v, k) => v - along[i]![k]!));
    expect(steps.every((s) => s.reduce((n, v, k) => n + v * steps[0]![k]!, 0) > 0)).toBe(true);
    expect(openImage).toEqual({ sopUid: rows[4]!.sopInstanceUid, frame: 1 });
  });
});
