-- CreateEnum
CREATE TYPE "DeployPhase" AS ENUM ('pending', 'preflight', 'applying', 'converging', 'healthy', 'failed', 'cancelled');

-- AlterTable
ALTER TABLE "AppRevision" ADD COLUMN     "phase" "DeployPhase" NOT NULL DEFAULT 'pending',
ADD COLUMN     "progressJson" TEXT NOT NULL DEFAULT '{}',
ADD COLUMN     "failureJson" TEXT,
ADD COLUMN     "cancelRequestedAt" TIMESTAMP(3),
ADD COLUMN     "previousRevisionId" TEXT,
ADD COLUMN     "jobId" TEXT,
ADD COLUMN     "finishedAt" TIMESTAMP(3);

-- Revisions deployed before the state machine: their outcome as a final phase.
UPDATE "AppRevision" SET "phase" = 'healthy' WHERE "status" IN ('succeeded', 'superseded');
UPDATE "AppRevision" SET "phase" = 'failed' WHERE "status" = 'failed';
