import { annotation } from '@cornerstonejs/tools';
import * as Y from 'yjs';
import { findingOf, putFinding, removeFinding, roots } from '@/server/contracts/annotation-doc/doc';
import type { TFinding } from '@/server/contracts/annotation-doc/schema';
import type { TLabel } from '@/server/contracts/label-schema';
import { annotationManager } from '../core/init';
import { isFindingTool, TOOL_NAMES, toAnnotation, toFinding, type CsAnnotation, type ImageRefs } from './mapper';

export interface AnnotationSyncOptions {
  doc: Y.Doc;
  origin: object;
  element: HTMLDivElement;
  refs: ImageRefs;
  labels: TLabel[];
  /** The label a new finding gets: the active label when its kind fits the tool. */
  labelFor(tool: TFinding['tool']): string | null;
  render(): void;
}

/** Equal but for cornerstone's rounding when it draws a stored finding again (within 0.1 %). */
const sameValue = (a: number, b: number) => Math.abs(a - b) <= 1e-3 * Math.max(Math.abs(a), Math.abs(b), 1e-6);

/**
 * The drawing takes the stored handles (rounded to 0.1 µm), so its values are computed from what
 * is stored: a point placed on a pixel's edge would otherwise show one pixel's value and, after a
 * reload, its neighbour's. Contours keep their outline as drawn. Says whether anything moved.
 */
function drawAsStored(a: CsAnnotation, f: TFinding) {
  const handles = a.data.handles.points;
  if (f.tool === 'freehand' || f.tool === 'spline' || handles.length !== f.points.length) return false;
  if (handles.every((p, i) => p.every((v, k) => v === f.points[i]![k]))) return false;
  // In place: a gesture under way holds this array.
  f.points.forEach((p, i) => (handles[i] = [...p]));
  a.invalidated = true;
  return true;
}

/**
 * Keeps cornerstone's annotation state and the document's findings in step: drawn, moved or
 * deleted annotations are written to the document (after the gesture settles); findings that
 * arrive from elsewhere (another tab, undo, the stored document) are drawn.
 */
