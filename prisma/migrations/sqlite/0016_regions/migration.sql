-- Issue 17: regions. A Region table, the default region (id and name "default", the portal's embedded
-- registry: registryUrl NULL), and every environment in a region: existing ones get the default.
-- CreateTable
CREATE TABLE "Region" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "registryUrl" TEXT,
    "registryUsername" TEXT,
    "registryPasswordEnc" TEXT,
    "isDefault" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- The default region, which every existing environment joins (times as the Prisma adapter writes them).
INSERT INTO "Region" ("id", "name", "displayName", "registryUrl", "registryUsername", "registryPasswordEnc", "isDefault", "createdAt", "updatedAt")
VALUES ('default', 'default', 'Default', NULL, NULL, NULL, 1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

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
    "regionId" TEXT NOT NULL,
    CONSTRAINT "Environment_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Environment_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Environment" ("allTenants", "bindAllowList", "createdAt", "defaultCpus", "defaultMemoryMb", "description", "endpointMode", "id", "joinTokenManagerEnc", "joinTokenWorkerEnc", "name", "portFrom", "portTo", "publishMode", "shared", "swarmClusterId", "tenantId", "updatedAt", "regionId") SELECT "allTenants", "bindAllowList", "createdAt", "defaultCpus", "defaultMemoryMb", "description", "endpointMode", "id", "joinTokenManagerEnc", "joinTokenWorkerEnc", "name", "portFrom", "portTo", "publishMode", "shared", "swarmClusterId", "tenantId", "updatedAt", 'default' FROM "Environment";
DROP TABLE "Environment";
ALTER TABLE "new_Environment" RENAME TO "Environment";
CREATE INDEX "Environment_regionId_idx" ON "Environment"("regionId");
CREATE UNIQUE INDEX "Environment_tenantId_name_key" ON "Environment"("tenantId", "name");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "Region_name_key" ON "Region"("name");
