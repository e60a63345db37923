#!/usr/bin/env node
// The image's entry: runs the service entry of the role named in ALKDREC_ROLES. One role per
// container in Kubernetes (each scales on its own): the entry runs in this process. Several roles
// (`trainer,llm-worker,selector`, what `alkdrec run` starts on a laptop): one child process per
// role, all in this process's group; a signal to this process reaches every child, and when one
// child dies the others are stopped, so the group lives and dies as one.
'use strict';
const path = require('node:path');
const { spawn } = require('node:child_process');

const ENTRIES = {
  trainer: 'apps/trainer/dist/main.js',
  'llm-worker': 'apps/llm-worker/dist/main.js',
  selector: 'apps/selector/dist/main.js',
};

const roles = [...new Set((process.env.ALKDREC_ROLES || 'trainer').split(/[\s,]+/).map((r) => r.trim()).filter(Boolean))];
const unknown = roles.filter((role) => !ENTRIES[role]);
if (roles.length === 0 || unknown.length > 0) {
  process.stderr.write(
    `start-role: ALKDREC_ROLES=${JSON.stringify(process.env.ALKDREC_ROLES || '')} names no role of this image (${unknown.join(', ')}); valid: ${Object.keys(ENTRIES).join(', ')}\n`,
  );
  process.exit(1);
}

const entryOf = (role) => path.join(__dirname, '..', ENTRIES[role]);

if (roles.length === 1) {
  require(entryOf(roles[0]));
} else {
  const children = roles.map((role) => ({
    role,
    child: spawn(process.execPath, [entryOf(role)], { stdio: 'inherit', env: { ...process.env, ALKDREC_ROLES: role } }),
  }));
  let stopping = false;
  let exitCode = 0;
  const stopAll = (signal) => {
    stopping = true;
    for (const { child } of children) if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => stopAll(signal));
  let running = children.length;
  for (const { role, child } of children) {
    child.once('exit', (code, signal) => {
      running--;
      if (!stopping) {
        process.stderr.write(`start-role: ${role} exited (${signal || `code ${code}`}); stopping the other roles\n`);
        exitCode = 1;
        stopAll('SIGTERM');
      }
      if (running === 0) process.exit(exitCode);
    });
  }
}
