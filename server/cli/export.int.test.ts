import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { db } from '../db/client';
import { settleAgreements } from '../testing/agreement';
import { projectWorld } from '../testing/project-world';
import { cli } from '../testing/cli';


describe('[CLI] export', () => {
  it('writes a new snapshot of a project to a zip; bad options are refused before anything is stored', { timeout: 180_000 }, async () => {
    const w = await projectWorld({ readers: 1, readersPerCase: 1 });
    const pm = await w.as(w.users.MANAGER);
    await pm.case.create({ ...w.scope, label: 'Case 7', priority: 0 });
    await pm.case.distribute(w.scope);
    const reader = await w.as(w.readers[0]!);
    const a = (await reader.assignment.next({ orgSlug: w.scope.orgSlug }))!;
    await reader.assignment.submit({ orgSlug: w.scope.orgSlug, assignmentId: a.assignmentId, answers: { nodule_present: 'yes', malignancy: 'm4' } });
    const kase = await db().case.findFirstOrThrow({ where: { projectId: w.scope.projectId } });
    await settleAgreements([kase.id]);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-export-'));
    const bad = await cli(['export', '--project', w.scope.projectId, '--out', path.join(dir, 'x.zip'), '--format', 'nifti,stl']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/formats\.1: Invalid option/);
    expect(await db().exportSnapshot.count({ where: { projectId: w.scope.projectId } })).toBe(0);

    const out = path.join(dir, 'lung.zip');
    const run = await cli(['export', '--project', w.scope.projectId, '--out', out, '--format', 'coco', '--license', 'CC0-1.0', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as { files: number; sha256: string };
    expect(summary).toMatchObject({ version: 1, cases: 1, out });
    const files = unzipSync(fs.readFileSync(out));
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['manifest.json', 'README.md', 'labels.json', 'coco/consensus.json', 'tables/answers.csv', 'adjudication/Case_7.json']));
    expect(new TextDecoder().decode(files['tables/answers.csv'])).toContain('Case 7,consensus,malignancy,Malignancy,m4');
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as { files: unknown[] };
    expect(manifest).toMatchObject({ snapshot: { version: 1, createdBy: 'operator (CLI)' }, options: { formats: ['coco'], license: 'CC0-1.0' }, cases: [{ label: 'Case 7', consensus: 'accepted' }] });
    expect(summary.files).toBe(manifest.files.length);
    expect(await db().exportSnapshot.findFirstOrThrow({ where: { projectId: w.scope.projectId } })).toMatchObject({ status: 'READY', blobKey: summary.sha256 });
  });
});
