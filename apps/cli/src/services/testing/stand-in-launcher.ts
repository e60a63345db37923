import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findRepoRoot } from '@alkdrec/service-kit';

/** The embedded launcher's supervision module (plain CommonJS, the image's entry has no build step). */
export const ROLE_SUPERVISOR_PATH = join(findRepoRoot(__dirname), 'docker', 'role-supervisor.js');

export interface RestartPolicy {
  maxRestarts: number;
  windowMs: number;
  firstDelayMs: number;
  maxDelayMs: number;
}

export type RestartPlan = { giveUp: true; recent: number[] } | { giveUp: false; restart: number; delayMs: number; recent: number[] };

export interface RoleSupervisor {
  done: Promise<number>;
  stop(signal: NodeJS.Signals): void;
  pidOf(role: string): number | undefined;
}

/** The exports of docker/role-supervisor.js, typed for the specs. */
export interface RoleSupervisorModule {
  restartPolicyFromEnv(env: NodeJS.ProcessEnv): RestartPolicy;
  planRestart(previousRestarts: number[], now: number, policy: RestartPolicy): RestartPlan;
  superviseRoles(options: {
    roles: string[];
    entryOf: (role: string) => string;
    env: NodeJS.ProcessEnv;
    policy: RestartPolicy;
    onEvent: (record: unknown) => void;
  }): RoleSupervisor;
}

export function loadRoleSupervisor(): RoleSupervisorModule {
  return createRequire(__filename)(ROLE_SUPERVISOR_PATH) as RoleSupervisorModule;
}

/**
 * How a SIMULATED role behaves — a few lines of script standing in for a service, so the
 * supervision is tested without Redis, PostgreSQL or Nest: `stays` runs until SIGTERM / SIGINT
 * (then exits 0); `killed-once` SIGKILLs itself on its first start only, then stays; `always-fails`
 * exits 3 at once, every time.
 */
export type StandInRole = 'stays' | 'killed-once' | 'always-fails';

const STAYS = `for (const s of ['SIGTERM', 'SIGINT']) process.on(s, () => process.exit(0));\nsetInterval(() => undefined, 1 << 30);\n`;
const SCRIPTS: Record<StandInRole, string> = {
  stays: STAYS,
  'killed-once': `${STAYS}const { existsSync, writeFileSync } = require('node:fs');
const marker = __filename + '.killed';
if (!existsSync(marker)) { writeFileSync(marker, ''); process.kill(process.pid, 'SIGKILL'); }\n`,
  'always-fails': `process.exit(3);\n`,
};

/** Writes one script per role into `dir`; returns the entry of each role, as start-role.js's entryOf. */
export function writeStandInRoles(dir: string, roles: Record<string, StandInRole>): (role: string) => string {
  for (const [role, behaviour] of Object.entries(roles)) writeFileSync(join(dir, `${role}.js`), SCRIPTS[behaviour]);
  return (role) => join(dir, `${role}.js`);
}

/**
 * A launcher script that is start-role.js's several-roles branch (`runLauncher`) with stand-in
 * roles as the entries: what the CLI starts, with only the services swapped. Returns its path.
 */
export function writeStandInLauncher(dir: string, roles: Record<string, StandInRole>): string {
  writeStandInRoles(dir, roles);
  const launcher = join(dir, 'launcher.js');
  writeFileSync(
    launcher,
    `require(${JSON.stringify(ROLE_SUPERVISOR_PATH)}).runLauncher({ roles: ${JSON.stringify(Object.keys(roles))}, entryOf: (role) => require('node:path').join(__dirname, role + '.js') });\n`,
  );
  return launcher;
}

/** Items as they arrive (events, notes), and a wait for the first one that matches. */
export class Arrivals<T> {
  readonly items: T[] = [];
  private readonly waiters: { matches: (item: T) => boolean; resolve: (item: T) => void }[] = [];

  readonly push = (item: T): void => {
    this.items.push(item);
    for (const waiter of [...this.waiters]) {
      if (!waiter.matches(item)) continue;
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve(item);
    }
  };

  /** The first item so far or to come that matches; fails after a generous `timeoutMs`, listing what came. */
  waitFor(matches: (item: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
    const arrived = this.items.find(matches);
    if (arrived !== undefined) return Promise.resolve(arrived);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${what} within ${timeoutMs} ms; arrived:\n${this.items.map((item) => JSON.stringify(item)).join('\n')}`)), timeoutMs);
      this.waiters.push({
        matches,
        resolve: (item) => {
          clearTimeout(timer);
          resolve(item);
        },
      });
    });
  }
}
