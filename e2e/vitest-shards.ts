/**
 * Vitest in two processes at once, each with its own database. On a 2-core machine one Vitest
 * worker waits on its database most of the time; two workers sharing one database break the
 * tests that check a forbidden action left every table as it was (they count whole tables).
 * Embedded: each process starts its own. PostgreSQL: the second process gets a fresh sibling
 * database on the same server (`<name>_vitest2`, dropped after), or, where it may not be
 * created, the tests run in one process.
 */
import { spawn } from 'node:child_process';
import pg from 'pg';

export interface ShardRun {
  code: number;
  output: string;
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<ShardRun> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('exit', (code) => resolve({ code: code ?? 1, output }));
  });
}

/** A second database beside `url`'s, created empty; null where the server refuses. */
async function siblingDatabase(url: string): Promise<{ url: string; drop(): Promise<void> } | null> {
  const u = new URL(url);
  const name = `${u.pathname.slice(1) || 'postgres'}_vitest2`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  try {
    await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin(`CREATE DATABASE "${name}"`);
  } catch (err) {
    console.log(`Vitest in one process: no second database could be made beside DATABASE_URL (${(err as Error).message})`);
    return null;
  }
  u.pathname = `/${name}`;
  return { url: u.toString(), drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => {}) };
}

/** Runs `vitest run` split in two (by file), each half's output printed when it ends; `json(i)` names each half's report. Returns each half's exit code and report. */
export async function vitestInShards(vitest: string, cwd: string, env: NodeJS.ProcessEnv, json: (shard: number) => string): Promise<{ code: number; report: string }[]> {
  const sibling = env.DATABASE_URL ? await siblingDatabase(env.DATABASE_URL) : undefined;
  const shards = sibling === null ? 1 : 2;
  try {
    const runs = Array.from({ length: shards }, (_, i) => {
      const shardEnv = i === 1 && sibling ? { ...env, DATABASE_URL: sibling.url } : env;
      const args = ['run', ...(shards > 1 ? [`--shard=${i + 1}/${shards}`] : []), '--reporter=default', '--reporter=json', `--outputFile.json=${json(i + 1)}`];
      return run(vitest, args, cwd, shardEnv).then((r) => {
        console.log(`\n── Vitest ${i + 1} of ${shards} ──\n${r.output}`);
        return { code: r.code, report: json(i + 1) };
      });
    });
    return await Promise.all(runs);
  } finally {
    await sibling?.drop();
  }
}
