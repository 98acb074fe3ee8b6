import type { LoggerService } from '@nestjs/common';
import { currentTraceId } from './tracing';

/**
 * One JSON object per line (LOG_FORMAT=json), with the trace id of the request or event being handled. Log
 * messages name events, cases and rules, never the people in them: personal data is never passed to a logger.
 */
export class JsonLogger implements LoggerService {
  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('verbose', message, rest);
  }

  private write(level: string, message: unknown, rest: unknown[]): void {
    // Nest passes the context last, and a stack before it for errors.
    const contextName = typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    const stack = level === 'error' && typeof rest[0] === 'string' && rest.length > 1 ? rest[0] : undefined;
    const line = {
      time: new Date().toISOString(),
      level,
      context: contextName,
      message: message instanceof Error ? message.message : typeof message === 'string' ? message : JSON.stringify(message),
      traceId: currentTraceId(),
      ...(stack ? { stack } : {}),
    };
    (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(`${JSON.stringify(line)}\n`);
  }
}
