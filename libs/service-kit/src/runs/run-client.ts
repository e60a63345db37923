import {
  parseContract,
  QueueName,
  RunJob,
  RunListQuery,
  RunPayload,
  RunSpec,
  RunStageName,
  RunStrategy,
  runIdOf,
  stagesOf,
  runJobId,
  rankingCollectJobId,
  type RunCancellation,
  type RunEvent,
  type RunListPage,
  type RunListQueryInput,
  type RunResult,
  type RunResumption,
  type RunSubmission,
  type RunView,
} from '@alkdrec/contracts';
import { RunRepository, type PrismaClient, type Run, type RunStatus } from '@alkdrec/db';
import type { Queue, QueueEvents } from 'bullmq';
import { jobIsLive } from '../jobs/job-states';
import { submitJob } from '../jobs/submit-job';
import { withTimeout } from '../util/with-timeout';
import { followRun, type FollowRunOptions } from './follow-run';
import { RunNotFoundError, RunStateError, UnknownDatasetError } from './run-errors';
import { watchRun, type WatchRunOptions } from './watch-run';
import { withdrawUnstartedRankings } from './withdraw-rankings';

export interface RunClientDeps {
  prisma: PrismaClient;
  /** Producer queues by name, with the tuning table's job options (the services' QueueRegistry). */
  queues: { get(name: QueueName): Queue };
  /**
   * The run queue's event stream, for follow and watch; a function creates it on first need and
   * the client closes it in close().
   */
  events: QueueEvents | (() => QueueEvents);
}

export interface RunClientOptions {
  /** After Redis lost a followed run's job, how long a selector has to drive it again (default 45 s). */
  redriveWaitMs?: number;
  /** How often a followed job's state is read besides its events (default waitForJob's 5 s). */
  checkEveryMs?: number;
  /** How long cancel waits for Redis before leaving its clean-up to the driver (default 5 s). */
  redisTimeoutMs?: number;
}

const REDIS_TIMEOUT_MS = 5_000;

/** States a driver job no selector has taken yet is in: it can be removed. */
const NOT_TAKEN = new Set(['waiting', 'delayed', 'prioritized']);

/**
 * The one way to submit, follow, cancel and resume a run — the CLI and the api both use it. The
 * run's state is PostgreSQL's (RunRepository); Redis only carries its driver job (`run-<id>`, on
 * alkdrec.runs), which the selector consumes. Every method is safe to call from any number of
 * processes at once: the same spec is the same run (runIdOf), BullMQ adds a job id once, and state
 * changes are conditional updates.
 */
export class RunClient {
  private readonly runs: RunRepository;
  private ownedEvents: QueueEvents | undefined;

  constructor(
    private readonly deps: RunClientDeps,
    private readonly options: RunClientOptions = {},
  ) {
    this.runs = new RunRepository(deps.prisma);
  }

  /**
   * Submits a run (validated with RunSpec: ContractViolation names every bad field). Idempotent: a
   * RUNNING run is joined (`existing`), a SUCCEEDED one is not queued again (`finished`), a FAILED
   * or CANCELLED one is resumed (`added`, its finished stages kept). The run's row exists when this
   * returns, so it can be read (view) at once. UnknownDatasetError when the dataset is not imported.
   */
  async submit(specInput: unknown): Promise<RunSubmission> {
    const spec = parseContract(RunSpec, specInput, 'run spec');
    const runId = runIdOf(spec);
    const jobId = runJobId(runId);
    const dataset = await this.deps.prisma.dataset.findUnique({ where: { name: spec.dataset }, select: { id: true } });
    if (!dataset) throw new UnknownDatasetError(spec.dataset);
    const before = await this.runs.status(runId);
    if (before === 'SUCCEEDED') return { runId, jobId, origin: 'finished', previousState: before };
    await this.runs.open(
      { id: runId, datasetId: dataset.id, backbone: spec.backbone, strategy: spec.strategy, provider: spec.provider, budget: spec.budget, seed: spec.seed, spec },
      ['FAILED', 'CANCELLED'],
    );
    const { origin } = await submitJob(this.runQueue, RunJob.Run, { spec }, jobId);
    return { runId, jobId, origin: origin === 'joined' ? 'existing' : 'added', previousState: before ?? null };
  }

  /**
   * Cancels a RUNNING run: CANCELLED in PostgreSQL at once; its driver notices within
   * RUNS_CANCEL_CHECK_MS, withdraws the work no worker has taken, marks its stage CANCELLED and ends
   * its job without error. Here, too, the LLM fan-out's untaken ranking jobs are withdrawn (wherever
   * the driver is), and a driver job no selector has taken is removed (its stage marked here).
   * Requests in flight finish and are recorded as usual: nothing is paid twice. Cancelling a
   * cancelled run is fine (`already`); a SUCCEEDED or FAILED one is a RunStateError.
   */
  async cancel(runId: string): Promise<RunCancellation> {
    const run = await this.runs.find(runId);
    if (!run) throw new RunNotFoundError(runId);
    if (run.status === 'CANCELLED') return { runId, state: 'CANCELLED', stage: await this.stageWhere(run, 'CANCELLED'), already: true };
    if (run.status !== 'RUNNING') throw new RunStateError(runId, run.status, 'cancelled', 'a RUNNING');
    const stage = await this.stageWhere(run, 'RUNNING');
    // Not RUNNING any more: it ended or was cancelled meanwhile; say what it is now.
    if (!(await this.runs.cancel(runId))) return this.cancel(runId);
    try {
      await withTimeout(this.stopUndriven(runId), this.options.redisTimeoutMs ?? REDIS_TIMEOUT_MS, 'cancelling in Redis');
    } catch {
      // Redis cannot be asked: the run is CANCELLED all the same, and whichever driver takes its job
      // next (or is running it) stops, withdraws its work and marks its stage.
    }
    return { runId, state: 'CANCELLED', stage, already: false };
  }

