import { z } from 'zod';

/**
 * One record of the embedded launcher's supervisor (docker/role-supervisor.js, `eventRecord`): the
 * same object it logs as a JSON line, sent to the CLI over IPC. Parsed, since it comes from another
 * process; other fields (level, time, windowMs…) are not read.
 */
export const SupervisorEvent = z.object({
  event: z.enum(['started', 'restarting', 'gave-up']),
  role: z.string(),
  msg: z.string(),
  /** The role's child process. */
  rolePid: z.number().int().optional(),
  code: z.number().int().nullable().optional(),
  signal: z.string().nullable().optional(),
  /** n of `maxRestarts`; 0 for a role's first start. */
  restart: z.number().int().nonnegative(),
  maxRestarts: z.number().int().nonnegative(),
  delayMs: z.number().int().nonnegative().optional(),
});
export type SupervisorEvent = z.infer<typeof SupervisorEvent>;

/**
 * What the user is told: every exit, restart and give-up, in the launcher's own words. A role's
 * first start is not news (the CLI already says which roles it started).
 */
export function supervisorNote(event: SupervisorEvent): string | undefined {
  return event.event === 'started' && event.restart === 0 ? undefined : event.msg;
}
