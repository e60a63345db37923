import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { kubernetesDescriptions, renderKustomize } from '../k8s/render';
import { IMAGE_ROLE_NAMES, type CheckedRole } from '../roles/image-roles';
import type { DeployedContainer } from './container-env';
import { composeDescription, kubernetesDescription } from './deployment-descriptions';
import { findShortfalls, formatFinding, rolesRun } from './find-shortfalls';

/** Every role and the migration: a description that runs fewer would leave a role unchecked. */
const EVERY_ROLE: CheckedRole[] = [...IMAGE_ROLE_NAMES, 'migrate'];

function assertProvidesEverything(containers: DeployedContainer[], description: string): void {
  assert.deepEqual([...rolesRun(containers)].sort(), [...EVERY_ROLE].sort(), `${description} runs every role and the migration`);
  assert.deepEqual(findShortfalls(containers).map(formatFinding), [], `${description} gives each role its required environment`);
}

describe('required environment: every deployment description provides what each role requires', () => {
  it('compose.yaml with its documented defaults (nothing set)', () => {
    assertProvidesEverything(composeDescription({}), 'compose.yaml');
  });

  it('compose.yaml with a paid provider configured as documented', () => {
    assertProvidesEverything(composeDescription({ LLM_PROVIDER: 'anthropic-batch', LLM_MODEL: 'claude-sonnet-4-5', ANTHROPIC_API_KEY: 'sk-ant-x' }), 'compose.yaml (paid)');
  });

  it("compose.yaml with LLM_PROVIDER=anthropic alone: the llm-worker's own check refuses it", () => {
    assert.deepEqual(findShortfalls(composeDescription({ LLM_PROVIDER: 'anthropic' })).map(formatFinding), [
      'compose.yaml: service llm-worker, container llm-worker, role llm-worker: refused: invalid LLM provider configuration: model: LLM_MODEL is required for the anthropic provider',
    ]);
  });

  for (const dir of kubernetesDescriptions()) {
    it(`${dir} rendered with kubectl kustomize`, (t) => {
      const containers = kubernetesDescription(dir, renderKustomize(dir));
      t.diagnostic(`${dir}: ${containers.map((container) => `${container.workload}/${container.container}`).join(', ')}`);
      assertProvidesEverything(containers, dir);
    });
  }
});
