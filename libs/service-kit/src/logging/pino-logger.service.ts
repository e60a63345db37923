import type { LoggerService, LogLevel as NestLogLevel } from '@nestjs/common';
import type { Logger as PinoLogger } from 'pino';

type PinoMethod = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

const PINO_METHOD: Record<NestLogLevel, PinoMethod> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

/**
 * Nest's LoggerService over pino, so `private readonly logger = new Logger(X.name)` writes one JSON
 * line per event with `context`. Pass an object to log structured fields:
 * `this.logger.log({ msg: 'job done', jobId, ms })`.
 */
export class PinoLoggerService implements LoggerService {
  constructor(private readonly pino: PinoLogger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('log', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('verbose', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: NestLogLevel, message: unknown, params: unknown[]): void {
    const method = PINO_METHOD[level];
    if (!this.pino.isLevelEnabled(method)) return;
    const { fields, msg } = toLogEntry(level, message, params);
    this.pino[method](fields, msg);
  }
}

/**
 * Nest calls `log(message, ...params, context)` (the context, when the Logger has one, comes last)
 * and `error(message, stack?, context?)`. Turns that into pino's (fields, msg).
 */
export function toLogEntry(
  level: NestLogLevel,
  message: unknown,
  params: readonly unknown[],
): { fields: Record<string, unknown>; msg: string | undefined } {
  const rest = [...params];
  const fields: Record<string, unknown> = {};
  const last = rest[rest.length - 1];
  if (typeof last === 'string' && rest.length > 0 && !looksLikeStack(last)) {
    fields['context'] = last;
    rest.pop();
  }

  let msg: string | undefined;
  if (message instanceof Error) {
    fields['err'] = message;
    msg = message.message;
  } else if (isPlainObject(message)) {
    const { msg: m, message: mm, ...other } = message;
    Object.assign(fields, other);
    msg = typeof m === 'string' ? m : typeof mm === 'string' ? mm : undefined;
  } else if (message !== undefined) {
    msg = typeof message === 'string' ? message : String(message);
  }

  const extra: unknown[] = [];
  for (const param of rest) {
    if (param instanceof Error) fields['err'] = param;
    else if (typeof param === 'string' && level === 'error' && looksLikeStack(param)) fields['stack'] = param;
    else if (isPlainObject(param)) Object.assign(fields, param);
    else if (param !== undefined) extra.push(param);
  }
  if (extra.length > 0) fields['extra'] = extra;
  return { fields, msg };
}

function looksLikeStack(value: string): boolean {
  return /\n\s+at /.test(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}
