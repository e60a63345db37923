import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPO_ROOT } from '../index';
import { tempTree } from '../testing/temp-tree';
import { readManifest } from './repo-files';
import { requireGraph } from './require-graph';

/** The image's entries: every app's main, the migrate step and the role launcher. */
function productionEntries(): string[] {
  const apps = ['api', 'cli', 'llm-worker', 'selector', 'trainer'].map((app) =>
    join(REPO_ROOT, 'apps', app, readManifest(`apps/${app}/package.json`).main ?? 'dist/main.js'),
  );
  return [...apps, join(REPO_ROOT, 'libs/db/dist/migrate.cli.js'), join(REPO_ROOT, 'docker/start-role.js')];
}

/** Files of a graph under a testing/ folder, each with the chain that loads it. */
function testingModules(graph: Map<string, string[]>, root: string): string[] {
  return [...graph.entries()]
    .filter(([file]) => relative(root, file).split('/').includes('testing'))
    .map(([, chain]) => chain.map((file) => relative(root, file)).join(' -> '));
}

describe('production entries', () => {
  it('load no test helper (nothing under a testing/ folder), through the libraries too', () => {
    for (const entry of productionEntries()) {
      assert.ok(existsSync(entry), `${entry} is missing: run npm run build`);
      const graph = requireGraph(entry, REPO_ROOT);
      assert.deepEqual(testingModules(graph, REPO_ROOT), [], `${relative(REPO_ROOT, entry)} loads test helpers`);
    }
  });

  it('follow the services through their libraries (the scan sees the whole program)', () => {
    const graph = requireGraph(join(REPO_ROOT, 'apps/api/dist/main.js'), REPO_ROOT);
    const reached = [...graph.keys()].map((file) => relative(REPO_ROOT, file));
    for (const file of ['libs/service-kit/dist/index.js', 'libs/db/dist/index.js', 'libs/db/generated/prisma/index.js']) {
      assert.ok(reached.includes(file), `${file} not reached from the api`);
    }
  });

  describe('on a fixture', () => {
    const { root, write } = tempTree('require-graph-');

    it('finds a test helper that a library pulls in, with the chain that loads it', () => {
      write('app/main.js', "require('../lib/index.js'); require('node:fs'); require('./missing-optional-package');");
      write('lib/index.js', 'exports.a = require("./a"); Promise.resolve().then(() => require(\'./testing/fake\'));');
      write('lib/a.js', 'exports.a = 1;');
      write('lib/testing/fake.js', 'exports.fake = true;');
      const graph = requireGraph(join(root, 'app/main.js'), root);
      assert.deepEqual(testingModules(graph, root), ['app/main.js -> lib/index.js -> lib/testing/fake.js']);
      assert.equal(graph.size, 4);
    });
  });
});
