import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { db } from '../db/client';
import { FIXTURES, filesIn } from '../testing/dicom';
import { projectWorld } from '../testing/project-world';
import { cli } from '../testing/cli';


describe('[CLI] import', () => {
  it('imports a folder and a zip with progress and a summary; bad files are listed with reasons', { timeout: 180_000 }, async () => {
    const world = await projectWorld();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-import-'));
    // More than one group of files (GROUP_FILES): every group's series job, and the last one covers them all.
    const slices = filesIn(FIXTURES.mrSeries).slice(0, 20);
    for (const f of slices) fs.copyFileSync(f, path.join(dir, path.basename(f)));
    fs.writeFileSync(path.join(dir, 'notes.docx'), 'not an image');

    const run = await cli(['import', dir, '--project', world.scope.projectId]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/\[#+\] 21\/21/);
    expect(run.stdout).toMatch(/accepted\s+duplicates\s+rejected/);
    expect(run.stdout).toMatch(/notes\.docx\s+Not a DICOM file/);

    const zip = path.join(dir, 'study.zip');
    fs.writeFileSync(zip, zipSync({ 'a/one.dcm': fs.readFileSync(slices[0]!), 'a/two.dcm': fs.readFileSync(filesIn(FIXTURES.mrSeries)[25]!) }));
    const zipped = await cli(['import', zip, '--project', world.scope.projectId, '--json']);
    expect(zipped.code, zipped.stderr).toBe(0);
    expect(JSON.parse(zipped.stdout)).toMatchObject({ files: 2, accepted: 1, duplicates: 1, rejected: 0 });

    expect(await db().instance.count({ where: { projectId: world.scope.projectId } })).toBe(21);
    const [series] = await db().series.findMany({ where: { projectId: world.scope.projectId }, select: { quality: true } });
    expect(series!.quality).toMatchObject({ instances: 21 });
    expect(await db().case.count({ where: { projectId: world.scope.projectId, studyId: { not: null } } })).toBe(1);
    expect((await cli(['import', dir, '--project', 'no-such-project'])).code).toBe(1);
  });
});
