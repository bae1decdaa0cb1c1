-- CreateTable
CREATE TABLE "EnvironmentLogging" (
    "environmentId" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "driver" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "port" INTEGER NOT NULL,
    "protocol" TEXT NOT NULL DEFAULT 'udp',
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "AlertRule" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "environmentId" TEXT,
    "appId" TEXT,
    "serviceId" TEXT,
    "threshold" REAL,
    "forSeconds" INTEGER NOT NULL DEFAULT 0,
    "webhookUrl" TEXT,
    "webhookSecretEnc" TEXT,
    "emails" TEXT NOT NULL DEFAULT '[]',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "silencedUntil" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Alert" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "ruleId" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "value" REAL,
    "since" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "firedAt" DATETIME,
    "resolvedAt" DATETIME,
    CONSTRAINT "Alert_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "AlertRule" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AlertNotification" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "alertId" TEXT NOT NULL,
    "ruleName" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "webhook" TEXT,
    "email" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "readAt" DATETIME
);

-- CreateTable
CREATE TABLE "AlertMailSettings" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "host" TEXT NOT NULL,
    "port" INTEGER NOT NULL,
    "secure" BOOLEAN NOT NULL DEFAULT false,
    "username" TEXT,
    "passwordEnc" TEXT,
    "fromAddress" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "EnvironmentLogging_tenantId_idx" ON "EnvironmentLogging"("tenantId");

-- CreateIndex
CREATE INDEX "AlertRule_tenantId_idx" ON "AlertRule"("tenantId");

-- CreateIndex
CREATE INDEX "Alert_tenantId_since_idx" ON "Alert"("tenantId", "since");

-- CreateIndex
CREATE INDEX "Alert_ruleId_subject_state_idx" ON "Alert"("ruleId", "subject", "state");

-- CreateIndex
CREATE INDEX "AlertNotification_tenantId_createdAt_idx" ON "AlertNotification"("tenantId", "createdAt");

-- AlterTable
ALTER TABLE "StatSample" ADD COLUMN "memoryLimit" BIGINT;
