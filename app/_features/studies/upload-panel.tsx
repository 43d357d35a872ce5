'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Bar } from '@/app/_components/status';
import { errorMessage, useTRPC } from '@/app/_trpc/client';
import { groupBody, takeGroup } from '@/server/contracts/upload-group';
import { collectDropped, collectFiles, type PendingFile } from './collect-files';

type Outcome = 'queued' | 'uploading' | 'ACCEPTED' | 'DUPLICATE' | 'REJECTED' | 'failed';
interface Row extends PendingFile { outcome: Outcome; sent: number; reason?: string; unsent?: boolean }

const PARALLEL = 3;
/** Rows of the Files table at most (a dropped folder can hold thousands of files). */
const LISTED = 200;

type Verdict = { outcome: Outcome; reason?: string };

/**
 * Sends one file, or a group of small ones in one request (server/contracts/upload-group.ts),
 * reporting each file's bytes sent; resolves with the server's verdict on each, in order.
 */
function send(batchId: string, files: { name: string; size: number; body: Blob }[], onProgress: (sent: number[]) => void): Promise<Verdict[]> {
  return new Promise((resolve) => {
    const failed = (reason: string) => resolve(files.map(() => ({ outcome: 'failed', reason })));
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/ingest/${batchId}`);
    let body = files[0]!.body;
    if (files.length === 1) xhr.setRequestHeader('x-file-name', encodeURIComponent(files[0]!.name));
    else {
      const group = groupBody(files, `concord-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`);
      xhr.setRequestHeader('content-type', group.contentType);
      body = new Blob(group.pieces);
    }
    const bytes = files.reduce((n, f) => n + f.size, 0);
    xhr.upload.onprogress = (e) => {
      // The part headers are a sliver of the body: spread what was sent over the files in order.
      const sent = (e.loaded / Math.max(e.total, 1)) * bytes;
      let before = 0;
      onProgress(
        files.map((f) => {
          const part = Math.min(f.size, Math.max(0, sent - before));
          before += f.size;
          return part;
        }),
      );
    };
    xhr.onload = () => {
      try {
        const json = JSON.parse(xhr.responseText) as Verdict & { files?: Verdict[]; error?: string };
        const verdicts = files.length === 1 ? [json] : (json.files ?? []);
        if (xhr.status === 200 && verdicts.length === files.length && verdicts.every((v) => v.outcome)) resolve(verdicts.map((v) => ({ outcome: v.outcome, reason: v.reason })));
        else failed(json.error ?? `HTTP ${xhr.status}`);
      } catch {
        failed(`HTTP ${xhr.status}`);
      }
    };
    xhr.onerror = () => failed('Network error');
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

  const patch = (changes: Map<number, Partial<Row>>) => setRows((rs) => rs.map((r, k) => (changes.has(k) ? { ...r, ...changes.get(k) } : r)));
  const patchEach = (indexes: number[], change: (k: number) => Partial<Row>) => patch(new Map(indexes.map((i, k) => [i, change(k)])));

  async function run(list: Row[], indexes: number[]) {
    setRunning(true);
    setStartedAt(Date.now());
    batch.current ??= (await start.mutateAsync({ orgSlug, projectId })).batchId;
    const todo = [...indexes];
    const worker = async () => {
      for (;;) {
        while (paused.current) await new Promise((r) => setTimeout(r, 200));
        if (!todo.length) return; // the other workers may have taken the rest meanwhile
        const group = takeGroup(todo, (i) => list[i]!.size);
        patchEach(group, () => ({ outcome: 'uploading', sent: 0, unsent: false }));
        const files: { i: number; name: string; size: number; body: Blob }[] = [];
        const unreadable = new Map<number, Partial<Row>>();
        for (const i of group) {
          const row = list[i]!;
          const body = await row.read().catch((err: Error) => err);
          // A file that cannot be read here (a damaged zip entry) never reaches the server: rejected with the reason.
          if (body instanceof Error) unreadable.set(i, { outcome: 'REJECTED', reason: body.message, unsent: true, sent: row.size });
          else files.push({ i, name: row.name, size: row.size, body });
        }
        patch(unreadable);
        if (!files.length) continue;
        const sendable = files.map((f) => f.i);
        const verdicts = await send(batch.current!, files, (sent) => patchEach(sendable, (k) => ({ sent: sent[k] })));
        patchEach(sendable, (k) => ({ ...verdicts[k], sent: files[k]!.size }));
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
  // Accepted files need no line of their own: the others (waiting, going up, refused, failed) do.
  const listed = rows.filter((r) => r.outcome !== 'ACCEPTED');

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
          {listed.length > 0 && (
            <table className="data" aria-label="Files">
              <thead><tr><th>File</th><th style={{ width: '25%' }}>Progress</th><th>Result</th></tr></thead>
              <tbody>
                {listed.slice(0, LISTED).map((r) => (
                  <tr key={r.name}>
                    <td>{r.name}</td>
                    <td>{r.unsent ? <span className="muted">not sent</span> : <Bar value={r.sent} total={r.size} label={`${r.name} progress`} />}</td>
                    <td>{r.outcome === 'queued' || r.outcome === 'uploading' ? <span className="muted">{r.outcome}</span> : <span>{r.outcome.toLowerCase()}{r.reason ? `: ${r.reason}` : ''}</span>}</td>
                  </tr>
                ))}
                {listed.length > LISTED && <tr><td colSpan={3} className="muted">… and {listed.length - LISTED} more</td></tr>}
              </tbody>
            </table>
          )}
        </>
      )}
    </div>
  );
}
