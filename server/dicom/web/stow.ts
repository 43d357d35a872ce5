import type { Actor } from '../../auth/sessions';
import { canInProject } from '../../authz/permissions';
import { ingestFiles, startBatch, type IngestFileResult } from '../../domain/ingest/ingest';
import type { ImageScope } from '../../domain/ingest/image-access';
import { json, problem } from './responses';
import { parseMultipart } from './multipart';
import { readBody } from './read-body';

/** Largest STOW-RS request; bigger studies are sent in several requests (the CLI and browser send file by file). */
export const MAX_STOW_BYTES = 512 * 1024 * 1024;

/**
 * STOW-RS: every application/dicom part goes through the ingest pipeline. The response names
 * the stored instances by their new (de-identified) UIDs and the failed parts with a reason.
 */
export async function stow(request: Request, actor: Actor, scope: ImageScope, base: string): Promise<Response> {
  if (!canInProject(scope.role, 'studies.ingest')) return problem(403, 'Only project managers can add studies');
  const body = await readBody(request, MAX_STOW_BYTES);
  if (!body) return problem(413, `A STOW-RS request may carry at most ${MAX_STOW_BYTES / 2 ** 20} MiB; send the study in several requests`);
  let parts;
  try {
    parts = parseMultipart(body, request.headers.get('content-type') ?? '');
  } catch (err) {
    return problem(400, (err as Error).message);
  }
  if (parts.length === 0) return problem(400, 'The request holds no parts');
  const ctx = { actor, orgId: scope.orgId, role: scope.orgRole, projectId: scope.projectId, projectRole: scope.role };
  const batchCtx = { ...ctx, batchId: (await startBatch(ctx, 'STOW')).id };
  const isDicom = (p: { contentType: string }) => /^application\/dicom\b/i.test(p.contentType);
  const ingested = await ingestFiles(batchCtx, parts.flatMap((p, k) => (isDicom(p) ? [{ name: `part ${k + 1}`, bytes: p.bytes }] : [])));
  const results: IngestFileResult[] = parts.map((p, k) =>
    isDicom(p) ? ingested.shift()! : { name: `part ${k + 1}`, outcome: 'REJECTED', reason: `Part ${k + 1} is ${p.contentType}, not application/dicom` },
  );
  const stored = results.filter((r) => r.outcome !== 'REJECTED');
  const failed = results.filter((r) => r.outcome === 'REJECTED');
  const status = failed.length === 0 ? 200 : stored.length === 0 ? 409 : 202;
  return json(
    {
      '00081190': { vr: 'UR', Value: [`${base}/studies`] },
      '00081199': {
        vr: 'SQ',
        Value: stored.map((r) => ({
          '00081150': { vr: 'UI', Value: [r.sopClassUid] },
          '00081155': { vr: 'UI', Value: [r.sopInstanceUid] },
          '00081190': { vr: 'UR', Value: [`${base}/studies/${r.studyInstanceUid}/series/${r.seriesInstanceUid}/instances/${r.sopInstanceUid}`] },
        })),
      },
      ...(failed.length
        ? {
            '00081198': {
              vr: 'SQ',
              // 0xC000: cannot understand; the reason text travels in Error Comment (0000,0902).
              Value: failed.map((r) => ({ '00081197': { vr: 'US', Value: [0xc000] }, '00000902': { vr: 'LO', Value: [`${r.name}: ${r.reason}`.slice(0, 64)] } })),
            },
          }
        : {}),
    },
    status,
  );
}
