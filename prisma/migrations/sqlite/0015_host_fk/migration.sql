-- Issue 15: registration tokens and environment CAs go with their environment, host metric samples
-- with their host (and so with its environment and tenant). Rows already orphaned are dropped.
-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_EnvironmentCa" (
    "environmentId" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT,
    "certPem" TEXT NOT NULL,
    "keyEnc" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "EnvironmentCa_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "Environment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_EnvironmentCa" ("certPem", "createdAt", "environmentId", "keyEnc", "tenantId") SELECT "certPem", "createdAt", "environmentId", "keyEnc", "tenantId" FROM "EnvironmentCa" WHERE "environmentId" IN (SELECT "id" FROM "Environment");
DROP TABLE "EnvironmentCa";
ALTER TABLE "new_EnvironmentCa" RENAME TO "EnvironmentCa";
CREATE TABLE "new_HostMetricSample" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "hostId" TEXT NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "cpuPercent" REAL NOT NULL,
    "memoryUsed" BIGINT NOT NULL,
    "memoryTotal" BIGINT NOT NULL,
    "diskUsed" BIGINT NOT NULL,
    "diskTotal" BIGINT NOT NULL,
    CONSTRAINT "HostMetricSample_hostId_fkey" FOREIGN KEY ("hostId") REFERENCES "Host" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_HostMetricSample" ("at", "cpuPercent", "diskTotal", "diskUsed", "hostId", "id", "memoryTotal", "memoryUsed", "tenantId") SELECT "at", "cpuPercent", "diskTotal", "diskUsed", "hostId", "id", "memoryTotal", "memoryUsed", "tenantId" FROM "HostMetricSample" WHERE "hostId" IN (SELECT "id" FROM "Host");
DROP TABLE "HostMetricSample";
ALTER TABLE "new_HostMetricSample" RENAME TO "HostMetricSample";
CREATE INDEX "HostMetricSample_hostId_at_idx" ON "HostMetricSample"("hostId", "at");
CREATE INDEX "HostMetricSample_tenantId_idx" ON "HostMetricSample"("tenantId");
CREATE TABLE "new_HostRegistrationToken" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "environmentId" TEXT NOT NULL,
    "tenantId" TEXT,
    "tokenHash" TEXT NOT NULL,
    "purpose" TEXT NOT NULL DEFAULT 'register',
    "hostId" TEXT,
    "hostName" TEXT,
    "address" TEXT,
    "certSerial" TEXT,
    "createdById" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME,
    "completedAt" DATETIME,
    "revokedAt" DATETIME,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "HostRegistrationToken_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "Environment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_HostRegistrationToken" ("address", "certSerial", "completedAt", "createdAt", "createdById", "environmentId", "expiresAt", "hostId", "hostName", "id", "lastError", "purpose", "revokedAt", "tenantId", "tokenHash", "usedAt") SELECT "address", "certSerial", "completedAt", "createdAt", "createdById", "environmentId", "expiresAt", "hostId", "hostName", "id", "lastError", "purpose", "revokedAt", "tenantId", "tokenHash", "usedAt" FROM "HostRegistrationToken" WHERE "environmentId" IN (SELECT "id" FROM "Environment");
DROP TABLE "HostRegistrationToken";
ALTER TABLE "new_HostRegistrationToken" RENAME TO "HostRegistrationToken";
CREATE UNIQUE INDEX "HostRegistrationToken_tokenHash_key" ON "HostRegistrationToken"("tokenHash");
CREATE INDEX "HostRegistrationToken_environmentId_idx" ON "HostRegistrationToken"("environmentId");
CREATE INDEX "HostRegistrationToken_hostId_idx" ON "HostRegistrationToken"("hostId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

