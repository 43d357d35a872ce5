import { describe, expect, it } from 'vitest';
import { uniqueId } from '../../prisma/seed/factories';
import { recordAudit } from '../domain/audit/record';
import { db } from './client';

describe('[AUDIT]: the audit trail is append-only', () => {
  it('stores events and refuses UPDATE and DELETE at the database', async () => {
    const action = `test.${uniqueId()}`;
    await recordAudit({ action, data: { n: 1 } });
    const row = await db().auditEvent.findFirstOrThrow({ where: { action }, select: { id: true, data: true } });
    expect(row.data).toEqual({ n: 1 });
    await expect(db().auditEvent.update({ where: { id: row.id }, data: { action: 'changed' } })).rejects.toThrow(/append-only/);
    await expect(db().auditEvent.deleteMany({ where: { id: row.id } })).rejects.toThrow(/append-only/);
    expect(await db().auditEvent.count({ where: { action } })).toBe(1);
  });
});
