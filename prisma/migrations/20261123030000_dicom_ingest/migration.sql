-- CreateEnum
CREATE TYPE "CaseGrouping" AS ENUM ('STUDY', 'SERIES');

-- CreateEnum
CREATE TYPE "IngestSource" AS ENUM ('UPLOAD', 'STOW', 'CLI');

-- CreateEnum
CREATE TYPE "IngestOutcome" AS ENUM ('ACCEPTED', 'DUPLICATE', 'REJECTED');

-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "caseGrouping" "CaseGrouping" NOT NULL DEFAULT 'STUDY',
ADD COLUMN     "deidOptions" JSONB,
ADD COLUMN     "deidSecret" TEXT;

-- AlterTable
ALTER TABLE "Case" ADD COLUMN     "seriesId" TEXT,
ADD COLUMN     "studyId" TEXT;

-- CreateTable
CREATE TABLE "Study" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "studyInstanceUid" TEXT NOT NULL,
    "patientId" TEXT NOT NULL,
    "studyDate" TEXT,
    "studyTime" TEXT,
    "studyDescription" TEXT,
    "accessionNumber" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Study_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Series" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "studyId" TEXT NOT NULL,
    "seriesInstanceUid" TEXT NOT NULL,
    "modality" TEXT NOT NULL,
    "seriesNumber" INTEGER,
    "seriesDescription" TEXT,
    "bodyPartExamined" TEXT,
    "needsPixelReview" BOOLEAN NOT NULL DEFAULT false,
    "pixelReviewedAt" TIMESTAMP(3),
    "pixelReviewedById" TEXT,
    "quality" JSONB,
    "qualityCheckedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Series_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Instance" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "seriesId" TEXT NOT NULL,
    "sopInstanceUid" TEXT NOT NULL,
    "sopClassUid" TEXT NOT NULL,
    "transferSyntaxUid" TEXT NOT NULL,
    "instanceNumber" INTEGER,
    "rows" INTEGER,
    "columns" INTEGER,
    "numberOfFrames" INTEGER NOT NULL DEFAULT 1,
    "imagePosition" DOUBLE PRECISION[],
    "imageOrientation" DOUBLE PRECISION[],
    "pixelSpacing" DOUBLE PRECISION[],
    "sliceThickness" DOUBLE PRECISION,
    "blobKey" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "frames" JSONB NOT NULL,
    "metadata" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Instance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IngestBatch" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "source" "IngestSource" NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "accepted" INTEGER NOT NULL DEFAULT 0,
    "duplicates" INTEGER NOT NULL DEFAULT 0,
    "rejected" INTEGER NOT NULL DEFAULT 0,
    "bytes" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "IngestBatch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IngestFile" (
    "id" BIGSERIAL NOT NULL,
    "batchId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "outcome" "IngestOutcome" NOT NULL,
    "reason" TEXT,
    "instanceId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IngestFile_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Study_projectId_createdAt_idx" ON "Study"("projectId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Study_projectId_studyInstanceUid_key" ON "Study"("projectId", "studyInstanceUid");

-- CreateIndex
CREATE INDEX "Series_studyId_idx" ON "Series"("studyId");

-- CreateIndex
CREATE UNIQUE INDEX "Series_projectId_seriesInstanceUid_key" ON "Series"("projectId", "seriesInstanceUid");

-- CreateIndex
CREATE INDEX "Instance_seriesId_instanceNumber_idx" ON "Instance"("seriesId", "instanceNumber");

-- CreateIndex
CREATE UNIQUE INDEX "Instance_projectId_sopInstanceUid_key" ON "Instance"("projectId", "sopInstanceUid");

-- CreateIndex
CREATE INDEX "IngestBatch_projectId_createdAt_idx" ON "IngestBatch"("projectId", "createdAt");

-- CreateIndex
CREATE INDEX "IngestFile_batchId_outcome_idx" ON "IngestFile"("batchId", "outcome");

-- CreateIndex
CREATE INDEX "Case_studyId_idx" ON "Case"("studyId");

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Study" ADD CONSTRAINT "Study_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Series" ADD CONSTRAINT "Series_studyId_fkey" FOREIGN KEY ("studyId") REFERENCES "Study"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Instance" ADD CONSTRAINT "Instance_seriesId_fkey" FOREIGN KEY ("seriesId") REFERENCES "Series"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IngestBatch" ADD CONSTRAINT "IngestBatch_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IngestFile" ADD CONSTRAINT "IngestFile_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "IngestBatch"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- One case per study, or per series when the project groups by series (partial unique indexes Prisma cannot declare)
CREATE UNIQUE INDEX "Case_projectId_study_case_key" ON "Case"("projectId", "studyId") WHERE "studyId" IS NOT NULL AND "seriesId" IS NULL;
CREATE UNIQUE INDEX "Case_projectId_series_case_key" ON "Case"("projectId", "seriesId") WHERE "seriesId" IS NOT NULL;
