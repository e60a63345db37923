import { UnrecoverableError } from 'bullmq';
import { PROVIDER_TRAITS, stagesOf, type RunSpec } from '@alkdrec/contracts';
import { datasetContentOf } from '@alkdrec/db';
import { checkReplayDataset, loadRecordingsManifest } from '@alkdrec/llm-providers';

/**
 * Refuses, before any stage, a run that would replay the recorded GPT-4 answers onto a dataset they
 * were not made for: they name sessions by row number, so other rows under a bundled name would be
 * "answered" about other sessions (and a dataset that is not bundled has no recordings at all).
 * Unrecoverable: a retry would meet the same content.
 */
export async function refuseReplayOfOtherContent(spec: RunSpec, dataset: { source: unknown }): Promise<void> {
  if (!PROVIDER_TRAITS[spec.provider].recorded || !stagesOf(spec.strategy).includes('rank')) return;
  const check = checkReplayDataset({ name: spec.dataset, content: datasetContentOf(dataset.source) }, await loadRecordingsManifest(spec.dataset));
  if (!check.ok) throw new UnrecoverableError(check.error.message);
}
