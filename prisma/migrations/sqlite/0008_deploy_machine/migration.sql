-- AlterTable
ALTER TABLE "AppRevision" ADD COLUMN "phase" TEXT NOT NULL DEFAULT 'pending';
ALTER TABLE "AppRevision" ADD COLUMN "progressJson" TEXT NOT NULL DEFAULT '{}';
ALTER TABLE "AppRevision" ADD COLUMN "failureJson" TEXT;
ALTER TABLE "AppRevision" ADD COLUMN "cancelRequestedAt" DATETIME;
ALTER TABLE "AppRevision" ADD COLUMN "previousRevisionId" TEXT;
ALTER TABLE "AppRevision" ADD COLUMN "jobId" TEXT;
ALTER TABLE "AppRevision" ADD COLUMN "finishedAt" DATETIME;

-- Revisions deployed before the state machine: their outcome as a final phase.
UPDATE "AppRevision" SET "phase" = 'healthy' WHERE "status" IN ('succeeded', 'superseded');
UPDATE "AppRevision" SET "phase" = 'failed' WHERE "status" = 'failed';
