import { modelUploadResponse } from '@/server/api/model-files';

export const dynamic = 'force-dynamic';

export async function POST(request: Request, { params }: { params: Promise<{ orgSlug: string; projectId: string }> }) {
  const p = await params;
  return modelUploadResponse(request, p.orgSlug, p.projectId);
}
