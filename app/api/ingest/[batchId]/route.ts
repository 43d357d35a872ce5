import { uploadToBatch } from '@/server/dicom/web/upload';

export const dynamic = 'force-dynamic';

/** One file of a browser upload: the raw bytes as the body, the file's name in X-File-Name. */
export async function POST(request: Request, { params }: { params: Promise<{ batchId: string }> }) {
  return uploadToBatch(request, (await params).batchId);
}
