import { z } from 'zod';
import { ZLabelSchemaSchema } from './label-schema';
import { ZAnswerSchema } from './annotation-doc/schema';

export const PROJECT_ROLES = ['MANAGER', 'READER', 'LEAD'] as const;
export const ZProjectRoleSchema = z.enum(PROJECT_ROLES);
export type TProjectRole = z.infer<typeof ZProjectRoleSchema>;

export const ZConsensusMethodSchema = z.enum(['MAJORITY', 'STAPLE', 'LEAD_DECIDES']);
export const ZCaseStatusSchema = z.enum(['NEW', 'ASSIGNED', 'READING', 'READS_COMPLETE', 'IN_ADJUDICATION', 'DONE']);
export type TCaseStatus = z.infer<typeof ZCaseStatusSchema>;
export const ZAssignmentStatusSchema = z.enum(['ASSIGNED', 'IN_PROGRESS', 'SUBMITTED', 'SKIPPED']);
export type TAssignmentStatus = z.infer<typeof ZAssignmentStatusSchema>;

export const ZProjectIdSchema = z.string().min(1).max(40).regex(/^[a-z0-9]+$/, 'Not a valid project id');

/**
 * De-identification at ingest: the DICOM PS3.15 Basic Application Level Confidentiality
 * Profile with the standard's options (E.3). dates — shift: Retain Longitudinal Temporal
 * Information with Modified Dates; keep: with Full Dates; remove: neither.
 */
export const ZDeidOptionsSchema = z.object({
  dates: z.enum(['shift', 'keep', 'remove']),
  retainPatientCharacteristics: z.boolean(),
  retainDeviceIdentity: z.boolean(),
  retainInstitutionIdentity: z.boolean(),
  cleanDescriptors: z.boolean(),
  /** Pseudonymisation with re-identification: the original identifiers kept, encrypted, for org admins. Off: never stored. */
  reidentification: z.boolean().default(false),
});
export type TDeidOptions = z.infer<typeof ZDeidOptionsSchema>;
export const DEFAULT_DEID_OPTIONS: TDeidOptions = { dates: 'shift', retainPatientCharacteristics: false, retainDeviceIdentity: false, retainInstitutionIdentity: false, cleanDescriptors: false, reidentification: false };

export const ZProjectSettingsSchema = z.object({
  name: z.string().trim().min(1, 'Give the project a name').max(120),
  description: z.string().trim().max(2000).default(''),
  modality: z.string().trim().max(16).nullable().default(null),
  readersPerCase: z.number().int().min(1, 'At least one reader per case').max(20, 'At most 20 readers per case'),
  blinded: z.boolean(),
  /** The readers of a case work together on one shared document; left out, it stays as it is. Fixed once reading starts. */
  collaborative: z.boolean().optional(),
  consensusMethod: ZConsensusMethodSchema,
  autoAcceptThreshold: z.number().min(0).max(1).nullable(),
  /** Share of each reader's assignments that are gold-standard cases; left out, it stays as it is. */
  goldRate: z.number().min(0).max(0.5, 'At most half of the reads can be gold-standard cases').optional(),
  /** How studies ingested from now on are de-identified; left out, it stays as it is. */
  deidentification: ZDeidOptionsSchema.optional(),
  /** One case per study or per series, for studies ingested from now on; left out, it stays as it is. */
  caseGrouping: z.enum(['STUDY', 'SERIES']).optional(),
});
export type TProjectSettings = z.infer<typeof ZProjectSettingsSchema>;

export const ZCreateProjectInputSchema = ZProjectSettingsSchema.extend({ labelSchema: ZLabelSchemaSchema.optional() });
export type TCreateProjectInput = z.infer<typeof ZCreateProjectInputSchema>;

export const ZProjectSchema = ZProjectSettingsSchema.extend({
  goldRate: z.number(),
  collaborative: z.boolean(),
  deidentification: ZDeidOptionsSchema,
  caseGrouping: z.enum(['STUDY', 'SERIES']),
  id: z.string(),
  status: z.enum(['ACTIVE', 'ARCHIVED']),
  schemaVersion: z.number().int(),
  /** The caller's role: a project role, or ADMIN for org owners/admins without one. */
  myRole: z.enum(['MANAGER', 'READER', 'LEAD', 'ADMIN']),
  createdAt: z.date(),
});
export type TProject = z.infer<typeof ZProjectSchema>;

export const ZCaseInputSchema = z.object({
  label: z.string().trim().min(1, 'Give the case a label').max(120),
  priority: z.number().int().min(0).max(100).default(0),
});

