-- Issue 17: regions. A Region table, the default region (id and name "default", the portal's embedded
-- registry: registryUrl NULL), and every environment in a region: existing ones get the default.
-- CreateTable
CREATE TABLE "Region" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "registryUrl" TEXT,
    "registryUsername" TEXT,
    "registryPasswordEnc" TEXT,
    "isDefault" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Region_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Region_name_key" ON "Region"("name");

-- The default region, which every existing environment joins.
INSERT INTO "Region" ("id", "name", "displayName", "registryUrl", "registryUsername", "registryPasswordEnc", "isDefault", "createdAt", "updatedAt")
VALUES ('default', 'default', 'Default', NULL, NULL, NULL, true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP);

-- AlterTable: added nullable, filled, then required (a NOT NULL column without a default cannot be
-- added to a table that has rows)
ALTER TABLE "Environment" ADD COLUMN "regionId" TEXT;
UPDATE "Environment" SET "regionId" = 'default';
ALTER TABLE "Environment" ALTER COLUMN "regionId" SET NOT NULL;

-- CreateIndex
CREATE INDEX "Environment_regionId_idx" ON "Environment"("regionId");

-- AddForeignKey
ALTER TABLE "Environment" ADD CONSTRAINT "Environment_regionId_fkey" FOREIGN KEY ("regionId") REFERENCES "Region"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
