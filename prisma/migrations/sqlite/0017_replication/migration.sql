-- Issue 17: the replication queue between regions (one row per repository, reference, target region and action).
-- CreateTable
CREATE TABLE "ReplicationTask" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "repository" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "digest" TEXT NOT NULL,
    "sourceRegionId" TEXT NOT NULL,
    "targetRegionId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "report" TEXT,
    "cause" TEXT NOT NULL DEFAULT 'push',
    "queuedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lagMs" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME,
    CONSTRAINT "ReplicationTask_sourceRegionId_fkey" FOREIGN KEY ("sourceRegionId") REFERENCES "Region" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ReplicationTask_targetRegionId_fkey" FOREIGN KEY ("targetRegionId") REFERENCES "Region" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ReplicationTask_status_nextAttemptAt_idx" ON "ReplicationTask"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "ReplicationTask_targetRegionId_status_idx" ON "ReplicationTask"("targetRegionId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "ReplicationTask_repository_reference_targetRegionId_action_key" ON "ReplicationTask"("repository", "reference", "targetRegionId", "action");

