import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson, deterministicJobId } from './job-id';

describe(deterministicJobId.name, () => {
  const payload = { dataset: 'movielens-hetrec2011', backbone: 'fpmc', role: 'student', seed: 1, batchSize: 1024 };

  it('is the same for the same payload, whatever the key order', () => {
    const reordered = { seed: 1, batchSize: 1024, role: 'student', backbone: 'fpmc', dataset: 'movielens-hetrec2011' };
    assert.equal(deterministicJobId('train', ['x'], payload), deterministicJobId('train', ['x'], reordered));
  });

  it('changes with any field of the payload', () => {
    assert.notEqual(deterministicJobId('train', ['x'], payload), deterministicJobId('train', ['x'], { ...payload, seed: 2 }));
    assert.notEqual(deterministicJobId('train', ['x'], payload), deterministicJobId('train', ['x'], { ...payload, maxSteps: 5 }));
  });

  it('reads well and stays within what BullMQ accepts', () => {
    const id = deterministicJobId('evaluate', ['fpmc:student/1', 'test'], { modelId: 'fpmc:student/1' });
    assert.match(id, /^evaluate-fpmc_student_1-test-[0-9a-f]{12}$/);
    assert.ok(!id.includes(':'));
    assert.ok(Number.isNaN(Number.parseInt(id, 10)));
  });
});

describe(canonicalJson.name, () => {
  it('sorts keys at every level and keeps arrays in order', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [3, 1], c: null } }), '{"a":{"c":null,"d":[3,1]},"b":1}');
  });
});
