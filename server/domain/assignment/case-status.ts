import type { Tx } from '../../db/client';
import { caseRepository } from '../../db/repositories/case.repository';
import { deriveCaseStatus } from './plan';

/** Brings the stored status of these cases in line with their assignments (inside the caller's transaction). */
export async function syncCaseStatuses(tx: Tx, orgId: string, caseIds: string[]) {
  if (!caseIds.length) return;
  for (const c of await caseRepository.withAssignments(tx, orgId, [...new Set(caseIds)])) {
    // A gold-standard case is read by every reader in turn and never complete: it has no agreement or consensus.
    const next = deriveCaseStatus(c.status, c.assignments.map((a) => a.status), c.goldAnswers === null ? c.project.readersPerCase : Infinity);
    if (next !== c.status) await caseRepository.setStatus(tx, orgId, c.id, next);
  }
}
