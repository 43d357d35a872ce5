-- CreateEnum
CREATE TYPE "AgreementDecision" AS ENUM ('ACCEPTED', 'ADJUDICATE');

-- CreateTable
CREATE TABLE "CaseAgreement" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "engineVersion" TEXT NOT NULL,
    "readIds" TEXT[],
    "readerIds" TEXT[],
    "score" DOUBLE PRECISION,
    "decision" "AgreementDecision" NOT NULL,
    "reason" TEXT NOT NULL,
    "method" "ConsensusMethod" NOT NULL,
    "threshold" DOUBLE PRECISION,
    "items" JSONB NOT NULL,
    "consensus" JSONB NOT NULL,
    "computedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CaseAgreement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConsensusMask" (
    "id" TEXT NOT NULL,
    "agreementId" TEXT NOT NULL,
    "labelId" TEXT NOT NULL,
    "seriesUid" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "dims" INTEGER[],
    "spacing" DOUBLE PRECISION[],
    "origin" DOUBLE PRECISION[],
    "direction" DOUBLE PRECISION[],
    "voxelCount" INTEGER NOT NULL,
    "encoding" TEXT NOT NULL DEFAULT 'deflate-u8',
    "voxels" BYTEA NOT NULL,

    CONSTRAINT "ConsensusMask_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CaseAgreement_projectId_engineVersion_idx" ON "CaseAgreement"("projectId", "engineVersion");

-- CreateIndex
CREATE UNIQUE INDEX "CaseAgreement_caseId_engineVersion_key" ON "CaseAgreement"("caseId", "engineVersion");

-- CreateIndex
CREATE UNIQUE INDEX "ConsensusMask_agreementId_labelId_seriesUid_key" ON "ConsensusMask"("agreementId", "labelId", "seriesUid");

-- AddForeignKey
ALTER TABLE "CaseAgreement" ADD CONSTRAINT "CaseAgreement_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsensusMask" ADD CONSTRAINT "ConsensusMask_agreementId_fkey" FOREIGN KEY ("agreementId") REFERENCES "CaseAgreement"("id") ON DELETE CASCADE ON UPDATE CASCADE;

