import { SERVICE_ROLES as API_ROLES } from '@alkdrec/api/dist/roles/service-roles';
import { SERVICE_ROLES as LLM_WORKER_ROLES } from '@alkdrec/llm-worker/dist/roles/service-roles';
import { SERVICE_ROLES as SELECTOR_ROLES } from '@alkdrec/selector/dist/roles/service-roles';
import { SERVICE_ROLES as TRAINER_ROLES } from '@alkdrec/trainer/dist/roles/service-roles';
import type { ServiceRole } from '@alkdrec/service-kit';
import { parseLauncherRoles } from './image-launcher';

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

function isImageRoleName(name: string): name is ImageRoleName {
  return Object.hasOwn(IMAGE_ROLES, name);
}

/**
 * The roles ALKDREC_ROLES starts, read by the image's own launcher rules (docker/image-roles.js):
 * names split on commas or spaces, `all` = every role, unset or empty = trainer; `problem` when it
 * names an unknown role (the container exits 1). A role the launcher knows and no app defines is a
 * problem too (image-roles.spec checks the two lists are the same).
 */
export function imageRolesOf(rolesValue: string | undefined): { roles: ImageRoleName[] } | { problem: string } {
  const parsed = parseLauncherRoles(rolesValue);
  if ('problem' in parsed) return parsed;
  const strays = parsed.roles.filter((name) => !isImageRoleName(name));
  if (strays.length > 0) return { problem: `the image's launcher starts ${strays.join(', ')}, which no app defines as a role` };
  return { roles: parsed.roles.filter(isImageRoleName) };
}

/** The roles ALKDREC_ROLES starts; none when it names an unknown role (such a container starts nothing). */
export function rolesNamedBy(rolesValue: string | undefined): ImageRoleName[] {
  const parsed = imageRolesOf(rolesValue);
  return 'roles' in parsed ? parsed.roles : [];
}

/**
 * What a container of the image runs: `command` is the container's command and arguments when
 * they replace the image's CMD (`node docker/start-role.js`); ALKDREC_ROLES as the launcher reads it.
 */
export function containerRunOf(rolesValue: string | undefined, command: readonly string[] = []): ContainerRun {
  const line = command.join(' ');
  if (MIGRATE_COMMANDS.some((pattern) => pattern.test(line))) return { kind: 'migrate' };
  if (command.length > 0 && !ROLE_LAUNCHER.test(line)) return { kind: 'other', command: line };
  const parsed = imageRolesOf(rolesValue);
  return 'problem' in parsed ? { kind: 'bad-roles', problem: parsed.problem } : { kind: 'roles', roles: parsed.roles };
}

/** The roles a run checks, the migration counted as one. */
export function checkedRolesOf(run: ContainerRun): CheckedRole[] {
  if (run.kind === 'roles') return run.roles;
  if (run.kind === 'migrate') return ['migrate'];
  return [];
}
