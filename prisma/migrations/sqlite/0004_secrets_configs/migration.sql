-- AlterTable
ALTER TABLE "AppRevision" ADD COLUMN "optionsJson" TEXT NOT NULL DEFAULT '{}';
ALTER TABLE "AppRevision" ADD COLUMN "secretVariablesEnc" TEXT;

-- AlterTable
ALTER TABLE "PortLease" ADD COLUMN "requestedPort" INTEGER;

-- CreateTable
CREATE TABLE "PortalSecret" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "environmentId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "valueEnc" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "PortalSecret_environmentId_fkey" FOREIGN KEY ("environmentId") REFERENCES "Environment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "PortalSecret_tenantId_idx" ON "PortalSecret"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "PortalSecret_environmentId_kind_name_key" ON "PortalSecret"("environmentId", "kind", "name");

