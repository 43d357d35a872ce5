-- CreateTable
CREATE TABLE "AdjudicationInvite" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "invitedById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AdjudicationInvite_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AdjudicationInvite_userId_orgId_idx" ON "AdjudicationInvite"("userId", "orgId");

-- CreateIndex
CREATE UNIQUE INDEX "AdjudicationInvite_caseId_userId_key" ON "AdjudicationInvite"("caseId", "userId");

-- AddForeignKey
ALTER TABLE "AdjudicationInvite" ADD CONSTRAINT "AdjudicationInvite_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

