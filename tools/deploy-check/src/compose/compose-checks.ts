import { DRAIN_MARGIN_MS, drainOf } from '../roles/drain-time';
import { LLM_KEY_VARIABLES } from '../roles/llm-key-variables';
import { checkedRolesOf } from '../roles/image-roles';
import { serviceRoutes } from '../roles/service-routes';
import { runOf } from '../required-env/find-shortfalls';
import { argumentsOf, type ComposeProject, type ComposeService } from './compose-file';
import { composeContainers, imageServices } from './compose-containers';
import { COMPOSE_DURATION } from './compose-schema';
import type { InterpolationEnv } from './interpolate';

/** Compose's default stop_grace_period. */
const DEFAULT_STOP_GRACE_MS = 10_000;

/**
 * What the one-machine compose file must get right beyond the schema, one line per problem: the
 * stores (healthchecks, volumes, Redis noeviction and append-only), the migration before any role,
 * roles that scale (`--scale llm-worker=3`: no container_name, no host port), the api on
 * 127.0.0.1 only, healthchecks on the real health routes, stop grace periods above each role's
 * drain, one image, and the LLM key given to the llm-worker alone.
 */
export function composeProblems(project: ComposeProject, shellEnv: InterpolationEnv, imageEnv: Readonly<Record<string, string>>): string[] {
  const problems: string[] = [];
  const services = project.services;
  const byImage = (pattern: RegExp) => Object.entries(services).filter(([, service]) => pattern.test(service.image ?? ''));
  const postgres = byImage(/^postgres(:|$)/);
  const redis = byImage(/^redis(:|$)/);
  if (postgres.length !== 1) problems.push(`expected one PostgreSQL service, found ${postgres.length}`);
  if (redis.length !== 1) problems.push(`expected one Redis service, found ${redis.length}`);
  for (const [name, service] of postgres) problems.push(...storeProblems(project, name, service, '/var/lib/postgresql/data'));
  for (const [name, service] of redis) {
    problems.push(...storeProblems(project, name, service, '/data'));
    const command = argumentsOf(service.command).join(' ');
    if (!/--maxmemory-policy[\s=]+noeviction\b/.test(command)) problems.push(`${name}: Redis needs --maxmemory-policy noeviction (BullMQ keys must never be evicted)`);
    if (!/--appendonly[\s=]+yes\b/.test(command)) problems.push(`${name}: Redis needs --appendonly yes (queued jobs survive a restart)`);
  }

  const images = new Set(imageServices(project).map(([, service]) => `${service.image ?? '(no image name)'} from ${JSON.stringify(service.build ?? null)}`));
  if (images.size !== 1) problems.push(`the roles and the migration must run one image built once, found: ${[...images].join('; ') || 'none'}`);

  const containers = composeContainers(project, imageEnv, shellEnv);
  const migrations = containers.filter((container) => runOf(container).kind === 'migrate').map((container) => container.container);
  if (migrations.length === 0) problems.push('no service runs the migration');
  const routes = serviceRoutes();

  for (const container of containers) {
    const name = container.container;
    const service = services[name] as ComposeService;
    const run = runOf(container);
    const roles = checkedRolesOf(run);
    if (run.kind === 'migrate') {
      problems.push(...dependencyProblems(name, service, postgres.map(([store]) => [store, 'service_healthy'])));
      if (service.restart === 'always' || service.restart === 'unless-stopped') problems.push(`${name}: a one-shot migration must not restart (restart: ${service.restart})`);
    }
    for (const variable of Object.keys(container.env.values)) {
      if (LLM_KEY_VARIABLES.has(variable) && !roles.includes('llm-worker')) problems.push(`${name}: ${variable} goes to the llm-worker only`);
    }
    if (run.kind !== 'roles') continue;
    if (service.container_name !== undefined) problems.push(`${name}: container_name stops --scale ${name}=N (one name, one container)`);
    problems.push(...portProblems(name, service, run.roles.includes('api')));
    const test = argumentsOf(service.healthcheck?.test).join(' ');
    if (service.healthcheck?.disable || !(test.includes(routes.ready) || test.includes(routes.live))) {
      problems.push(`${name}: needs a healthcheck on ${routes.ready} (or ${routes.live})`);
    }
    const drain = drainOf(container.env.values);
    const stopMs = service.stop_grace_period === undefined ? DEFAULT_STOP_GRACE_MS : durationMs(service.stop_grace_period);
    if ('problem' in drain) problems.push(`${name}: ${drain.problem}`);
    else if (!(stopMs >= drain.ms + DRAIN_MARGIN_MS)) {
      problems.push(`${name}: stop_grace_period ${service.stop_grace_period ?? '(default 10s)'} must be at least ${drain.why} ms + ${DRAIN_MARGIN_MS} ms, or Docker kills a draining job`);
    }
    problems.push(
      ...dependencyProblems(name, service, [
        ...postgres.map(([store]): [string, string] => [store, 'service_healthy']),
        ...redis.map(([store]): [string, string] => [store, 'service_healthy']),
        ...migrations.map((migration): [string, string] => [migration, 'service_completed_successfully']),
      ]),
    );
  }
  return problems;
}