export function bindAnnotations(o: AnnotationSyncOptions) {
  const { findings } = roots(o.doc);
  const labelName = (id: string | null) => o.labels.find((l) => l.id === id)?.name ?? null;
  /** A finding is drawn in its label's colour with the label's name, an arrow with its own text (cornerstone's default colour when unlabelled). */
  const dress = (a: CsAnnotation, labelId: string | null) => {
    if (a.metadata.toolName !== TOOL_NAMES.arrow) a.data.label = labelName(labelId) ?? '';
    const color = o.labels.find((l) => l.id === labelId)?.color;
    // Selected and highlighted too: the handles and the thicker line already mark them.
    if (a.annotationUID) annotation.config.style.setAnnotationStyles(a.annotationUID, color ? { color, colorHighlighted: color, colorSelected: color, textBoxColor: color, textBoxColorHighlighted: color, textBoxColorSelected: color } : {});
  };
  const pending = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | null = null;

  function write() {
    timer = null;
    let redraw = false;
    o.doc.transact(() => {
      for (const uid of pending) {
        const a = annotation.state.getAnnotation(uid) as unknown as CsAnnotation | undefined;
        if (!a) continue;
        const existing = findings.get(uid);
        const prev = existing ? findingOf(existing) : null;
        const tool = toFinding(a, o.refs, { labelId: null, attributes: {} })?.tool;
        if (!tool) continue;
        const f = toFinding(a, o.refs, { labelId: prev?.labelId ?? o.labelFor(tool), attributes: prev?.attributes ?? {} });
        if (!f) continue;
        // Drawing a stored finding recomputes its values (cornerstone's own rounding and calibration):
        // that is not an edit. Moved points, new values, or values that changed beyond such rounding
        // are: cornerstone computes a drawing's values a moment after its last move, and a write
        // taken between the two must not keep the half-drawn length.
        if (prev && prev.text === f.text && JSON.stringify(prev.points) === JSON.stringify(f.points) && f.values.every((v) => prev.values.some((p) => p.name === v.name && sameValue(p.value, v.value)))) continue;
        if (!prev) dress(a, f.labelId);
        putFinding(o.doc, f);
        if (drawAsStored(a, f)) redraw = true;
      }
    }, o.origin);
    pending.clear();
    if (redraw) o.render();
  }

  /** This viewport's annotations (see initCornerstone: annotations are grouped per viewport). */
  const own = () => {
    const manager = annotationManager();
    const group = manager.getAnnotations(manager.getGroupKey(o.element));
    return (Array.isArray(group) ? group : Object.values(group).flat()) as CsAnnotation[];
  };

  const onChanged = (evt: Event) => {
    const a = (evt as CustomEvent<{ annotation?: CsAnnotation }>).detail.annotation;
    if (!a?.annotationUID || !isFindingTool(a.metadata.toolName)) return;
    if (!own().some((x) => x.annotationUID === a.annotationUID)) return;
    pending.add(a.annotationUID);
    if (timer) clearTimeout(timer);
    timer = setTimeout(write, 250);
  };
  const onRemoved = (evt: Event) => {
    const a = (evt as CustomEvent<{ annotation?: CsAnnotation }>).detail.annotation;
    if (!a?.annotationUID || !findings.has(a.annotationUID) || syncing) return;
    pending.delete(a.annotationUID);
    o.doc.transact(() => removeFinding(o.doc, a.annotationUID!), o.origin);
  };

  let syncing = false;
  /** Draws the document's findings: adds the missing, redraws the changed, removes the deleted. */
  function fromDoc() {
    syncing = true;
    try {
      const wanted = new Map<string, TFinding>();
      for (const m of findings.values()) {
        const f = m instanceof Y.Map ? findingOf(m) : null;
        if (f) wanted.set(f.id, f);
      }
      for (const a of own()) {
        if (!a.annotationUID || !isFindingTool(a.metadata.toolName)) continue;
        const f = wanted.get(a.annotationUID);
        const same = f && JSON.stringify(toFinding(a, o.refs, f)?.points) === JSON.stringify(f.points);
        if (!same) annotation.state.removeAnnotation(a.annotationUID);
        else {
          dress(a, f.labelId);
          wanted.delete(a.annotationUID);
        }
      }
      for (const f of wanted.values()) {
        const a = toAnnotation(f, o.refs, labelName(f.labelId));
        if (!a) continue;
        dress(a, f.labelId);
        annotation.state.addAnnotation(a as never, o.element);
      }
    } finally {
      syncing = false;
    }
    o.render();
  }

  /** Draws findings this user's own code wrote without drawing them (accepted model boxes); leaves the rest alone, a gesture may be under way. */
  function addMissing() {
    const have = new Set(own().map((a) => a.annotationUID));
    for (const m of findings.values()) {
      const f = m instanceof Y.Map ? findingOf(m) : null;
      const a = f && !have.has(f.id) ? toAnnotation(f, o.refs, labelName(f.labelId)) : null;
      if (!a) continue;
      dress(a, f!.labelId);
      annotation.state.addAnnotation(a as never, o.element);
    }
  }

  const observer = (_e: unknown, tx: Y.Transaction) => {
    if (tx.origin !== o.origin) return fromDoc();
    addMissing();
    // Labels changed locally (the findings panel): names and colours follow.
    for (const a of own()) {
      const m = a.annotationUID ? findings.get(a.annotationUID) : undefined;
      const f = m instanceof Y.Map ? findingOf(m) : null;
      if (f) dress(a, f.labelId);
    }
    o.render();
  };
  findings.observeDeep(observer);
  fromDoc();
  return {
    onChanged,
    onRemoved,
    refresh: fromDoc,
    destroy() {
      if (timer) clearTimeout(timer);
      findings.unobserveDeep(observer);
    },
  };
}
