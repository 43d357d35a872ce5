import { auditStudyView, type ImageScope } from '../../domain/ingest/image-access';

/** Audits the studies a response shows (once per user, study and session). */
export async function audited(scope: ImageScope, studyIds: Iterable<string>) {
  for (const id of new Set(studyIds)) await auditStudyView(scope, id);
}

export function json(body: unknown, status = 200): Response {
  return jsonText(JSON.stringify(body), status);
}
/** A DICOM JSON body already written as text. */
export function jsonText(text: string, status = 200): Response {
  return new Response(text, { status, headers: { 'content-type': 'application/dicom+json', 'cache-control': 'private, no-cache' } });
}
export function problem(status: number, message: string): Response {
  return new Response(JSON.stringify({ error: message }), { status, headers: { 'content-type': 'application/json' } });
}
export const notFound = () => problem(404, 'Not found');
