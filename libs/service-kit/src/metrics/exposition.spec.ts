import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseExposition, sumOf } from './exposition';
import { ServiceMetrics } from './service-metrics';

describe(parseExposition.name, () => {
  it("reads prom-client's own output: default metrics, labels with escapes, histogram series", async () => {
    const metrics = new ServiceMetrics();
    metrics.counter('llmFaults').inc({ provider: 'anthropic', class: 'odd "class"\\name' }, 2);
    metrics.histogram('llmProviderLatency').observe({ provider: 'anthropic', model: 'm' }, 0.3);
    const exposition = parseExposition(await metrics.render());
    assert.equal(exposition.types.get('process_cpu_user_seconds_total'), 'counter');
    assert.equal(sumOf(exposition, 'alkdrec_llm_faults_total', { class: 'odd "class"\\name' }), 2);
    assert.equal(sumOf(exposition, 'alkdrec_llm_provider_latency_seconds_count'), 1);
    assert.equal(sumOf(exposition, 'alkdrec_llm_provider_latency_seconds_bucket', { le: '0.25' }), 0);
    assert.equal(sumOf(exposition, 'alkdrec_llm_provider_latency_seconds_bucket', { le: '0.5' }), 1);
    assert.equal(sumOf(exposition, 'alkdrec_llm_provider_latency_seconds_bucket', { le: '+Inf' }), 1);
  });

  it('refuses what is not the format, naming the line', () => {
    assert.throws(() => parseExposition('# TYPE a counter\na 1\nb 2'), /line 3: sample b has no TYPE line/);
    assert.throws(() => parseExposition('# TYPE a counter\na{x="1" 1'), /line 2/);
    assert.throws(() => parseExposition('# TYPE a counter\na one'), /line 2: value "one" is not a number/);
    assert.throws(() => parseExposition('# TYPE a meter'), /line 1: unknown type "meter"/);
    assert.throws(() => parseExposition('# TYPE a counter\na{x="1",x="2"} 1'), /label x twice/);
  });
});
