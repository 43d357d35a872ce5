-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "goldRate" DOUBLE PRECISION NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Case" ADD COLUMN     "goldAnswers" JSONB;

