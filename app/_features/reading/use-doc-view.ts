'use client';

import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import { readDoc } from '@/server/contracts/annotation-doc/doc';
import type { TAnnotationDoc } from '@/server/contracts/annotation-doc/schema';

const EMPTY: TAnnotationDoc = { format: 0, labelSchemaVersion: null, answers: {}, findings: [], strokes: [], assists: [], segments: [] };

/**
 * The plain view of a document, re-read after each change. Synchronously, so a form control
 * bound to the document shows the new value in the same render as the click that set it.
 */
export function useDocView(doc: Y.Doc | null): TAnnotationDoc {
  const [view, setView] = useState<TAnnotationDoc>(() => (doc ? readDoc(doc) : EMPTY));
  useEffect(() => {
    if (!doc) return;
    const onUpdate = () => setView(readDoc(doc));
    onUpdate();
    doc.on('update', onUpdate);
    return () => doc.off('update', onUpdate);
  }, [doc]);
  return view;
}
