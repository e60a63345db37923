import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatEvaluateResult, formatMetric, formatPredictResult, formatTrainResult, metricsTable } from './result-tables';
import { formatDuration } from './format-duration';
import { textTable } from '@alkdrec/text-table';

describe(formatTrainResult.name, () => {
  it('prints the run facts, then test metrics under aligned headers', () => {
    const text = formatTrainResult({
      modelId: 'fpmc-student-movielens-hetrec2011-s1',
      steps: 801,
      bestStep: 600,
      bestValidRecall: 0.0234,
      wallMs: 83_400,
      backend: 'wasm',
      reused: false,
      test: { recall5: 0.0081, ndcg5: 0.005, recall10: 0.0134, ndcg10: 0.0067 },
    });
    assert.equal(
      text,
      [
        'model      fpmc-student-movielens-hetrec2011-s1',
        'steps      801 (best at step 600, valid recall 0.02340)',
        'wall time  1m 23.4s',
        'backend    wasm',
        'reused     no',
        '',
        '          R@5      N@5     R@10     N@10',
        'test  0.00810  0.00500  0.01340  0.00670',
      ].join('\n'),
    );
  });
});

describe(formatEvaluateResult.name, () => {
  it('labels the metrics row with the split and counts sessions', () => {
    const text = formatEvaluateResult({
      modelId: 'm',
      split: 'valid',
      exclusion: 'window',
      sessionCount: 2465,
      wallMs: 950,
      metrics: { recall5: 0.1, ndcg5: 0.05, recall10: 0.2, ndcg10: 0.1 },
    });
    assert.match(text, /^split      valid \(2465 sessions\)$/m);
    assert.match(text, /^excluded   the model's 10-item input window only \(--exclusion window, the authors' rule\)$/m);
    assert.match(text, /^wall time  950 ms$/m);
    assert.match(text, /^valid  0\.10000  0\.05000  0\.20000  0\.10000$/m);
  });
});

describe(formatPredictResult.name, () => {
  it('says whether difficulty was stored', () => {
    const text = formatPredictResult({ modelId: 'm', sessionCount: 7393, withDifficulty: true, wallMs: 2_000 });
    assert.match(text, /^sessions    7393$/m);
    assert.match(text, /^difficulty  stored \(teacher\)$/m);
  });
});

describe(metricsTable.name, () => {
  it('aligns several rows', () => {
    const m = { recall5: 0.5, ndcg5: 0.25, recall10: 1, ndcg10: 0.125 };
    const lines = metricsTable([
      { label: 'student', metrics: m },
      { label: 'teacher', metrics: m },
    ]).split('\n');
    assert.equal(lines.length, 3);
    assert.equal(new Set(lines.map((l) => l.length)).size, 1, 'rows of different widths');
  });
});

describe('small formatters', () => {
  it('rounds metrics to five decimals', () => {
    assert.equal(formatMetric(0.010549), '0.01055');
    assert.equal(formatMetric(0), '0.00000');
  });

  it('formats durations at every scale', () => {
    assert.equal(formatDuration(12), '12 ms');
    assert.equal(formatDuration(4_250), '4.3s');
    assert.equal(formatDuration(83_400), '1m 23.4s');
    assert.equal(formatDuration(7_384_000), '2h 03m 04s');
  });

  it('right-aligns every column but the first', () => {
    assert.equal(textTable([['a', '1'], ['bbb', '22']]), 'a     1\nbbb  22');
  });
});
