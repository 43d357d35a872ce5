import { z } from 'zod';

export const ZQualityIssueSchema = z.object({ code: z.string(), severity: z.enum(['warning', 'error']), message: z.string() });

export const ZSeriesRowSchema = z.object({
  id: z.string(),
  seriesInstanceUid: z.string(),
  modality: z.string(),
  seriesNumber: z.number().nullable(),
  seriesDescription: z.string().nullable(),
  instances: z.number(),
  needsPixelReview: z.boolean(),
  pixelReviewed: z.boolean(),
  quality: z.object({ instances: z.number(), sliceSpacing: z.number().nullable(), issues: z.array(ZQualityIssueSchema) }).nullable(),
});
export type TSeriesRow = z.infer<typeof ZSeriesRowSchema>;

export const ZStudyRowSchema = z.object({
  id: z.string(),
  studyInstanceUid: z.string(),
  patientId: z.string(),
  studyDate: z.string().nullable(),
  createdAt: z.date(),
  series: z.array(ZSeriesRowSchema),
});
export type TStudyRow = z.infer<typeof ZStudyRowSchema>;

export const ZIngestBatchSchema = z.object({
  id: z.string(),
  source: z.enum(['UPLOAD', 'STOW', 'CLI']),
  createdAt: z.date(),
  accepted: z.number(),
  duplicates: z.number(),
  rejected: z.number(),
  bytes: z.number(),
  rejections: z.array(z.object({ name: z.string(), reason: z.string().nullable() })),
});
export type TIngestBatch = z.infer<typeof ZIngestBatchSchema>;

export const ZFailedJobSchema = z.object({ id: z.string(), seriesId: z.string(), reason: z.string(), failedAt: z.date().nullable(), retries: z.number() });
