import { auditCsvResponse } from '@/server/api/audit-csv';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: { params: Promise<{ orgSlug: string }> }) {
  return auditCsvResponse(request, (await params).orgSlug);
}
