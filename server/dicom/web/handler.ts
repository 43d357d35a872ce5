import { actorFromHeaders } from '../../auth/request-actor';
import { env } from '../../config/env';
import { db } from '../../db/client';
import { dicomwebRepository } from '../../db/repositories/dicomweb.repository';
import { frameScope, imageScope, type ImageScope } from '../../domain/ingest/image-access';
import { logger } from '../../lib/logger';
import { stow } from './stow';
import { instanceJson, queryOf, seriesJson, studyJson } from './qido';
import { json, notFound, problem } from './responses';
import { retrieveFrames, retrieveInstances, retrieveMetadata, retrieveRendered, wadoUri } from './wado';

export interface DicomwebRequest {
  request: Request;
  orgSlug: string;
  projectId: string;
  path: string[];
}

/**
 * DICOMweb for one project: QIDO-RS, WADO-RS, WADO-URI and STOW-RS under
 * /dicomweb/<org>/<project>/. Every request is authorized; anything the caller may not see
 * is 404, exactly like something that does not exist.
 */
export async function handleDicomweb(req: DicomwebRequest): Promise<Response> {
  try {
    const actor = await actorFromHeaders(req.request.headers);
    if (!actor) return problem(401, 'Sign in, or send your session token as a Bearer token');
    const frames = req.request.method === 'GET' && req.path.length === 8 && req.path[6] === 'frames';
    const scope = await (frames ? frameScope : imageScope)(actor, req.orgSlug, req.projectId);
    if (!scope) return notFound();
    const url = new URL(req.request.url);
    const base = `${env().PUBLIC_URL ?? url.origin}/dicomweb/${req.orgSlug}/${req.projectId}`;
    const method = req.request.method;
    const p = req.path;
    if (method === 'POST') {
      if (p[0] === 'studies' && p.length <= 2) return await stow(req.request, actor, scope, base);
      return problem(405, 'Only STOW-RS (POST .../studies) accepts uploads');
    }
    if (method !== 'GET' && method !== 'HEAD') return problem(405, 'Method not allowed');
    return await route(req.request, url, p, scope, base);
  } catch (err) {
    logger.error('dicomweb request failed', { err, path: req.path.join('/') });
    return problem(500, 'Something went wrong');
  }
}

async function route(request: Request, url: URL, p: string[], scope: ImageScope, base: string): Promise<Response> {
  const q = queryOf(url);
  const [level, study, sub, series, sub2, instance, leaf, frameList] = p;
  if (level === 'wado') return wadoUri(request, url, scope);
  if (level === 'series' && p.length === 1) {
    const rows = await dicomwebRepository.series(db(), scope.orgId, scope.projectId, scope.visible, { modality: q.modality, seriesInstanceUid: q.seriesInstanceUid, limit: q.limit, offset: q.offset });
    return json(rows.map((s) => seriesJson(s, base)));
  }
  if (level === 'instances' && p.length === 1) {
    const rows = await dicomwebRepository.instances(db(), scope.orgId, scope.projectId, scope.visible, { sopInstanceUid: q.sopInstanceUid, limit: q.limit, offset: q.offset });
    return json(rows.map((i) => instanceJson(i, base)));
  }
  if (level !== 'studies') return notFound();
  if (!study) {
    const rows = await dicomwebRepository.studies(db(), scope.orgId, scope.projectId, scope.visible, q.filter);
    return json(rows.map((s) => studyJson(s, base)));
  }
  const where = { studyInstanceUid: study, seriesInstanceUid: series, sopInstanceUid: instance };
  if (sub === undefined) return retrieveInstances(request, scope, { studyInstanceUid: study });
  if (sub === 'metadata' && p.length === 3) return retrieveMetadata(scope, { studyInstanceUid: study }, base);
  if (sub === 'thumbnail' && p.length === 3) return retrieveRendered(request, scope, { studyInstanceUid: study }, 'thumbnail');
  if (sub !== 'series') return notFound();
  if (series === undefined) {
    const rows = await dicomwebRepository.series(db(), scope.orgId, scope.projectId, scope.visible, { studyInstanceUid: study, modality: q.modality, limit: q.limit, offset: q.offset });
    return rows.length ? json(rows.map((s) => seriesJson(s, base))) : notFound();
  }
  if (sub2 === undefined) return retrieveInstances(request, scope, where);
  if (sub2 === 'metadata' && p.length === 5) return retrieveMetadata(scope, where, base);
  if ((sub2 === 'thumbnail' || sub2 === 'rendered') && p.length === 5) return retrieveRendered(request, scope, where, sub2);
  if (sub2 !== 'instances') return notFound();
  if (instance === undefined) {
    const rows = await dicomwebRepository.instances(db(), scope.orgId, scope.projectId, scope.visible, { ...where, limit: q.limit, offset: q.offset });
    return rows.length ? json(rows.map((i) => instanceJson(i, base))) : notFound();
  }
  if (leaf === undefined) return retrieveInstances(request, scope, where);
  if (leaf === 'metadata' && p.length === 7) return retrieveMetadata(scope, where, base);
  if ((leaf === 'thumbnail' || leaf === 'rendered') && p.length === 7) return retrieveRendered(request, scope, where, leaf);
  if (leaf === 'frames' && frameList && p.length === 8) return retrieveFrames(request, url, scope, { studyInstanceUid: study, seriesInstanceUid: series, sopInstanceUid: instance }, frameList);
  return notFound();
}

