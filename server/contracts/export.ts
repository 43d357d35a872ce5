import { z } from 'zod';

/** The formats a snapshot can carry (tables, adjudication records and the dataset card are always in). */
export const EXPORT_FORMATS = ['nifti', 'seg', 'coco'] as const;
export const ZExportFormatSchema = z.enum(EXPORT_FORMATS);
export type TExportFormat = z.infer<typeof ZExportFormatSchema>;

/**
 * What a project manager asks a snapshot to hold. `cases`: "final" takes the cases with a final
 * consensus (accepted by the policy or decided by a lead), "all" every case (those without a
 * consensus appear in the tables only); `caseIds` narrows either. `reads` adds every
 * individual read next to the consensus; `images` adds the de-identified DICOM files.
 */
export const ZExportOptionsSchema = z.object({
  cases: z.enum(['final', 'all']).default('final'),
  caseIds: z.array(z.string().min(1).max(40)).max(100_000).optional(),
  reads: z.boolean().default(false),
  images: z.boolean().default(false),
  formats: z.array(ZExportFormatSchema).min(1, 'Choose at least one format').max(EXPORT_FORMATS.length).default([...EXPORT_FORMATS]),
  /** The licence the dataset is released under, written into its card (e.g. "CC BY 4.0"). */
  license: z.string().trim().max(200).default(''),
});
export type TExportOptions = z.infer<typeof ZExportOptionsSchema>;

export const ZExportStatusSchema = z.enum(['QUEUED', 'RUNNING', 'READY', 'FAILED']);

/** One file of a snapshot with its sha256. */
export const ZManifestFileSchema = z.object({ path: z.string(), bytes: z.number(), sha256: z.string() });

/**
 * The manifest, written into the zip as manifest.json and kept with the snapshot. Reader
 * identities are codes (R1, R2, …) stable within the snapshot.
 */
export const ZExportManifestSchema = z.object({
  format: z.literal('concord-export/1'),
  project: z.object({ id: z.string(), name: z.string() }),
  snapshot: z.object({ id: z.string(), version: z.number(), createdAt: z.string(), createdBy: z.string() }),
  options: ZExportOptionsSchema,
  engineVersion: z.string(),
  consensusMethod: z.string(),
  labelSchemaVersion: z.number(),
  deidentification: z.string(),
  cases: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      folder: z.string(),
      status: z.string(),
      consensus: z.enum(['accepted', 'adjudicated', 'none']),
      decisionVersion: z.number().nullable(),
      readIds: z.array(z.string()),
    }),
  ),
  readers: z.array(z.object({ code: z.string(), reads: z.number() })),
  /** What could not be written as asked (e.g. a compressed series without an image volume). */
  notes: z.array(z.string()),
  files: z.array(ZManifestFileSchema),
});
export type TExportManifest = z.infer<typeof ZExportManifestSchema>;

export const ZExportSummarySchema = z.object({
  id: z.string(),
  version: z.number(),
  status: ZExportStatusSchema,
  options: ZExportOptionsSchema,
  casesDone: z.number(),
  casesTotal: z.number(),
  size: z.number().nullable(),
  sha256: z.string().nullable(),
  error: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.date(),
  finishedAt: z.date().nullable(),
});
export type TExportSummary = z.infer<typeof ZExportSummarySchema>;
