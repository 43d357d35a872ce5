/**
 * How people in a case's adjudication are named to each other. In a blinded project an invited
 * reader sees the other readers as aliases, and browsers announce themselves by a key, not a name.
 */
import { createHmac } from 'node:crypto';
import { authSecret } from '../../config/env';
import type { ConsensusAccess } from './consensus-doc';

/**
 * What a browser announces as itself in a case's consensus document: a keyed hash, the same for
 * a user on every visit to the case, meaningless elsewhere, and not computable from a user id.
 */
export const presenceKey = (caseId: string, userId: string) => createHmac('sha256', authSecret()).update(`presence:${caseId}:${userId}`).digest('hex').slice(0, 16);

/** "Reader A", "Reader B"… in the order the reads were submitted. */
export const aliasOf = (index: number) => `Reader ${String.fromCharCode(65 + (index % 26))}${index >= 26 ? Math.floor(index / 26) : ''}`;

/** Whether this viewer must see the case's other readers under aliases. */
export const seesAliases = (access: ConsensusAccess) => access.as === 'invited' && access.blinded;

/** How the viewer names each reader of the case: real names for staff or an unblinded project, else aliases (and "you"). */
export function readerNames(access: ConsensusAccess, viewerId: string, names: Map<string, string>) {
  return new Map(
    access.readerIds.map((id, i) => {
      const real = names.get(id) ?? 'Former member';
      return [id, { alias: aliasOf(i), name: !seesAliases(access) ? real : id === viewerId ? `${real} (you)` : aliasOf(i) }];
    }),
  );
}
