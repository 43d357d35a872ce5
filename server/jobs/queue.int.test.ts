import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { until } from '../testing/collab-client';
import type { JobDefinition } from './definitions/job';
import { enqueue, stopQueue, work } from './queue';

const pingJob: JobDefinition<{ n: number }> = {
  name: 'queue-test-ping.v1',
  schema: z.object({ n: z.number().int() }),
  policy: 'standard',
  retryLimit: 0,
  retryDelaySeconds: 1,
  expireSeconds: 60,
};

afterAll(() => stopQueue());

describe('[JOBS] the in-process worker', () => {
  it('takes every job of a burst sent in its own process without waiting for its next poll', { timeout: 60_000 }, async () => {
    const seen: number[] = [];
    // A poll every 10 minutes: only the wake after the sends can bring the jobs in before until() gives up.
    await work(pingJob, async ({ n }) => void seen.push(n), { pollSeconds: 600 });
    for (let n = 1; n <= 3; n++) await enqueue(pingJob, { n });
    await until(() => seen.length === 3, 'the jobs', 20_000);
    expect(seen.sort()).toEqual([1, 2, 3]);
  });
});
