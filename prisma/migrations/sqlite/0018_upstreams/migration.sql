-- Issue 17 item 4: upstream registries ("Pub Hub") synced into the official scope.
-- CreateTable
CREATE TABLE "Upstream" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "username" TEXT,
    "passwordEnc" TEXT,
    "rulesJson" TEXT NOT NULL,
    "scheduleMinutes" INTEGER,
    "nextSyncAt" DATETIME,
    "lastSyncAt" DATETIME,
    "lastStatus" TEXT,
    "lastReport" TEXT,
    "lastError" TEXT,
    "lastJobId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "Upstream_name_key" ON "Upstream"("name");

-- CreateIndex
CREATE INDEX "Upstream_nextSyncAt_idx" ON "Upstream"("nextSyncAt");

