// The embedded launcher's supervision (docker/start-role.js with several roles, what `alkdrec run`
// starts on a laptop): one child process per role; a child that dies while nobody asked it to stop
// is restarted after a backoff, within a budget per role, and only a role that exhausts its budget
// takes the group down. Plain CommonJS like start-role.js, which is the image's entry and has no
// build step; kept apart from it so the specs can run it with their own entries.
'use strict';
const { spawn } = require('node:child_process');

/** The restart policy's variables: the policy field, its default and its least allowed value. */
const POLICY_VARIABLES = [
  { field: 'maxRestarts', variable: 'ALKDREC_ROLE_MAX_RESTARTS', fallback: 5, min: 0 },
  { field: 'windowMs', variable: 'ALKDREC_ROLE_RESTART_WINDOW_MS', fallback: 600_000, min: 1 },
  { field: 'firstDelayMs', variable: 'ALKDREC_ROLE_RESTART_DELAY_MS', fallback: 1_000, min: 0 },
  { field: 'maxDelayMs', variable: 'ALKDREC_ROLE_RESTART_MAX_DELAY_MS', fallback: 30_000, min: 0 },
];

/**
 * @typedef {{ maxRestarts: number, windowMs: number, firstDelayMs: number, maxDelayMs: number }} RestartPolicy
 * At most `maxRestarts` restarts of one role within any `windowMs`; the n-th restart in the window
 * waits firstDelayMs × 2^(n-1), at most maxDelayMs.
 */

/**
 * The policy from the environment (unset or empty: the default). Throws one Error naming every bad
 * variable, so the launcher refuses to start rather than supervise with a policy nobody chose.
 * @returns {RestartPolicy}
 */
function restartPolicyFromEnv(env) {
  const policy = {};
  const problems = [];
  for (const { field, variable, fallback, min } of POLICY_VARIABLES) {
    const raw = (env[variable] || '').trim();
    if (raw === '') policy[field] = fallback;
    else if (/^\d+$/.test(raw) && Number(raw) >= min && Number.isSafeInteger(Number(raw))) policy[field] = Number(raw);
    else problems.push(`${variable}=${JSON.stringify(raw)}: expected a whole number ≥ ${min}`);
  }
  if (problems.length === 0 && policy.maxDelayMs < policy.firstDelayMs) {
    problems.push(`ALKDREC_ROLE_RESTART_MAX_DELAY_MS (${policy.maxDelayMs}) is below ALKDREC_ROLE_RESTART_DELAY_MS (${policy.firstDelayMs})`);
  }
  if (problems.length > 0) throw new Error(`invalid restart policy: ${problems.join('; ')}`);
  return policy;
}

/**
 * What to do when a role exits on its own, given the times (ms) of its earlier restarts: give up
 * when the window already holds maxRestarts of them, else restart after the backoff. Pure, so the
 * budget and the backoff are tested without waiting.
 * @returns {{ giveUp: true, recent: number[] } | { giveUp: false, restart: number, delayMs: number, recent: number[] }}
 */
function planRestart(previousRestarts, now, policy) {
  const recent = previousRestarts.filter((at) => now - at < policy.windowMs);
  if (recent.length >= policy.maxRestarts) return { giveUp: true, recent };
  const delayMs = Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** recent.length);
  return { giveUp: false, restart: recent.length + 1, delayMs, recent };
}

/**
 * Starts one child per role (`node <entryOf(role)>`, ALKDREC_ROLES set to that role, stdio shared)
 * and supervises them. Every decision is reported to `onEvent` as one record (see `eventRecord`).
 * `stop(signal)` forwards the signal to every child and cancels pending restarts; `done` resolves
 * with the exit code once no child is left: 0 after stop(), 1 after a role exhausted its budget.
 * @param {{ roles: string[], entryOf: (role: string) => string, env: NodeJS.ProcessEnv, policy: RestartPolicy, onEvent: (event: object) => void }} options
 */
