import { PROVIDER_TRAITS } from '@alkdrec/contracts';
import type { CompleteOptions, DatasetContent, LlmCompletion, LlmProvider, LlmRequest, ProviderTraits, RecordedContent } from '../llm-provider';
import { checkReplayDataset } from './check-replay-dataset';
import { ProviderPermanentError } from '../errors/provider-errors';
import { loadDatasetRecordings, type DatasetRecordings } from './replay-recordings';

/** The model the bundled recordings were made with. */
export const REPLAY_MODEL = 'gpt-4-turbo-2024-04-09';

export interface ReplayProviderOptions {
  /** Where the bundled datasets are; default: found as @alkdrec/db finds them. */
  datasetsDir?: string;
  /** Loads one dataset's recordings; tests pass small in-memory ones. */
  load?: (dataset: string) => Promise<DatasetRecordings>;
}

/**
 * Answers from the paper's recorded GPT-4 answers, keyed by `request.replayKey` (the prompt text is
 * not consulted). A ranking comes back as recorded — catalogue ids in the recorded order, made
 * against the authors' teacher's candidates, not ours — in `recorded` (and written `[<id>, …]` as
 * its text, for people and logs); hints likewise. A session without a recording, or a request
 * without a replay key, is `not-available`: the selector restricts its pool to sessions that have
 * one. Free and instant.
 */
export class ReplayProvider implements LlmProvider {
  readonly name = 'replay' as const;
  readonly model = REPLAY_MODEL;
  readonly traits: ProviderTraits = PROVIDER_TRAITS['replay'];
  private readonly loaded = new Map<string, Promise<DatasetRecordings>>();
  private readonly load: (dataset: string) => Promise<DatasetRecordings>;

  constructor(options: ReplayProviderOptions = {}) {
    this.load = options.load ?? ((dataset) => loadDatasetRecordings(dataset, options.datasetsDir));
  }

  async complete(request: LlmRequest, _options?: CompleteOptions): Promise<LlmCompletion> {
    const key = request.replayKey;
    if (key === undefined) return { kind: 'not-available', reason: 'the request has no replay key (dataset and session row)' };
    const recordings = await this.recordingsOf(key.dataset);
    if (key.content !== undefined) refuseOtherContent(key.dataset, key.content, recordings);
    if (key.task === 'hints') {
      return answer(recordings.hints.map((hint, i) => `${i + 1}. ${hint}`).join('\n'), { task: 'hints', hints: [...recordings.hints] });
    }
    const ranking = recordings.rankingByRow.get(key.row);
    if (ranking === undefined) {
      return { kind: 'not-available', reason: `no recorded ranking for ${key.dataset} session row ${key.row}` };
    }
    return answer(`[${ranking.map((id) => `<${id}>`).join(', ')}]`, { task: 'ranking', ids: [...ranking] });
  }

  private recordingsOf(dataset: string): Promise<DatasetRecordings> {
    let recordings = this.loaded.get(dataset);
    if (recordings === undefined) {
      recordings = this.load(dataset).catch((error: Error) => {
        this.loaded.delete(dataset); // a later call may find the files fixed
        throw new ProviderPermanentError(`replay: cannot load the recordings of ${JSON.stringify(dataset)}: ${error.message}`, {
          provider: 'replay',
          errorClass: 'recordings_unavailable',
          cause: error,
        });
      });
      this.loaded.set(dataset, recordings);
    }
    return recordings;
  }
}

/**
 * Recordings name sessions by row: for another dataset's rows under the same name they would answer
 * about other sessions. The caller says which content it has; refused (for good) unless it is the
 * content the recordings were made for.
 */
function refuseOtherContent(dataset: string, content: DatasetContent, recordings: DatasetRecordings): void {
  const check = checkReplayDataset({ name: dataset, content }, recordings.manifest);
  if (!check.ok) throw new ProviderPermanentError(check.error.message, { provider: 'replay', errorClass: 'recordings_mismatch' });
}

function answer(text: string, recorded: RecordedContent): LlmCompletion {
  return { kind: 'answer', text, inputTokens: 0, outputTokens: 0, latencyMs: 0, recorded };
}
