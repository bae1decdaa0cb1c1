-- DropIndex
DROP INDEX "App_environmentId_name_key";

-- DropIndex
DROP INDEX "PortalSecret_environmentId_kind_name_key";

-- AlterTable
ALTER TABLE "Environment" ADD COLUMN     "allTenants" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "shared" BOOLEAN NOT NULL DEFAULT false,
ALTER COLUMN "tenantId" DROP NOT NULL;

-- CreateTable
CREATE TABLE "EnvironmentAccess" (
    "id" TEXT NOT NULL,
    "environmentId" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EnvironmentAccess_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Quota" (
    "key" TEXT NOT NULL,
    "tenantId" TEXT,
    "environmentId" TEXT,
    "cpus" DOUBLE PRECISION,
    "memoryMb" INTEGER,
    "services" INTEGER,
    "replicas" INTEGER,
    "ports" INTEGER,
    "volumes" INTEGER,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Quota_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "Price" (
    "kind" TEXT NOT NULL,
    "cpuHour" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "memoryGbHour" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "currency" TEXT NOT NULL DEFAULT 'CNY',
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Price_pkey" PRIMARY KEY ("kind")
);

-- CreateTable
CREATE TABLE "UsageDaily" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "environmentId" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "envKind" TEXT NOT NULL,
    "cpuHoursUsed" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "cpuHoursReserved" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "memGbHoursUsed" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "memGbHoursReserved" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "netRxBytes" BIGINT NOT NULL DEFAULT 0,
    "netTxBytes" BIGINT NOT NULL DEFAULT 0,
    "blkReadBytes" BIGINT NOT NULL DEFAULT 0,
    "blkWriteBytes" BIGINT NOT NULL DEFAULT 0,
    "samples" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UsageDaily_pkey" PRIMARY KEY ("id")
);

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

-- AddForeignKey
ALTER TABLE "EnvironmentAccess" ADD CONSTRAINT "EnvironmentAccess_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "Environment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EnvironmentAccess" ADD CONSTRAINT "EnvironmentAccess_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
