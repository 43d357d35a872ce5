'use client';

import type { TQuestion, TQuestionType } from '@/server/contracts';
import { newId } from './ids';

const TYPES: [TQuestionType, string][] = [
  ['single', 'Single choice'],
  ['multi', 'Multiple choice'],
  ['ordinal', 'Ordinal scale'],
  ['number', 'Number'],
  ['text', 'Free text'],
];

/** A blank question of a type; its id is derived from the text when first saved. */
export function blankQuestion(type: TQuestionType, id: string): TQuestion {
  const base = { id, text: '', required: false, help: '' };
  switch (type) {
    case 'single':
      return { ...base, type, options: [{ id: 'yes', label: 'Yes' }, { id: 'no', label: 'No' }] };
    case 'multi':
      return { ...base, type, options: [{ id: 'a', label: 'Option A' }] };
    case 'ordinal':
      return { ...base, type, options: [1, 2, 3, 4, 5].map((v) => ({ id: `l${v}`, value: v, label: String(v), description: '' })) };
    case 'number':
      return { ...base, type, unit: '' };
    case 'text':
      return { ...base, type, maxLength: 2000 };
  }
}

/** Edits one question; options are edited as lines ("label" or "value | label | description" for ordinal scales). */
export function QuestionEditor({ q, onChange, locked }: { q: TQuestion; onChange: (q: TQuestion) => void; locked: boolean }) {
  const optionsText = 'options' in q ? q.options.map((o) => ('value' in o ? [o.value, o.label, o.description].filter((x) => x !== '').join(' | ') : o.label)).join('\n') : '';

  function setOptions(text: string) {
    if (!('options' in q)) return;
    const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
    const taken = new Set<string>();
    const old = new Map(q.options.map((o) => [o.label, o.id]));
    const idFor = (label: string) => {
      const id = old.get(label) ?? newId(label, new Set([...taken, ...q.options.map((o) => o.id)]), 'o');
      taken.add(id);
      return id;
    };
    if (q.type === 'ordinal') {
      onChange({ ...q, options: lines.map((l, i) => { const [v, label, description] = l.split('|').map((s) => s.trim()); const value = Number(v); return { id: idFor(label ?? v ?? String(i)), value: Number.isFinite(value) ? value : i, label: label ?? v ?? '', description: description ?? '' }; }) });
    } else {
      onChange({ ...q, options: lines.map((label) => ({ id: idFor(label), label })) });
    }
  }

  return (
    <div className="stack" style={{ gap: 4 }}>
      <div className="row">
        <div className="field" style={{ flex: 3 }}>
          <label>Question</label>
          <input value={q.text} onChange={(e) => onChange({ ...q, text: e.target.value })} placeholder="e.g. Malignancy" aria-label="Question text" />
        </div>
        <div className="field">
          <label>Type</label>
          <select value={q.type} disabled={locked} title={locked ? 'Saved questions keep their type; add a new question instead' : undefined} aria-label="Question type" onChange={(e) => onChange({ ...blankQuestion(e.target.value as TQuestionType, q.id), text: q.text, required: q.required })}>
            {TYPES.map(([t, label]) => <option key={t} value={t}>{label}</option>)}
          </select>
        </div>
        <label className="row" style={{ marginTop: 14 }}><input type="checkbox" checked={q.required} onChange={(e) => onChange({ ...q, required: e.target.checked })} /> required</label>
      </div>
      {'options' in q && (
        <div className="field">
          <label>{q.type === 'ordinal' ? 'Levels, one per line: value | label | description' : 'Options, one per line'}</label>
          <textarea rows={Math.min(8, Math.max(2, q.options.length))} defaultValue={optionsText} onBlur={(e) => setOptions(e.target.value)} aria-label="Options" />
        </div>
      )}
      {q.type === 'number' && (
        <div className="field" style={{ maxWidth: 160 }}>
          <label>Unit</label>
          <input value={q.unit} onChange={(e) => onChange({ ...q, unit: e.target.value })} placeholder="mm" aria-label="Unit" />
        </div>
      )}
      <span className="muted" style={{ fontSize: 11 }}>id: {q.id}</span>
    </div>
  );
}
