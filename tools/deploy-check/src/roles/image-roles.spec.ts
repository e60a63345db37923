import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../index';
import { LAUNCHER_ROLE_ENTRIES, parseLauncherRoles } from './image-launcher';
import { IMAGE_ROLE_NAMES, imageRolesOf } from './image-roles';

describe("the image's roles (docker/image-roles.js)", () => {
  it("are the apps' roles, in the same order (the order `all` starts them in)", () => {
    assert.deepEqual(Object.keys(LAUNCHER_ROLE_ENTRIES), IMAGE_ROLE_NAMES);
  });

  it("start each role's built service entry", () => {
    for (const [role, entry] of Object.entries(LAUNCHER_ROLE_ENTRIES)) assert.ok(existsSync(join(REPO_ROOT, entry)), `${role}: ${entry} is missing (run npm run build)`);
  });

  it('read ALKDREC_ROLES: unset or empty = trainer, `all` = every role once, an unknown name = a problem', () => {
    assert.deepEqual(parseLauncherRoles(undefined), { roles: ['trainer'] });
    assert.deepEqual(parseLauncherRoles(''), { roles: ['trainer'] });
    assert.deepEqual(parseLauncherRoles(' api,\tselector api '), { roles: ['api', 'selector'] });
    assert.deepEqual(parseLauncherRoles('all,api'), { roles: IMAGE_ROLE_NAMES });
    assert.deepEqual(imageRolesOf('llm-worker'), { roles: ['llm-worker'] });
    for (const value of ['bogus', 'trainer,bogus', ' , ', 'constructor']) assert.ok('problem' in parseLauncherRoles(value), value);
  });

  it('are what docker/start-role.js refuses by: it exits 1 printing the same problem', () => {
    const parsed = parseLauncherRoles('trainer,bogus');
    assert.ok('problem' in parsed);
    const run = spawnSync(process.execPath, [join(REPO_ROOT, 'docker', 'start-role.js')], {
      env: { PATH: process.env['PATH'], ALKDREC_ROLES: 'trainer,bogus' },
      encoding: 'utf8',
    });
    assert.equal(run.status, 1);
    assert.equal(run.stderr, `start-role: ${parsed.problem}\n`);
  });
});
