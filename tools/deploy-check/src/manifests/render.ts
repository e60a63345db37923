import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { REPO_ROOT } from '../index';
import type { K8sObject } from './k8s-object';

export const K8S_DIR = join(REPO_ROOT, 'k8s');
export const OVERLAYS = ['dev', 'prod'] as const;
export type OverlayName = (typeof OVERLAYS)[number];
/** The prod overlay's contract: the Secrets it references and never creates (names and keys). */
export const PROD_SECRETS_CONTRACT = join(K8S_DIR, 'overlays', 'prod', 'secrets.example.yaml');

/** Every object of a YAML stream (documents that are empty or comments only are skipped). */
export function parseObjects(text: string, source: string): K8sObject[] {
  return parseAllDocuments(text).flatMap((document, index) => {
    if (document.errors.length > 0) throw new Error(`${source}, document ${index + 1}: ${document.errors[0]?.message}`);
    const value = document.toJS() as K8sObject | null;
    return value === null ? [] : [value];
  });
}

/** `kubectl kustomize k8s/overlays/<name>`, parsed. Fails naming the problem when kubectl is missing or the render fails. */
export function renderOverlay(name: OverlayName): K8sObject[] {
  const dir = join(K8S_DIR, 'overlays', name);
  const result = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error('kubectl is not installed (or not on PATH): the manifest checks render each overlay with `kubectl kustomize`; install kubectl >= 1.27');
  }
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`kubectl kustomize ${dir} failed (exit ${result.status}):\n${result.stderr}`);
  return parseObjects(result.stdout, `kubectl kustomize ${dir}`);
}

/** The Secrets declared as external for prod: name → the keys it holds. */
export function loadSecretsContract(path = PROD_SECRETS_CONTRACT): Map<string, Set<string>> {
  const declared = new Map<string, Set<string>>();
  for (const object of parseObjects(readFileSync(path, 'utf8'), path)) {
    if (object.kind !== 'Secret' || !object.metadata.name) throw new Error(`${path}: every document must be a named Secret (found ${object.kind})`);
    declared.set(object.metadata.name, new Set([...Object.keys(object.data ?? {}), ...Object.keys(object.stringData ?? {})]));
  }
  return declared;
}
