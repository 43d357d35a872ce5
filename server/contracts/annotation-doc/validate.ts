import type { TLabelSchema, TQuestion } from '../label-schema';
import { paintedSegments } from './runs';
import { segmentAnswers, TOOL_KIND, type TAnnotationDoc, type TAnswer } from './schema';

const blank = (v: TAnswer | undefined) => v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/** Why an answer does not fit its question, or null. */
export function answerProblem(q: TQuestion, v: TAnswer): string | null {
  switch (q.type) {
    case 'single':
      return typeof v === 'string' && q.options.some((o) => o.id === v) ? null : 'is not one of the options';
    case 'multi':
      return Array.isArray(v) && v.every((x) => q.options.some((o) => o.id === x)) ? null : 'has an option that does not exist';
    case 'ordinal':
      return typeof v === 'string' && q.options.some((o) => o.id === v) ? null : 'is not one of the levels';
    case 'number':
      if (typeof v !== 'number') return 'is not a number';
      if (q.min !== undefined && v < q.min) return `is below ${q.min}`;
      if (q.max !== undefined && v > q.max) return `is above ${q.max}`;
      return null;
    case 'text':
      return typeof v === 'string' && v.length <= q.maxLength ? null : `is not a text of at most ${q.maxLength} characters`;
  }
}

function questionProblems(questions: TQuestion[], answers: Record<string, TAnswer>, where: string): string[] {
  const out: string[] = [];
  for (const q of questions) {
    const v = answers[q.id];
    if (blank(v)) {
      if (q.required) out.push(`${where}“${q.text}” needs an answer`);
    } else {
      const p = answerProblem(q, v!);
      if (p) out.push(`${where}the answer to “${q.text}” ${p}`);
    }
  }
  return out;
}

/**
 * What keeps a read from being submitted: required answers missing, answers that do not fit
 * their question, findings without a label (or with one of another kind), and per-finding
 * questions left unanswered, for drawn findings and for each painted segment. Empty when the read
 * can be submitted.
 */
export function readProblems(schema: TLabelSchema, doc: TAnnotationDoc): string[] {
  const out = questionProblems(schema.questions, doc.answers, '');
  const labels = new Map(schema.labels.map((l) => [l.id, l]));
  doc.findings.forEach((f, i) => {
    const name = `Finding ${i + 1} (${f.tool})`;
    const label = f.labelId ? labels.get(f.labelId) : undefined;
    if (!label) out.push(`${name} has no label`);
    else if (label.kind !== TOOL_KIND[f.tool]) out.push(`${name} is labelled “${label.name}”, a ${label.kind} label`);
    else out.push(...questionProblems(label.attributes, f.attributes, `${name}: `));
  });
  for (const id of new Set(doc.strokes.map((s) => s.labelId))) {
    if (labels.get(id)?.kind !== 'segmentation') out.push(`The segmentation uses “${id}”, which is not a segmentation label of this schema`);
  }
  const segmentationIds = schema.labels.filter((l) => l.kind === 'segmentation' && l.attributes.length > 0).map((l) => l.id);
  const several = new Set(doc.strokes.map((s) => s.image.seriesUid)).size > 1;
  for (const segment of paintedSegments(doc.strokes, segmentationIds)) {
    const label = labels.get(segment.labelId)!;
    out.push(...questionProblems(label.attributes, segmentAnswers(doc.segments, segment), `Segment “${label.name}”${several ? ` (series …${segment.seriesUid.slice(-6)})` : ''}: `));
  }
  return out;
}
