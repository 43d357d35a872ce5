'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTRPC } from '@/app/_trpc/client';

/** Cases a lead has asked this user to help adjudicate, each a link into the live consensus. */
export function InvitationsCard({ orgSlug }: { orgSlug: string }) {
  const trpc = useTRPC();
  const list = useQuery(trpc.adjudication.invitations.queryOptions({ orgSlug }));
  if (!list.data?.length) return null;
  return (
    <div className="panel stack" role="region" aria-label="Invited to adjudicate" style={{ gap: 6 }}>
      <strong>Invited to adjudicate</strong>
      {list.data.map((i) => (
        <div key={i.caseId} className="row">
          <span style={{ flex: 1 }}>
            {i.caseLabel} <span className="muted">· {i.projectName}</span>
          </span>
          <Link className="btn btn-primary" href={`/${orgSlug}/adjudicate/${i.projectId}/${i.caseId}`}>Join {i.caseLabel}</Link>
        </div>
      ))}
    </div>
  );
}
