-- AlterTable
ALTER TABLE "Job" ADD COLUMN "messageKey" TEXT;
ALTER TABLE "Job" ADD COLUMN "messageParams" TEXT;

-- AlterTable
ALTER TABLE "ServiceEvent" ADD COLUMN "messageKey" TEXT;
ALTER TABLE "ServiceEvent" ADD COLUMN "messageParams" TEXT;
