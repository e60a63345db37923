import { SERVICE_ROLES as API_ROLES } from '@alkdrec/api/dist/roles/service-roles';
import { SERVICE_ROLES as LLM_WORKER_ROLES } from '@alkdrec/llm-worker/dist/roles/service-roles';
import { SERVICE_ROLES as SELECTOR_ROLES } from '@alkdrec/selector/dist/roles/service-roles';
import { SERVICE_ROLES as TRAINER_ROLES } from '@alkdrec/trainer/dist/roles/service-roles';
import type { ServiceRole } from '@alkdrec/service-kit';

/*
 * The roles the image runs, read from each app's own roles module (not its main.js, which would
 * start the service). Importing them loads the apps' Nest modules: classes and decorators only,
 * nothing connects until Nest bootstraps one.
 */
export const IMAGE_ROLES = {
  ...TRAINER_ROLES,
  ...LLM_WORKER_ROLES,
  ...SELECTOR_ROLES,
  ...API_ROLES,
} as const satisfies Record<string, ServiceRole>;

export type ImageRoleName = keyof typeof IMAGE_ROLES;
export const IMAGE_ROLE_NAMES = Object.keys(IMAGE_ROLES) as ImageRoleName[];

/** What a container of the image runs: service roles, the migration, or something else (a shell, the CLI). */
export type ContainerRun =
  | { kind: 'roles'; roles: ImageRoleName[] }
  | { kind: 'migrate' }
  | { kind: 'other'; command: string }
  | { kind: 'bad-roles'; problem: string };

/** The role a finding is about: a service role, or the migration step. */
export type CheckedRole = ImageRoleName | 'migrate';

const MIGRATE_COMMANDS = [/\bdb:migrate\b/, /\bmigrate\.cli\.js\b/];
const ROLE_LAUNCHER = /\bdocker\/start-role\.js\b/;

/**
 * Reads ALKDREC_ROLES the way docker/start-role.js does (that file runs on require, so it is
 * mirrored here): names split on commas or spaces, `all` = every role, unset or empty = trainer,
 * an unknown name = the container exits 1. `command` is the container's command and arguments
 * when they replace the image's CMD (`node docker/start-role.js`).
 */
export function containerRunOf(rolesValue: string | undefined, command: readonly string[] = []): ContainerRun {
  const line = command.join(' ');
  if (MIGRATE_COMMANDS.some((pattern) => pattern.test(line))) return { kind: 'migrate' };
  if (command.length > 0 && !ROLE_LAUNCHER.test(line)) return { kind: 'other', command: line };
  const named = (rolesValue || 'trainer').split(/[\s,]+/).filter(Boolean);
  const roles = [...new Set(named.flatMap((name) => (name === 'all' ? IMAGE_ROLE_NAMES : [name])))];
  const unknown = roles.filter((name) => !(name in IMAGE_ROLES));
  if (unknown.length > 0 || roles.length === 0) {
    return { kind: 'bad-roles', problem: `ALKDREC_ROLES=${JSON.stringify(rolesValue ?? '')} names no role of the image (${unknown.join(', ')}); valid: ${IMAGE_ROLE_NAMES.join(', ')}, or all` };
  }
  return { kind: 'roles', roles: roles as ImageRoleName[] };
}

/** The roles a run checks, the migration counted as one. */
export function checkedRolesOf(run: ContainerRun): CheckedRole[] {
  if (run.kind === 'roles') return run.roles;
  if (run.kind === 'migrate') return ['migrate'];
  return [];
}
