import type { NextFunction, Request, Response } from 'express';
import { currentTraceId, routeTemplateOf } from '@perheverkko/observability';
import { isRecord } from '@perheverkko/decider';

/** One request as county IT reads it: what was asked (the route template, never ids or the query), the answer, how long, by whom. */
export interface RequestLine {
  time: string;
  level: 'info';
  context: 'HTTP';
  message: string;
  method: string;
  route: string;
  status: number;
  durationMs: number;
  traceId?: string;
  /** The token's subject (a pseudonymous id); absent when no token was accepted. */
  userId?: string;
}

function userIdOf(request: Request): string | undefined {
  const user: unknown = Reflect.get(request, 'user');
  return isRecord(user) && typeof user.id === 'string' ? user.id : undefined;
}

/**
 * One JSON line per answered request (refusals and unknown paths too), written when the answer is sent. The path is
 * given as its route template (`/cases/:caseId`): case ids stay out of the text, and the query string (search terms)
 * is never read.
 */
export function logRequests(write: (line: string) => void = (line) => process.stdout.write(line)) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    const traceId = currentTraceId();
    response.once('finish', () => {
      const route = routeTemplateOf(request);
      const line: RequestLine = {
        time: new Date().toISOString(),
        level: 'info',
        context: 'HTTP',
        message: `${request.method} ${route} ${response.statusCode}`,
        method: request.method,
        route,
        status: response.statusCode,
        durationMs: Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100,
        ...(traceId ? { traceId } : {}),
        ...(userIdOf(request) ? { userId: userIdOf(request) } : {}),
      };
      write(`${JSON.stringify(line)}\n`);
    });
    next();
  };
}
