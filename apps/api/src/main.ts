import 'reflect-metadata';
import { runServiceEntry } from '@alkdrec/service-kit';
import { checkApiConfig } from './config/api-tokens';
import type { ApiConfig } from './config/api-env.schema';
import { createApiHttpAdapter } from './http/api-http-adapter';
import { SERVICE_ROLES } from './roles/service-roles';

/**
 * Entry of the api: the HTTP API on Fastify (datasets, the queue dashboard, its OpenAPI document).
 * Configuration — tokens included — is validated before Nest starts; a bad variable, or no token on
 * an api bound beyond loopback, exits 1 naming the variables.
 */
// The config reaching check and httpAdapter was validated with the api role's variables (apiEnvShape).
runServiceEntry({
  name: 'api',
  roles: SERVICE_ROLES,
  check: (config) => checkApiConfig(config as unknown as ApiConfig),
  httpAdapter: (config) => createApiHttpAdapter(config as unknown as ApiConfig),
});
