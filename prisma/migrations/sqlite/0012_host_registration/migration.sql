-- CreateTable
CREATE TABLE "EnvironmentCa" (
    "environmentId" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT,
    "certPem" TEXT NOT NULL,
    "keyEnc" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "HostRegistrationToken" (
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "HostRegistrationToken_tokenHash_key" ON "HostRegistrationToken"("tokenHash");

-- CreateIndex
CREATE INDEX "HostRegistrationToken_environmentId_idx" ON "HostRegistrationToken"("environmentId");

-- CreateIndex
CREATE INDEX "HostRegistrationToken_hostId_idx" ON "HostRegistrationToken"("hostId");

