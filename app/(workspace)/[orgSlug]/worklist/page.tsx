import { Worklist } from '@/app/_features/worklist/worklist';

export default async function WorklistPage({ params, searchParams }: { params: Promise<{ orgSlug: string }>; searchParams: Promise<{ project?: string }> }) {
  const [{ orgSlug }, { project }] = await Promise.all([params, searchParams]);
  return (
    <>
      <div className="page-head"><h1>My worklist</h1></div>
      <Worklist orgSlug={orgSlug} projectId={project} />
    </>
  );
}