  /**
   * The Redis side of a cancel: a driver job no selector has taken is removed (and the stage it left
   * RUNNING marked here, as no driver will), and the fan-out's ranking jobs no llm-worker has taken
   * are withdrawn wherever the driver is.
   */
  private async stopUndriven(runId: string): Promise<void> {
    const driver = await this.runQueue.getJob(runJobId(runId));
    const state = driver ? await driver.getState() : 'unknown';
    // Still cancelled? (A Redis slow to answer may have let a resume in meanwhile: its job stays.)
    const stillCancelled = async () => (await this.runs.status(runId)) === 'CANCELLED';
    let driven = jobIsLive(state);
    if (driver && NOT_TAKEN.has(state) && (await stillCancelled()) && (await driver.remove().then(() => true, () => false))) driven = false;
    if (!driven && (await stillCancelled())) await this.runs.cancelStages(runId);
    const parent = await this.deps.queues.get(QueueName.RankingCollect).getJob(rankingCollectJobId(runId));
    if (parent && jobIsLive(await parent.getState()) && (await stillCancelled())) await withdrawUnstartedRankings(parent);
  }

  /**
   * Resumes a CANCELLED or FAILED run: RUNNING again and its driver job queued (finished stages are
   * kept). A RUNNING or SUCCEEDED run is left as it is (`running`, `finished`).
   */
  async resume(runId: string): Promise<RunResumption> {
    const run = await this.runs.find(runId);
    if (!run) throw new RunNotFoundError(runId);
    const jobId = runJobId(runId);
    const previousState = run.status;
    if (previousState === 'RUNNING') return { runId, jobId, origin: 'running', previousState };
    if (previousState === 'SUCCEEDED') return { runId, jobId, origin: 'finished', previousState };
    const { spec } = parseContract(RunPayload, { spec: run.spec }, `stored spec of run ${runId}`);
    const identity = { id: runId, datasetId: run.datasetId, backbone: run.backbone, strategy: run.strategy, provider: run.provider, budget: run.budget, seed: run.seed, spec };
    const reopened = await this.runs.open(identity, [previousState]);
    // Someone else resumed or changed it meanwhile: say what it is now.
    if (reopened.status !== 'RUNNING') return this.resume(runId);
    await submitJob(this.runQueue, RunJob.Run, { spec }, jobId);
    return { runId, jobId, origin: 'resumed', previousState };
  }

  /**
   * Follows a run to its end: its progress as the driver reports it, notes when Redis lost its job
   * (RunJobLostError when no selector drives it again in time), its RunResult once it SUCCEEDED —
   * at once for a run that already has. RunFailedError, RunCancelledError when it ends otherwise.
   */
  async follow(runId: string, options: FollowRunOptions = {}): Promise<RunResult> {
    return followRun({ runs: this.runs, queue: this.runQueue, events: this.events(), ...this.options }, runId, options);
  }

  /**
   * Calls `listener` with the run's state (the current one first, then each change: from job events
   * and a look at PostgreSQL every `everyMs`) and its progress (live from the job's events, or as
   * stored when those are missing). Works for a finished run too. Returns the unsubscribe function.
   */
  watch(runId: string, listener: (event: RunEvent) => void, options: WatchRunOptions = {}): () => void {
    return watchRun({ runs: this.runs, events: this.events() }, runId, listener, options);
  }

  /** The read model of one run; RunNotFoundError when there is none. */
  async view(runId: string): Promise<RunView> {
    const view = await this.runs.view(runId);
    if (!view) throw new RunNotFoundError(runId);
    return view;
  }

  /** A page of runs, newest first (the query validated with RunListQuery: ContractViolation names bad fields). */
  async list(queryInput: RunListQueryInput = {}): Promise<RunListPage> {
    return this.runs.list(parseContract(RunListQuery, queryInput, 'run list query'));
  }

  /** Closes the event stream this client opened (not the queues or the database it was given). */
  async close(): Promise<void> {
    await this.ownedEvents?.close();
    this.ownedEvents = undefined;
  }

  /** Nest calls this on a provider at shutdown. */
  onApplicationShutdown(): Promise<void> {
    return this.close();
  }

  private get runQueue(): Queue {
    return this.deps.queues.get(QueueName.Runs);
  }

  private events(): QueueEvents {
    if (typeof this.deps.events !== 'function') return this.deps.events;
    this.ownedEvents ??= this.deps.events();
    return this.ownedEvents;
  }

  /** The run's first stage (in stage order) in this state. */
  private async stageWhere(run: Run, status: RunStatus): Promise<RunStageName | null> {
    const strategy = RunStrategy.safeParse(run.strategy);
    const stages = await this.runs.stages(run.id);
    const order = strategy.success ? stagesOf(strategy.data) : RunStageName.options;
    return order.find((name) => stages.get(name)?.status === status) ?? null;
  }
}
