import { exportDownloadResponse } from '@/server/api/export-download';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: { params: Promise<{ orgSlug: string; projectId: string; exportId: string }> }) {
  const p = await params;
  return exportDownloadResponse(request, p.orgSlug, p.projectId, p.exportId);
}
