-- DropIndex
DROP INDEX "App_environmentId_name_key";

-- DropIndex
DROP INDEX "PortalSecret_environmentId_kind_name_key";

-- CreateTable
CREATE TABLE "EnvironmentAccess" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "environmentId" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "EnvironmentAccess_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "Environment" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "EnvironmentAccess_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Quota" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT,
    "environmentId" TEXT,
    "cpus" REAL,
    "memoryMb" INTEGER,
    "services" INTEGER,
    "replicas" INTEGER,
    "ports" INTEGER,
    "volumes" INTEGER,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Price" (
    "kind" TEXT NOT NULL PRIMARY KEY,
    "cpuHour" REAL NOT NULL DEFAULT 0,
    "memoryGbHour" REAL NOT NULL DEFAULT 0,
    "currency" TEXT NOT NULL DEFAULT 'CNY',
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "UsageDaily" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "environmentId" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "envKind" TEXT NOT NULL,
    "cpuHoursUsed" REAL NOT NULL DEFAULT 0,
    "cpuHoursReserved" REAL NOT NULL DEFAULT 0,
    "memGbHoursUsed" REAL NOT NULL DEFAULT 0,
    "memGbHoursReserved" REAL NOT NULL DEFAULT 0,
    "netRxBytes" BIGINT NOT NULL DEFAULT 0,
    "netTxBytes" BIGINT NOT NULL DEFAULT 0,
    "blkReadBytes" BIGINT NOT NULL DEFAULT 0,
    "blkWriteBytes" BIGINT NOT NULL DEFAULT 0,
    "samples" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Environment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT,
    "shared" BOOLEAN NOT NULL DEFAULT false,
    "allTenants" BOOLEAN NOT NULL DEFAULT false,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "portFrom" INTEGER NOT NULL DEFAULT 30000,
    "portTo" INTEGER NOT NULL DEFAULT 32767,
    "publishMode" TEXT NOT NULL DEFAULT 'host',
    "endpointMode" TEXT NOT NULL DEFAULT 'dnsrr',
    "defaultCpus" REAL NOT NULL DEFAULT 0.5,
    "defaultMemoryMb" INTEGER NOT NULL DEFAULT 256,
    "bindAllowList" TEXT NOT NULL DEFAULT '[]',
    "swarmClusterId" TEXT,
    "joinTokenWorkerEnc" TEXT,
    "joinTokenManagerEnc" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Environment_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Environment" ("bindAllowList", "createdAt", "defaultCpus", "defaultMemoryMb", "description", "endpointMode", "id", "joinTokenManagerEnc", "joinTokenWorkerEnc", "name", "portFrom", "portTo", "publishMode", "swarmClusterId", "tenantId", "updatedAt") SELECT "bindAllowList", "createdAt", "defaultCpus", "defaultMemoryMb", "description", "endpointMode", "id", "joinTokenManagerEnc", "joinTokenWorkerEnc", "name", "portFrom", "portTo", "publishMode", "swarmClusterId", "tenantId", "updatedAt" FROM "Environment";
DROP TABLE "Environment";
ALTER TABLE "new_Environment" RENAME TO "Environment";
CREATE UNIQUE INDEX "Environment_tenantId_name_key" ON "Environment"("tenantId", "name");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "EnvironmentAccess_tenantId_idx" ON "EnvironmentAccess"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "EnvironmentAccess_environmentId_tenantId_key" ON "EnvironmentAccess"("environmentId", "tenantId");

-- CreateIndex
CREATE INDEX "Quota_tenantId_idx" ON "Quota"("tenantId");

-- CreateIndex
CREATE INDEX "UsageDaily_tenantId_day_idx" ON "UsageDaily"("tenantId", "day");

-- CreateIndex
CREATE INDEX "UsageDaily_day_idx" ON "UsageDaily"("day");

-- CreateIndex
CREATE UNIQUE INDEX "UsageDaily_tenantId_environmentId_appId_day_key" ON "UsageDaily"("tenantId", "environmentId", "appId", "day");

-- CreateIndex
CREATE UNIQUE INDEX "App_environmentId_tenantId_name_key" ON "App"("environmentId", "tenantId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "PortalSecret_environmentId_tenantId_kind_name_key" ON "PortalSecret"("environmentId", "tenantId", "kind", "name");

