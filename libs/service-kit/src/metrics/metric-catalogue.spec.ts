import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { METRICS, type MetricDefinition } from './metric-catalogue';
import { parseExposition } from './exposition';
import { ServiceMetrics } from './service-metrics';

const definitions = Object.entries(METRICS) as [string, MetricDefinition][];

describe('the metric catalogue', () => {
  it('names every metric alkdrec_<snake_case>, with a unit suffix where it has a unit', () => {
    for (const [key, m] of definitions) {
      assert.match(m.name, /^alkdrec_[a-z_]+(_total|_seconds|_usd_total)?$/, key);
      assert.doesNotMatch(m.name, /__|_$/, key);
      if (m.unit === 'seconds') assert.match(m.name, /_seconds(_total)?$/, `${key}: time is in seconds and says so`);
      if (m.unit === 'usd') assert.match(m.name, /_usd(_total)?$/, `${key}: money is in US dollars and says so`);
      if (m.unit === undefined) assert.doesNotMatch(m.name, /_(seconds|usd)(_total)?$/, `${key}: a unit in the name needs unit set`);
    }
  });

  it('ends counters in _total and nothing else', () => {
    for (const [key, m] of definitions) assert.equal(m.name.endsWith('_total'), m.type === 'counter', `${key} (${m.type}): ${m.name}`);
  });

  it('spells each name once, with help, snake_case labels and increasing buckets on histograms only', () => {
    const names = definitions.map(([, m]) => m.name);
    assert.equal(new Set(names).size, names.length, 'a name is defined twice');
    for (const [key, m] of definitions) {
      assert.ok(m.help.length > 20, `${key} needs a help text`);
      for (const label of m.labelNames) assert.match(label, /^[a-z][a-z_]*$/, `${key}: label ${label}`);
      assert.ok(!m.labelNames.includes('le'), `${key}: "le" is reserved for buckets`);
      assert.equal(m.buckets !== undefined, m.type === 'histogram', `${key}: buckets go with histograms`);
      if (m.buckets) {
        assert.ok(m.buckets.length >= 5, `${key}: too few buckets`);
        for (let i = 1; i < m.buckets.length; i++) assert.ok((m.buckets[i] as number) > (m.buckets[i - 1] as number), `${key}: buckets must increase`);
      }
    }
  });

  it('sizes the buckets the issue asks for: provider latency 0.1 to 60 s, recommend down to 0.25 ms', () => {
    const provider = METRICS.llmProviderLatency.buckets;
    assert.ok((provider[0] as number) <= 0.1 && (provider as readonly number[]).includes(60));
    assert.equal(METRICS.recommendDuration.buckets[0], 0.00025);
  });

  it('makes every metric in one registry, and the exposition parses with the same names and types', async () => {
    const metrics = new ServiceMetrics({ defaultMetrics: false });
    for (const [key, m] of definitions) {
      if (m.type === 'counter') metrics.counter(key as never);
      else if (m.type === 'gauge') metrics.gauge(key as never);
      else metrics.histogram(key as never);
    }
    const exposition = parseExposition(await metrics.render());
    assert.deepEqual(
      [...exposition.types.entries()].sort(),
      definitions.map(([, m]) => [m.name, m.type]).sort(),
    );
  });
});
