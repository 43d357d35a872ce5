'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Bar } from '@/app/_components/status';
import { errorMessage, useTRPC } from '@/app/_trpc/client';
import { collectDropped, collectFiles, type PendingFile } from './collect-files';

type Outcome = 'queued' | 'uploading' | 'ACCEPTED' | 'DUPLICATE' | 'REJECTED' | 'failed';
interface Row extends PendingFile { outcome: Outcome; sent: number; reason?: string; unsent?: boolean }

const PARALLEL = 3;

/** Sends one file, reporting bytes sent; resolves with the server's verdict on it. */
function send(batchId: string, row: Row, body: Blob, onProgress: (sent: number) => void): Promise<{ outcome: Outcome; reason?: string }> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/ingest/${batchId}`);
    xhr.setRequestHeader('x-file-name', encodeURIComponent(row.name));
    xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onload = () => {
      try {
        const json = JSON.parse(xhr.responseText) as { outcome?: Outcome; reason?: string; error?: string };
        resolve(xhr.status === 200 && json.outcome ? { outcome: json.outcome, reason: json.reason } : { outcome: 'failed', reason: json.error ?? `HTTP ${xhr.status}` });
      } catch {
        resolve({ outcome: 'failed', reason: `HTTP ${xhr.status}` });
      }
    };
    xhr.onerror = () => resolve({ outcome: 'failed', reason: 'Network error' });
    xhr.send(body);
  });
}

export function UploadPanel({ orgSlug, projectId }: { orgSlug: string; projectId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const start = useMutation(trpc.ingest.startUpload.mutationOptions());
  const [rows, setRows] = useState<Row[]>([]);
  const [running, setRunning] = useState(false);
  const [startedAt, setStartedAt] = useState(0);
  const paused = useRef(false);
  const [isPaused, setIsPaused] = useState(false);
  const batch = useRef<string | null>(null);
  const files = useRef<HTMLInputElement>(null);
  const folder = useRef<HTMLInputElement>(null);

  const update = (i: number, patch: Partial<Row>) => setRows((rs) => rs.map((r, k) => (k === i ? { ...r, ...patch } : r)));

  async function run(list: Row[], indexes: number[]) {
    setRunning(true);
    setStartedAt(Date.now());
    batch.current ??= (await start.mutateAsync({ orgSlug, projectId })).batchId;
    const todo = [...indexes];
    const worker = async () => {
      for (let i = todo.shift(); i !== undefined; i = todo.shift()) {
        while (paused.current) await new Promise((r) => setTimeout(r, 200));
        const row = list[i]!;
        update(i, { outcome: 'uploading', sent: 0, unsent: false });
        const body = await row.read().catch((err: Error) => err);
        // A file that cannot be read here (a damaged zip entry) never reaches the server: rejected with the reason.
        const result = body instanceof Error ? { outcome: 'REJECTED' as const, reason: body.message, unsent: true } : await send(batch.current!, row, body, (sent) => update(i, { sent }));
        update(i, { ...result, sent: row.size });
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
    setRunning(false);
    await queryClient.invalidateQueries({ queryKey: trpc.ingest.studies.queryKey() });
  }

  async function add(pending: PendingFile[]) {
    if (!pending.length) return;
    const offset = rows.length;
    const next = [...rows, ...pending.map((p) => ({ ...p, outcome: 'queued' as const, sent: 0 }))];
    setRows(next);
    await run(next, pending.map((_, k) => offset + k));
  }

  const total = rows.reduce((n, r) => n + r.size, 0);
  const sent = rows.reduce((n, r) => n + r.sent, 0);
  const done = rows.filter((r) => r.outcome !== 'queued' && r.outcome !== 'uploading').length;
  const failed = rows.map((r, i) => (r.outcome === 'failed' ? i : -1)).filter((i) => i >= 0);
  const seconds = Math.max(0.001, (Date.now() - startedAt) / 1000);
  const count = (o: Outcome) => rows.filter((r) => r.outcome === o).length;

  return (
    <div className="panel stack" aria-label="Upload studies">
      <div
        className="dropzone"
        onDragOver={(e) => e.preventDefault()}
        onDrop={(e) => {
          e.preventDefault();
          void collectDropped(e.dataTransfer.items).then(add);
        }}
      >
        <strong>Drop DICOM files, folders or .zip archives here</strong>
        <span className="muted">Everything is de-identified before it is stored.</span>
        <div className="toolbar" style={{ justifyContent: 'center', marginBottom: 0 }}>
          <button type="button" className="btn" onClick={() => files.current?.click()}>Choose files…</button>
          <button type="button" className="btn" onClick={() => folder.current?.click()}>Choose a folder…</button>
        </div>
        <input ref={files} type="file" multiple hidden aria-label="DICOM files" onChange={(e) => void collectFiles(Array.from(e.target.files ?? [])).then(add)} />
        <input ref={folder} type="file" hidden aria-label="DICOM folder" {...{ webkitdirectory: '' }} onChange={(e) => void collectFiles(Array.from(e.target.files ?? [])).then(add)} />
      </div>
      {start.isError && <div role="alert" className="alert">{errorMessage(start.error)}</div>}
      {rows.length > 0 && (
        <>
          <Bar value={sent} total={total} label="Upload progress" />
          <div className="toolbar">
            <span aria-live="polite">
              {done}/{rows.length} files · {(sent / 2 ** 20).toFixed(1)} of {(total / 2 ** 20).toFixed(1)} MB · {(sent / 2 ** 20 / seconds).toFixed(1)} MB/s ·{' '}
              {count('ACCEPTED')} accepted · {count('DUPLICATE')} duplicates · {count('REJECTED')} rejected{failed.length ? ` · ${failed.length} failed` : ''}
            </span>
            {running && (
              <button type="button" className="btn btn-small" onClick={() => { paused.current = !paused.current; setIsPaused(paused.current); }}>
                {isPaused ? 'Resume' : 'Pause'}
              </button>
            )}
            {!running && failed.length > 0 && <button type="button" className="btn btn-small" onClick={() => void run(rows, failed)}>Retry failed</button>}
          </div>
          <table className="data" aria-label="Files">
            <thead><tr><th>File</th><th style={{ width: '25%' }}>Progress</th><th>Result</th></tr></thead>
            <tbody>
              {rows.filter((r) => r.outcome !== 'ACCEPTED').slice(0, 200).map((r) => (
                <tr key={r.name}>
                  <td>{r.name}</td>
                  <td>{r.unsent ? <span className="muted">not sent</span> : <Bar value={r.sent} total={r.size} label={`${r.name} progress`} />}</td>
                  <td>{r.outcome === 'queued' || r.outcome === 'uploading' ? <span className="muted">{r.outcome}</span> : <span>{r.outcome.toLowerCase()}{r.reason ? `: ${r.reason}` : ''}</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
