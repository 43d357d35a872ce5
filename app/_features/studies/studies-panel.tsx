'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { errorMessage, useTRPC } from '@/app/_trpc/client';
import type { TSeriesRow } from '@/server/contracts/ingest';
import { UploadPanel } from './upload-panel';

/** The project's images: upload, then each study's series with its quality report and pixel-review state. */
/** `canReidentify`: an org owner or admin, in a project that keeps the original identifiers. */
export function StudiesPanel({ orgSlug, projectId, canIngest, canReidentify }: { orgSlug: string; projectId: string; canIngest: boolean; canReidentify: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const studies = useQuery(trpc.ingest.studies.queryOptions({ orgSlug, projectId, limit: 50 }, { refetchInterval: 5000 }));
  const clear = useMutation(trpc.ingest.clearPixelReview.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.ingest.studies.queryKey() }) }));
  return (
    <div className="stack">
      {canIngest && <UploadPanel orgSlug={orgSlug} projectId={projectId} />}
      {studies.isError && <div role="alert" className="alert">{errorMessage(studies.error)}</div>}
      {clear.isError && <div role="alert" className="alert">{errorMessage(clear.error)}</div>}
      <table className="data" aria-label="Studies">
        <thead>
          <tr><th>Patient (pseudonym)</th><th>Study date</th><th>Series</th><th>Instances</th><th>Quality</th><th>Pixel review</th></tr>
        </thead>
        <tbody>
          {studies.data?.items.length === 0 && <tr><td colSpan={6} className="muted">No studies yet. Upload DICOM above, use STOW-RS, or `npm run concord -- import`.</td></tr>}
          {studies.data?.items.flatMap((s) =>
            s.series.map((x, k) => (
              <tr key={x.id}>
                <td>
                  {k === 0 && s.patientId}
                  {k === 0 && canReidentify && <Reidentify orgSlug={orgSlug} projectId={projectId} studyInstanceUid={s.studyInstanceUid} />}
                </td>
                <td>{k === 0 ? formatDate(s.studyDate) : ''}</td>
                <td>{x.modality} {x.seriesNumber ?? ''} {x.seriesDescription ?? ''}</td>
                <td>{x.instances}</td>
                <td><Quality series={x} /></td>
                <td>
                  {!x.needsPixelReview && <span className="muted">not needed</span>}
                  {x.needsPixelReview && x.pixelReviewed && <span>cleared</span>}
                  {x.needsPixelReview && !x.pixelReviewed && (
                    <span>
                      hidden from readers{' '}
                      {canIngest && <button type="button" className="btn btn-small" onClick={() => clear.mutate({ orgSlug, projectId, seriesId: x.id })}>No burned-in text: clear</button>}
                    </span>
                  )}
                </td>
              </tr>
            )),
          )}
        </tbody>
      </table>
    </div>
  );
}

/** The series' quality report; one of fewer instances than the series has is out of date (its series job is still to run). */
function Quality({ series }: { series: TSeriesRow }) {
  const report = series.quality?.instances === series.instances ? series.quality : null;
  if (!report) return <span className="muted">checking…</span>;
  if (report.issues.length === 0) return <span className="badge">OK{report.sliceSpacing ? ` · ${report.sliceSpacing.toFixed(2)} mm` : ''}</span>;
  return report.issues.map((i) => <div key={i.code} className={i.severity === 'error' ? 'text-danger' : 'muted'}>{i.message}</div>);
}

const formatDate = (d: string | null) => (d && d.length === 8 ? `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}` : '—');

/** The study's original identifiers on request (each request is recorded in the audit trail). */
function Reidentify({ orgSlug, projectId, studyInstanceUid }: { orgSlug: string; projectId: string; studyInstanceUid: string }) {
  const trpc = useTRPC();
  const reveal = useMutation(trpc.project.reidentify.mutationOptions());
  if (reveal.data) {
    const o = reveal.data;
    return (
      <div className="reid" role="note" aria-label="Original identifiers">
        {o.patientName || '—'} · ID {o.patientId || '—'} · born {formatDate(o.patientBirthDate)} · accession {o.accessionNumber || '—'} · study {formatDate(o.studyDate)}
        <div className="muted">Original study UID {o.studyInstanceUid}. This view is in the audit trail.</div>
      </div>
    );
  }
  return (
    <>
      {' '}
      <button type="button" className="btn btn-small" title="Show the original patient identity (org admins only; recorded in the audit trail)" disabled={reveal.isPending} onClick={() => reveal.mutate({ orgSlug, projectId, studyInstanceUid })}>
        Re-identify
      </button>
      {reveal.isError && <div role="alert" className="text-danger">{errorMessage(reveal.error)}</div>}
    </>
  );
}
