'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { errorMessage, fieldErrors, useTRPC } from '@/app/_trpc/client';
import { LABEL_KINDS, schemaIds, type TLabel, type TLabelSchema, type TQuestion } from '@/server/contracts';
import { newId } from './ids';
import { blankQuestion, QuestionEditor } from './question-editor';
import { QuestionForm, type Answers } from './question-form';

function move<T>(list: T[], i: number, d: number): T[] {
  const j = i + d;
  if (j < 0 || j >= list.length) return list;
  const out = [...list];
  [out[i], out[j]] = [out[j]!, out[i]!];
  return out;
}

/** New items get ids derived from their text at save time; saved ids never change. */
function finalizeIds(schema: TLabelSchema, saved: Set<string>): TLabelSchema {
  const taken = new Set(schemaIds(schema).map((x) => x.id));
  const fix = <T extends { id: string }>(item: T, text: string, prefix: string): T => {
    if (saved.has(item.id) || !item.id.startsWith('new_')) return item;
    taken.delete(item.id);
    const id = newId(text, taken, prefix);
    taken.add(id);
    return { ...item, id };
  };
  return {
    questions: schema.questions.map((q) => fix(q, q.text, 'q')),
    labels: schema.labels.map((l) => ({ ...fix(l, l.name, 'label'), attributes: l.attributes.map((a) => fix(a, a.text, 'q')) })),
  };
}

