import { serverCaller } from '@/app/_trpc/server';

export default async function OrgHome({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const org = await (await serverCaller()).org.get({ orgSlug });
  return (
    <>
      <div className="page-head">
        <h1>{org.name}</h1>
        <span className="badge">{org.role}</span>
      </div>
      <div className="empty">
        <h2>No projects yet</h2>
        <p className="muted">
          Projects hold the studies to label, their label schema and the readers who read them.
          {org.role === 'MEMBER' ? ' A project manager will add you to a project.' : ' Project management arrives in the next release.'}
        </p>
      </div>
    </>
  );
}
