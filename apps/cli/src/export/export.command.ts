import { resolve } from 'node:path';
import { ArtifactNotFoundError, createArtifactStore, loadServableModel, ModelNotFoundError, ModelNotReadyError } from '@alkdrec/db';
import { buildModelExport, CheckpointFormatError, CheckpointLayoutError, ModelExportError } from '@alkdrec/serving';
import { keyValueLines } from '@alkdrec/text-table';
import { CliError, ExitCode, UsageError } from '../cli-error';
import { printResult, type CliContext } from '../commands/cli-context';
import { redactUrl } from '../config/cli-env.schema';
import { prepareDatabase } from '../dataset/prepare-database';
import { checkOutputDirectory, writeExportDirectory } from './write-export-directory';

/**
 * `alkdrec export --model <id> --out <dir>`: the model as a self-contained directory
 * (docs/export.md), read straight from PostgreSQL and the artifact store (no queue, no service).
 */
export async function exportCommand(ctx: CliContext, modelId: string, outDir: string, json: boolean): Promise<void> {
  const out = resolve(outDir);
  await checkOutputDirectory(out);
  const prisma = await prepareDatabase(ctx, (text) => ctx.stderr.write(`[export] ${text}\n`));
  // ARTIFACT_STORE was validated with the config; reads follow each checkpoint URI's own scheme.
  const artifacts = createArtifactStore(ctx.config.ARTIFACT_STORE, { prisma });
  try {
    const { servable, files } = await loadServableModel(prisma, artifacts, modelId)
      .then((loaded) => ({ servable: loaded, files: buildModelExport(loaded) }))
      .catch((error: unknown) => {
        throw explain(error, ctx, modelId);
      });
    await writeExportDirectory(out, files, ctx.interrupts);
    const bytes = files.reduce((n, f) => n + f.bytes.length, 0);
    const { model, dataset, lineage } = servable;
    printResult(
      ctx,
      json,
      { command: 'export', result: { modelId, out, backbone: model.backbone, role: model.role, dataset: dataset.name, itemCount: dataset.itemCount, lineage, files: files.map((f) => ({ path: f.path, bytes: f.bytes.length })) } },
      keyValueLines([
        ['model', `${modelId} (${model.backbone} ${model.role}, d = ${model.dim})`],
        ['dataset', `${dataset.name} (${dataset.itemCount} items)`],
        ['written', `${out} (${files.length} files, ${(bytes / 1024).toFixed(0)} KiB)`],
        ['load it', 'docs/export.md; node docs/examples/load-export.mjs <dir> <sessions.json>'],
      ]),
    );
  } finally {
    await prisma.$disconnect();
  }
}

/** The expected failures as one line each; anything else stays a bug report. */
function explain(error: unknown, ctx: CliContext, modelId: string): unknown {
  const { DATABASE_URL, DATABASE_SCHEMA, ARTIFACT_STORE: store } = ctx.config;
  if (error instanceof ModelNotFoundError) return new UsageError(`${error.message} in ${redactUrl(DATABASE_URL)} (schema ${DATABASE_SCHEMA})`);
  if (error instanceof ModelNotReadyError) return new CliError(error.message, ExitCode.Failed);
  if (error instanceof ArtifactNotFoundError) {
    return new CliError(`the checkpoint of model ${modelId} is missing (${error.uri}); is ARTIFACT_STORE (${store}) the trainer's?`, ExitCode.Failed);
  }
  if (error instanceof CheckpointFormatError || error instanceof CheckpointLayoutError || error instanceof ModelExportError) {
    return new CliError(error.message, ExitCode.Failed);
  }
  return error;
}
