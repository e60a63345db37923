import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { declaredSecrets, kubernetesDescriptions } from '../k8s-env/render';

describe('which Kubernetes descriptions are checked', () => {
  const root = mkdtempSync(join(tmpdir(), 'deploy-check-k8s-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const write = (path: string, text: string) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  };

  it('k8s/ itself while there is no overlay with a kustomization', () => {
    write('k8s/kustomization.yaml', 'resources: []\n');
    assert.deepEqual(kubernetesDescriptions(root), ['k8s']);
    write('k8s/overlays/notes/README.md', 'not an overlay');
    assert.deepEqual(kubernetesDescriptions(root), ['k8s']);
  });

  it('every overlay with a kustomization once there are some', () => {
    write('k8s/overlays/prod/kustomization.yaml', 'resources: [../../base]\n');
    write('k8s/overlays/dev/kustomization.yaml', 'resources: [../../base]\n');
    assert.deepEqual(kubernetesDescriptions(root), ['k8s/overlays/dev', 'k8s/overlays/prod']);
  });

  it("reads the Secrets an overlay declares but does not apply (secrets.example.yaml), not other files' objects", () => {
    write('k8s/overlays/prod/secrets.example.yaml', 'kind: Secret\nmetadata: { name: a }\nstringData: { DATABASE_URL: "" }\n---\nkind: Secret\nmetadata: { name: b }\n');
    write('k8s/overlays/prod/patch.yaml', 'kind: Secret\nmetadata: { name: not-declared }\n');
    assert.deepEqual(declaredSecrets('k8s/overlays/prod', root).map((secret) => secret.metadata?.name), ['a', 'b']);
  });
});
