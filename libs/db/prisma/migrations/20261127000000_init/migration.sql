-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Split" AS ENUM ('TRAIN', 'VALID', 'TEST');

-- CreateEnum
CREATE TYPE "ModelStatus" AS ENUM ('TRAINING', 'READY', 'FAILED');

-- CreateTable
CREATE TABLE "Dataset" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "itemCount" INTEGER NOT NULL,
    "rowCount" INTEGER NOT NULL,
    "droppedRows" INTEGER NOT NULL,
    "droppedItems" INTEGER NOT NULL,
    "trainCount" INTEGER NOT NULL,
    "validCount" INTEGER NOT NULL,
    "testCount" INTEGER NOT NULL,
    "source" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Dataset_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Item" (
    "datasetId" INTEGER NOT NULL,
    "index" INTEGER NOT NULL,
    "externalId" TEXT NOT NULL,
    "title" TEXT NOT NULL,

    CONSTRAINT "Item_pkey" PRIMARY KEY ("datasetId","index")
);

-- CreateTable
CREATE TABLE "Session" (
    "datasetId" INTEGER NOT NULL,
    "row" INTEGER NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "split" "Split" NOT NULL,
    "items" INTEGER[],
    "next" INTEGER NOT NULL,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("datasetId","row")
);

-- CreateTable
CREATE TABLE "Model" (
    "id" TEXT NOT NULL,
    "datasetId" INTEGER NOT NULL,
    "backbone" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "dim" INTEGER NOT NULL,
    "seed" INTEGER NOT NULL,
    "config" JSONB NOT NULL,
    "status" "ModelStatus" NOT NULL DEFAULT 'TRAINING',
    "steps" INTEGER,
    "bestStep" INTEGER,
    "bestValidRecall" DOUBLE PRECISION,
    "wallMs" INTEGER,
    "history" JSONB,
    "artifactUri" TEXT,
    "backend" TEXT,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Model_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Evaluation" (
    "id" SERIAL NOT NULL,
    "modelId" TEXT NOT NULL,
    "split" "Split" NOT NULL,
    "sessionCount" INTEGER NOT NULL,
    "recall5" DOUBLE PRECISION NOT NULL,
    "ndcg5" DOUBLE PRECISION NOT NULL,
    "recall10" DOUBLE PRECISION NOT NULL,
    "ndcg10" DOUBLE PRECISION NOT NULL,
    "ranks" INTEGER[],
    "wallMs" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Evaluation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Prediction" (
    "modelId" TEXT NOT NULL,
    "row" INTEGER NOT NULL,
    "top50" INTEGER[],
    "trueRank" INTEGER NOT NULL,
    "difficulty" DOUBLE PRECISION,

    CONSTRAINT "Prediction_pkey" PRIMARY KEY ("modelId","row")
);

-- CreateIndex
CREATE UNIQUE INDEX "Dataset_name_key" ON "Dataset"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Item_datasetId_externalId_key" ON "Item"("datasetId", "externalId");

-- CreateIndex
CREATE INDEX "Session_datasetId_split_ordinal_idx" ON "Session"("datasetId", "split", "ordinal");

-- CreateIndex
CREATE UNIQUE INDEX "Session_datasetId_ordinal_key" ON "Session"("datasetId", "ordinal");

-- CreateIndex
CREATE INDEX "Model_datasetId_backbone_role_seed_idx" ON "Model"("datasetId", "backbone", "role", "seed");

-- CreateIndex
CREATE UNIQUE INDEX "Evaluation_modelId_split_key" ON "Evaluation"("modelId", "split");

-- AddForeignKey
ALTER TABLE "Item" ADD CONSTRAINT "Item_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Model" ADD CONSTRAINT "Model_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Evaluation" ADD CONSTRAINT "Evaluation_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "Model"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Prediction" ADD CONSTRAINT "Prediction_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "Model"("id") ON DELETE CASCADE ON UPDATE CASCADE;

