import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../index';
import { parseDockerIgnore } from './dockerignore';
import { readRepoFile } from './repo-files';

describe('parseDockerIgnore', () => {
  it('matches as Docker does: ** across folders, * within one, folders take their contents, ! re-includes', () => {
    const ignore = parseDockerIgnore('# comment\n**/dist\n*.log\n.git\nsecrets/*\n!secrets/keep\n');
    assert.equal(ignore.excludes('dist'), true);
    assert.equal(ignore.excludes('libs/db/dist/index.js'), true);
    assert.equal(ignore.excludes('libs/db/distant.ts'), false);
    assert.equal(ignore.excludes('a.log'), true);
    assert.equal(ignore.excludes('logs/a.log'), false);
    assert.equal(ignore.excludes('.git/config'), true);
    assert.equal(ignore.excludes('secrets/key'), true);
    assert.equal(ignore.excludes('secrets/keep'), false);
  });
});

describe('.dockerignore', () => {
  const ignore = parseDockerIgnore(readRepoFile('.dockerignore'));

  it('keeps host installs, build outputs, history, local state and secrets out of the build context', () => {
    for (const path of [
      'node_modules/x/index.js',
      'libs/db/node_modules/.bin/x',
      'libs/db/dist/index.js',
      'apps/api/dist/main.js',
      'tsconfig.tsbuildinfo',
      'libs/db/generated/prisma/index.js',
      '.git/HEAD',
      '.nx/cache/x',
      '.alkdrec/services.json',
      '.env',
      'apps/api/.env.local',
    ]) {
      assert.equal(ignore.excludes(path), true, `${path} reaches the build context`);
    }
  });

  it('leaves in what the build reads', () => {
    for (const path of ['package-lock.json', 'libs/db/prisma/migrations', 'datasets/amazon-games', 'docker/start-role.js', 'tools/fake-llm/src']) {
      assert.equal(ignore.excludes(path), false, `${path} is excluded`);
    }
  });

  it('is the only ignore file: a docker/Dockerfile.dockerignore would take precedence under BuildKit', () => {
    assert.equal(existsSync(join(REPO_ROOT, 'docker', 'Dockerfile.dockerignore')), false);
  });
});
