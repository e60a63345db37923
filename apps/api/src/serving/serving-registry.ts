import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { ReplicaServingView } from '@alkdrec/contracts';
import { loadServableModel, PromotionWatcher, ServingError, ServingRepository, type PromotionEvent, type ServingState } from '@alkdrec/db';
import { PrismaHolder } from '@alkdrec/service-kit';
import { ArtifactStoreHolder } from './artifact-store.holder';
import { buildLoadedModel, type LoadedModel } from './loaded-model';

/** How often this replica polls the serving version (one indexed query): promotions arrive within about this. */
export const PROMOTION_POLL_MS = 1_000;

/** Where a dataset stands on this replica when it has no model to answer with. */
export type NotServing = { state: 'starting' } | { state: 'none' } | { state: 'loading'; promotion: ServingState; error: string | undefined };

interface LoadFailure {
  modelId: string;
  promotionId: number;
  error: string;
  since: Date;
}

/** Thrown to the watcher when a load failed, so it retries the change at its next poll (already logged). */
class RetryLater extends Error {}

/**
 * The models this api replica serves, one per dataset: loaded at start from the promotions in force
 * (the version read first), then kept current by a PromotionWatcher, so a promote or rollback made
 * through any replica is served here within about PROMOTION_POLL_MS, without a restart. A new model
 * is built aside and installed with one Map write: a request scores synchronously on the model it
 * looked up, so none ever sees half a swap. A load that fails keeps the model before it, is logged
 * once, and is retried every poll. Nothing here is awaited by startup: readiness does not wait for
 * models, and requests answer 503 until theirs is loaded.
 */
