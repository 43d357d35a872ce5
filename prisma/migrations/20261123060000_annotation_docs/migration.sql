-- Annotation documents (Yjs update log and snapshots) and the read model materialised on submit.
-- CreateTable
CREATE TABLE "DocUpdate" (
    "id" BIGSERIAL NOT NULL,
    "docName" TEXT NOT NULL,
    "data" BYTEA NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DocUpdate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DocSnapshot" (
    "docName" TEXT NOT NULL,
    "state" BYTEA NOT NULL,
    "throughId" BIGINT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DocSnapshot_pkey" PRIMARY KEY ("docName")
);

-- CreateTable
CREATE TABLE "Read" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "assignmentId" TEXT NOT NULL,
    "readerId" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "schemaVersion" INTEGER NOT NULL,
    "snapshot" BYTEA NOT NULL,
    "submittedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "supersededAt" TIMESTAMP(3),

    CONSTRAINT "Read_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReadAnswer" (
    "readId" TEXT NOT NULL,
    "questionId" TEXT NOT NULL,
    "value" JSONB NOT NULL,

    CONSTRAINT "ReadAnswer_pkey" PRIMARY KEY ("readId","questionId")
);

-- CreateTable
CREATE TABLE "Finding" (
    "id" TEXT NOT NULL,
    "readId" TEXT NOT NULL,
    "findingKey" TEXT NOT NULL,
    "labelId" TEXT,
    "kind" TEXT NOT NULL,
    "tool" TEXT NOT NULL,
    "seriesUid" TEXT NOT NULL,
    "sopUid" TEXT NOT NULL,
    "frame" INTEGER NOT NULL,
    "points" JSONB NOT NULL,
    "values" JSONB NOT NULL,
    "text" TEXT NOT NULL DEFAULT '',
    "attributes" JSONB NOT NULL,

    CONSTRAINT "Finding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Mask" (
    "id" TEXT NOT NULL,
    "readId" TEXT NOT NULL,
    "labelId" TEXT NOT NULL,
    "seriesUid" TEXT NOT NULL,
    "dims" INTEGER[],
    "spacing" DOUBLE PRECISION[],
    "origin" DOUBLE PRECISION[],
    "direction" DOUBLE PRECISION[],
    "voxelCount" INTEGER NOT NULL,
    "encoding" TEXT NOT NULL DEFAULT 'deflate-u8',
    "voxels" BYTEA NOT NULL,

    CONSTRAINT "Mask_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DocUpdate_docName_id_idx" ON "DocUpdate"("docName", "id");

-- CreateIndex
CREATE INDEX "Read_caseId_supersededAt_idx" ON "Read"("caseId", "supersededAt");

-- CreateIndex
CREATE INDEX "Read_projectId_supersededAt_idx" ON "Read"("projectId", "supersededAt");

-- CreateIndex
CREATE UNIQUE INDEX "Read_assignmentId_revision_key" ON "Read"("assignmentId", "revision");

-- CreateIndex
CREATE UNIQUE INDEX "Finding_readId_findingKey_key" ON "Finding"("readId", "findingKey");

-- CreateIndex
CREATE UNIQUE INDEX "Mask_readId_labelId_seriesUid_key" ON "Mask"("readId", "labelId", "seriesUid");

-- AddForeignKey
ALTER TABLE "Read" ADD CONSTRAINT "Read_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "Assignment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReadAnswer" ADD CONSTRAINT "ReadAnswer_readId_fkey" FOREIGN KEY ("readId") REFERENCES "Read"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Finding" ADD CONSTRAINT "Finding_readId_fkey" FOREIGN KEY ("readId") REFERENCES "Read"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Mask" ADD CONSTRAINT "Mask_readId_fkey" FOREIGN KEY ("readId") REFERENCES "Read"("id") ON DELETE CASCADE ON UPDATE CASCADE;

