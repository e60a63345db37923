#!/usr/bin/env node
// Runs every compiled spec (`dist/**/*.spec.js` under libs/, apps/, tools/) in one `node --test`
// invocation, so the run ends with a single summary that CI can read.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('../..', import.meta.url).pathname;
const filter = process.argv.slice(2);

function* specs(dir) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* specs(path);
    else if (name.endsWith('.spec.js') && path.includes('/dist/')) yield path;
  }
}

const files = ['libs', 'apps', 'tools']
  .flatMap((top) => [...specs(join(root, top))])
  .filter((f) => filter.length === 0 || filter.some((word) => f.includes(word)))
  .sort();
if (files.length === 0) {
  console.error('run-tests: no compiled spec files found; did the build run?');
  process.exit(1);
}
console.log(`run-tests: ${files.length} spec files`);
const result = spawnSync(
  process.execPath,
  ['--test', '--test-reporter=spec', ...files.map((f) => relative(root, f))],
  { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } },
);
process.exit(result.status ?? 1);
