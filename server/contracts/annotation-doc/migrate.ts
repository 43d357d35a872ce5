import type * as Y from 'yjs';
import { formatOf, initDoc, setAnswer } from './doc';
import { FORMAT_VERSION, ZAnswerSchema } from './schema';

/**
 * Brings a document to FORMAT_VERSION, one step at a time. Format 0 is the read before the
 * viewer existed: no document, only `Assignment.payload` = { answers, note }; its answers become
 * the document's answers. Each step runs in one transaction and is idempotent.
 */
export function migrateDoc(doc: Y.Doc, ctx: { labelSchemaVersion: number; legacyPayload?: unknown }) {
  if (formatOf(doc) === 0) {
    doc.transact(() => {
      initDoc(doc, ctx.labelSchemaVersion);
      const answers = (ctx.legacyPayload as { answers?: Record<string, unknown> } | null)?.answers ?? {};
      for (const [id, v] of Object.entries(answers)) {
        const parsed = ZAnswerSchema.safeParse(v);
        if (parsed.success) setAnswer(doc, id, parsed.data);
      }
    });
  }
  if (formatOf(doc) > FORMAT_VERSION) throw new Error(`This annotation document has format ${formatOf(doc)}, newer than this server understands (${FORMAT_VERSION})`);
}
