-- CreateEnum
CREATE TYPE "LlmRequestState" AS ENUM ('SENT', 'ANSWERED', 'FAILED', 'LOST', 'NOT_AVAILABLE');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "LlmBatchStatus" ADD VALUE 'SUBMITTING';
ALTER TYPE "LlmBatchStatus" ADD VALUE 'ABANDONED';

-- AlterTable
ALTER TABLE "LlmCall" ADD COLUMN     "claimedWorker" TEXT,
ADD COLUMN     "parseFailures" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "recorded" JSONB;

-- AlterTable
ALTER TABLE "LlmBatch" ADD COLUMN     "providerBatchId" TEXT;

-- Batches recorded before this migration were keyed by the provider's id.
UPDATE "LlmBatch" SET "providerBatchId" = "id";

-- AlterTable
ALTER TABLE "LlmBatchItem" ADD COLUMN     "requestId" TEXT;

-- CreateTable
CREATE TABLE "LlmRequest" (
    "id" TEXT NOT NULL,
    "callKey" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "workerId" TEXT NOT NULL,
    "state" "LlmRequestState" NOT NULL DEFAULT 'SENT',
    "estimatedUsd" DECIMAL(18,9) NOT NULL,
    "costUsd" DECIMAL(18,9) NOT NULL DEFAULT 0,
    "inputTokens" INTEGER NOT NULL DEFAULT 0,
    "outputTokens" INTEGER NOT NULL DEFAULT 0,
    "latencyMs" INTEGER,
    "usable" BOOLEAN,
    "faultClass" TEXT,
    "httpStatus" INTEGER,
    "batchId" TEXT,
    "sentAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "LlmRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LlmWorker" (
    "id" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "provider" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeatAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leaseMs" INTEGER NOT NULL,
    "stoppedAt" TIMESTAMP(3),

    CONSTRAINT "LlmWorker_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LlmRequest_runId_state_idx" ON "LlmRequest"("runId", "state");

-- CreateIndex
CREATE INDEX "LlmRequest_callKey_state_idx" ON "LlmRequest"("callKey", "state");

-- CreateIndex
CREATE INDEX "LlmRequest_workerId_state_idx" ON "LlmRequest"("workerId", "state");

-- CreateIndex
CREATE UNIQUE INDEX "LlmBatch_providerBatchId_key" ON "LlmBatch"("providerBatchId");

-- AddForeignKey
ALTER TABLE "LlmRequest" ADD CONSTRAINT "LlmRequest_runId_fkey" FOREIGN KEY ("runId") REFERENCES "LlmRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LlmRequest" ADD CONSTRAINT "LlmRequest_callKey_fkey" FOREIGN KEY ("callKey") REFERENCES "LlmCall"("key") ON DELETE CASCADE ON UPDATE CASCADE;
