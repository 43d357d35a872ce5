import { db } from './client';

const TABLES = ['User', 'Organization', 'Membership', 'AuthSession', 'Invitation', 'Project', 'LabelSchemaVersion', 'ProjectMember', 'Case', 'Assignment', 'DocUpdate', 'DocSnapshot', 'Read', 'ReadAnswer', 'Finding', 'Mask', 'CaseFlag', 'CaseAgreement', 'ConsensusMask', 'CaseDecision', 'DecisionMask', 'CaseComment', 'AdjudicationInvite', 'ExportSnapshot', 'ModelAssist', 'ProjectModel'] as const;
export type FingerprintTable = (typeof TABLES)[number];

/**
 * A digest of every row of the given tables, for tests that assert a refused call changed
 * nothing. (The audit trail is left out: refusals may be audited.)
 */
export async function fingerprint(tables: readonly FingerprintTable[] = TABLES): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of tables) {
    const rows = await db().$queryRawUnsafe<{ digest: string | null }[]>(
      `SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS digest FROM "${table}" t`,
    );
    out[table] = rows[0]?.digest ?? '';
  }
  return out;
}
