import { AcceptInvite } from '@/app/_features/invitations/accept-invite';
import { serverCaller } from '@/app/_trpc/server';
import { errorMessage } from '@/app/_trpc/errors';

export const dynamic = 'force-dynamic';

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const caller = await serverCaller();
  const [invitation, me] = await Promise.all([
    caller.invitation.view({ token }).catch((e: unknown) => ({ error: errorMessage(e) })),
    caller.user.me().catch(() => null),
  ]);
  if ('error' in invitation) {
    return (
      <>
        <h1>Invitation</h1>
        <div role="alert" className="alert">{invitation.error}</div>
      </>
    );
  }
  return <AcceptInvite token={token} invitation={invitation} me={me} />;
}
