-- AlterTable
ALTER TABLE "PublishRequest" ADD COLUMN "templateVersionId" TEXT;

-- CreateTable
CREATE TABLE "TemplateVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "templateId" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "composeText" TEXT NOT NULL,
    "questionsJson" TEXT NOT NULL DEFAULT '[]',
    "upgradeFrom" TEXT NOT NULL DEFAULT '',
    "notes" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "TemplateVersion_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "Template" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AppTemplate" (
    "appId" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "templateId" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "answersJson" TEXT NOT NULL DEFAULT '{}',
    "updatedAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Template" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "scope" TEXT NOT NULL,
    "tenantId" TEXT,
    "ownerId" TEXT,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "category" TEXT NOT NULL DEFAULT '',
    "icon" TEXT,
    "readme" TEXT NOT NULL DEFAULT '',
    "maintainer" TEXT NOT NULL DEFAULT '',
    "catalogKey" TEXT,
    "sourceId" TEXT,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
DROP TABLE "Template";
ALTER TABLE "new_Template" RENAME TO "Template";
CREATE UNIQUE INDEX "Template_catalogKey_key" ON "Template"("catalogKey");
CREATE INDEX "Template_tenantId_idx" ON "Template"("tenantId");
CREATE INDEX "Template_scope_idx" ON "Template"("scope");
CREATE INDEX "Template_sourceId_idx" ON "Template"("sourceId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "TemplateVersion_templateId_version_key" ON "TemplateVersion"("templateId", "version");

-- CreateIndex
CREATE INDEX "AppTemplate_tenantId_idx" ON "AppTemplate"("tenantId");

-- CreateIndex
CREATE INDEX "AppTemplate_templateId_idx" ON "AppTemplate"("templateId");

