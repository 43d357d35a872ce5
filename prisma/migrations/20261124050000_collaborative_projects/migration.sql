-- Readers of a case share one annotation document.
ALTER TABLE "Project" ADD COLUMN     "collaborative" BOOLEAN NOT NULL DEFAULT false;
