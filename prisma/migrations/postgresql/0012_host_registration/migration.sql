-- CreateTable
CREATE TABLE "EnvironmentCa" (
    "environmentId" TEXT NOT NULL,
    "tenantId" TEXT,
    "certPem" TEXT NOT NULL,
    "keyEnc" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EnvironmentCa_pkey" PRIMARY KEY ("environmentId")
);

-- CreateTable
CREATE TABLE "HostRegistrationToken" (
    "id" TEXT NOT NULL,
    "environmentId" TEXT NOT NULL,
    "tenantId" TEXT,
    "tokenHash" TEXT NOT NULL,
    "purpose" TEXT NOT NULL DEFAULT 'register',
    "hostId" TEXT,
    "hostName" TEXT,
    "address" TEXT,
    "certSerial" TEXT,
    "createdById" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HostRegistrationToken_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "HostRegistrationToken_tokenHash_key" ON "HostRegistrationToken"("tokenHash");

-- CreateIndex
CREATE INDEX "HostRegistrationToken_environmentId_idx" ON "HostRegistrationToken"("environmentId");

-- CreateIndex
CREATE INDEX "HostRegistrationToken_hostId_idx" ON "HostRegistrationToken"("hostId");
