-- CreateEnum
CREATE TYPE "RunStatus" AS ENUM ('RUNNING', 'SUCCEEDED', 'FAILED');

-- CreateEnum
CREATE TYPE "RunStageStatus" AS ENUM ('RUNNING', 'SUCCEEDED', 'FAILED');

-- CreateTable
CREATE TABLE "Run" (
    "id" TEXT NOT NULL,
    "datasetId" INTEGER NOT NULL,
    "backbone" TEXT NOT NULL,
    "strategy" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "budget" INTEGER NOT NULL,
    "seed" INTEGER NOT NULL,
    "spec" JSONB NOT NULL,
    "status" "RunStatus" NOT NULL DEFAULT 'RUNNING',
    "teacherModelId" TEXT,
    "studentModelId" TEXT,
    "distilledModelId" TEXT,
    "hints" JSONB,
    "poolSize" INTEGER,
    "poolNote" TEXT,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RunStage" (
    "runId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "status" "RunStageStatus" NOT NULL DEFAULT 'RUNNING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "wallMs" INTEGER,
    "detail" TEXT,
    "error" TEXT,

    CONSTRAINT "RunStage_pkey" PRIMARY KEY ("runId","name")
);

-- CreateTable
CREATE TABLE "RunSelection" (
    "runId" TEXT NOT NULL,
    "row" INTEGER NOT NULL,
    "order" INTEGER NOT NULL,
    "rank" INTEGER NOT NULL,
    "probability" DOUBLE PRECISION NOT NULL,
    "difficulty" DOUBLE PRECISION NOT NULL,
    "llmStatus" TEXT,
    "ranking" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    "costUsd" DOUBLE PRECISION,

    CONSTRAINT "RunSelection_pkey" PRIMARY KEY ("runId","row")
);

-- CreateIndex
CREATE UNIQUE INDEX "RunSelection_runId_order_key" ON "RunSelection"("runId", "order");

-- AddForeignKey
ALTER TABLE "Run" ADD CONSTRAINT "Run_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RunStage" ADD CONSTRAINT "RunStage_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RunSelection" ADD CONSTRAINT "RunSelection_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;
