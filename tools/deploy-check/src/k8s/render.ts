import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { REPO_ROOT } from '../index';
import type { K8sObject } from './k8s-object';

const KUSTOMIZATIONS = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** The prod overlay: the one that creates no Secret and declares them in secrets.example.yaml. */
export const PROD_OVERLAY = 'k8s/overlays/prod';

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

/** A description's short name, as the tests print it: `dev` for k8s/overlays/dev. */
export function descriptionName(dir: string): string {
  return basename(dir);
}

/** Every object of one YAML stream (empty or comment-only documents skipped); a YAML error names `source`. */
export function parseObjects(text: string, source = 'YAML'): K8sObject[] {
  return parseAllDocuments(text).flatMap((document, index) => {
    if (document.errors.length > 0) throw new Error(`${source}, document ${index + 1}: ${document.errors[0]?.message}`);
    const value = document.toJS() as unknown;
    return value !== null && typeof value === 'object' ? [value as K8sObject] : [];
  });
}

/**
 * `kubectl kustomize DIR` (DIR relative to `root`): the objects the description applies. Fails
 * naming the problem when kubectl is missing or the render fails.
 */
export function renderKustomize(dir: string, root = REPO_ROOT): K8sObject[] {
  const path = join(root, dir);
  const result = spawnSync('kubectl', ['kustomize', path], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error('kubectl is not installed (or not on PATH): deploy-check renders each Kubernetes description with `kubectl kustomize`; install kubectl >= 1.27');
  }
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`kubectl kustomize ${path} failed (exit ${result.status}):\n${result.stderr}`);
  return parseObjects(result.stdout, `kubectl kustomize ${path}`);
}

/**
 * Secrets the description declares but does not apply: created out of band, their keys listed in
 * a file next to the kustomization (`secrets.example.yaml` in an overlay, `secret.yaml` in the flat
 * layout), not among its resources. Their values are placeholders: only the keys count. Every
 * document of such a file must be a named Secret.
 */
export function declaredSecrets(dir: string, root = REPO_ROOT): K8sObject[] {
  const path = join(root, dir);
  return readdirSync(path)
    .filter((name) => /^secrets?([.-][\w.-]*)?\.ya?ml$/.test(name))
    .flatMap((name) => {
      const file = join(dir, name);
      return parseObjects(readFileSync(join(path, name), 'utf8'), file).map((object) => {
        if (object.kind !== 'Secret' || !object.metadata?.name) throw new Error(`${file}: every document must be a named Secret (found ${object.kind})`);
        return object;
      });
    });
}
