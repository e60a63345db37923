#!/usr/bin/env node
import { parseCliArgs, USAGE } from './cli-args';
import { FakeLlmServer } from './fake-llm-server';
import { describeLatency } from './latency';

/**
 * CLI: start a FakeLlmServer, print its URL (alone, on stdout, so scripts can read it), and stop
 * cleanly on SIGTERM/SIGINT. Everything else goes to stderr.
 */
async function main(): Promise<void> {
  let command;
  let server: FakeLlmServer;
  try {
    command = parseCliArgs(process.argv.slice(2));
    // Constructing validates the options: a bad flag value is a usage error too.
    server = new FakeLlmServer(command.kind === 'serve' ? command.options : {});
  } catch (error) {
    process.stderr.write(`fake-llm: ${(error as Error).message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  if (command.kind === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const url = await server.start();
  process.stdout.write(`${url}\n`);
  const recordings = server.recordingsSummary;
  process.stderr.write(
    `fake-llm: SIMULATED LLM provider on ${url} — latency ${describeLatency(command.options.latencyMs ?? 0)}, ` +
      `${recordings ? `${recordings.rankings} recorded rankings from ${recordings.datasets.join(', ')}` : 'no recordings (deterministic rankings)'}\n`,
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`fake-llm: ${signal}, stopping; served ${JSON.stringify(server.stats().generations)}\n`);
    server.close().then(
      () => process.exit(0),
      (error: Error) => {
        process.stderr.write(`fake-llm: close failed: ${error.message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: Error) => {
  process.stderr.write(`fake-llm: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
