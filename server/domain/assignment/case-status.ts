import type { Tx } from '../../db/client';
import { caseRepository } from '../../db/repositories/case.repository';
import { deriveCaseStatus } from './plan';

/** Brings the stored status of these cases in line with their assignments (inside the caller's transaction). */
export async function syncCaseStatuses(tx: Tx, orgId: string, caseIds: string[]) {
  if (!caseIds.length) return;
  for (const c of await caseRepository.withAssignments(tx, orgId, [...new Set(caseIds)])) {
    const next = deriveCaseStatus(c.status, c.assignments.map((a) => a.status), c.project.readersPerCase);
    if (next !== c.status) await caseRepository.setStatus(tx, orgId, c.id, next);
  }
}
