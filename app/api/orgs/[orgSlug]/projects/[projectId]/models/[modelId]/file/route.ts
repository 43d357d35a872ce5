import { modelFileResponse } from '@/server/api/model-files';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: { params: Promise<{ orgSlug: string; projectId: string; modelId: string }> }) {
  const p = await params;
  return modelFileResponse(request, p.orgSlug, p.projectId, p.modelId);
}