function storeProblems(project: ComposeProject, name: string, service: ComposeService, dataDir: string): string[] {
  const problems: string[] = [];
  if (service.healthcheck === undefined || service.healthcheck.disable) problems.push(`${name}: needs a healthcheck (roles wait for it)`);
  const mount = (service.volumes ?? []).map((volume) => (typeof volume === 'string' ? { source: volume.split(':')[0], target: volume.split(':')[1] } : volume)).find((volume) => volume.target === dataDir);
  if (mount?.source === undefined || !(project.volumes && mount.source in project.volumes)) problems.push(`${name}: ${dataDir} needs a named volume`);
  if (service.ports !== undefined && service.ports.length > 0) problems.push(`${name}: keep the store off the host's ports (the roles reach it by service name)`);
  return problems;
}

/** Published ports: none on a worker (a host port allows one container), the api's on 127.0.0.1 only. */
function portProblems(name: string, service: ComposeService, isApi: boolean): string[] {
  const problems: string[] = [];
  for (const port of service.ports ?? []) {
    if (!isApi) {
      problems.push(`${name}: a worker publishes no port (${JSON.stringify(port)} stops --scale ${name}=N)`);
      continue;
    }
    const hostIp = typeof port === 'object' ? port.host_ip : /^(\d+\.\d+\.\d+\.\d+|\[[^\]]+\]):[^:]+:[^:]+$/.exec(String(port))?.[1];
    if (hostIp !== '127.0.0.1') problems.push(`${name}: publish the api on 127.0.0.1 only, not ${JSON.stringify(port)}`);
  }
  return problems;
}

function dependencyProblems(name: string, service: ComposeService, wanted: readonly [string, string][]): string[] {
  const dependsOn = service.depends_on;
  const conditions: Record<string, string | undefined> = Array.isArray(dependsOn)
    ? Object.fromEntries(dependsOn.map((dependency) => [dependency, 'service_started']))
    : Object.fromEntries(Object.entries(dependsOn ?? {}).map(([dependency, options]) => [dependency, options.condition]));
  return wanted
    .filter(([dependency, condition]) => conditions[dependency] !== condition)
    .map(([dependency, condition]) => `${name}: depends_on ${dependency} with condition ${condition} (has ${conditions[dependency] ?? 'none'})`);
}

/** A compose duration in milliseconds: `1m30s` = 90000. */
export function durationMs(duration: string): number {
  if (!COMPOSE_DURATION.test(duration)) return Number.NaN;
  const unit: Record<string, number> = { ns: 1e-6, us: 1e-3, ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };
  return [...duration.matchAll(/(\d+(?:\.\d+)?)(ns|us|ms|s|m|h)/g)].reduce((total, [, amount, suffix]) => total + Number(amount) * (unit[suffix as string] ?? Number.NaN), 0);
}
