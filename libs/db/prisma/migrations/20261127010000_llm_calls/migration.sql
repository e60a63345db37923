-- CreateEnum
CREATE TYPE "LlmCallStatus" AS ENUM ('PENDING', 'SUCCEEDED', 'PARSE_FAILED', 'FAILED', 'NOT_AVAILABLE');

-- CreateEnum
CREATE TYPE "LlmBatchStatus" AS ENUM ('IN_PROGRESS', 'COLLECTED');

-- CreateTable
CREATE TABLE "LlmCall" (
    "key" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "prompt" JSONB NOT NULL,
    "status" "LlmCallStatus" NOT NULL DEFAULT 'PENDING',
    "rawAnswer" TEXT,
    "parsed" JSONB,
    "inputTokens" INTEGER NOT NULL DEFAULT 0,
    "outputTokens" INTEGER NOT NULL DEFAULT 0,
    "costUsd" DECIMAL(18,9) NOT NULL DEFAULT 0,
    "latencyMs" INTEGER,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "errorClass" TEXT,
    "errorMessage" TEXT,
    "claimedBy" TEXT,
    "claimedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LlmCall_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "LlmRun" (
    "id" TEXT NOT NULL,
    "budgetUsd" DECIMAL(18,9),
    "budgetCalls" INTEGER,
    "spentUsd" DECIMAL(18,9) NOT NULL DEFAULT 0,
    "spentCalls" INTEGER NOT NULL DEFAULT 0,
    "reservedUsd" DECIMAL(18,9) NOT NULL DEFAULT 0,
    "reservedCalls" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LlmRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LlmRunCall" (
    "runId" TEXT NOT NULL,
    "callKey" TEXT NOT NULL,
    "costUsd" DECIMAL(18,9) NOT NULL DEFAULT 0,
    "cached" BOOLEAN NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LlmRunCall_pkey" PRIMARY KEY ("runId","callKey")
);

-- CreateTable
CREATE TABLE "LlmBatch" (
    "id" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "status" "LlmBatchStatus" NOT NULL DEFAULT 'IN_PROGRESS',
    "submittedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "collectedAt" TIMESTAMP(3),

    CONSTRAINT "LlmBatch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LlmBatchItem" (
    "batchId" TEXT NOT NULL,
    "customId" TEXT NOT NULL,
    "callKey" TEXT NOT NULL,

    CONSTRAINT "LlmBatchItem_pkey" PRIMARY KEY ("batchId","customId")
);

-- CreateIndex
CREATE INDEX "LlmCall_status_idx" ON "LlmCall"("status");

-- CreateIndex
CREATE INDEX "LlmRunCall_callKey_idx" ON "LlmRunCall"("callKey");

-- CreateIndex
CREATE INDEX "LlmBatch_status_idx" ON "LlmBatch"("status");

-- CreateIndex
CREATE INDEX "LlmBatchItem_callKey_idx" ON "LlmBatchItem"("callKey");

-- AddForeignKey
ALTER TABLE "LlmRunCall" ADD CONSTRAINT "LlmRunCall_runId_fkey" FOREIGN KEY ("runId") REFERENCES "LlmRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LlmRunCall" ADD CONSTRAINT "LlmRunCall_callKey_fkey" FOREIGN KEY ("callKey") REFERENCES "LlmCall"("key") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LlmBatchItem" ADD CONSTRAINT "LlmBatchItem_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "LlmBatch"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LlmBatchItem" ADD CONSTRAINT "LlmBatchItem_callKey_fkey" FOREIGN KEY ("callKey") REFERENCES "LlmCall"("key") ON DELETE CASCADE ON UPDATE CASCADE;
