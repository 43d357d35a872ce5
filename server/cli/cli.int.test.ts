import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { cli } from '../testing/cli';
import { createOrg, createUser, uniqueId } from '../../prisma/seed/factories';
import { writeRuntime } from '../config/data-dir';
import { authenticate } from '../auth/credentials';
import { fingerprint } from '../db/fingerprint';


describe('[CLI]: usage', () => {
  it('prints help with exit 0, and usage errors with exit 2', async () => {
    const help = await cli(['help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/users create --email/);
    expect(help.stdout).toMatch(/orgs list/);
    expect((await cli([])).code).toBe(2);
    const unknown = await cli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown command: frobnicate/);
    const badFlag = await cli(['orgs', 'list', '--colour']);
    expect(badFlag.code).toBe(2);
    expect((await cli(['users', 'create', '--email', 'a@b.example'])).stderr).toMatch(/needs --email and --name/);
  });
});

describe('[CLI]: users and organizations', () => {
  it('creates a user who can sign in, and adds them to an organization', async () => {
    const owner = await createUser();
    const org = await createOrg({ members: [{ user: owner, role: 'OWNER' }] });
    const email = `${uniqueId('cli-')}@example.test`;
    const run = await cli(['users', 'create', '--email', email, '--name', 'Cli User', '--org', org.slug, '--role', 'admin', '--json']);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { email: string; role: string; password: string };
    expect(result).toMatchObject({ email, org: org.slug, role: 'ADMIN' });
    expect(await authenticate({ email, password: result.password }, null)).toMatchObject({ email });

    const list = await cli(['orgs', 'list', '--json']);
    expect(list.code).toBe(0);
    const orgs = JSON.parse(list.stdout) as { slug: string; members: number }[];
    expect(orgs.find((o) => o.slug === org.slug)?.members).toBe(2);
  });

  it('fails with exit 1 and changes nothing for a duplicate email or an unknown organization', async () => {
    const existing = await createUser();
    const before = await fingerprint();
    const dup = await cli(['users', 'create', '--email', existing.email, '--name', 'Again', '--password', 'long enough passphrase']);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toMatch(/already exists/);
    const noOrg = await cli(['users', 'create', '--email', `${uniqueId()}@example.test`, '--name', 'N', '--org', 'no-such-org', '--role', 'MEMBER']);
    expect(noOrg.code).toBe(1);
    expect(noOrg.stderr).toMatch(/Organization not found/);
    expect(await fingerprint()).toEqual(before);
  });
});

describe('[CLI]: reaching the embedded database', () => {
  it('connects to the database a running server published in runtime.json', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-cli-'));
    // This test process plays the running server: its database is the test database.
    writeRuntime(dir, { pid: process.pid, databaseUrl: inject('databaseUrl'), url: 'http://localhost:0' });
    const org = await createOrg({ members: [{ user: await createUser(), role: 'OWNER' }] });
    const run = await cli(['orgs', 'list'], { DATABASE_URL: undefined, CONCORD_DATA_DIR: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(org.slug);
    expect(fs.readdirSync(dir)).toEqual(['runtime.json']); // it did not open a database of its own
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
