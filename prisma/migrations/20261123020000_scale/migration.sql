-- AlterTable
ALTER TABLE "Assignment" ADD COLUMN     "priority" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "ProjectStat" (
    "projectId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "readerId" TEXT NOT NULL DEFAULT '',
    "n" INTEGER NOT NULL,

    CONSTRAINT "ProjectStat_pkey" PRIMARY KEY ("projectId","kind","status","readerId")
);

-- CreateIndex
CREATE INDEX "Case_projectId_priority_createdAt_id_idx" ON "Case"("projectId", "priority" DESC, "createdAt", "id");


-- The worklist of a reader is one range of this index: open assignments by reader, priority first.
-- (schema.prisma cannot declare partial indexes: keep this one when diffing migrations.)
CREATE INDEX "Assignment_open_worklist_idx" ON "Assignment" ("readerId", "orgId", "priority" DESC, "assignedAt", "id") WHERE status IN ('ASSIGNED', 'IN_PROGRESS');

UPDATE "Assignment" a SET "priority" = c."priority" FROM "Case" c WHERE c.id = a."caseId";

-- ProjectStat is kept by triggers: progress reads a handful of rows instead of counting every case.
-- The migration runner splits scripts at every semicolon, so function bodies are E-strings
-- that spell their semicolons as the octal escape 073.
CREATE FUNCTION "project_stat_case"() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN
  IF TG_OP = \'UPDATE\' AND OLD.status = NEW.status AND OLD."projectId" = NEW."projectId" THEN RETURN NULL\073 END IF\073
  IF TG_OP <> \'INSERT\' THEN INSERT INTO "ProjectStat" ("projectId", "kind", "status", "readerId", "n") VALUES (OLD."projectId", \'case\', OLD.status::text, \'\', -1) ON CONFLICT ("projectId", "kind", "status", "readerId") DO UPDATE SET "n" = "ProjectStat"."n" - 1\073 END IF\073
  IF TG_OP <> \'DELETE\' THEN INSERT INTO "ProjectStat" ("projectId", "kind", "status", "readerId", "n") VALUES (NEW."projectId", \'case\', NEW.status::text, \'\', 1) ON CONFLICT ("projectId", "kind", "status", "readerId") DO UPDATE SET "n" = "ProjectStat"."n" + 1\073 END IF\073
  RETURN NULL\073
END';

CREATE TRIGGER "Case_project_stat" AFTER INSERT OR UPDATE OR DELETE ON "Case" FOR EACH ROW EXECUTE FUNCTION "project_stat_case"();

CREATE FUNCTION "project_stat_assignment"() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN
  IF TG_OP = \'UPDATE\' AND OLD.status = NEW.status AND OLD."readerId" = NEW."readerId" AND OLD."projectId" = NEW."projectId" THEN RETURN NULL\073 END IF\073
  IF TG_OP <> \'INSERT\' THEN INSERT INTO "ProjectStat" ("projectId", "kind", "status", "readerId", "n") VALUES (OLD."projectId", \'assignment\', OLD.status::text, OLD."readerId", -1) ON CONFLICT ("projectId", "kind", "status", "readerId") DO UPDATE SET "n" = "ProjectStat"."n" - 1\073 END IF\073
  IF TG_OP <> \'DELETE\' THEN INSERT INTO "ProjectStat" ("projectId", "kind", "status", "readerId", "n") VALUES (NEW."projectId", \'assignment\', NEW.status::text, NEW."readerId", 1) ON CONFLICT ("projectId", "kind", "status", "readerId") DO UPDATE SET "n" = "ProjectStat"."n" + 1\073 END IF\073
  RETURN NULL\073
END';

CREATE TRIGGER "Assignment_project_stat" AFTER INSERT OR UPDATE OR DELETE ON "Assignment" FOR EACH ROW EXECUTE FUNCTION "project_stat_assignment"();

INSERT INTO "ProjectStat" ("projectId", "kind", "status", "readerId", "n")
  SELECT "projectId", 'case', status::text, '', count(*)::int FROM "Case" GROUP BY 1, 3;
INSERT INTO "ProjectStat" ("projectId", "kind", "status", "readerId", "n")
  SELECT "projectId", 'assignment', status::text, "readerId", count(*)::int FROM "Assignment" GROUP BY 1, 3, 4;
