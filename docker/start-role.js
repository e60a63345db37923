#!/usr/bin/env node
// The image's entry: runs the service entry of the role named in ALKDREC_ROLES (one role per
// container, so Kubernetes scales each on its own). Each entry validates its own configuration.
'use strict';
const path = require('node:path');

const ENTRIES = {
  trainer: 'apps/trainer/dist/main.js',
  'llm-worker': 'apps/llm-worker/dist/main.js',
};

const role = (process.env.ALKDREC_ROLES || 'trainer').trim();
const entry = ENTRIES[role];
if (!entry) {
  process.stderr.write(
    `start-role: ALKDREC_ROLES=${JSON.stringify(role)} names no single role of this image; valid: ${Object.keys(ENTRIES).join(', ')}\n`,
  );
  process.exit(1);
}
require(path.join(__dirname, '..', entry));
