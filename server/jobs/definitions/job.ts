import type { z } from 'zod';

/** A job type: its queue name, payload schema and retry behaviour. Bump `name`'s version on breaking payload changes. */
export interface JobDefinition<P> {
  name: string;
  schema: z.ZodType<P>;
  /** pg-boss queue policy: "stately" keeps at most one waiting and one running job per key. */
  policy: 'standard' | 'stately';
  retryLimit: number;
  retryDelaySeconds: number;
  expireSeconds: number;
}
