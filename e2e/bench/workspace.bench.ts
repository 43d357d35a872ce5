/**
 * Workspace queries at scale: 100 000 cases × 3 assignments in one project; p50/p95 of the
 * reader worklist, "next case" and the project progress through tRPC (server-side caller, real
 * database), on the embedded database and on PostgreSQL.
 */
import { createOrg, createUser } from '../../prisma/seed/factories';
import { reloadEnv } from '../../server/config/env';
import { bulkCasesWithAssignments } from '../../server/db/bench-seed';
import { disconnectDb } from '../../server/db/client';
import { callerFor } from '../../server/testing/callers';
import { percentile } from './machine';

const CASES = Number(process.env.BENCH_CASES ?? 100_000);
const READERS = 12;

async function time(n: number, fn: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 5; i++) await fn(); // warm up plans and pools
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
}

export async function workspaceBench(url: string, label: string) {
  process.env.DATABASE_URL = url;
  process.env.AUTH_SECRET ??= 'bench-secret-that-is-at-least-32-characters';
  reloadEnv();
  const pm = await createUser({ name: 'Bench PM' });
  const readers = await Promise.all(Array.from({ length: READERS }, (_, i) => createUser({ name: `Bench Reader ${i}` })));
  const org = await createOrg({ members: [{ user: pm, role: 'ADMIN' }, ...readers.map((r) => ({ user: r, role: 'MEMBER' as const }))] });
  const pmApi = await callerFor(pm);
  const { id: projectId } = await pmApi.project.create({ orgSlug: org.slug, name: 'Bench', description: '', modality: 'CT', readersPerCase: 3, blinded: true, consensusMethod: 'MAJORITY', autoAcceptThreshold: null });
  const scope = { orgSlug: org.slug, projectId };
  for (const r of readers) await pmApi.project.setMember({ ...scope, email: r.email, role: 'READER' });
  const t0 = performance.now();
  await bulkCasesWithAssignments(org.id, projectId, readers.map((r) => r.id), CASES, 3);
  const seedS = (performance.now() - t0) / 1000;

  const reader = await callerFor(readers[0]!);
  const rows = [
    ['reader worklist (first page of 50)', await time(100, () => reader.assignment.worklist({ orgSlug: org.slug, limit: 50 }))],
    ['reader "next case"', await time(100, () => reader.assignment.next({ orgSlug: org.slug }))],
    ['project progress', await time(50, () => pmApi.project.progress(scope))],
    ['project cases (first page of 50)', await time(50, () => pmApi.case.list({ ...scope, limit: 50 }))],
  ] as const;
  await disconnectDb();
  return { label, seedS, rows };
}

export function workspaceTable(results: Awaited<ReturnType<typeof workspaceBench>>[]): string {
  const lines = [`${CASES.toLocaleString('en')} cases × 3 assignments, ${READERS} readers, one project; times in ms through the tRPC caller.`, '', '| query | ' + results.map((r) => `${r.label} p50 | ${r.label} p95`).join(' | ') + ' |', '|---|' + results.map(() => '---:|---:').join('|') + '|'];
  for (let i = 0; i < results[0]!.rows.length; i++) {
    lines.push(`| ${results[0]!.rows[i]![0]} | ` + results.map((r) => `${r.rows[i]![1].p50.toFixed(1)} | ${r.rows[i]![1].p95.toFixed(1)}`).join(' | ') + ' |');
  }
  lines.push('', 'Seeding (bulk SQL): ' + results.map((r) => `${r.label} ${r.seedS.toFixed(1)} s`).join(', ') + '.');
  return lines.join('\n');
}
