'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '@/app/_trpc/client';

export function PendingInvitations({ orgSlug }: { orgSlug: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const query = useQuery(trpc.invitation.pending.queryOptions({ orgSlug }));
  const revoke = useMutation(trpc.invitation.revoke.mutationOptions({ onSettled: () => qc.invalidateQueries({ queryKey: trpc.invitation.pending.pathKey() }) }));
  if (!query.data?.length) return null;
  return (
    <table className="data" aria-label="Pending invitations">
      <thead>
        <tr><th>Invited</th><th>Role</th><th>Project</th><th>Expires</th><th /></tr>
      </thead>
      <tbody>
        {query.data.map((i) => (
          <tr key={i.id}>
            <td>{i.email}</td>
            <td>{i.orgRole}{i.projectRole ? ` · ${i.projectRole}` : ''}</td>
            <td>{i.projectName ?? '—'}</td>
            <td>{i.expiresAt.toISOString().slice(0, 10)}</td>
            <td><button className="btn btn-small btn-danger" onClick={() => revoke.mutate({ orgSlug, invitationId: i.id })}>Revoke</button></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
