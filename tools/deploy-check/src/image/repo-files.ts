import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../index';
import { parseDockerfile, type Dockerfile } from './dockerfile';

export const readRepoFile = (path: string): string => readFileSync(join(REPO_ROOT, path), 'utf8');

/** The one image of every role, relative to the repository (its build context). */
export const IMAGE_DOCKERFILE = 'docker/Dockerfile';

export const readDockerfile = (): Dockerfile => parseDockerfile(readRepoFile(IMAGE_DOCKERFILE));

export interface PackageManifest {
  name: string;
  main?: string;
  workspaces?: string[];
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

export const readManifest = (path: string): PackageManifest => JSON.parse(readRepoFile(path)) as PackageManifest;

/** Every workspace's package.json (relative paths), from the root package.json's `workspaces`. */
export function workspaceManifests(): string[] {
  const folders = (readManifest('package.json').workspaces ?? []).flatMap((pattern) => {
    if (!pattern.endsWith('/*')) return [pattern];
    const parent = pattern.slice(0, -2);
    return readdirSync(join(REPO_ROOT, parent), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => `${parent}/${entry.name}`);
  });
  return folders.map((folder) => `${folder}/package.json`).filter((file) => existsSync(join(REPO_ROOT, file)));
}

/** The workspaces the image runs: libs and apps (tools/ is for development and CI). */
export const runtimeWorkspaceManifests = (): string[] =>
  workspaceManifests().filter((file) => file.startsWith('libs/') || file.startsWith('apps/'));
