-- CreateEnum
CREATE TYPE "ExportStatus" AS ENUM ('QUEUED', 'RUNNING', 'READY', 'FAILED');

-- CreateTable
CREATE TABLE "ExportSnapshot" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "createdById" TEXT NOT NULL,
    "options" JSONB NOT NULL,
    "status" "ExportStatus" NOT NULL DEFAULT 'QUEUED',
    "casesDone" INTEGER NOT NULL DEFAULT 0,
    "casesTotal" INTEGER NOT NULL DEFAULT 0,
    "manifest" JSONB,
    "blobKey" TEXT,
    "size" BIGINT,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "ExportSnapshot_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ExportSnapshot_orgId_projectId_createdAt_idx" ON "ExportSnapshot"("orgId", "projectId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ExportSnapshot_projectId_version_key" ON "ExportSnapshot"("projectId", "version");

-- AddForeignKey
ALTER TABLE "ExportSnapshot" ADD CONSTRAINT "ExportSnapshot_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

