import type { TOrgSummary } from '../../contracts/org';
import { organizationRepository } from '../../db/repositories/organization.repository';

/** The organizations the user belongs to, personal ones last. */
export async function listMyOrgs(userId: string): Promise<TOrgSummary[]> {
  const rows = await organizationRepository.listForUser(userId);
  return rows.map((r) => ({ ...r.org, role: r.role }));
}
