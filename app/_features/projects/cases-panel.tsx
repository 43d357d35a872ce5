'use client';

import Link from 'next/link';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { Pager, useCursorPages } from '@/app/_components/pager';
import { Status } from '@/app/_components/status';
import { formText } from '@/app/_lib/form';
import { errorMessage, fieldErrors, useTRPC } from '@/app/_trpc/client';
import type { TProject } from '@/server/contracts';
import { FLAG_LABELS } from '../reading/flag-problem';
import { GoldForm } from './gold-form';

const PAGE = 50;

export function CasesPanel({ orgSlug, project }: { orgSlug: string; project: TProject }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const scope = { orgSlug, projectId: project.id };
  const pages = useCursorPages();
  const manage = project.myRole !== 'LEAD';
  const cases = useQuery(trpc.case.list.queryOptions({ ...scope, limit: PAGE, ...(pages.cursor ? { cursor: pages.cursor } : {}) }));
  const members = useQuery({ ...trpc.project.members.queryOptions(scope), enabled: manage });
  const queue = useQuery(trpc.adjudication.queue.queryOptions(scope));
  const refresh = () => Promise.all([qc.invalidateQueries({ queryKey: trpc.case.list.pathKey() }), qc.invalidateQueries({ queryKey: trpc.project.progress.pathKey() })]);
  const create = useMutation(trpc.case.create.mutationOptions({ onSuccess: refresh }));
  const distribute = useMutation(trpc.case.distribute.mutationOptions({ onSettled: refresh }));
  const reassign = useMutation(trpc.case.reassign.mutationOptions({ onSettled: refresh }));
  const reopen = useMutation(trpc.case.reopen.mutationOptions({ onSettled: refresh }));
  const [notice, setNotice] = useState<string | null>(null);
  const [goldOpen, setGoldOpen] = useState<string | null>(null);
  const labelRef = useRef<HTMLInputElement>(null);
  const readers = (members.data ?? []).filter((m) => m.role === 'READER' && m.active);

  async function onAdd(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const ok = await create.mutateAsync({ ...scope, label: formText(form, 'label'), priority: Number(form.get('priority') || 0) }).then(() => true, () => false);
    if (ok) {
      e.currentTarget?.reset();
      labelRef.current?.focus();
    }
  }

  const failure = distribute.error ?? reassign.error ?? reopen.error;
  const errors = fieldErrors(create.error);
  return (
    <div className="stack">
      {(queue.data?.total ?? 0) > 0 && (
        <div className="notice" role="status">
          {queue.data!.total} case{queue.data!.total === 1 ? '' : 's'} wait{queue.data!.total === 1 ? 's' : ''} for a lead —{' '}
          <Link href={`/${orgSlug}/projects/${project.id}/adjudication`}>open the adjudication queue</Link>
        </div>
      )}
      {manage && (
        <div className="row">
          <form className="toolbar" onSubmit={(e) => void onAdd(e)} aria-label="Add case" style={{ margin: 0 }}>
            <div className="field">
              <label htmlFor="case-label">Case label</label>
              <input id="case-label" ref={labelRef} name="label" required placeholder="e.g. LIDC-0221" aria-invalid={errors.label ? true : undefined} />
            </div>
            <div className="field">
              <label htmlFor="case-priority">Priority</label>
              <input id="case-priority" name="priority" type="number" min={0} max={100} defaultValue={0} style={{ width: 80 }} />
            </div>
            <button className="btn" type="submit" disabled={create.isPending}>Add case</button>
          </form>
          <span style={{ flex: 1 }} />
          <button
            className="btn btn-primary"
            disabled={distribute.isPending || project.status !== 'ACTIVE'}
            onClick={() => distribute.mutate(scope, { onSuccess: (r) => setNotice(r.message) })}
            title={`Give each case ${project.readersPerCase} reader(s), least-loaded first`}
          >
            Distribute
          </button>
        </div>
      )}
      {create.error && <div role="alert" className="alert">{errors.label?.join(' ') ?? errorMessage(create.error)}</div>}
      {failure && <div role="alert" className="alert">{errorMessage(failure)}</div>}
      {notice && !failure && <div className="notice" role="status">{notice}</div>}
      {cases.isError && <div role="alert" className="alert">{errorMessage(cases.error)}</div>}
      {cases.data && cases.data.total === 0 ? (
        <div className="empty">
          <h2>No cases yet</h2>
          <p className="muted">Add cases by label above (DICOM upload arrives with ingest), add readers, then distribute.</p>
        </div>
      ) : (
        <table className="data" aria-label="Cases">
          <thead>
            <tr><th aria-label="Image" /><th>Case</th><th>Priority</th><th>Status</th><th>Readers ({project.readersPerCase} per case)</th></tr>
          </thead>
          <tbody>
            {cases.data?.items.map((c) => (
              <tr key={c.id}>
                <td className="case-thumb">{c.images && <CaseThumbnail scope={scope} images={c.images} label={c.label} />}</td>
                <td>
                  {c.label}
                  {c.goldAnswers && <span className="chip" style={{ marginLeft: 6 }} title="Gold-standard case: known answers, read by every reader">gold standard</span>}
                  {manage && (c.goldAnswers || c.assignments.length === 0) && goldOpen !== c.id && (
                    <button className="btn btn-small" style={{ marginLeft: 6, padding: '0 6px', fontSize: 11 }} aria-label={`Gold standard: ${c.label}`} onClick={() => setGoldOpen(c.id)}>
                      {c.goldAnswers ? 'edit answers' : 'gold…'}
                    </button>
                  )}
                  {goldOpen === c.id && <GoldForm scope={scope} caseId={c.id} caseLabel={c.label} initial={c.goldAnswers} onDone={() => setGoldOpen(null)} />}
                  {c.flags.map((f) => (
                    <div key={f.id} className="flag" role="note" aria-label={`Problem reported on ${c.label}`}>
                      ⚑ {FLAG_LABELS[f.kind] ?? f.kind}
                      {f.note ? `: ${f.note}` : ''} <span className="muted">— {f.readerName ?? 'a former reader'}</span>
                    </div>
                  ))}
                </td>
                <td>{c.priority}</td>
                <td>
                  <Status value={c.status} />
                  {(c.status === 'DONE' || c.status === 'IN_ADJUDICATION') && (
                    <Link href={`/${scope.orgSlug}/projects/${scope.projectId}/report?case=${c.id}`} style={{ marginLeft: 6, fontSize: 11 }} aria-label={`Agreement of ${c.label}`}>agreement</Link>
                  )}
                </td>
                <td>
                  <div className="chips">
                    {c.assignments.length === 0 && <span className="muted">unassigned</span>}
                    {c.assignments.map((a) => (
                      <span key={a.id} className="chip" title={a.status}>
                        {a.readerName} · <Status value={a.status} />
                        {a.status !== 'SKIPPED' && (
                          <Link href={`/${scope.orgSlug}/read/${a.id}`} style={{ marginLeft: 4, fontSize: 11 }} aria-label={`View ${a.readerName}'s read of ${c.label}`}>
                            view
                          </Link>
                        )}
                        {manage && (a.status === 'ASSIGNED' || a.status === 'IN_PROGRESS') && (
                          <select
                            className="inline"
                            aria-label={`Reassign ${a.readerName} on ${c.label}`}
                            value=""
                            onChange={(e) => e.target.value && reassign.mutate({ ...scope, assignmentId: a.id, readerId: e.target.value })}
                            style={{ marginLeft: 4, fontSize: 11, padding: '0 2px' }}
                          >
                            <option value="">reassign…</option>
                            {readers.filter((r) => !c.assignments.some((x) => x.readerId === r.userId)).map((r) => (
                              <option key={r.userId} value={r.userId}>{r.name}</option>
                            ))}
                          </select>
                        )}
                        {manage && a.status === 'SUBMITTED' && (
                          <button
                            className="btn btn-small"
                            style={{ marginLeft: 4, padding: '0 6px', fontSize: 11 }}
                            aria-label={`Reopen ${a.readerName}'s read of ${c.label}`}
                            onClick={() => {
                              const reason = window.prompt(`Reopen ${a.readerName}'s read of ${c.label}? Give a reason (it is audited).`);
                              if (reason) reopen.mutate({ ...scope, assignmentId: a.id, reason });
                            }}
                          >
                            reopen
                          </button>
                        )}
                      </span>
                    ))}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {cases.data && <Pager pages={pages} nextCursor={cases.data.nextCursor} total={cases.data.total} noun="case" />}
    </div>
  );
}

/** The case's image as the server renders it (DICOMweb thumbnail); nothing where it cannot (compressed pixel data). */
function CaseThumbnail({ scope, images, label }: { scope: { orgSlug: string; projectId: string }; images: { studyInstanceUid: string; seriesInstanceUid: string | null }; label: string }) {
  const [failed, setFailed] = useState(false);
  const path = `/dicomweb/${scope.orgSlug}/${scope.projectId}/studies/${images.studyInstanceUid}${images.seriesInstanceUid ? `/series/${images.seriesInstanceUid}` : ''}/thumbnail`;
  if (failed) return <span className="case-thumb-none" title="No preview: this image is decoded in the viewer only" />;
  return <img src={path} alt={`${label}: image`} width={48} height={48} loading="lazy" onError={() => setFailed(true)} data-testid="case-thumbnail" />;
}
