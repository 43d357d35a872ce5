-- Pseudonymisation with re-identification: original identifiers per study, encrypted.
CREATE TABLE "Reidentification" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "studyInstanceUid" TEXT NOT NULL,
    "pseudonym" TEXT NOT NULL,
    "sealed" BYTEA NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Reidentification_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "Reidentification_projectId_studyInstanceUid_key" ON "Reidentification"("projectId", "studyInstanceUid");
CREATE INDEX "Reidentification_projectId_pseudonym_idx" ON "Reidentification"("projectId", "pseudonym");
ALTER TABLE "Reidentification" ADD CONSTRAINT "Reidentification_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
