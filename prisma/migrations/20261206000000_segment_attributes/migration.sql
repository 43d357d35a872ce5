-- Per-finding questions of segmentation labels: the answers for each segment of a read or decision.
ALTER TABLE "Mask" ADD COLUMN "attributes" JSONB NOT NULL DEFAULT '{}';
ALTER TABLE "DecisionMask" ADD COLUMN "attributes" JSONB NOT NULL DEFAULT '{}';
