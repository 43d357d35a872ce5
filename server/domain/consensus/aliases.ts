/**
 * How people in a case's adjudication are named to each other. In a blinded project an invited
 * reader sees the other readers as aliases, and browsers announce themselves by a key, not a name.
 */
import { createHmac } from 'node:crypto';
import { authSecret } from '../../config/env';
import type { PresencePolicy } from '../reading/access';
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

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * What a browser may announce in a consensus document, whatever it sent: the user's own
 * presence key (not someone else's), a colour, the image index and pointer, and a name only
 * where the user need not stay anonymous. Everything else is dropped, so a modified client
 * cannot reveal a blinded reader's identity to the others.
 */
export function presenceOf(state: Record<string, unknown>, policy: PresencePolicy): Record<string, unknown> {
  const user = state.user && typeof state.user === 'object' ? (state.user as Record<string, unknown>) : null;
  if (!user) return {};
  const color = typeof user.color === 'string' && /^#[0-9a-f]{3,8}$/i.test(user.color) ? user.color : '#888888';
  const name = !policy.anonymous && typeof user.name === 'string' ? { name: user.name.slice(0, 100) } : {};
  return { user: { key: policy.key, ...name, color, index: num(user.index), x: num(user.x), y: num(user.y) } };
}
