'use client';

import type { TQuestion } from '@/server/contracts';

export type Answer = string | number | boolean | string[] | null;
export type Answers = Record<string, Answer>;

/** The reader's form for a list of questions (also the schema editor's preview). */
export function QuestionForm({ questions, answers, onChange, disabled, name = '' }: { questions: TQuestion[]; answers: Answers; onChange: (id: string, value: Answer) => void; disabled?: boolean; name?: string }) {
  if (!questions.length) return <p className="muted">No questions.</p>;
  return (
    <div className="stack" style={{ gap: 14 }}>
      {questions.map((q) => (
        <fieldset key={q.id} disabled={disabled} style={{ border: 0, padding: 0, margin: 0 }}>
          <legend style={{ fontWeight: 500, marginBottom: 4 }}>
            {q.text}
            {q.required && <span style={{ color: 'var(--danger)' }} aria-label="required"> *</span>}
          </legend>
          {q.help && <div className="muted" style={{ fontSize: 12, marginBottom: 4 }}>{q.help}</div>}
          <QuestionInput q={q} name={`${name}${q.id}`} value={answers[q.id] ?? null} onChange={(v) => onChange(q.id, v)} />
        </fieldset>
      ))}
    </div>
  );
}

function QuestionInput({ q, name, value, onChange }: { q: TQuestion; name: string; value: Answer; onChange: (v: Answer) => void }) {
  switch (q.type) {
    case 'single':
    case 'ordinal':
      return (
        <div className="stack" style={{ gap: 2 }}>
          {q.options.map((o) => (
            <label key={o.id} className="row" style={{ gap: 6 }}>
              <input type="radio" name={name} checked={value === o.id} onChange={() => onChange(o.id)} />
              {q.type === 'ordinal' ? <strong style={{ minWidth: 18 }}>{o.label}</strong> : o.label}
              {'description' in o && o.description && <span className="muted" style={{ fontSize: 12 }}>{o.description}</span>}
            </label>
          ))}
        </div>
      );
    case 'multi': {
      const set = new Set(Array.isArray(value) ? value : []);
      return (
        <div className="stack" style={{ gap: 2 }}>
          {q.options.map((o) => (
            <label key={o.id} className="row" style={{ gap: 6 }}>
              <input type="checkbox" checked={set.has(o.id)} onChange={(e) => onChange(e.target.checked ? [...set, o.id] : [...set].filter((x) => x !== o.id))} />
              {o.label}
            </label>
          ))}
        </div>
      );
    }
    case 'number':
      return (
        <div className="row">
          <input className="inline" type="number" aria-label={q.text} min={q.min} max={q.max} step="any" value={typeof value === 'number' ? value : ''} onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))} />
          {q.unit && <span className="muted">{q.unit}</span>}
        </div>
      );
    case 'text':
      return <textarea className="inline" aria-label={q.text} maxLength={q.maxLength} rows={2} style={{ width: '100%' }} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value || null)} />;
  }
}
