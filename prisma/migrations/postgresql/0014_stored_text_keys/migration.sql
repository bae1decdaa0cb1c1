-- AlterTable
ALTER TABLE "Job" ADD COLUMN     "messageKey" TEXT,
ADD COLUMN     "messageParams" TEXT;

-- AlterTable
ALTER TABLE "ServiceEvent" ADD COLUMN     "messageKey" TEXT,
ADD COLUMN     "messageParams" TEXT;
