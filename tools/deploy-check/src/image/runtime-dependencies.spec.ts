import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readManifest, readRepoFile, runtimeWorkspaceManifests, workspaceManifests } from './repo-files';

/**
 * What must not be installed in the image: build tools (prisma CLI: the generated client is
 * self-contained), the @tensorflow/tfjs umbrella (webgl, layers' models, converter, data, core-js:
 * the code uses tfjs-core and its backends), compilers, linters, test-only packages.
 */
const NOT_AT_RUNTIME = [
  'prisma',
  '@prisma/client',
  'effect',
  '@tensorflow/tfjs',
  '@tensorflow/tfjs-converter',
  '@tensorflow/tfjs-backend-webgl',
  '@tensorflow/tfjs-data',
  'typescript',
  'eslint',
  'typescript-eslint',
  'nx',
  'autocannon',
  'kubernetes-models',
  // The dashboard is built into static files (apps/web): its bundler and browser driver stay out.
  'vite',
  'esbuild',
  'rollup',
  'playwright-core',
  'preact',
  'uplot',
];
const notAtRuntime = (name: string): boolean => NOT_AT_RUNTIME.includes(name) || /^(@types|@nx|@kubernetes-models)\//.test(name);

interface LockEntry {
  dev?: boolean;
  devOptional?: boolean;
  optional?: boolean;
}

describe('runtime dependencies', () => {
  it('the root and the libs and apps the image runs declare no build or test tool as a dependency', () => {
    for (const manifest of ['package.json', ...runtimeWorkspaceManifests()]) {
      const offending = Object.keys(readManifest(manifest).dependencies ?? {}).filter(notAtRuntime);
      assert.deepEqual(offending, [], `${manifest} dependencies`);
    }
  });

  it('no lib or app depends on a tools/ workspace at runtime', () => {
    const tools = workspaceManifests()
      .filter((file) => file.startsWith('tools/'))
      .map((file) => readManifest(file).name);
    for (const manifest of runtimeWorkspaceManifests()) {
      const offending = Object.keys(readManifest(manifest).dependencies ?? {}).filter((name) => tools.includes(name));
      assert.deepEqual(offending, [], `${manifest} dependencies`);
    }
  });

  // @types/* is left out here: tfjs packages declare a few as dependencies of their own.
  it('the lockfile leaves them out of `npm ci --omit=dev --omit=optional` (dev, or dev and optional)', () => {
    const lock = JSON.parse(readRepoFile('package-lock.json')) as { packages: Record<string, LockEntry> };
    for (const [path, entry] of Object.entries(lock.packages)) {
      const name = path.split('node_modules/').pop() as string;
      if (!path.startsWith('node_modules/') || !notAtRuntime(name) || name.startsWith('@types/')) continue;
      const installed = !entry.dev && !entry.devOptional && !entry.optional;
      assert.equal(installed, false, `${path} would be installed in the image`);
    }
  });
});
