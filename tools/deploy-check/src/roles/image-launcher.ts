import { createRequire } from 'node:module';
import { join } from 'node:path';
import { REPO_ROOT } from '../index';

/** docker/image-roles.js: plain CommonJS (the image's entry has no build step), read from the repository. */
export const IMAGE_LAUNCHER_ROLES_PATH = join(REPO_ROOT, 'docker', 'image-roles.js');

/** The exports of docker/image-roles.js, typed. */
interface ImageLauncherRoles {
  /** Role → its service entry, relative to the image's root. */
  ROLE_ENTRIES: Readonly<Record<string, string>>;
  DEFAULT_ROLE: string;
  parseRoles(value: string | undefined): { roles: string[] } | { problem: string };
}

const launcher = createRequire(__filename)(IMAGE_LAUNCHER_ROLES_PATH) as ImageLauncherRoles;

/** The roles the image's launcher (docker/start-role.js) can start, with their entries, in its order. */
export const LAUNCHER_ROLE_ENTRIES: Readonly<Record<string, string>> = launcher.ROLE_ENTRIES;

/** ALKDREC_ROLES read exactly as the launcher reads it (`all` expands, unset or empty = trainer). */
export function parseLauncherRoles(value: string | undefined): { roles: string[] } | { problem: string } {
  return launcher.parseRoles(value);
}
