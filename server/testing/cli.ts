import { execFile } from 'node:child_process';
import { inject } from 'vitest';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `npm run -s concord -- <args>` as a separate process on the test database. */
export function cli(args: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'server/cli/main.ts', ...args],
      { env: { ...process.env, DATABASE_URL: inject('databaseUrl'), ...env }, cwd: process.cwd() },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}
