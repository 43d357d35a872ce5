-- Findings drawn on a reconstructed plane (MPR) lie on no acquired image: no SOP instance or
-- frame, their plane (normal and up direction) instead.
ALTER TABLE "Finding" ALTER COLUMN "sopUid" DROP NOT NULL;
ALTER TABLE "Finding" ALTER COLUMN "frame" DROP NOT NULL;
ALTER TABLE "Finding" ADD COLUMN "plane" JSONB;
