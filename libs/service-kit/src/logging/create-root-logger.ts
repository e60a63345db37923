import pino, { type DestinationStream, type Logger as PinoLogger } from 'pino';
import type { LogLevel } from '../config/base-env.schema';

export interface RootLoggerOptions {
  /** Service (role) name written on every line, e.g. "trainer". */
  service: string;
  level: LogLevel;
  /** Defaults to stdout; tests pass a stream to read the lines back. */
  destination?: DestinationStream;
}

/** One JSON object per line: level as a word, ISO time, service, pid; errors serialised with stack. */
export function createRootLogger(options: RootLoggerOptions): PinoLogger {
  return pino(
    {
      level: options.level,
      base: { service: options.service, pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { err: pino.stdSerializers.err },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
