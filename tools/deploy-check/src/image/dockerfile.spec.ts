import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../index';
import { serviceRoutes } from '../roles/service-routes';
import { copies, execForm, expand, finalStage, lastOf, stageArgs, stageLineage, type Dockerfile, type Stage } from './dockerfile';
import { parseDockerIgnore } from './dockerignore';
import { readDockerfile, readRepoFile, workspaceManifests } from './repo-files';

const dockerfile = readDockerfile();
const runtime = finalStage(dockerfile);

/** The stages built from an image rather than from another stage. */
const baseImages = (file: Dockerfile): Stage[] => file.stages.filter((s) => !file.stages.some((o) => o.name === s.base));

/** `npm ci` commands of a stage, ARG defaults expanded. */
function npmCiCommands(stage: Stage): { command: string; line: number }[] {
  return stage.instructions
    .filter((i) => i.keyword === 'RUN' && /\bnpm ci\b/.test(i.args))
    .map((i) => ({ command: expand(i.args, stageArgs(stage, i.line)), line: i.line }));
}

/** GET /health/live as Nest routes it (the HealthController's @Controller/@Get paths). */
const livenessRoute = (): string => serviceRoutes().live;

describe('docker/Dockerfile', () => {
  it('builds every stage on Node 22 (the LTS line the image runs)', () => {
    const bases = baseImages(dockerfile);
    assert.ok(bases.length > 0);
    for (const stage of bases) assert.match(stage.base, /^node:22([.-]|$)/, `stage ${stage.name} is FROM ${stage.base}`);
  });

  it('runs the final stage as a user other than root', () => {
    const user = lastOf(runtime, 'USER');
    assert.ok(user, 'the final stage sets no USER');
    assert.doesNotMatch(user.args, /^(root|0)(:|$)/);
  });

  it('starts tini as PID 1, installed in the final stage, and the role launcher under it', () => {
    const entrypoint = execForm(lastOf(runtime, 'ENTRYPOINT') ?? assert.fail('no ENTRYPOINT'));
    assert.match(entrypoint[0] ?? '', /\/tini$/);
    assert.ok(runtime.instructions.some((i) => i.keyword === 'RUN' && /apt-get install\b.*\btini\b/.test(i.args)));
    const cmd = execForm(lastOf(runtime, 'CMD') ?? assert.fail('no CMD'));
    assert.deepEqual(cmd, ['node', 'docker/start-role.js']);
  });

  it('checks health on the liveness route the services serve (from the HealthController)', () => {
    const healthcheck = lastOf(runtime, 'HEALTHCHECK') ?? assert.fail('no HEALTHCHECK');
    const command = /\bCMD\s+(\[.*\])$/.exec(healthcheck.args)?.[1] ?? assert.fail('HEALTHCHECK has no exec-form CMD');
    const script = (JSON.parse(command) as string[]).join(' ');
    assert.equal(livenessRoute(), '/health/live');
    assert.ok(script.includes(`'${livenessRoute()}'`), `the HEALTHCHECK does not request ${livenessRoute()}: ${script}`);
    assert.match(script, /process\.env\.HTTP_PORT/, 'the HEALTHCHECK must follow HTTP_PORT, where the services listen');
  });

  it('copies every workspace package.json (and the lockfile) before each npm ci', () => {
    const installing = dockerfile.stages.filter((stage) => npmCiCommands(stage).length > 0);
    assert.ok(installing.length > 0, 'no stage runs npm ci');
    for (const stage of installing) {
      const firstInstall = (npmCiCommands(stage)[0] as { line: number }).line;
      const copied = stageLineage(dockerfile, stage)
        .flatMap((s) => copies(s))
        .filter((copy) => copy.from === undefined && copy.line < firstInstall);
      const has = (file: string, destination: string): boolean =>
        copied.some((copy) => copy.sources.includes(file) && (copy.destination === destination || copy.destination === `${destination}/`));
      assert.ok(has('package-lock.json', './'), `stage ${stage.name}: package-lock.json is not copied before npm ci`);
      for (const manifest of workspaceManifests()) {
        const folder = manifest.slice(0, -'/package.json'.length);
        assert.ok(has(manifest, folder), `stage ${stage.name}: ${manifest} is not copied to ${folder}/ before npm ci`);
      }
    }
  });

  it('copies only sources that exist and that .dockerignore leaves in the context; --from names an earlier stage', () => {
    const ignore = parseDockerIgnore(readRepoFile('.dockerignore'));
    dockerfile.stages.forEach((stage, index) => {
      for (const copy of copies(stage)) {
        if (copy.from !== undefined) {
          const earlier = dockerfile.stages.slice(0, index).map((s) => s.name);
          assert.ok(earlier.includes(copy.from), `line ${copy.line}: --from=${copy.from} is not an earlier stage`);
          continue;
        }
        for (const source of copy.sources) {
          assert.ok(existsSync(join(REPO_ROOT, source)), `line ${copy.line}: COPY source ${source} does not exist`);
          assert.equal(ignore.excludes(source), false, `line ${copy.line}: ${source} is excluded by .dockerignore`);
        }
      }
    });
  });

  it('gives the final stage node_modules from an install with --omit=dev, and tools/ from nowhere', () => {
    const fromStages = copies(runtime).filter((copy) => copy.from !== undefined);
    const nodeModules = fromStages.filter((copy) => copy.sources.some((source) => /(^|\/)node_modules$/.test(source)));
    assert.equal(nodeModules.length, 1, 'the final stage should copy node_modules exactly once');
    const installer = dockerfile.stages.find((s) => s.name === nodeModules[0]?.from) ?? assert.fail('unknown stage');
    const installs = npmCiCommands(installer);
    assert.equal(installs.length, 1);
    assert.match((installs[0] as { command: string }).command, /npm ci\b.*--omit=dev\b/);
    // tools/scripts/measure-runtime-deps.mjs reads this ARG to measure what the image installs.
    assert.ok(stageArgs(installer).get('RUNTIME_INSTALL_FLAGS')?.includes('--omit=dev'));
    for (const copy of fromStages) {
      for (const source of copy.sources) assert.doesNotMatch(source, /(^|\/)(tools|src)(\/|$)|^\/app\/?$/, `line ${copy.line}: ${source}`);
    }
    const assembly = dockerfile.stages.flatMap((s) => s.instructions).find((i) => i.keyword === 'RUN' && i.args.includes('mkdir /runtime'));
    assert.ok(assembly, 'no RUN assembles /runtime');
    assert.doesNotMatch(assembly.args, /\btools\b/);
  });
});
