import { handleDicomweb } from '@/server/dicom/web/handler';

export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ orgSlug: string; projectId: string; path?: string[] }> };

async function handler(request: Request, { params }: Params) {
  const { orgSlug, projectId, path } = await params;
  return handleDicomweb({ request, orgSlug, projectId, path: path ?? [] });
}

export { handler as GET, handler as HEAD, handler as POST };
