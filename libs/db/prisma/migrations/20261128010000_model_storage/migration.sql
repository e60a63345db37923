-- CreateTable
CREATE TABLE "ModelArtifact" (
    "key" TEXT NOT NULL,
    "bytes" BYTEA NOT NULL,
    "sha256" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ModelArtifact_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "ServingPromotion" (
    "id" SERIAL NOT NULL,
    "datasetId" INTEGER NOT NULL,
    "modelId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "by" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ServingPromotion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ServingPromotion_datasetId_id_idx" ON "ServingPromotion"("datasetId", "id");

-- CreateIndex
CREATE INDEX "ServingPromotion_modelId_idx" ON "ServingPromotion"("modelId");

-- AddForeignKey
ALTER TABLE "ServingPromotion" ADD CONSTRAINT "ServingPromotion_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServingPromotion" ADD CONSTRAINT "ServingPromotion_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "Model"("id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- Not expressible in schema.prisma (added by hand):
-- checkpoints are float32 noise to a compressor: keep them out of line without trying to compress.
ALTER TABLE "ModelArtifact" ALTER COLUMN "bytes" SET STORAGE EXTERNAL;
-- the action names of contracts' ServingAction.
ALTER TABLE "ServingPromotion" ADD CONSTRAINT "ServingPromotion_action_check" CHECK ("action" IN ('promote', 'rollback'));
