import { z } from 'zod';

/** Per model version: what readers did with its proposals (submitted reads only). */
export const ZAssistStatsSchema = z.array(
  z.object({
    model: z.string(),
    version: z.string(),
    proposals: z.number(),
    accepted: z.number(),
    /** Accepted, then changed before submit (Dice to the final mask below 1). */
    edited: z.number(),
    rejected: z.number(),
    acceptanceRate: z.number().nullable(),
    /** Mean Dice between accepted proposals and the submitted masks. */
    meanDiceAccepted: z.number().nullable(),
    medianLatencyMs: z.number().nullable(),
    byPrompt: z.array(z.object({ prompt: z.string(), proposals: z.number(), accepted: z.number() })),
  }),
);
export type TAssistStats = z.infer<typeof ZAssistStatsSchema>;
