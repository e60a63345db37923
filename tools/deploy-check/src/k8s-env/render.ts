import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { REPO_ROOT } from '../index';

/** A Kubernetes object as rendered (only the fields these checks read are typed, elsewhere). */
export type K8sObject = { apiVersion?: string; kind?: string; metadata?: { name?: string; namespace?: string } } & Record<string, unknown>;

const KUSTOMIZATIONS = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

export function hasKustomization(dir: string): boolean {
  return KUSTOMIZATIONS.some((name) => existsSync(join(dir, name)));
}

/**
 * The descriptions Kubernetes deploys: every directory under k8s/overlays with a kustomization,
 * or k8s/ itself while there is no overlay (the flat layout). Paths relative to the repository.
 */
export function kubernetesDescriptions(root = REPO_ROOT): string[] {
  const overlays = join(root, 'k8s', 'overlays');
  const found = existsSync(overlays)
    ? readdirSync(overlays, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && hasKustomization(join(overlays, entry.name)))
        .map((entry) => relative(root, join(overlays, entry.name)))
        .sort()
    : [];
  return found.length > 0 ? found : ['k8s'];
}

/** Every object of one YAML stream (empty documents dropped). */
export function parseObjects(text: string): K8sObject[] {
  return parseAllDocuments(text)
    .map((document) => document.toJS() as unknown)
    .filter((object): object is K8sObject => object !== null && typeof object === 'object');
}

/** `kubectl kustomize DIR`: the objects the description applies. */
export function renderKustomize(dir: string, root = REPO_ROOT): K8sObject[] {
  return parseObjects(execFileSync('kubectl', ['kustomize', join(root, dir)], { encoding: 'utf8', maxBuffer: 32 * 1024 * 1024 }));
}

/**
 * Secrets the description declares but does not apply: created out of band, their keys listed in
 * a file next to the kustomization (`secrets.example.yaml` in an overlay, `secret.yaml` in the flat
 * layout), not among its resources. Their values are placeholders: only the keys count.
 */
export function declaredSecrets(dir: string, root = REPO_ROOT): K8sObject[] {
  const path = join(root, dir);
  return readdirSync(path)
    .filter((name) => /^secrets?([.-][\w.-]*)?\.ya?ml$/.test(name))
    .flatMap((name) => parseObjects(readFileSync(join(path, name), 'utf8')))
    .filter((object) => object.kind === 'Secret');
}
