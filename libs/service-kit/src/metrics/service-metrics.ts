import { Logger } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { METRICS, type CounterKey, type GaugeKey, type HistogramKey, type LabelOf, type MetricKey } from './metric-catalogue';

/**
 * Fills a scrape-time gauge (e.g. from Redis). One that fails removes the samples it could not
 * read (a scaler must not act on old numbers) and throws: ServiceMetrics logs the failure once
 * until it works again, counts it in alkdrec_metrics_collect_errors_total, and the scrape goes on.
 */
export type MetricCollector = () => Promise<void> | void;

/**
 * A prom-client Registry with the default process and Node.js metrics, and ALKDRec's metrics made
 * from the catalogue on first use (so a service's /metrics shows only what it reports). One per
 * process (processMetrics()); tests may make their own.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly logger = new Logger('Metrics');
  private readonly made = new Map<MetricKey, Counter | Gauge | Histogram>();
  private readonly collectors = new Map<MetricKey, Map<string, MetricCollector>>();
  private readonly failing = new Set<string>();

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  counter<K extends CounterKey>(key: K): Counter<LabelOf<K>> {
    return this.make(key, () => new Counter({ ...this.config(key), registers: [this.registry] })) as Counter<LabelOf<K>>;
  }

  gauge<K extends GaugeKey>(key: K): Gauge<LabelOf<K>> {
    return this.make(key, () => {
      const runCollectors = () => this.runCollectors(key);
      return new Gauge({
        ...this.config(key),
        registers: [this.registry],
        // prom-client calls this on every scrape; the registered collectors fill the gauge.
        collect: runCollectors,
      });
    }) as Gauge<LabelOf<K>>;
  }

  histogram<K extends HistogramKey>(key: K): Histogram<LabelOf<K>> {
    return this.make(key, () => new Histogram({ ...this.config(key), buckets: [...METRICS[key].buckets], registers: [this.registry] })) as Histogram<LabelOf<K>>;
  }

  /**
   * Adds a scrape-time collector of a gauge under `id` (replacing one of the same id). Returns a
   * function that removes it (e.g. when the queues it reads close).
   */
  collect(key: GaugeKey, id: string, collector: MetricCollector): () => void {
    this.gauge(key);
    let forKey = this.collectors.get(key);
    if (!forKey) this.collectors.set(key, (forKey = new Map()));
    forKey.set(id, collector);
    return () => {
      if (forKey.get(id) === collector) forKey.delete(id);
    };
  }

  /** The exposition text (Prometheus text format 0.0.4). */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private async runCollectors(key: GaugeKey): Promise<void> {
    const collectors = [...(this.collectors.get(key) ?? [])];
    await Promise.all(collectors.map(([id, collector]) => this.runCollector(key, id, collector)));
  }

  private async runCollector(key: GaugeKey, id: string, collector: MetricCollector): Promise<void> {
    const what = `${METRICS[key].name} (${id})`;
    try {
      await collector();
      if (this.failing.delete(what)) this.logger.log({ msg: `metric collector ${what} works again`, collector: id });
    } catch (error) {
      this.counter('collectErrors').inc({ collector: id });
      if (!this.failing.has(what)) {
        this.failing.add(what);
        this.logger.warn({ msg: `metric collector ${what} failed; its samples are left out until it works again: ${(error as Error).message}`, collector: id });
      }
    }
  }

  private make(key: MetricKey, create: () => Counter | Gauge | Histogram): Counter | Gauge | Histogram {
    let metric = this.made.get(key);
    if (!metric) {
      metric = create();
      this.made.set(key, metric);
    }
    return metric;
  }

  private config(key: MetricKey): { name: string; help: string; labelNames: string[] } {
    const { name, help, labelNames } = METRICS[key];
    return { name, help, labelNames: [...labelNames] };
  }
}

let shared: ServiceMetrics | undefined;

/** The process's metrics: what its /metrics serves. */
export function processMetrics(): ServiceMetrics {
  shared ??= new ServiceMetrics();
  return shared;
}
