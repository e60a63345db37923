import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { declaredSecrets, kubernetesDescriptions } from '../k8s/render';
import { tempTree } from '../testing/temp-tree';

describe('which Kubernetes descriptions are checked', () => {
  const { root, write } = tempTree('deploy-check-k8s-');

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
