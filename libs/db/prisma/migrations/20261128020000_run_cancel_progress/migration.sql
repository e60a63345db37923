-- AlterEnum
ALTER TYPE "RunStatus" ADD VALUE 'CANCELLED';

-- AlterEnum
ALTER TYPE "RunStageStatus" ADD VALUE 'CANCELLED';

-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "progress" JSONB,
ADD COLUMN     "progressAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "Run_createdAt_id_idx" ON "Run"("createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Run_status_idx" ON "Run"("status");
