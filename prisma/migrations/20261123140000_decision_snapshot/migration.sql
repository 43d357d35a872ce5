-- AlterTable
ALTER TABLE "CaseDecision" ADD COLUMN     "snapshot" BYTEA;
