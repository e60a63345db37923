#!/usr/bin/env node
// The image's entry: runs the service entry of the role named in ALKDREC_ROLES. One role per
// container in Kubernetes (each scales on its own, and the kubelet restarts a container that dies):
// the entry runs in this process. Several roles (`trainer,llm-worker,selector`, what `alkdrec run`
// starts on a laptop): one child process per role, all in this process's group, supervised by
// role-supervisor.js — a role that dies is restarted with backoff within a budget, a role that
// exhausts it stops the others and the launcher exits 1; SIGTERM / SIGINT stop every role.
'use strict';
const path = require('node:path');

const ENTRIES = {
  trainer: 'apps/trainer/dist/main.js',
  'llm-worker': 'apps/llm-worker/dist/main.js',
  selector: 'apps/selector/dist/main.js',
  api: 'apps/api/dist/main.js',
};

const named = (process.env.ALKDREC_ROLES || 'trainer').split(/[\s,]+/).map((r) => r.trim()).filter(Boolean);
// `all`: every role of the image, each in its own child process (a laptop or a one-box install).
const roles = [...new Set(named.flatMap((role) => (role === 'all' ? Object.keys(ENTRIES) : [role])))];
const unknown = roles.filter((role) => !ENTRIES[role]);
if (roles.length === 0 || unknown.length > 0) {
  process.stderr.write(
    `start-role: ALKDREC_ROLES=${JSON.stringify(process.env.ALKDREC_ROLES || '')} names no role of this image (${unknown.join(', ')}); valid: ${Object.keys(ENTRIES).join(', ')}, or all\n`,
  );
  process.exit(1);
}

const entryOf = (role) => path.join(__dirname, '..', ENTRIES[role]);

if (roles.length === 1) {
  require(entryOf(roles[0]));
} else {
  require('./role-supervisor').runLauncher({ roles, entryOf });
}
