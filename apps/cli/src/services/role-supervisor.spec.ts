import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findRepoRoot } from '@alkdrec/service-kit';
import { SupervisorEvent } from './supervisor-event';
import { Arrivals, loadRoleSupervisor, writeStandInRoles, type RestartPolicy, type StandInRole } from './testing/stand-in-launcher';

const { planRestart, restartPolicyFromEnv, superviseRoles } = loadRoleSupervisor();
const MINUTES_10 = 600_000;

describe('planRestart (the budget and the backoff)', () => {
  const policy: RestartPolicy = { maxRestarts: 10, windowMs: MINUTES_10, firstDelayMs: 1_000, maxDelayMs: 30_000 };
  const now = 50_000_000;

  it('doubles the delay with each restart in the window, up to the cap', () => {
    const delays = [0, 1, 2, 3, 4, 5, 6].map((n) => planRestart(Array.from({ length: n }, () => now - 1_000), now, policy));
    assert.deepEqual(
      delays.map((plan) => (plan.giveUp ? 'give up' : [plan.restart, plan.delayMs])),
      [[1, 1_000], [2, 2_000], [3, 4_000], [4, 8_000], [5, 16_000], [6, 30_000], [7, 30_000]],
    );
  });

  it('gives up once the window holds maxRestarts restarts, and forgets restarts older than the window', () => {
    const five = { ...policy, maxRestarts: 5 };
    const recent = [1, 2, 3, 4, 5].map((n) => now - n * 60_000);
    assert.equal(planRestart(recent, now, five).giveUp, true);
    const plan = planRestart([...recent.slice(0, 2), now - MINUTES_10, now - MINUTES_10 - 1], now, five);
    assert.deepEqual(plan, { giveUp: false, restart: 3, delayMs: 4_000, recent: recent.slice(0, 2) });
    assert.equal(planRestart([], now, { ...five, maxRestarts: 0 }).giveUp, true, 'no budget: the first exit gives up');
  });
});

describe('restartPolicyFromEnv', () => {
  it('defaults to 5 restarts in 10 min, 1 s doubling to 30 s', () => {
    assert.deepEqual(restartPolicyFromEnv({}), { maxRestarts: 5, windowMs: MINUTES_10, firstDelayMs: 1_000, maxDelayMs: 30_000 });
    assert.deepEqual(restartPolicyFromEnv({ ALKDREC_ROLE_MAX_RESTARTS: '0', ALKDREC_ROLE_RESTART_DELAY_MS: ' ' }), { maxRestarts: 0, windowMs: MINUTES_10, firstDelayMs: 1_000, maxDelayMs: 30_000 });
  });

  it('names every bad variable', () => {
    assert.throws(
      () => restartPolicyFromEnv({ ALKDREC_ROLE_MAX_RESTARTS: '-1', ALKDREC_ROLE_RESTART_DELAY_MS: '1s', ALKDREC_ROLE_RESTART_WINDOW_MS: '0' }),
      /ALKDREC_ROLE_MAX_RESTARTS="-1".*; ALKDREC_ROLE_RESTART_WINDOW_MS="0": expected a whole number ≥ 1; ALKDREC_ROLE_RESTART_DELAY_MS="1s"/,
    );
    assert.throws(() => restartPolicyFromEnv({ ALKDREC_ROLE_RESTART_DELAY_MS: '5000', ALKDREC_ROLE_RESTART_MAX_DELAY_MS: '100' }), /MAX_DELAY_MS \(100\) is below ALKDREC_ROLE_RESTART_DELAY_MS \(5000\)/);
  });

  it('makes start-role.js refuse to start several roles under a bad policy, naming the variable', () => {
    const run = spawnSync(process.execPath, [join(findRepoRoot(__dirname), 'docker', 'start-role.js')], {
      env: { PATH: process.env['PATH'], ALKDREC_ROLES: 'selector,trainer', ALKDREC_ROLE_MAX_RESTARTS: 'many' },
      encoding: 'utf8',
    });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /^start-role: invalid restart policy: ALKDREC_ROLE_MAX_RESTARTS="many"/);
  });
});

/** Alive: signal 0 reaches it. */
function alive(pid: number | undefined): boolean {
  try {
    return pid !== undefined && process.kill(pid, 0);
  } catch {
    return false;
  }
}

