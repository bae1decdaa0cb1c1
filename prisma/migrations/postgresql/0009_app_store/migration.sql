-- AlterTable
ALTER TABLE "PublishRequest" ADD COLUMN     "templateVersionId" TEXT;

-- AlterTable
ALTER TABLE "Template" DROP COLUMN "composeText",
DROP COLUMN "questionsJson",
ADD COLUMN     "category" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "icon" TEXT,
ADD COLUMN     "readme" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "maintainer" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "catalogKey" TEXT,
ADD COLUMN     "sourceId" TEXT,
ADD COLUMN     "createdById" TEXT,
ADD COLUMN     "updatedAt" TIMESTAMP(3) NOT NULL;

-- CreateTable
CREATE TABLE "TemplateVersion" (
    "id" TEXT NOT NULL,
    "templateId" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "composeText" TEXT NOT NULL,
    "questionsJson" TEXT NOT NULL DEFAULT '[]',
    "upgradeFrom" TEXT NOT NULL DEFAULT '',
    "notes" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TemplateVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AppTemplate" (
    "appId" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "templateId" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "answersJson" TEXT NOT NULL DEFAULT '{}',
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AppTemplate_pkey" PRIMARY KEY ("appId")
);

-- CreateIndex
CREATE UNIQUE INDEX "Template_catalogKey_key" ON "Template"("catalogKey");

-- CreateIndex
CREATE INDEX "Template_scope_idx" ON "Template"("scope");

-- CreateIndex
CREATE INDEX "Template_sourceId_idx" ON "Template"("sourceId");

-- CreateIndex
CREATE UNIQUE INDEX "TemplateVersion_templateId_version_key" ON "TemplateVersion"("templateId", "version");

-- CreateIndex
CREATE INDEX "AppTemplate_tenantId_idx" ON "AppTemplate"("tenantId");

-- CreateIndex
CREATE INDEX "AppTemplate_templateId_idx" ON "AppTemplate"("templateId");

-- AddForeignKey
ALTER TABLE "TemplateVersion" ADD CONSTRAINT "TemplateVersion_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "Template"("id") ON DELETE CASCADE ON UPDATE CASCADE;
