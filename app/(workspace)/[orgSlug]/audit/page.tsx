import { AuditLog } from '@/app/_features/audit/audit-log';
import { orPage, serverCaller } from '@/app/_trpc/server';

export default async function AuditPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const org = await orPage((await serverCaller()).org.get({ orgSlug }), `/${orgSlug}/audit`);
  if (org.role === 'MEMBER') return <div className="empty"><h2>The audit trail is for the organization’s owners and admins</h2></div>;
  return (
    <>
      <div className="page-head"><h1>Audit trail</h1></div>
      <AuditLog orgSlug={orgSlug} />
    </>
  );
}
