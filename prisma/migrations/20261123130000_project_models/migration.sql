-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "classifierModelId" TEXT,
ADD COLUMN     "segmentationModel" TEXT NOT NULL DEFAULT 'click-seg';

-- CreateTable
CREATE TABLE "ProjectModel" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "config" JSONB NOT NULL,
    "blobKey" TEXT NOT NULL,
    "bytes" INTEGER NOT NULL,
    "questionId" TEXT,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProjectModel_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ProjectModel_orgId_projectId_idx" ON "ProjectModel"("orgId", "projectId");

-- CreateIndex
CREATE UNIQUE INDEX "ProjectModel_projectId_version_key" ON "ProjectModel"("projectId", "version");

-- AddForeignKey
ALTER TABLE "ProjectModel" ADD CONSTRAINT "ProjectModel_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

