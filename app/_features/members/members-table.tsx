'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Pager, useCursorPages } from '@/app/_components/pager';
import { RemoveButton } from '@/app/_components/remove-button';
import { errorMessage, useTRPC } from '@/app/_trpc/client';
import { ORG_ROLES, type TOrgRole } from '@/server/contracts';

const PAGE = 50;

export function MembersTable({ orgSlug, myRole }: { orgSlug: string; myRole: TOrgRole }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const pages = useCursorPages();
  const query = useQuery(trpc.org.members.queryOptions({ orgSlug, limit: PAGE, ...(pages.cursor ? { cursor: pages.cursor } : {}) }));
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.org.members.pathKey() });
  const setRole = useMutation(trpc.org.setRole.mutationOptions({ onSettled: refresh }));
  const remove = useMutation(trpc.org.removeMember.mutationOptions({ onSettled: refresh }));
  const failure = setRole.error ?? remove.error;

  if (query.isError) return <div role="alert" className="alert">{errorMessage(query.error)}</div>;
  if (!query.data) return <p className="muted">Loading members…</p>;
  const { items, nextCursor, total } = query.data;
  return (
    <>
      {failure && <div role="alert" className="alert">{errorMessage(failure)}</div>}
      <table className="data" aria-label="Members">
        <thead>
          <tr><th>Name</th><th>Email</th><th>Role</th><th>Joined</th><th /></tr>
        </thead>
        <tbody>
          {items.map((m) => (
            <tr key={m.userId}>
              <td>{m.name}</td>
              <td>{m.email}</td>
              <td>
                <select
                  className="inline"
                  aria-label={`Role of ${m.name}`}
                  value={m.role}
                  disabled={setRole.isPending || (m.role === 'OWNER' && myRole !== 'OWNER')}
                  onChange={(e) => setRole.mutate({ orgSlug, userId: m.userId, role: e.target.value as TOrgRole })}
                >
                  {ORG_ROLES.filter((r) => r !== 'OWNER' || myRole === 'OWNER' || m.role === 'OWNER').map((r) => (
                    <option key={r} value={r}>{r}</option>
                  ))}
                </select>
              </td>
              <td>{m.joinedAt.toISOString().slice(0, 10)}</td>
              <td>
                <RemoveButton
                  question={`Remove ${m.name} from the organization? Their open assignments return to the pool.`}
                  disabled={remove.isPending}
                  onConfirm={() => remove.mutate({ orgSlug, userId: m.userId })}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager pages={pages} nextCursor={nextCursor} total={total} noun="member" />
    </>
  );
}
