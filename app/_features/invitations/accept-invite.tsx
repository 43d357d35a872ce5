'use client';

import { useMutation } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { errorMessage, useTRPC } from '@/app/_trpc/client';
import type { TInvitation, TUser } from '@/server/contracts';

export function AcceptInvite({ token, invitation, me }: { token: string; invitation: TInvitation; me: TUser | null }) {
  const trpc = useTRPC();
  const router = useRouter();
  const accept = useMutation(trpc.invitation.accept.mutationOptions());
  const next = encodeURIComponent(`/invite/${token}`);
  const role = invitation.projectName ? `${invitation.projectRole?.toLowerCase()} in ${invitation.projectName}` : invitation.orgRole.toLowerCase();

  return (
    <>
      <h1>Join {invitation.orgName}</h1>
      <p>
        You are invited as <strong>{role}</strong> ({invitation.email}).
      </p>
      {accept.error && <div role="alert" className="alert">{errorMessage(accept.error)}</div>}
      {me ? (
        <button
          className="btn btn-primary btn-block"
          disabled={accept.isPending}
          onClick={() =>
            accept.mutate(
              { token },
              { onSuccess: (r) => { router.replace(`/${r.orgSlug}`); router.refresh(); } },
            )
          }
        >
          Accept as {me.email}
        </button>
      ) : (
        <div className="stack">
          <Link className="btn btn-primary btn-block" href={`/sign-up?next=${next}&email=${encodeURIComponent(invitation.email)}`}>Create an account</Link>
          <Link className="btn btn-block" href={`/sign-in?next=${next}`}>I already have an account</Link>
        </div>
      )}
    </>
  );
}
