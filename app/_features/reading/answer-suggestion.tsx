'use client';

import type { TAnswer } from '@/server/contracts/annotation-doc/schema';
import type { TQuestion } from '@/server/contracts/label-schema';

/** A classifier's answer to one question for the image on screen, which the reader may take. */
export function AnswerSuggestion({ s, questions, current, onUse }: { s: { questionId: string; answer: string; probability: number; model: string }; questions: TQuestion[]; current: TAnswer | undefined; onUse: () => void }) {
  const q = questions.find((x) => x.id === s.questionId);
  if (!q || q.type !== 'single') return null;
  const option = q.options.find((o) => o.id === s.answer);
  if (!option) return null;
  return (
    <div className="row suggestion" role="status" aria-label="Model answer" data-testid="answer-suggestion" style={{ gap: 6, flexWrap: 'wrap', fontSize: 13 }}>
      <span className="muted">{s.model}:</span>
      <span>
        {q.text} → <strong>{option.label}</strong> ({Math.round(s.probability * 100)} %)
      </span>
      {current === s.answer ? <span className="muted">(your answer)</span> : <button className="btn btn-sm" onClick={onUse}>Use</button>}
    </div>
  );
}
