-- Pre-annotation on open: the automatic segmentation model and its class -> label map.
ALTER TABLE "Project" ADD COLUMN     "preannotateModel" TEXT,
ADD COLUMN     "preannotateLabels" JSONB;
