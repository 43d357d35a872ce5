import type { TAnswer } from '../../contracts/annotation-doc/schema';
import { answerProblem } from '../../contracts/annotation-doc/validate';
import { ZLabelSchemaSchema, type TQuestion } from '../../contracts/label-schema';
import type { TGoldAccuracy } from '../../contracts/project';
import { db } from '../../db/client';
import { caseRepository } from '../../db/repositories/case.repository';
import { projectRepository } from '../../db/repositories/project.repository';
import { userRepository } from '../../db/repositories/user.repository';
import { DomainError, notFound } from '../../errors/domain-error';
import { recordAudit } from '../audit/record';
import type { ProjectContext } from '../projects/context';

async function currentQuestions(ctx: ProjectContext) {
  const versions = await projectRepository.schemaVersions(db(), ctx.orgId, ctx.projectId);
  return ZLabelSchemaSchema.parse(versions.at(-1)?.schema ?? {}).questions;
}

/**
 * Marks a case as gold-standard with its known answers (or clears the mark with null). Gold
 * cases go to every reader at the project's gold rate, never to the agreement engine or the
 * consensus exports. A case already read as an ordinary case cannot become gold.
 */
export async function setGold(ctx: ProjectContext, caseId: string, answers: Record<string, TAnswer> | null) {
  const c = await caseRepository.forGold(db(), ctx.orgId, ctx.projectId, caseId);
  if (!c) throw notFound('Case');
  if (answers) {
    const questions = await currentQuestions(ctx);
    const wrong: string[] = [];
    for (const [id, v] of Object.entries(answers)) {
      const q = questions.find((x) => x.id === id);
      const p = q ? answerProblem(q, v) : 'is not a question of the label schema';
      if (p) wrong.push(`${q ? `The answer to “${q.text}”` : id} ${p}`);
    }
    if (!Object.keys(answers).length) wrong.push('Give at least one known answer');
    if (wrong.length) throw new DomainError('BAD_REQUEST', wrong.join('; '));
    if (!c.goldAnswers && c.assignments > 0) throw new DomainError('PRECONDITION_FAILED', 'This case is already being read as an ordinary case; add a new case for the gold standard');
  }
  await caseRepository.setGold(db(), ctx.orgId, caseId, answers);
  await recordAudit({ orgId: ctx.orgId, actorId: ctx.actor.id, action: answers ? 'case.gold_set' : 'case.gold_cleared', targetType: 'case', targetId: caseId, data: answers ? { questions: Object.keys(answers) } : undefined });
}

/** Whether a reader's answer matches the known one (multi-choice: the same set). */
function correct(q: TQuestion, known: TAnswer, given: TAnswer | undefined) {
  if (given === undefined) return false;
  if (q.type === 'multi' && Array.isArray(known) && Array.isArray(given)) return known.length === given.length && known.every((k) => given.includes(k));
  if (q.type === 'text' && typeof known === 'string' && typeof given === 'string') return known.trim().toLowerCase() === given.trim().toLowerCase();
  return known === given;
}

/**
 * Each reader's accuracy on the gold-standard cases they submitted: per question the share of
 * answers equal to the known answer (numbers: the mean absolute error too), and overall.
 */
export async function goldAccuracy(ctx: ProjectContext): Promise<TGoldAccuracy> {
  const questions = await currentQuestions(ctx);
  const rows = await caseRepository.goldReads(db(), ctx.orgId, ctx.projectId);
  const names = await userRepository.names(db(), rows.flatMap((r) => r.reads.map((x) => x.readerId)));
  const byReader = new Map<string, { cases: Set<string>; q: Map<string, { n: number; right: number; absError: number }> }>();
  for (const c of rows) {
    const known = c.goldAnswers as Record<string, TAnswer>;
    for (const read of c.reads) {
      const r = byReader.get(read.readerId) ?? byReader.set(read.readerId, { cases: new Set(), q: new Map() }).get(read.readerId)!;
      r.cases.add(c.id);
      const given = new Map(read.answers.map((a) => [a.questionId, a.value as TAnswer]));
      for (const q of questions) {
        if (known[q.id] === undefined) continue;
        const s = r.q.get(q.id) ?? r.q.set(q.id, { n: 0, right: 0, absError: 0 }).get(q.id)!;
        s.n++;
        if (correct(q, known[q.id]!, given.get(q.id))) s.right++;
        const g = given.get(q.id);
        if (q.type === 'number' && typeof g === 'number') s.absError += Math.abs(g - (known[q.id] as number));
      }
    }
  }
  return {
    goldCases: rows.length,
    questions: questions.filter((q) => rows.some((c) => (c.goldAnswers as Record<string, unknown>)[q.id] !== undefined)).map((q) => ({ id: q.id, text: q.text, type: q.type })),
    readers: [...byReader].map(([readerId, r]) => {
      const all = [...r.q.values()];
      const n = all.reduce((s, x) => s + x.n, 0);
      return {
        readerId,
        name: names.get(readerId) ?? 'Former member',
        cases: r.cases.size,
        accuracy: n ? all.reduce((s, x) => s + x.right, 0) / n : null,
        byQuestion: [...r.q].map(([questionId, s]) => ({ questionId, answered: s.n, accuracy: s.right / s.n, meanAbsError: questions.find((q) => q.id === questionId)?.type === 'number' ? s.absError / s.n : null })),
      };
    }).sort((a, b) => a.name.localeCompare(b.name)),
  };
}