function superviseRoles({ roles, entryOf, env, policy, onEvent }) {
  const states = new Map(roles.map((role) => [role, { child: undefined, timer: undefined, restarts: [], starts: 0 }]));
  let stopping = false;
  let exitCode = 0;
  let resolveDone;
  const done = new Promise((resolve) => (resolveDone = resolve));

  const settleIfIdle = () => {
    if (stopping && [...states.values()].every((state) => state.child === undefined && state.timer === undefined)) resolveDone(exitCode);
  };

  const start = (role) => {
    const state = states.get(role);
    state.timer = undefined;
    const child = spawn(process.execPath, [entryOf(role)], { stdio: 'inherit', env: { ...env, ALKDREC_ROLES: role } });
    state.child = child;
    const restart = state.starts++;
    if (child.pid !== undefined) onEvent(eventRecord('started', role, { rolePid: child.pid, restart, maxRestarts: policy.maxRestarts, windowMs: policy.windowMs }));
    let gone = false;
    const onGone = (code, signal) => {
      if (gone) return;
      gone = true;
      state.child = undefined;
      exited(role, child.pid, code, signal);
    };
    child.once('exit', onGone);
    // A child that could not be spawned emits 'error' and may never emit 'exit'.
    child.on('error', () => child.pid === undefined && onGone(null, null));
  };

  const exited = (role, rolePid, code, signal) => {
    if (stopping) return settleIfIdle();
    const state = states.get(role);
    const at = Date.now();
    const plan = planRestart(state.restarts, at, policy);
    const exit = { rolePid, code, signal, maxRestarts: policy.maxRestarts, windowMs: policy.windowMs };
    if (plan.giveUp) {
      onEvent(eventRecord('gave-up', role, { ...exit, restart: plan.recent.length }));
      exitCode = 1;
      return stop('SIGTERM');
    }
    state.restarts = [...plan.recent, at];
    onEvent(eventRecord('restarting', role, { ...exit, restart: plan.restart, delayMs: plan.delayMs }));
    state.timer = setTimeout(() => start(role), plan.delayMs);
  };

  const stop = (signal) => {
    stopping = true;
    for (const state of states.values()) {
      clearTimeout(state.timer);
      state.timer = undefined;
      if (state.child && state.child.exitCode === null && state.child.signalCode === null) state.child.kill(signal);
    }
    settleIfIdle();
  };

  for (const role of roles) start(role);
  return { done, stop, pidOf: (role) => states.get(role)?.child?.pid };
}

/**
 * One supervision event as a log record shaped like the services' pino lines (level, time, service,
 * pid, context, msg) plus its fields: `event` (started | restarting | gave-up), `role`, `rolePid`
 * (the role's child), `code` / `signal` of an exit, `restart` (n of `maxRestarts` within
 * `windowMs`; 0 for a first start) and `delayMs` before a restart. The CLI reads the same records
 * over IPC (apps/cli/src/services/supervisor-event.ts).
 */
function eventRecord(event, role, fields) {
  const budget = `${fields.maxRestarts} in ${formatMs(fields.windowMs)}`;
  const exit = fields.signal ? `signal ${fields.signal}` : `code ${fields.code}`;
  const [level, msg] = {
    started:
      fields.restart === 0
        ? ['info', `started ${role} (pid ${fields.rolePid})`]
        : ['info', `${role} restarted (pid ${fields.rolePid}; restart ${fields.restart} of ${budget})`],
    restarting: ['warn', `${role} exited (${exit}); restarting it in ${formatMs(fields.delayMs)} (restart ${fields.restart} of ${budget})`],
    'gave-up': ['error', `${role} exited (${exit}) after ${fields.restart} restart${fields.restart === 1 ? '' : 's'} in ${formatMs(fields.windowMs)}; giving up: stopping the other roles`],
  }[event];
  return { level, time: new Date().toISOString(), service: 'start-role', pid: process.pid, context: 'RoleSupervisor', msg, event, role, ...fields };
}

function formatMs(ms) {
  if (ms % 60_000 === 0 && ms > 0) return `${ms / 60_000} min`;
  if (ms % 1_000 === 0 && ms > 0) return `${ms / 1_000} s`;
  return `${ms} ms`;
}

/**
 * The launcher with several roles, as start-role.js runs it: the policy from the environment (a bad
 * one exits 1 naming the variables), each event as a JSON line on stdout and, when a parent listens
 * over IPC (the CLI), sent to it too; SIGTERM / SIGINT stop every role without restarts; the
 * process exits with the supervisor's code.
 */
function runLauncher({ roles, entryOf }) {
  let policy;
  try {
    policy = restartPolicyFromEnv(process.env);
  } catch (error) {
    process.stderr.write(`start-role: ${error.message}\n`);
    process.exit(1);
  }
  const supervisor = superviseRoles({ roles, entryOf, env: process.env, policy, onEvent: report });
  for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => supervisor.stop(signal));
  supervisor.done.then((code) => process.exit(code));
}

function report(record) {
  process.stdout.write(`${JSON.stringify(record)}\n`);
  // The parent may be gone (a CLI killed with SIGKILL): the roles go on, so a lost note is ignored.
  if (process.send && process.connected) process.send(record, () => undefined);
}

module.exports = { POLICY_VARIABLES, restartPolicyFromEnv, planRestart, superviseRoles, runLauncher };
