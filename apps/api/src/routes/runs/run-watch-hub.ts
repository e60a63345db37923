import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { RUN_STATE_DRIVEN, type RunEvent } from '@alkdrec/contracts';
import { RunClient, SERVICE_CONFIG } from '@alkdrec/service-kit';
import type { ApiConfig } from '../../config/api-env.schema';

type StateEvent = Extract<RunEvent, { type: 'state' }>;
type ProgressEvent = Extract<RunEvent, { type: 'progress' }>;
export type RunEventListener = (event: RunEvent) => void;

interface SharedWatch {
  listeners: Set<RunEventListener>;
  /** The latest state and progress, told first to a listener that joins later. */
  state?: StateEvent;
  progress?: ProgressEvent;
  unwatch: () => void;
}

/**
 * One RunClient.watch per run for every event stream of this replica that follows it: RunClient.watch
 * reads PostgreSQL every API_RUN_WATCH_MS per watch, so a hundred browsers on one run cost one read,
 * not a hundred. A listener that joins is told the run's latest state (and progress, while it is
 * driven) at once; the watch stops when its last listener leaves.
 */
@Injectable()
export class RunWatchHub implements OnApplicationShutdown {
  private readonly logger = new Logger('RunWatchHub');
  private readonly watches = new Map<string, SharedWatch>();

  constructor(
    private readonly runs: RunClient,
    @Inject(SERVICE_CONFIG) private readonly config: ApiConfig,
  ) {}

  /** Calls `listener` with the run's events until the returned function is called. */
  subscribe(runId: string, listener: RunEventListener): () => void {
    let watch = this.watches.get(runId);
    if (!watch) {
      const created: SharedWatch = { listeners: new Set(), unwatch: () => undefined };
      // RunClient.watch tells nothing before it returns (its first read is asynchronous); kept only once it started.
      created.unwatch = this.runs.watch(runId, (event) => this.tell(created, event), {
        everyMs: this.config.API_RUN_WATCH_MS,
        onError: (error) => this.logger.warn({ msg: `reading run ${runId} for its event streams failed: ${error.message}`, runId }),
      });
      this.watches.set(runId, created);
      watch = created;
    } else {
      if (watch.state) listener(watch.state);
      if (watch.progress) listener(watch.progress);
    }
    watch.listeners.add(listener);
    const shared = watch;
    return () => {
      shared.listeners.delete(listener);
      if (shared.listeners.size > 0 || this.watches.get(runId) !== shared) return;
      this.watches.delete(runId);
      shared.unwatch();
    };
  }

  /** Runs watched now (one RunClient.watch each), and the listeners of each: for tests and probes. */
  watched(): Map<string, number> {
    return new Map([...this.watches].map(([runId, watch]) => [runId, watch.listeners.size]));
  }

  onApplicationShutdown(): void {
    for (const watch of this.watches.values()) watch.unwatch();
    this.watches.clear();
  }

  private tell(watch: SharedWatch, event: RunEvent): void {
    if (event.type === 'state') {
      watch.state = event;
      // Progress of an earlier attempt is not where a stopped (or resumed) run is.
      if (!RUN_STATE_DRIVEN[event.state]) watch.progress = undefined;
    } else {
      watch.progress = event;
    }
    // A copy: a listener may leave (its stream ending) while it is told.
    for (const listener of [...watch.listeners]) listener(event);
  }
}
