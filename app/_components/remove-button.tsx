'use client';

/** A small danger button that asks before it acts (removals return work to the pool). */
export function RemoveButton({ question, onConfirm, disabled }: { question: string; onConfirm: () => void; disabled?: boolean }) {
  return (
    <button className="btn btn-small btn-danger" disabled={disabled} onClick={() => window.confirm(question) && onConfirm()}>
      Remove
    </button>
  );
}
