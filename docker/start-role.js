#!/usr/bin/env node
// The image's entry: runs the service entry of the role named in ALKDREC_ROLES. One role per
// container in Kubernetes (each scales on its own, and the kubelet restarts a container that dies):
// the entry runs in this process. Several roles (`trainer,llm-worker,selector`, what `alkdrec run`
// starts on a laptop): one child process per role, all in this process's group, supervised by
// role-supervisor.js — a role that dies is restarted with backoff within a budget, a role that
// exhausts it stops the others and the launcher exits 1; SIGTERM / SIGINT stop every role.
'use strict';
const path = require('node:path');

const { ROLE_ENTRIES, parseRoles } = require('./image-roles');

const parsed = parseRoles(process.env.ALKDREC_ROLES);
if ('problem' in parsed) {
  process.stderr.write(`start-role: ${parsed.problem}\n`);
  process.exit(1);
}
// `all` or several names: each role in its own child process (a laptop or a one-box install).
const { roles } = parsed;

const entryOf = (role) => path.join(__dirname, '..', ROLE_ENTRIES[role]);

if (roles.length === 1) {
  require(entryOf(roles[0]));
} else {
  require('./role-supervisor').runLauncher({ roles, entryOf });
}
