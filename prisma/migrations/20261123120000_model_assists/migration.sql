-- CreateTable
CREATE TABLE "ModelAssist" (
    "id" TEXT NOT NULL,
    "readId" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "prompt" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "labelId" TEXT NOT NULL,
    "proposalPixels" INTEGER NOT NULL,
    "finalPixels" INTEGER NOT NULL,
    "dice" DOUBLE PRECISION NOT NULL,
    "latencyMs" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "ModelAssist_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ModelAssist_projectId_model_version_idx" ON "ModelAssist"("projectId", "model", "version");

-- CreateIndex
CREATE INDEX "ModelAssist_readId_idx" ON "ModelAssist"("readId");

-- AddForeignKey
ALTER TABLE "ModelAssist" ADD CONSTRAINT "ModelAssist_readId_fkey" FOREIGN KEY ("readId") REFERENCES "Read"("id") ON DELETE CASCADE ON UPDATE CASCADE;

