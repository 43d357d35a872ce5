'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTRPC } from '@/app/_trpc/client';

/** The reader's call to action: how much is waiting and a button to the next case. */
export function NextCaseCard({ orgSlug }: { orgSlug: string }) {
  const trpc = useTRPC();
  const next = useQuery(trpc.assignment.next.queryOptions({ orgSlug }));
  if (!next.data) return null;
  return (
    <div className="panel row" aria-label="Next case">
      <div style={{ flex: 1 }}>
        <strong>Next case:</strong> {next.data.caseLabel} <span className="muted">· {next.data.projectName}</span>
      </div>
      <Link className="btn" href={`/${orgSlug}/worklist`}>Worklist</Link>
      <Link className="btn btn-primary" href={`/${orgSlug}/read/${next.data.assignmentId}`}>Open next case</Link>
    </div>
  );
}
