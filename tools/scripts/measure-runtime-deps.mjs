#!/usr/bin/env node
// `npm run bench:image`: the size of the image's runtime node_modules, measured without Docker (the
// engine is not available here). Copies the root package.json, package-lock.json and every workspace
// package.json into a temporary directory — what docker/Dockerfile's runtime-deps stage copies — and
// runs the same `npm ci` there, then prints the total and the largest packages.
//
//   node tools/scripts/measure-runtime-deps.mjs [--repo DIR] [--flags="--omit=dev ..."] [--top N]
//
// --repo measures another checkout (e.g. /work/main, for a before/after); --flags replaces the
// install flags, which are otherwise the RUNTIME_INSTALL_FLAGS default in that checkout's Dockerfile.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    repo: { type: 'string', default: new URL('../..', import.meta.url).pathname },
    flags: { type: 'string' },
    top: { type: 'string', default: '15' },
  },
});
const repo = resolve(values.repo);

/** The RUNTIME_INSTALL_FLAGS default of the Dockerfile, so this measures what the image installs. */
function dockerfileInstallFlags() {
  const dockerfile = readFileSync(join(repo, 'docker', 'Dockerfile'), 'utf8');
  const match = /^ARG RUNTIME_INSTALL_FLAGS="([^"]*)"/m.exec(dockerfile);
  if (!match) {
    throw new Error(`${repo}/docker/Dockerfile declares no ARG RUNTIME_INSTALL_FLAGS="…"; pass --flags`);
  }
  return match[1];
}

/** Workspace folders from the root package.json: literal paths and `dir/*` globs (all this repo uses). */
function workspaceManifests() {
  const { workspaces = [] } = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
  const folders = workspaces.flatMap((pattern) => {
    if (!pattern.endsWith('/*')) return [pattern];
    const parent = pattern.slice(0, -2);
    return readdirSync(join(repo, parent), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => `${parent}/${entry.name}`);
  });
  return folders.map((folder) => `${folder}/package.json`).filter((file) => existsSync(join(repo, file)));
}

/** Sizes in KiB of every top-level package (scoped ones one by one), largest first. */
function packageSizes(nodeModules) {
  const dirs = readdirSync(nodeModules, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name.startsWith('.')) return [];
    if (entry.name.startsWith('@') && entry.isDirectory()) {
      return readdirSync(join(nodeModules, entry.name)).map((name) => `${entry.name}/${name}`);
    }
    return [entry.name];
  });
  return dirs
    .map((name) => ({ name, kib: duKiB(join(nodeModules, name)) }))
    .sort((a, b) => b.kib - a.kib);
}

// du does not follow symbolic links, so workspace links (node_modules/@alkdrec/*) count as nothing.
const duKiB = (path) => Number(execFileSync('du', ['-sk', path], { encoding: 'utf8' }).split('\t')[0]);
const mib = (kib) => `${(kib / 1024).toFixed(1)} MiB`;

const flags = (values.flags ?? dockerfileInstallFlags()).split(/\s+/).filter(Boolean);
const work = mkdtempSync(join(tmpdir(), 'alkdrec-runtime-deps-'));
try {
  for (const file of ['package.json', 'package-lock.json', ...workspaceManifests()]) {
    mkdirSync(join(work, dirname(file)), { recursive: true });
    cpSync(join(repo, file), join(work, file));
  }
  const args = ['ci', ...flags, '--no-audit', '--no-fund'];
  console.log(`measure-runtime-deps: ${repo}\n  npm ${args.join(' ')}`);
  execFileSync('npm', args, { cwd: work, stdio: ['ignore', 'ignore', 'inherit'] });

  const nodeModules = join(work, 'node_modules');
  const sizes = packageSizes(nodeModules);
  console.log(`\nruntime node_modules: ${mib(duKiB(nodeModules))} in ${sizes.length} top-level packages`);
  console.log(`largest ${values.top}:`);
  for (const { name, kib } of sizes.slice(0, Number(values.top))) {
    console.log(`  ${mib(kib).padStart(10)}  ${name}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
