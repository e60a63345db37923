import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServiceProcess } from './service-process';
import { Arrivals, writeStandInLauncher, type StandInRole } from './testing/stand-in-launcher';

/**
 * The CLI's side of the embedded launcher's supervision: start-role.js's several-roles launcher
 * (`runLauncher`) with SIMULATED roles, started the way `alkdrec run` starts the services.
 */
describe('ServiceProcess with a supervising launcher', { timeout: 120_000 }, () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'alkdrec-service-process-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  function startLauncher(roles: Record<string, StandInRole>, policy: NodeJS.ProcessEnv) {
    const launcherDir = mkdtempSync(join(dir, 'launcher-'));
    const notes = new Arrivals<string>();
    const services = ServiceProcess.start({
      entry: writeStandInLauncher(launcherDir, roles),
      env: { PATH: process.env['PATH'], ALKDREC_ROLE_RESTART_DELAY_MS: '10', ...policy },
      logFile: join(launcherDir, 'services.log'),
      label: 'services',
      onNote: notes.push,
    });
    return { services, notes };
  }

  it('turns a restart into notes, and crashed() does not fire for it', async () => {
    const { services, notes } = startLauncher({ alpha: 'killed-once', beta: 'stays' }, {});
    let crash: unknown;
    services.crashed().catch((error: unknown) => (crash = error));
    await notes.waitFor((note) => note.startsWith('alpha restarted'), 'a "restarted" note');
    assert.deepEqual(notes.items.map((note) => note.replace(/pid \d+/, 'pid N')), [
      'alpha exited (signal SIGKILL); restarting it in 10 ms (restart 1 of 5 in 10 min)',
      'alpha restarted (pid N; restart 1 of 5 in 10 min)',
    ]);
    assert.deepEqual(await services.stop(10_000), { code: 0, signal: null }, 'the launcher ran until asked to stop');
    assert.equal(crash, undefined, 'crashed() did not fire');
    // The same records are in the services' log, as JSON lines like the services' own.
    const logged = readFileSync(services.logFile, 'utf8').split('\n').filter((line) => line.includes('"RoleSupervisor"')).map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.deepEqual(logged.map((record) => [record['level'], record['event'], record['role']]), [
      ['info', 'started', 'alpha'],
      ['info', 'started', 'beta'],
      ['warn', 'restarting', 'alpha'],
      ['info', 'started', 'alpha'],
    ]);
  });

  it('notes the give-up of a role that exhausts its restarts, and crashed() then rejects naming it', async () => {
    const { services, notes } = startLauncher({ alpha: 'always-fails', beta: 'stays' }, { ALKDREC_ROLE_MAX_RESTARTS: '1' });
    await assert.rejects(
      services.crashed(),
      /^CliError: the services started by the CLI exited with code 1 while the job was pending \(alpha exited \(code 3\) after 1 restart in 10 min; giving up: stopping the other roles\); last lines of /,
    );
    assert.deepEqual(notes.items.map((note) => note.replace(/pid \d+/, 'pid N')), [
      'alpha exited (code 3); restarting it in 10 ms (restart 1 of 1 in 10 min)',
      'alpha restarted (pid N; restart 1 of 1 in 10 min)',
      'alpha exited (code 3) after 1 restart in 10 min; giving up: stopping the other roles',
    ]);
  });
});
