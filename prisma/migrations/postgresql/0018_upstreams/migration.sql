-- Issue 17 item 4: upstream registries ("Pub Hub") synced into the official scope.
-- CreateTable
CREATE TABLE "Upstream" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "username" TEXT,
    "passwordEnc" TEXT,
    "rulesJson" TEXT NOT NULL,
    "scheduleMinutes" INTEGER,
    "nextSyncAt" TIMESTAMP(3),
    "lastSyncAt" TIMESTAMP(3),
    "lastStatus" TEXT,
    "lastReport" TEXT,
    "lastError" TEXT,
    "lastJobId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Upstream_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Upstream_name_key" ON "Upstream"("name");

-- CreateIndex
CREATE INDEX "Upstream_nextSyncAt_idx" ON "Upstream"("nextSyncAt");
