'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { errorMessage, useTRPC } from '@/app/_trpc/client';

type Scope = { orgSlug: string; projectId: string };

const FORMATS = [
  { id: 'nifti', label: 'NIfTI label maps', hint: 'one .nii.gz per case and series (3D Slicer, ITK-SNAP, MONAI, nnU-Net)' },
  { id: 'seg', label: 'DICOM SEG', hint: 'segmentations as DICOM objects referencing the source images (OHIF, Slicer, highdicom)' },
  { id: 'coco', label: 'COCO JSON', hint: 'boxes, contours and per-slice mask RLE (pycocotools)' },
] as const;

const size = (bytes: number | null) => (bytes === null ? '—' : bytes < 1024 ** 2 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 ** 2).toFixed(1)} MB`);
const when = (d: Date | null) => (d ? d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : '—');

/** Dataset snapshots of a project: ask for a new one, watch it build, download any version again. */
export function ExportsPanel({ scope }: { scope: Scope }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const list = useQuery({
    ...trpc.export.list.queryOptions(scope),
    // Poll while a snapshot is being built.
    refetchInterval: (q) => (q.state.data?.some((s) => s.status === 'QUEUED' || s.status === 'RUNNING') ? 1000 : false),
  });
  const create = useMutation(trpc.export.create.mutationOptions({ onSuccess: () => qc.invalidateQueries({ queryKey: trpc.export.list.pathKey() }) }));
  const [cases, setCases] = useState<'final' | 'all'>('final');
  const [reads, setReads] = useState(false);
  const [images, setImages] = useState(false);
  const [formats, setFormats] = useState<string[]>(['nifti', 'seg', 'coco']);
  const [license, setLicense] = useState('');

  const onCreate = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ ...scope, options: { cases, reads, images, formats: formats as ('nifti' | 'seg' | 'coco')[], license } });
  };
  const toggle = (id: string) => setFormats((f) => (f.includes(id) ? f.filter((x) => x !== id) : [...f, id]));

  return (
    <div className="stack">
      <form className="panel stack" onSubmit={onCreate} aria-label="New snapshot">
        <h2>New snapshot</h2>
        <p className="muted" style={{ margin: 0 }}>A snapshot is a numbered, unchangeable zip of the project’s labels: download it again a year later and you get the same bytes. Tables (answers, findings, agreement, adjudication), adjudication records and a dataset card are always in.</p>
        <div className="grid-2">
          <fieldset className="field">
            <legend>Cases</legend>
            <label><input type="radio" name="cases" checked={cases === 'final'} onChange={() => setCases('final')} /> Cases with a final consensus</label>
            <label><input type="radio" name="cases" checked={cases === 'all'} onChange={() => setCases('all')} /> Every case (those without consensus in the tables only)</label>
          </fieldset>
          <fieldset className="field">
            <legend>Contents</legend>
            <label><input type="checkbox" checked={reads} onChange={(e) => setReads(e.target.checked)} /> Every individual read, next to the consensus</label>
            <label><input type="checkbox" checked={images} onChange={(e) => setImages(e.target.checked)} /> De-identified DICOM images</label>
          </fieldset>
          <fieldset className="field">
            <legend>Formats</legend>
            {FORMATS.map((f) => (
              <label key={f.id}>
                <input type="checkbox" checked={formats.includes(f.id)} onChange={() => toggle(f.id)} />
                <span>{f.label}<br /><span className="muted" style={{ fontSize: 12 }}>{f.hint}</span></span>
              </label>
            ))}
          </fieldset>
          <div className="field">
            <label htmlFor="export-license">Licence (written into the dataset card)</label>
            <input id="export-license" value={license} maxLength={200} placeholder="e.g. CC BY 4.0" onChange={(e) => setLicense(e.target.value)} />
          </div>
        </div>
        {create.isError && <div role="alert" className="alert">{errorMessage(create.error)}</div>}
        <div className="row">
          <button className="btn btn-primary" type="submit" disabled={create.isPending || formats.length === 0}>Create snapshot</button>
          {formats.length === 0 && <span className="muted">Choose at least one format</span>}
        </div>
      </form>

      {list.isError && <div role="alert" className="alert">{errorMessage(list.error)}</div>}
      {list.data && list.data.length === 0 && <div className="empty"><h2>No snapshot yet</h2><p className="muted">Create one above; it is built in the background.</p></div>}
      {list.data && list.data.length > 0 && (
        <table className="data" aria-label="Snapshots">
          <thead><tr><th>Version</th><th>Created</th><th>Contents</th><th>Status</th><th>Size</th><th>SHA-256</th><th /></tr></thead>
          <tbody>
            {list.data.map((s) => (
              <tr key={s.id}>
                <td><strong>v{s.version}</strong></td>
                <td style={{ whiteSpace: 'nowrap' }}>{when(s.createdAt)}<div className="muted">{s.createdBy}</div></td>
                <td>
                  <div className="chips">
                    <span className="chip">{s.options.cases === 'final' ? 'final cases' : 'all cases'}</span>
                    {s.options.reads && <span className="chip">reads</span>}
                    {s.options.images && <span className="chip">images</span>}
                    {s.options.formats.map((f) => <span key={f} className="chip">{f}</span>)}
                    {s.options.license && <span className="chip">{s.options.license}</span>}
                  </div>
                </td>
                <td style={{ minWidth: 160 }}>
                  {(s.status === 'QUEUED' || s.status === 'RUNNING') && (
                    <div className="stack" style={{ gap: 4 }}>
                      <span className="status status-READING">{s.status === 'QUEUED' ? 'queued' : `building ${s.casesDone}/${s.casesTotal}`}</span>
                      <div className="bar" role="progressbar" aria-label={`Snapshot v${s.version} progress`} aria-valuemin={0} aria-valuemax={s.casesTotal || 1} aria-valuenow={s.casesDone}>
                        <span style={{ width: `${s.casesTotal ? (100 * s.casesDone) / s.casesTotal : 0}%` }} />
                      </div>
                    </div>
                  )}
                  {s.status === 'READY' && <span className="status status-DONE">ready</span>}
                  {s.status === 'FAILED' && <span className="status status-IN_ADJUDICATION" title={s.error ?? ''}>failed</span>}
                  {s.status === 'FAILED' && <div className="muted">{s.error}</div>}
                </td>
                <td>{size(s.size)}</td>
                <td className="mono" title={s.sha256 ?? ''}>{s.sha256 ? s.sha256.slice(0, 12) : '—'}</td>
                <td>{s.status === 'READY' && <a className="btn btn-small" href={`/api/orgs/${scope.orgSlug}/projects/${scope.projectId}/exports/${s.id}/download`} download>Download</a>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
