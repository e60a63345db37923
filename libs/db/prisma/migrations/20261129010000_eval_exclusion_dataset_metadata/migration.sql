-- Evaluation.exclusion: the rule each evaluation ranked under (existing rows were all 'session');
-- Dataset.metadata: the neutral metadata for existing rows. Deliberately not keyed on dataset names:
-- datasets imported before this get theirs with `alkdrec import --update-metadata` (docs/data.md).
-- DropIndex
DROP INDEX "Evaluation_modelId_split_key";

-- AlterTable
ALTER TABLE "Dataset" ADD COLUMN     "metadata" JSONB NOT NULL DEFAULT '{"domain":{"item":"item","items":"items","verb":"interacted with","verbPresent":"interact with"},"negatives":{}}';

-- AlterTable
ALTER TABLE "Evaluation" ADD COLUMN     "exclusion" TEXT NOT NULL DEFAULT 'session';

-- CreateIndex
CREATE UNIQUE INDEX "Evaluation_modelId_split_exclusion_key" ON "Evaluation"("modelId", "split", "exclusion");
