import { ProjectSettingsForm } from '@/app/_features/projects/project-settings-form';

export default async function NewProjectPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  return (
    <>
      <div className="page-head"><h1>New project</h1></div>
      <ProjectSettingsForm orgSlug={orgSlug} />
    </>
  );
}
