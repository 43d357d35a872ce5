-- Problems readers report on cases.
-- CreateTable
CREATE TABLE "CaseFlag" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "assignmentId" TEXT NOT NULL,
    "readerId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMP(3),

    CONSTRAINT "CaseFlag_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CaseFlag_caseId_resolvedAt_idx" ON "CaseFlag"("caseId", "resolvedAt");

-- AddForeignKey
ALTER TABLE "CaseFlag" ADD CONSTRAINT "CaseFlag_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

