import { z } from 'zod';

/**
 * The label schema of a project: study-level questions and annotation labels with per-finding
 * attribute questions. Every question, option and label has a stable id: it never changes,
 * and is never reused for something of another type across versions (checked on save against
 * the project's history, server/domain/projects/label-schema.ts).
 */
const ZIdSchema = z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, 'Ids are 1–40 lower-case letters, digits, - or _, starting with a letter');
const ZTextSchema = z.string().trim().min(1, 'Required').max(200, 'At most 200 characters');

export const ZOptionSchema = z.object({ id: ZIdSchema, label: ZTextSchema });
export const ZOrdinalOptionSchema = ZOptionSchema.extend({
  value: z.number().int().min(-1000).max(1000),
  description: z.string().trim().max(500).default(''),
});

const base = { id: ZIdSchema, text: ZTextSchema, required: z.boolean().default(false), help: z.string().trim().max(1000).default('') };

export const ZQuestionSchema = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('single'), options: z.array(ZOptionSchema).min(2, 'Give at least two options').max(100) }),
  z.object({ ...base, type: z.literal('multi'), options: z.array(ZOptionSchema).min(1, 'Give at least one option').max(100) }),
  z.object({ ...base, type: z.literal('ordinal'), options: z.array(ZOrdinalOptionSchema).min(2, 'Give at least two levels').max(100) }),
  z.object({ ...base, type: z.literal('number'), unit: z.string().trim().max(20).default(''), min: z.number().optional(), max: z.number().optional() }),
  z.object({ ...base, type: z.literal('text'), maxLength: z.number().int().min(1).max(10_000).default(2000) }),
]);
export type TQuestion = z.infer<typeof ZQuestionSchema>;
export type TQuestionType = TQuestion['type'];

export const LABEL_KINDS = ['measurement', 'box', 'point', 'contour', 'segmentation'] as const;
export const ZLabelKindSchema = z.enum(LABEL_KINDS);

export const ZLabelSchema = z.object({
  id: ZIdSchema,
  name: ZTextSchema,
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'A color like #22aa88'),
  kind: ZLabelKindSchema,
  attributes: z.array(ZQuestionSchema).max(50).default([]),
});
export type TLabel = z.infer<typeof ZLabelSchema>;

/** Each id with what it names, for uniqueness and stability checks. */
export function schemaIds(schema: { questions: TQuestion[]; labels: TLabel[] }): { id: string; what: string; path: (string | number)[] }[] {
  const out: { id: string; what: string; path: (string | number)[] }[] = [];
  const question = (q: TQuestion, path: (string | number)[]) => {
    out.push({ id: q.id, what: `question:${q.type}`, path: [...path, 'id'] });
    if ('options' in q) q.options.forEach((o, i) => out.push({ id: `${q.id}.${o.id}`, what: 'option', path: [...path, 'options', i, 'id'] }));
  };
  schema.questions.forEach((q, i) => question(q, ['questions', i]));
  schema.labels.forEach((l, i) => {
    out.push({ id: l.id, what: `label:${l.kind}`, path: ['labels', i, 'id'] });
    l.attributes.forEach((a, j) => question(a, ['labels', i, 'attributes', j]));
  });
  return out;
}

export const ZLabelSchemaSchema = z
  .object({
    questions: z.array(ZQuestionSchema).max(200).default([]),
    labels: z.array(ZLabelSchema).max(200).default([]),
  })
  .superRefine((schema, ctx) => {
    const seen = new Set<string>();
    for (const { id, path } of schemaIds(schema)) {
      if (seen.has(id)) ctx.addIssue({ code: 'custom', path, message: `The id "${id}" is used twice` });
      seen.add(id);
    }
    for (const [i, q] of schema.questions.entries()) {
      if (q.type === 'number' && q.min !== undefined && q.max !== undefined && q.min > q.max) {
        ctx.addIssue({ code: 'custom', path: ['questions', i, 'max'], message: 'The maximum is below the minimum' });
      }
      if (q.type === 'ordinal' && new Set(q.options.map((o) => o.value)).size !== q.options.length) {
        ctx.addIssue({ code: 'custom', path: ['questions', i, 'options'], message: 'Each level needs its own value' });
      }
    }
  });
export type TLabelSchema = z.infer<typeof ZLabelSchemaSchema>;
