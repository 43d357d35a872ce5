'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { errorMessage, useTRPC } from '@/app/_trpc/client';
import { ModelAssist } from '../projects/model-assist';
import { PreannotationChoice } from './preannotation-choice';

type Scope = { orgSlug: string; projectId: string };

const size = (bytes: number) => (bytes < 1024 ** 2 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 ** 2).toFixed(1)} MB`);

/**
 * The project's models: which one readers get for segmentation suggestions (the shipped model,
 * an uploaded one, or none) and which classifier answers a question; uploads of new versions.
 */
export function ModelsPanel({ scope }: { scope: Scope }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const list = useQuery(trpc.model.list.queryOptions(scope));
  const schema = useQuery(trpc.project.labelSchema.queryOptions(scope));
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.model.pathKey() });
  const select = useMutation(trpc.model.select.mutationOptions({ onSuccess: refresh }));
  const [file, setFile] = useState<File | null>(null);
  const [config, setConfig] = useState('');
  const [questionId, setQuestionId] = useState('');
  const [upload, setUpload] = useState<{ busy: boolean; error: string | null; done: string | null }>({ busy: false, error: null, done: null });

  async function onUpload(e: FormEvent) {
    e.preventDefault();
    if (!file) return;
    setUpload({ busy: true, error: null, done: null });
    const form = new FormData();
    form.set('model', file);
    form.set('config', config);
    if (questionId) form.set('questionId', questionId);
    const res = await fetch(`/api/orgs/${scope.orgSlug}/projects/${scope.projectId}/models`, { method: 'POST', body: form });
    const body = (await res.json().catch(async () => ({ error: await res.text() }))) as { version?: number; error?: string };
    setUpload({ busy: false, error: res.ok ? null : (body.error ?? `Upload failed (HTTP ${res.status})`), done: res.ok ? `Added as version ${body.version}` : null });
    if (res.ok) void refresh();
  }

  if (list.isError) return <div role="alert" className="alert">{errorMessage(list.error)}</div>;
  if (!list.data) return <p className="muted">Loading…</p>;
  const { models, shipped } = list.data;
  const singles = schema.data?.schema.questions.filter((q) => q.type === 'single') ?? [];
  const questionText = (id: string | null) => schema.data?.schema.questions.find((q) => q.id === id)?.text ?? id ?? '';
  const segChoices = [{ id: shipped.id, label: `${shipped.name} ${shipped.version} (shipped with Concord)` }, ...models.filter((m) => m.task === 'segmentation').map((m) => ({ id: m.id, label: `${m.name} ${m.configVersion} (v${m.version})` })), { id: 'off', label: 'Off: no suggestions' }];
  const classifiers = models.filter((m) => m.task === 'classification');

  return (
    <div className="stack">
      {select.error && <div role="alert" className="alert">{errorMessage(select.error)}</div>}
      <div className="panel">
        <h2>Segmentation suggestions</h2>
        <p className="muted" style={{ marginTop: 0 }}>Readers click a structure (or drag a box) with the Suggest tool; the model runs in their browser and proposes a mask they accept, edit or reject.</p>
        <fieldset className="stack" style={{ gap: 4, border: 0, padding: 0 }} aria-label="Segmentation model">
          {segChoices.map((c) => (
            <label key={c.id} className="row" style={{ gap: 6 }}>
              <input type="radio" name="segmentation" checked={list.data.segmentation === c.id} onChange={() => select.mutate({ ...scope, task: 'segmentation', modelId: c.id })} />
              {c.label}
            </label>
          ))}
        </fieldset>
      </div>
      <PreannotationChoice list={list.data} labels={schema.data?.schema.labels ?? []} busy={select.isPending} onSave={(modelId, labels) => select.mutate({ ...scope, task: 'preannotation', modelId, labels })} />
      <div className="panel">
        <h2>Answer suggestions</h2>
        <p className="muted" style={{ marginTop: 0 }}>A classifier offers readers an answer to one single-choice question from the image on screen.</p>
        <fieldset className="stack" style={{ gap: 4, border: 0, padding: 0 }} aria-label="Classifier">
          <label className="row" style={{ gap: 6 }}>
            <input type="radio" name="classifier" checked={list.data.classifier === null} onChange={() => select.mutate({ ...scope, task: 'classification', modelId: null })} />
            None
          </label>
          {classifiers.map((m) => (
            <label key={m.id} className="row" style={{ gap: 6 }}>
              <input type="radio" name="classifier" checked={list.data.classifier === m.id} onChange={() => select.mutate({ ...scope, task: 'classification', modelId: m.id })} />
              {m.name} {m.configVersion} (v{m.version}) → “{questionText(m.questionId)}”
            </label>
          ))}
        </fieldset>
      </div>
      <form className="panel stack" onSubmit={(e) => void onUpload(e)} aria-label="Upload a model">
        <h2>Upload a model</h2>
        <p className="muted" style={{ marginTop: 0 }}>An ONNX file and its config (format concord.model/1: inputs, prompts, outputs, post-processing). It is loaded and test-run before it is stored; each upload is a new version.</p>
        <label className="stack" style={{ gap: 2 }}>
          <span>Model file (.onnx)</span>
          <input type="file" accept=".onnx" aria-label="Model file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </label>
        <label className="stack" style={{ gap: 2 }}>
          <span>Config (JSON)</span>
          <textarea aria-label="Model config" rows={8} value={config} onChange={(e) => setConfig(e.target.value)} placeholder='{"format": "concord.model/1", "task": "interactive-segmentation" | "automatic-segmentation" | "detection" | "classification", …}' style={{ fontFamily: 'ui-monospace, monospace', fontSize: 12 }} />
        </label>
        <label className="row" style={{ gap: 6 }}>
          <span>Question it answers (classifiers)</span>
          <select aria-label="Question it answers" value={questionId} onChange={(e) => setQuestionId(e.target.value)}>
            <option value="">—</option>
            {singles.map((q) => <option key={q.id} value={q.id}>{q.text}</option>)}
          </select>
        </label>
        {upload.error && <div role="alert" className="alert">{upload.error}</div>}
        {upload.done && <p role="status">{upload.done}</p>}
        <div><button className="btn btn-primary" disabled={!file || !config || upload.busy}>{upload.busy ? 'Checking…' : 'Upload'}</button></div>
      </form>
      {models.length > 0 && (
        <div className="panel">
          <h2>Versions</h2>
          <table className="data" aria-label="Uploaded models">
            <thead><tr><th>Version</th><th>Name</th><th>Task</th><th>Question</th><th>Size</th><th>SHA-256</th><th>Added</th></tr></thead>
            <tbody>
              {models.map((m) => (
                <tr key={m.id}>
                  <td>v{m.version}</td>
                  <td>{m.name} {m.configVersion}</td>
                  <td>{m.task === 'preannotation' ? `pre-annotation (${m.classes.join(', ')})` : m.task}</td>
                  <td>{m.questionId ? questionText(m.questionId) : '—'}</td>
                  <td>{size(m.bytes)}</td>
                  <td><code>{m.sha256.slice(0, 12)}</code></td>
                  <td>{m.createdAt.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ModelAssist orgSlug={scope.orgSlug} projectId={scope.projectId} />
    </div>
  );
}