export const ZAssignmentSummarySchema = z.object({
  id: z.string(),
  readerId: z.string().nullable(),
  readerName: z.string().nullable(),
  status: ZAssignmentStatusSchema,
});

export const ZCaseRowSchema = z.object({
  id: z.string(),
  label: z.string(),
  priority: z.number().int(),
  status: ZCaseStatusSchema,
  /** The known answers of a gold-standard case (managers and leads only see case rows). */
  goldAnswers: z.record(z.string(), ZAnswerSchema).nullable(),
  createdAt: z.date(),
  /** The case's images (its study, or one series of it): the page shows their DICOMweb thumbnail. */
  images: z.object({ studyInstanceUid: z.string(), seriesInstanceUid: z.string().nullable() }).nullable(),
  assignments: z.array(ZAssignmentSummarySchema),
  /** Problems readers reported and nobody resolved yet. */
  flags: z.array(z.object({ id: z.string(), kind: z.string(), note: z.string(), readerName: z.string().nullable(), createdAt: z.date() })),
});
export type TCaseRow = z.infer<typeof ZCaseRowSchema>;

export const CASE_FLAG_KINDS = ['wrong_series', 'image_quality', 'burned_in_text', 'other'] as const;
export const ZCaseFlagInputSchema = z.object({
  kind: z.enum(CASE_FLAG_KINDS),
  note: z.string().trim().max(2000).default(''),
});

export const ZWorklistItemSchema = z.object({
  assignmentId: z.string(),
  caseId: z.string(),
  caseLabel: z.string(),
  priority: z.number().int(),
  projectId: z.string(),
  projectName: z.string(),
  status: ZAssignmentStatusSchema,
  assignedAt: z.date(),
});
export type TWorklistItem = z.infer<typeof ZWorklistItemSchema>;

export const ZDistributeResultSchema = z.object({
  assigned: z.number().int(),
  casesFilled: z.number().int(),
  casesShort: z.number().int(),
  message: z.string(),
});

export const ZProgressSchema = z.object({
  cases: z.record(ZCaseStatusSchema, z.number().int()),
  totalCases: z.number().int(),
  readsRequired: z.number().int(),
  readsSubmitted: z.number().int(),
  readers: z.array(
    z.object({ readerId: z.string(), name: z.string(), assigned: z.number().int(), inProgress: z.number().int(), submitted: z.number().int(), skipped: z.number().int(), medianMinutes: z.number().nullable() }),
  ),
  /** Reads submitted per UTC day over the last 30 days (days without reads included, as 0). */
  readsPerDay: z.array(z.object({ day: z.string(), reads: z.number().int() })),
});
export type TProgress = z.infer<typeof ZProgressSchema>;

export const ZAssignmentDetailSchema = z.object({
  assignmentId: z.string(),
  /** The actor's own read; otherwise a PM, lead or admin looks at someone's read (read-only). */
  mine: z.boolean(),
  readerName: z.string().nullable(),
  /** The annotation document to open: the reader's own, or the case's shared one in a collaborative project. */
  docName: z.string(),
  /** In a collaborative project, the case's other readers (who work on the same document). */
  sharedWith: z.array(z.string()).nullable(),
  status: ZAssignmentStatusSchema,
  caseId: z.string(),
  caseLabel: z.string(),
  priority: z.number().int(),
  projectId: z.string(),
  projectName: z.string(),
  projectArchived: z.boolean(),
  schemaVersion: z.number().int(),
  /** The case's images (DICOMweb): a study, narrowed to one series when the project groups cases by series. */
  studyInstanceUid: z.string().nullable(),
  seriesInstanceUid: z.string().nullable(),
  /** The series the viewer opens first: the case's, else the study's lowest-numbered one readers may see. */
  openSeriesUid: z.string().nullable(),
  /** The image the viewer opens that series on (its middle one), so the case page can ask for it ahead. */
  openImage: z.object({ sopUid: z.string(), frame: z.number().int() }).nullable(),
});
export type TAssignmentDetail = z.infer<typeof ZAssignmentDetailSchema>;

/** Readers' accuracy on gold-standard cases (known answers), for the progress dashboard. */
export const ZGoldAccuracySchema = z.object({
  goldCases: z.number(),
  questions: z.array(z.object({ id: z.string(), text: z.string(), type: z.string() })),
  readers: z.array(
    z.object({
      readerId: z.string(),
      name: z.string(),
      cases: z.number(),
      accuracy: z.number().nullable(),
      byQuestion: z.array(z.object({ questionId: z.string(), answered: z.number(), accuracy: z.number(), meanAbsError: z.number().nullable() })),
    }),
  ),
});
export type TGoldAccuracy = z.infer<typeof ZGoldAccuracySchema>;
