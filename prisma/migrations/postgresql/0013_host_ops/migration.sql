-- AlterTable
ALTER TABLE "Host" ADD COLUMN     "availability" TEXT NOT NULL DEFAULT 'active',
ADD COLUMN     "labels" TEXT NOT NULL DEFAULT '{}';

-- CreateTable
CREATE TABLE "HostMetricSample" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "hostId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "cpuPercent" DOUBLE PRECISION NOT NULL,
    "memoryUsed" BIGINT NOT NULL,
    "memoryTotal" BIGINT NOT NULL,
    "diskUsed" BIGINT NOT NULL,
    "diskTotal" BIGINT NOT NULL,

    CONSTRAINT "HostMetricSample_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "HostMetricSample_hostId_at_idx" ON "HostMetricSample"("hostId", "at");

-- CreateIndex
CREATE INDEX "HostMetricSample_tenantId_idx" ON "HostMetricSample"("tenantId");