describe('superviseRoles with SIMULATED roles (stand-in scripts)', { timeout: 120_000 }, () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'alkdrec-supervisor-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  function supervise(roles: Record<string, StandInRole>, policy: Partial<RestartPolicy> = {}) {
    const events = new Arrivals<SupervisorEvent>();
    const supervisor = superviseRoles({
      roles: Object.keys(roles),
      entryOf: writeStandInRoles(mkdtempSync(join(dir, 'roles-')), roles),
      env: { PATH: process.env['PATH'] },
      policy: { maxRestarts: 5, windowMs: MINUTES_10, firstDelayMs: 10, maxDelayMs: 100, ...policy },
      onEvent: (record) => events.push(SupervisorEvent.parse(record)),
    });
    let exitCode: number | undefined;
    void supervisor.done.then((code) => (exitCode = code));
    const started = (role: string, restart = 0) => events.waitFor((e) => e.event === 'started' && e.role === role && e.restart === restart, `start ${restart} of ${role}`);
    return { events, supervisor, started, exitCode: () => exitCode };
  }

  it('restarts a SIGKILLed role after its backoff; the other role and the group carry on; SIGTERM then stops both', async () => {
    const { events, supervisor, started, exitCode } = supervise({ alpha: 'stays', beta: 'stays' });
    const [alpha, beta] = await Promise.all([started('alpha'), started('beta')]);
    process.kill(alpha.rolePid as number, 'SIGKILL');
    const restarting = await events.waitFor((e) => e.event === 'restarting', 'restarting');
    assert.deepEqual(
      { role: restarting.role, rolePid: restarting.rolePid, signal: restarting.signal, restart: restarting.restart, maxRestarts: restarting.maxRestarts, delayMs: restarting.delayMs },
      { role: 'alpha', rolePid: alpha.rolePid, signal: 'SIGKILL', restart: 1, maxRestarts: 5, delayMs: 10 },
    );
    assert.equal(restarting.msg, 'alpha exited (signal SIGKILL); restarting it in 10 ms (restart 1 of 5 in 10 min)');
    const again = await started('alpha', 1);
    assert.notEqual(again.rolePid, alpha.rolePid);
    assert.equal(supervisor.pidOf('alpha'), again.rolePid);
    assert.ok(alive(again.rolePid), 'the restarted alpha runs');
    assert.equal(supervisor.pidOf('beta'), beta.rolePid, 'beta is the same process');
    assert.ok(alive(beta.rolePid), 'beta was not touched');
    assert.equal(exitCode(), undefined, 'the group is still running');

    supervisor.stop('SIGTERM');
    assert.equal(await supervisor.done, 0);
    assert.ok(!alive(again.rolePid) && !alive(beta.rolePid), 'both roles stopped');
    assert.deepEqual(events.items.map((e) => `${e.event} ${e.role}`), ['started alpha', 'started beta', 'restarting alpha', 'started alpha']);
  });

  it('gives up on a role that exhausts its restarts: the others are stopped and the exit code is 1, naming the role', async () => {
    const { events, supervisor } = supervise({ crashy: 'always-fails', steady: 'stays' }, { maxRestarts: 2 });
    assert.equal(await supervisor.done, 1);
    const gaveUp = events.items.filter((e) => e.event === 'gave-up');
    assert.deepEqual(gaveUp.map((e) => [e.role, e.code, e.restart]), [['crashy', 3, 2]]);
    assert.equal(gaveUp[0]?.msg, 'crashy exited (code 3) after 2 restarts in 10 min; giving up: stopping the other roles');
    assert.deepEqual(
      events.items.filter((e) => e.role === 'crashy').map((e) => `${e.event} ${e.restart}`),
      ['started 0', 'restarting 1', 'started 1', 'restarting 2', 'started 2', 'gave-up 2'],
    );
    const steady = events.items.find((e) => e.role === 'steady' && e.event === 'started');
    assert.ok(!alive(steady?.rolePid), 'the steady role was stopped');
    assert.ok(!events.items.some((e) => e.role === 'steady' && e.event !== 'started'), 'and not restarted');
  });

  it('stops every role on SIGTERM without restarting any, and cancels a restart that was waiting', async () => {
    const { events, supervisor, started } = supervise({ alpha: 'stays', beta: 'stays' }, { firstDelayMs: 600_000, maxDelayMs: 600_000 });
    const [alpha, beta] = await Promise.all([started('alpha'), started('beta')]);
    process.kill(alpha.rolePid as number, 'SIGKILL');
    await events.waitFor((e) => e.event === 'restarting' && e.role === 'alpha', 'restarting alpha');
    supervisor.stop('SIGTERM');
    assert.equal(await supervisor.done, 0, 'done without waiting the 10 min of the pending restart');
    assert.ok(!alive(beta.rolePid));
    assert.deepEqual(
      events.items.filter((e) => e.event !== 'started' || e.restart > 0).map((e) => `${e.event} ${e.role}`),
      ['restarting alpha'],
      'no restart after the stop',
    );
  });
});
