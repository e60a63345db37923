import { Logger, type LoggerService } from '@nestjs/common';

/** Routes Nest's static Logger into an array for the duration of a test; call restore() after. */
export function captureNestLogs(): { entries: { level: string; message: unknown }[]; restore(): void } {
  const entries: { level: string; message: unknown }[] = [];
  const push = (level: string) => (message: unknown) => void entries.push({ level, message });
  const sink: LoggerService = {
    log: push('log'),
    error: push('error'),
    warn: push('warn'),
    debug: push('debug'),
    verbose: push('verbose'),
    fatal: push('fatal'),
  };
  Logger.overrideLogger(sink);
  return { entries, restore: () => Logger.overrideLogger(false) };
}

/** The `msg` of a structured entry, or the entry itself when it is a string. */
export function messageOf(entry: { message: unknown }): string {
  const m = entry.message;
  if (typeof m === 'string') return m;
  if (m && typeof m === 'object' && 'msg' in m) return String((m as { msg: unknown }).msg);
  return JSON.stringify(m);
}
