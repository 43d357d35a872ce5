import { describe, expect, it } from 'vitest';
import { health } from './health';
import { migrationNames } from './migrate';

describe('[OPS]: health', () => {
  it('reports the database reachable and every migration applied', async () => {
    expect(migrationNames().length).toBeGreaterThan(0);
    expect(await health()).toMatchObject({ status: 'ok', database: 'ok', migrations: 'current', version: expect.any(String) });
  });
});
