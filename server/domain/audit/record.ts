import { db } from '../../db/client';
import { auditRepository, type AuditEventInput } from '../../db/repositories/audit.repository';

/** Appends one audit event (who, what, which target, when). */
export function recordAudit(event: AuditEventInput): Promise<void> {
  return auditRepository.append(db(), event);
}
