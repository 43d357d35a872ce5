'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { errorMessage, useTRPC } from '@/app/_trpc/client';

interface Props {
  scope: { orgSlug: string; projectId: string; caseId: string };
  reads: { readerId: string; name: string; alias: string; invited: boolean }[];
}

/**
 * A lead asks the case's readers in: an invited reader finds the case on their home page and
 * edits the consensus live; in a blinded project they see the other readers by alias only.
 */
export function Invites({ scope, reads }: Props) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const done = { onSuccess: () => qc.invalidateQueries({ queryKey: trpc.adjudication.view.queryKey() }) };
  const invite = useMutation(trpc.adjudication.invite.mutationOptions(done));
  const uninvite = useMutation(trpc.adjudication.uninvite.mutationOptions(done));
  const error = invite.error ?? uninvite.error;
  return (
    <section className="stack" style={{ gap: 6 }} aria-label="Invite readers">
      <h2>Invite readers</h2>
      {reads.map((r) => (
        <div key={r.readerId} className="row">
          <span style={{ flex: 1 }}>
            {r.name} <span className="muted" title="How other readers see them while the project is blinded">· {r.alias}</span>
          </span>
          {r.invited ? (
            <>
              <span className="badge">invited</span>
              <button className="btn btn-xs" aria-label={`Uninvite ${r.name}`} disabled={uninvite.isPending} onClick={() => uninvite.mutate({ ...scope, readerId: r.readerId })}>Uninvite</button>
            </>
          ) : (
            <button className="btn btn-xs" aria-label={`Invite ${r.name}`} disabled={invite.isPending} onClick={() => invite.mutate({ ...scope, readerId: r.readerId })}>Invite</button>
          )}
        </div>
      ))}
      {error && <div role="alert" className="alert">{errorMessage(error)}</div>}
    </section>
  );
}
