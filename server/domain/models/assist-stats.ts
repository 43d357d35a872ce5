import type { TAssistStats } from '../../contracts/model/stats';
import { db } from '../../db/client';
import { modelAssistRepository } from '../../db/repositories/read.repository';
import type { ProjectContext } from '../projects/context';

const EDITED_BELOW = 1 - 1e-9;

const median = (xs: number[]) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Acceptance, edits and agreement of model proposals per model version, for the PM. */
export async function assistStats(ctx: ProjectContext): Promise<TAssistStats> {
  const rows = await modelAssistRepository.ofProject(db(), ctx.orgId, ctx.projectId);
  const groups = new Map<string, typeof rows>();
  for (const r of rows) (groups.get(`${r.model}\0${r.version}`) ?? groups.set(`${r.model}\0${r.version}`, []).get(`${r.model}\0${r.version}`)!).push(r);
  return [...groups.values()]
    .map((g) => {
      const accepted = g.filter((r) => r.outcome === 'accepted');
      const prompts = [...new Set(g.map((r) => r.prompt))].sort();
      return {
        model: g[0]!.model,
        version: g[0]!.version,
        proposals: g.length,
        accepted: accepted.length,
        edited: accepted.filter((r) => r.dice < EDITED_BELOW).length,
        rejected: g.length - accepted.length,
        acceptanceRate: g.length ? accepted.length / g.length : null,
        meanDiceAccepted: accepted.length ? accepted.reduce((s, r) => s + r.dice, 0) / accepted.length : null,
        medianLatencyMs: median(g.map((r) => r.latencyMs)),
        byPrompt: prompts.map((prompt) => ({ prompt, proposals: g.filter((r) => r.prompt === prompt).length, accepted: accepted.filter((r) => r.prompt === prompt).length })),
      };
    })
    .sort((a, b) => a.model.localeCompare(b.model) || a.version.localeCompare(b.version));
}
