'use client';

import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { readDoc } from '@/server/contracts/annotation-doc/doc';
import type { TAnnotationDoc } from '@/server/contracts/annotation-doc/schema';

const EMPTY: TAnnotationDoc = { format: 0, labelSchemaVersion: null, answers: {}, findings: [], strokes: [] };

/** The plain view of a document, re-read after each change (batched per animation frame). */
export function useDocView(doc: Y.Doc | null): TAnnotationDoc {
  const [view, setView] = useState<TAnnotationDoc>(() => (doc ? readDoc(doc) : EMPTY));
  useEffect(() => {
    if (!doc) return;
    let frame = 0;
    const onUpdate = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => setView(readDoc(doc)));
    };
    setView(readDoc(doc));
    doc.on('update', onUpdate);
    return () => {
      cancelAnimationFrame(frame);
      doc.off('update', onUpdate);
    };
  }, [doc]);
  return view;
}
