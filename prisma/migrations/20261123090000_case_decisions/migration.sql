-- CreateTable
CREATE TABLE "CaseDecision" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "decidedById" TEXT NOT NULL,
    "reason" TEXT NOT NULL DEFAULT '',
    "readIds" TEXT[],
    "readerIds" TEXT[],
    "score" DOUBLE PRECISION,
    "engineVersion" TEXT NOT NULL,
    "figures" JSONB NOT NULL,
    "sources" JSONB NOT NULL,
    "answers" JSONB NOT NULL,
    "findings" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "supersededAt" TIMESTAMP(3),

    CONSTRAINT "CaseDecision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DecisionMask" (
    "id" TEXT NOT NULL,
    "decisionId" TEXT NOT NULL,
    "labelId" TEXT NOT NULL,
    "seriesUid" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "dims" INTEGER[],
    "spacing" DOUBLE PRECISION[],
    "origin" DOUBLE PRECISION[],
    "direction" DOUBLE PRECISION[],
    "voxelCount" INTEGER NOT NULL,
    "encoding" TEXT NOT NULL DEFAULT 'deflate-u8',
    "voxels" BYTEA NOT NULL,

    CONSTRAINT "DecisionMask_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CaseDecision_projectId_supersededAt_idx" ON "CaseDecision"("projectId", "supersededAt");

-- CreateIndex
CREATE UNIQUE INDEX "CaseDecision_caseId_version_key" ON "CaseDecision"("caseId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "DecisionMask_decisionId_labelId_seriesUid_key" ON "DecisionMask"("decisionId", "labelId", "seriesUid");

-- AddForeignKey
ALTER TABLE "CaseDecision" ADD CONSTRAINT "CaseDecision_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DecisionMask" ADD CONSTRAINT "DecisionMask_decisionId_fkey" FOREIGN KEY ("decisionId") REFERENCES "CaseDecision"("id") ON DELETE CASCADE ON UPDATE CASCADE;

