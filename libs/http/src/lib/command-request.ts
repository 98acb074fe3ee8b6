import { currentTraceparent } from '@perheverkko/observability';
import { BadRequestException } from '@nestjs/common';
import type { Request } from 'express';
import { createHash, randomUUID } from 'node:crypto';
import type { CommandMetadata } from '@perheverkko/decider';
import type { ExpectedRevision } from '@perheverkko/event-store';
import type { AuthenticatedUser } from './authenticated-user';
import type { ProblemBody } from './problem';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID in its written form (any version, either case): case ids and client keys. */
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

export const IDEMPOTENCY_HEADER = {
  name: 'Idempotency-Key',
  required: false,
  description:
    'UUID per intent; resending the same request with it never records twice and answers as the first time. ' +
    'The key is bound to its caller, operation and request: reused by another user, on another operation or with another body it is 422 idempotency-key-reused and nothing is recorded',
};
export const IF_MATCH_HEADER = {
  name: 'If-Match',
  required: false,
  description: 'the revision last read; a case changed since then answers 409',
};

function badHeader(header: string, reason: string): BadRequestException {
  const problem: ProblemBody = {
    statusCode: 400,
    error: 'Bad Request',
    message: `${header} ${reason}`,
    violations: [{ field: header, reason }],
  };
  return new BadRequestException(problem);
}

/** The client's idempotency key (a UUID), or a fresh id when it sent none. */
export function commandIdOf(request: Request): string {
  const key = request.headers['idempotency-key'];
  if (key === undefined) return randomUUID();
  if (!isUuid(key)) throw badHeader('Idempotency-Key', 'must be a UUID chosen by the client for this intent');
  return key.toLowerCase();
}

/** JSON with every object's keys sorted: the same request, however its keys were ordered, is the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * What a client key is bound to besides the caller: the operation (method and route template) and a hash of the
 * request as the client sent it (path parameters and body; not headers, query or time).
 */
export function requestFingerprintOf(request: Pick<Request, 'method' | 'path' | 'params' | 'body'> & { route?: { path?: unknown } }): {
  operation: string;
  request: string;
} {
  const route = typeof request.route?.path === 'string' ? request.route.path : request.path;
  const hash = createHash('sha256')
    .update(canonicalJson({ params: request.params ?? {}, body: request.body ?? null }))
    .digest('hex');
  return { operation: `${request.method.toUpperCase()} ${route}`, request: `sha256:${hash}` };
}

/** The revision the client last read (If-Match: "3"), when it sent one. */
export function expectedRevisionOf(request: Request): ExpectedRevision | undefined {
  const ifMatch = request.headers['if-match'];
  if (ifMatch === undefined) return undefined;
  const sent = String(ifMatch).trim();
  // A weak tag never matches (RFC 9110, 13.1.1): every read here gives the revision as a strong one.
  if (sent.startsWith('W/')) throw badHeader('If-Match', 'must be the strong ETag of the last read, e.g. "3", not a weak W/ tag');
  const value = sent.replace(/"/g, '');
  if (!/^\d{1,15}$/.test(value)) throw badHeader('If-Match', 'must be the revision last read, e.g. "3"');
  return Number(value);
}

/** Who, when, which case and which intent: everything a decider needs besides the state, from the request. */
export function commandMetadataOf(request: Request & { user?: AuthenticatedUser }, caseId: string): CommandMetadata {
  const user = request.user;
  if (!user) throw new Error('commandMetadataOf needs an authenticated request');
  const commandId = commandIdOf(request);
  const correlation = request.headers['x-correlation-id'];
  return {
    commandId,
    caseId,
    correlationId: typeof correlation === 'string' && correlation.length <= 200 ? correlation : commandId,
    actor: { id: user.id, role: user.roles[0], organisation: user.organisation },
    now: new Date().toISOString(),
    ...withTraceparent(),
    // Only a key the client chose can be resent, so only then is it bound to what it was sent with.
    ...(request.headers['idempotency-key'] !== undefined ? { idempotency: requestFingerprintOf(request) } : {}),
  };
}

/** The request's trace context, carried by the command onto the events it records. */
export function withTraceparent(): { traceparent?: string } {
  const traceparent = currentTraceparent();
  return traceparent ? { traceparent } : {};
}