export function SchemaEditor({ orgSlug, projectId, editable }: { orgSlug: string; projectId: string; editable: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const scope = { orgSlug, projectId };
  const current = useQuery(trpc.project.labelSchema.queryOptions(scope));
  const save = useMutation(trpc.project.saveLabelSchema.mutationOptions({ onSuccess: () => qc.invalidateQueries({ queryKey: trpc.project.labelSchema.pathKey() }) }));
  const [schema, setSchema] = useState<TLabelSchema | null>(null);
  const [answers, setAnswers] = useState<Answers>({});
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    if (current.data) setSchema(current.data.schema);
  }, [current.data]);

  if (current.isError) return <div role="alert" className="alert">{errorMessage(current.error)}</div>;
  if (!schema || !current.data) return <p className="muted">Loading schema…</p>;
  const saved = new Set(current.data.history.length ? schemaIds(current.data.schema).map((x) => x.id) : []);
  const tempId = () => `new_${crypto.randomUUID().slice(0, 8)}`;
  const setQuestions = (questions: TQuestion[]) => setSchema({ ...schema, questions });
  const setLabels = (labels: TLabel[]) => setSchema({ ...schema, labels });

  async function onSave() {
    setMessage(null);
    const result = await save.mutateAsync({ ...scope, schema: finalizeIds(schema!, saved) }).catch(() => null);
    if (result) setMessage(result.changed ? `Saved as version ${result.version}. Reads already made keep the version they were made with.` : 'No changes to save.');
  }

  const errors = Object.entries(fieldErrors(save.error));
  return (
    <div className="reading" style={{ gridTemplateColumns: editable ? '1fr 340px' : '1fr' }}>
      <div className="stack">
        <div className="row">
          <span className="muted">Version {current.data.version} of {current.data.history.length}</span>
          <span style={{ flex: 1 }} />
          {editable && <button className="btn btn-primary" onClick={() => void onSave()} disabled={save.isPending}>Save schema</button>}
        </div>
        {message && <div className="notice" role="status">{message}</div>}
        {save.error && (
          <div role="alert" className="alert">
            {errorMessage(save.error)}
            {errors.length > 0 && <ul style={{ margin: '4px 0 0', paddingLeft: 18 }}>{errors.map(([path, msgs]) => <li key={path}>{path}: {msgs?.join(' ')}</li>)}</ul>}
          </div>
        )}
        <section className="panel" aria-label="Questions">
          <h2>Study questions</h2>
          {schema.questions.map((q, i) => (
            <div key={q.id} className="schema-item">
              {editable ? <QuestionEditor q={q} locked={saved.has(q.id)} onChange={(nq) => setQuestions(schema.questions.map((x, k) => (k === i ? nq : x)))} /> : <strong>{q.text}</strong>}
              {editable && (
                <div className="row" style={{ marginTop: 6 }}>
                  <button className="btn btn-small" onClick={() => setQuestions(move(schema.questions, i, -1))} aria-label="Move up">↑</button>
                  <button className="btn btn-small" onClick={() => setQuestions(move(schema.questions, i, 1))} aria-label="Move down">↓</button>
                  <button className="btn btn-small btn-danger" onClick={() => setQuestions(schema.questions.filter((_, k) => k !== i))}>Remove</button>
                </div>
              )}
            </div>
          ))}
          {editable && <button className="btn" onClick={() => setQuestions([...schema.questions, blankQuestion('single', tempId())])}>Add question</button>}
        </section>
        <section className="panel" aria-label="Annotation labels">
          <h2>Annotation labels</h2>
          {schema.labels.map((l, i) => (
            <div key={l.id} className="schema-item">
              <div className="row">
                <input type="color" value={l.color} disabled={!editable} onChange={(e) => setLabels(schema.labels.map((x, k) => (k === i ? { ...x, color: e.target.value } : x)))} aria-label="Label color" />
                <input className="inline" value={l.name} disabled={!editable} placeholder="e.g. Nodule" aria-label="Label name" onChange={(e) => setLabels(schema.labels.map((x, k) => (k === i ? { ...x, name: e.target.value } : x)))} />
                <select className="inline" value={l.kind} disabled={!editable || saved.has(l.id)} aria-label="Label kind" onChange={(e) => setLabels(schema.labels.map((x, k) => (k === i ? { ...x, kind: e.target.value as TLabel['kind'] } : x)))}>
                  {LABEL_KINDS.map((k) => <option key={k}>{k}</option>)}
                </select>
                {editable && <button className="btn btn-small btn-danger" onClick={() => setLabels(schema.labels.filter((_, k) => k !== i))}>Remove</button>}
              </div>
              {l.attributes.map((a, j) => (
                <div key={a.id} className="schema-item" style={{ marginTop: 8, marginLeft: 16 }}>
                  <QuestionEditor q={a} locked={saved.has(a.id)} onChange={(na) => setLabels(schema.labels.map((x, k) => (k === i ? { ...x, attributes: x.attributes.map((y, m) => (m === j ? na : y)) } : x)))} />
                  {editable && <button className="btn btn-small btn-danger" onClick={() => setLabels(schema.labels.map((x, k) => (k === i ? { ...x, attributes: x.attributes.filter((_, m) => m !== j) } : x)))}>Remove attribute</button>}
                </div>
              ))}
              {editable && <button className="btn btn-small" style={{ marginTop: 6 }} onClick={() => setLabels(schema.labels.map((x, k) => (k === i ? { ...x, attributes: [...x.attributes, blankQuestion('ordinal', tempId())] } : x)))}>Add per-finding question</button>}
            </div>
          ))}
          {editable && <button className="btn" onClick={() => setLabels([...schema.labels, { id: tempId(), name: '', color: '#22aa88', kind: 'segmentation', attributes: [] }])}>Add label</button>}
        </section>
      </div>
      {editable && (
        <aside className="panel" aria-label="Preview" style={{ alignSelf: 'start', position: 'sticky', top: 12 }}>
          <h2>Reader’s view</h2>
          <QuestionForm questions={schema.questions.filter((q) => q.text)} answers={answers} onChange={(id, v) => setAnswers((a) => ({ ...a, [id]: v }))} />
          <h2 style={{ marginTop: 16 }}>Tools</h2>
          <div className="chips">
            {schema.labels.filter((l) => l.name).map((l) => (
              <span key={l.id} className="chip"><span style={{ display: 'inline-block', width: 9, height: 9, borderRadius: 2, background: l.color, marginRight: 4 }} />{l.name} · {l.kind}</span>
            ))}
          </div>
        </aside>
      )}
    </div>
  );
}
