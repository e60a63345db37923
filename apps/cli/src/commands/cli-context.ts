import type { QueueFactory } from '@alkdrec/service-kit';
import type { CliConfig } from '../config/cli-env.schema';
import type { Interrupts } from '../interrupts';

/** What every command gets: validated config, output streams, and where things are. */
export interface CliContext {
  config: Readonly<CliConfig>;
  factory: QueueFactory;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  /** The workspace root: trainer logs go under <root>/.alkdrec/logs. */
  repoRoot: string;
  /** The trainer entry started when no trainer is connected (apps/trainer/dist/main.js). */
  trainerEntry: string;
  /** The image's entry (docker/start-role.js): starts several roles in one process group for `run`. */
  servicesEntry: string;
  interrupts: Interrupts;
}

/** One JSON document on stdout with --json, the human table otherwise. */
export function printResult(ctx: CliContext, json: boolean, document: Record<string, unknown>, table: string): void {
  ctx.stdout.write(json ? `${JSON.stringify(document, null, 2)}\n` : `${table}\n`);
}
