import 'reflect-metadata';
import { createLlmProvider } from '@alkdrec/llm-providers';
import { runServiceEntry } from '@alkdrec/service-kit';
import type { LlmWorkerConfig } from './config/llm-worker-env.schema';
import { providerConfigOf } from './config/provider-config';
import { SERVICE_ROLES } from './roles/service-roles';

/**
 * Entry of the llm-worker: ALKDREC_ROLES picks the roles (today: llm-worker); the environment and
 * the provider (model, endpoint, the API key's presence) are checked before Nest starts, and any
 * problem exits 1 with every bad variable named — never with the key's value.
 */
runServiceEntry({
  name: 'llm-worker',
  roles: SERVICE_ROLES,
  check: (config) => void createLlmProvider(providerConfigOf(config as unknown as LlmWorkerConfig)),
});