@Injectable()
export class ServingRegistry implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Serving');
  private readonly models = new Map<string, LoadedModel>();
  /** The latest promotion seen per dataset, loaded or not. */
  private readonly wanted = new Map<string, ServingState>();
  private readonly failures = new Map<string, LoadFailure>();
  private watcher: PromotionWatcher | undefined;
  private starting: Promise<void> | undefined;
  private started = false;
  private stopped = false;

  constructor(
    private readonly prisma: PrismaHolder,
    private readonly artifacts: ArtifactStoreHolder,
    private readonly serving: ServingRepository,
  ) {}

  onApplicationBootstrap(): void {
    this.starting = this.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.starting;
    await this.watcher?.stop();
  }

  /** The request path: the model serving `dataset` on this replica, or undefined. */
  modelFor(dataset: string): LoadedModel | undefined {
    return this.models.get(dataset);
  }

  /** Why `dataset` has no model here: still starting, none promoted, or its promoted model not loaded (yet). */
  whyNotServing(dataset: string): NotServing {
    if (!this.started) return { state: 'starting' };
    const promotion = this.wanted.get(dataset);
    if (promotion === undefined) return { state: 'none' };
    return { state: 'loading', promotion, error: this.failures.get(dataset)?.error };
  }

  replicaView(dataset: string): ReplicaServingView {
    const model = this.models.get(dataset);
    const failure = this.failures.get(dataset);
    return {
      modelId: model?.modelId ?? null,
      promotionId: model?.promotionId ?? null,
      loadedAt: model?.loadedAt.toISOString() ?? null,
      failing: failure ? { modelId: failure.modelId, promotionId: failure.promotionId, error: failure.error, since: failure.since.toISOString() } : null,
    };
  }

  /** Serves `model`, built by the caller (a promote through this replica), unless a later promotion is already in force. */
  install(promotion: ServingState, model: LoadedModel): void {
    this.want(promotion);
    if (this.put(model)) this.logServing(model, 'promoted through this replica');
  }

  /** Loads what serves `dataset` now (after a rollback through this replica); a failure is left to the watcher's retries. */
  async refresh(dataset: string): Promise<void> {
    const failed = await this.loadAll([await this.serving.current(dataset)].filter((state): state is ServingState => state !== null));
    if (failed.length > 0) this.logger.warn({ msg: `dataset ${dataset}: the model now promoted did not load; retrying every ${PROMOTION_POLL_MS} ms` });
  }

  private async start(): Promise<void> {
    for (let attempt = 1; !this.stopped; attempt++) {
      try {
        const version = await this.serving.version();
        const failed = await this.loadAll(await this.serving.currentAll());
        if (this.stopped) return;
        this.started = true;
        // Starting below a failed promotion makes the watcher report its dataset again at once, and retry until it loads.
        const from = failed.length > 0 ? Math.min(version, ...failed) - 1 : version;
        this.watcher = new PromotionWatcher(this.serving, {
          intervalMs: PROMOTION_POLL_MS,
          onChange: (event) => this.apply(event),
          onError: (error) => {
            if (!(error instanceof RetryLater)) this.logger.warn({ msg: `polling the serving version failed: ${(error as Error).message}; retrying` });
          },
        });
        this.watcher.start(from);
        this.logger.log({ msg: `serving ${this.models.size} dataset(s) at version ${version}; polling for promotions every ${PROMOTION_POLL_MS} ms`, datasets: [...this.models.keys()] });
        return;
      } catch (error) {
        if (attempt === 1 || attempt % 30 === 0) this.logger.warn({ msg: `cannot read the promoted models yet: ${(error as Error).message}; retrying every second`, attempt });
        await new Promise((resolve) => setTimeout(resolve, 1_000).unref());
      }
    }
  }

  private async apply(event: PromotionEvent): Promise<void> {
    let states: ServingState[];
    if (event.reset) {
      states = await this.serving.currentAll();
      const present = new Set(states.map((state) => state.dataset));
      for (const dataset of [...this.wanted.keys()]) if (!present.has(dataset)) this.forget(dataset);
    } else {
      states = [];
      for (const dataset of event.datasets) {
        const state = await this.currentOrNull(dataset);
        if (state === null) this.forget(dataset);
        else states.push(state);
      }
    }
    if ((await this.loadAll(states)).length > 0) throw new RetryLater();
  }

  /** Loads each state's model unless it already serves; returns the promotion ids that failed. */
  private async loadAll(states: readonly ServingState[]): Promise<number[]> {
    const failed: number[] = [];
    for (const state of states) {
      if (this.stopped) break;
      this.want(state);
      const current = this.models.get(state.dataset);
      if (current?.modelId === state.modelId) {
        this.put({ ...current, promotionId: Math.max(current.promotionId, state.promotionId) });
        continue;
      }
      const started = performance.now();
      try {
        const servable = await loadServableModel(this.prisma.client, this.artifacts.store, state.modelId);
        const model = buildLoadedModel(servable, state.promotionId);
        if (this.put(model)) this.logServing(model, `loaded in ${Math.round(performance.now() - started)} ms`);
      } catch (error) {
        failed.push(state.promotionId);
        this.fail(state, error);
      }
    }
    return failed;
  }

  private want(state: ServingState): void {
    const known = this.wanted.get(state.dataset);
    if (known === undefined || state.promotionId >= known.promotionId) this.wanted.set(state.dataset, state);
  }

  /** Installs a model unless a later promotion already serves; true when installed. */
  private put(model: LoadedModel): boolean {
    const current = this.models.get(model.dataset);
    if (current !== undefined && current.promotionId > model.promotionId) return false;
    this.models.set(model.dataset, model);
    const failure = this.failures.get(model.dataset);
    if (failure !== undefined && failure.promotionId <= model.promotionId) this.failures.delete(model.dataset);
    return true;
  }

  private logServing(model: LoadedModel, how: string): void {
    const { dataset, modelId, promotionId, recommender } = model;
    this.logger.log({ msg: `dataset ${dataset} is served by model ${modelId} (${recommender.backbone}, ${recommender.itemCount} items; ${how})`, dataset, modelId, promotionId });
  }

  private fail(state: ServingState, error: unknown): void {
    const message = (error as Error).message ?? String(error);
    const previous = this.failures.get(state.dataset);
    if (previous?.promotionId === state.promotionId && previous.error === message) return;
    this.failures.set(state.dataset, { modelId: state.modelId, promotionId: state.promotionId, error: message, since: new Date() });
    const keeping = this.models.get(state.dataset);
    this.logger.error({
      msg: `dataset ${state.dataset}: model ${state.modelId} did not load (${message}); ${keeping ? `still serving ${keeping.modelId}` : 'nothing served'}, retrying every ${PROMOTION_POLL_MS} ms`,
      dataset: state.dataset,
      modelId: state.modelId,
      error: (error as Error).name,
    });
  }

  private forget(dataset: string): void {
    this.models.delete(dataset);
    this.wanted.delete(dataset);
    this.failures.delete(dataset);
  }

  private async currentOrNull(dataset: string): Promise<ServingState | null> {
    try {
      return await this.serving.current(dataset);
    } catch (error) {
      if (error instanceof ServingError && error.reason === 'unknown-dataset') return null;
      throw error;
    }
  }
}
