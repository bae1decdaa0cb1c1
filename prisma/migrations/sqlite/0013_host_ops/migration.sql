-- AlterTable
ALTER TABLE "Host" ADD COLUMN "labels" TEXT NOT NULL DEFAULT '{}';
ALTER TABLE "Host" ADD COLUMN "availability" TEXT NOT NULL DEFAULT 'active';

-- CreateTable
CREATE TABLE "HostMetricSample" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "hostId" TEXT NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "cpuPercent" REAL NOT NULL,
    "memoryUsed" BIGINT NOT NULL,
    "memoryTotal" BIGINT NOT NULL,
    "diskUsed" BIGINT NOT NULL,
    "diskTotal" BIGINT NOT NULL
);

-- CreateIndex
CREATE INDEX "HostMetricSample_hostId_at_idx" ON "HostMetricSample"("hostId", "at");

-- CreateIndex
CREATE INDEX "HostMetricSample_tenantId_idx" ON "HostMetricSample"("tenantId");
