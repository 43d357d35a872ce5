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
  return textResponse(text, status, { 'content-type': 'application/dicom+json', 'cache-control': 'private, no-cache' });
}
export function problem(status: number, message: string): Response {
  return textResponse(JSON.stringify({ error: message }), status, { 'content-type': 'application/json' });
}
/** A text answer with its length, which tells the server whether it is worth compressing. */
export function textResponse(text: string, status: number, headers: Record<string, string>): Response {
  return new Response(text, { status, headers: { ...headers, 'content-length': String(Buffer.byteLength(text)) } });
}
export const notFound = () => problem(404, 'Not found');
