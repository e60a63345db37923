// The roles this image runs and how ALKDREC_ROLES names them. No side effects on require: the
// launcher (start-role.js) acts on the answer, and tools/deploy-check reads the same rules to tell
// what each deployed container runs.
'use strict';

/** Role → its service entry, relative to the image's root (/app). */
const ROLE_ENTRIES = Object.freeze({
  trainer: 'apps/trainer/dist/main.js',
  'llm-worker': 'apps/llm-worker/dist/main.js',
  selector: 'apps/selector/dist/main.js',
  api: 'apps/api/dist/main.js',
});

/** What runs when ALKDREC_ROLES is unset or empty. */
const DEFAULT_ROLE = 'trainer';

/**
 * Reads ALKDREC_ROLES: names split on commas or white space, `all` = every role (each once),
 * unset or empty = the trainer. Returns `{ roles }`, or `{ problem }` naming what is wrong when it
 * names no role or an unknown one (the launcher prints it and exits 1).
 * @param {string | undefined} value
 * @returns {{ roles: string[] } | { problem: string }}
 */
function parseRoles(value) {
  const named = (value || DEFAULT_ROLE).split(/[\s,]+/).filter(Boolean);
  const roles = [...new Set(named.flatMap((role) => (role === 'all' ? Object.keys(ROLE_ENTRIES) : [role])))];
  const unknown = roles.filter((role) => !Object.hasOwn(ROLE_ENTRIES, role));
  if (roles.length === 0 || unknown.length > 0) {
    return {
      problem: `ALKDREC_ROLES=${JSON.stringify(value || '')} names no role of this image (${unknown.join(', ')}); valid: ${Object.keys(ROLE_ENTRIES).join(', ')}, or all`,
    };
  }
  return { roles };
}

module.exports = { ROLE_ENTRIES, DEFAULT_ROLE, parseRoles };
