import { Catch, HttpException, HttpStatus, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainRuleViolation, isRecord, type RefusalKind } from '@perheverkko/decider';
import { EventIdReusedError, InvalidEventStoreArgumentError, StreamRevisionConflictError } from '@perheverkko/event-store';
import { isTransientFailure } from '@perheverkko/messaging';
import { PROBLEM_CONTENT_TYPE, PROBLEM_KINDS, problemOf, type ProblemFacts, type Violation } from './problem';

const REFUSAL_STATUS: Record<RefusalKind, number> = {
  conflict: HttpStatus.CONFLICT,
  unprocessable: HttpStatus.UNPROCESSABLE_ENTITY,
  // The guard let the caller act on the category; the model gives this step to another person in the case.
  'not-yours': HttpStatus.FORBIDDEN,
};

type StoreRefusal = StreamRevisionConflictError | EventIdReusedError | InvalidEventStoreArgumentError;

/** The store's refusals, told without its internals: no stream names, no positions a caller may not see. */
function storeRefusal(error: StoreRefusal): Omit<ProblemFacts, 'instance'> {
  if (error instanceof InvalidEventStoreArgumentError) {
    return { status: 400, detail: `${error.argument}: ${error.reason}`, violations: [{ field: error.argument, reason: error.reason }] };
  }
  if (error instanceof EventIdReusedError) {
    return {
      status: 409,
      kind: PROBLEM_KINDS.concurrentChange,
      detail: 'This Idempotency-Key was already used for a different change; send a new change with a new key.',
    };
  }
  // Somebody changed the case first: the client re-reads and decides again, nothing was overwritten.
  return {
    status: 409,
    kind: PROBLEM_KINDS.concurrentChange,
    detail: 'Someone changed this case after you read it; read it again and decide again. Nothing was overwritten.',
  };
}

/** body-parser's own refusals (`type`), before any route: unreadable JSON, a body too large, an encoding it cannot read. */
const BODY_PARSER_PROBLEMS: Record<string, Omit<ProblemFacts, 'instance'>> = {
  'entity.parse.failed': { status: 400, kind: PROBLEM_KINDS.malformedJson, detail: 'The body is not valid JSON.' },
  'entity.too.large': {
    status: 413,
    detail: 'The body is larger than this API accepts (256 kB): requests are forms and plans, never files.',
  },
  'encoding.unsupported': { status: 415, detail: 'The body uses a Content-Encoding this API does not read; send it unencoded.' },
  'charset.unsupported': { status: 415, detail: 'The body uses a charset this API does not read; send UTF-8.' },
  'request.aborted': { status: 400, detail: 'The request ended before its body did.' },
  'request.size.invalid': { status: 400, detail: 'The body is shorter or longer than its Content-Length says.' },
};

/**
 * A body whose bytes do not decompress as its Content-Encoding says: body-parser passes zlib's own error on (gzip and
 * deflate `Z_…`, brotli `ERR__ERROR_…`; no `type`), which would otherwise be an unexpected 500 with a stack, for
 * anyone, before any sign-in.
 */
const ZLIB_ERROR = /^(Z_|ERR__ERROR_)/;
const UNREADABLE_ENCODED_BODY: Omit<ProblemFacts, 'instance'> = {
  status: 400,
  detail: 'The body cannot be decompressed as its Content-Encoding says; send it compressed that way, or unencoded.',
};

function isJsonScalar(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return value === null || typeof value !== 'object';
  } catch {
    return false;
  }
}

export function bodyParserProblem(error: unknown): Omit<ProblemFacts, 'instance'> | undefined {
  if (!isRecord(error)) return undefined;
  // Strict JSON: `null`, `123` or `"text"` are JSON, but no body this API takes is anything but an object.
  if (error.type === 'entity.parse.failed' && typeof error.body === 'string' && /^\s*[^\s{[]/.test(error.body) && isJsonScalar(error.body))
    return { ...BODY_PARSER_PROBLEMS['entity.parse.failed'], detail: 'The body is JSON, but not an object: send a JSON object.' };
  if (typeof error.type === 'string' && BODY_PARSER_PROBLEMS[error.type]) return BODY_PARSER_PROBLEMS[error.type];
  if (error.status === 400 && typeof error.errno === 'number' && typeof error.code === 'string' && ZLIB_ERROR.test(error.code))
    return UNREADABLE_ENCODED_BODY;
  return undefined;
}

/** The members of a thrown body that the problem's own fields replace; everything else is kept as an extension. */
const REPLACED = new Set(['statusCode', 'error', 'message', 'violations', 'rule', 'type', 'title', 'status', 'detail', 'instance']);

/**
 * A Nest HttpException's body (a string, Nest's own object or our ProblemBody) as the facts of a problem; members
 * of its own (`wouldAllow`, `openCases`) stay as RFC 9457 extension members.
 */
function httpExceptionFacts(error: HttpException): Omit<ProblemFacts, 'instance'> & { extra?: Record<string, unknown> } {
  const status = error.getStatus();
  const body = error.getResponse();
  if (!isRecord(body)) return { status, detail: String(body) };
  const { message, violations, rule } = body;
  const detail = Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : error.message;
  const extra = Object.fromEntries(Object.entries(body).filter(([key]) => !REPLACED.has(key)));
  return {
    status,
    detail,
    violations: Array.isArray(violations) ? violations.filter(isViolation) : undefined,
    rule: typeof rule === 'string' ? rule : undefined,
    ...(Object.keys(extra).length > 0 ? { extra } : {}),
  };
}

const isViolation = (value: unknown): value is Violation =>
  isRecord(value) && typeof value.field === 'string' && typeof value.reason === 'string';

/**
 * Every error as an RFC 9457 problem (`application/problem+json`, docs/problems.md): the domain's and the store's
 * refusals, validation, the guard's 401/403 (a 401 with `WWW-Authenticate`), the framework's own 404/400/413/415,
 * and an outage of the database (down, restarting, out of connections) as 503 with Retry-After — the client sends
 * the same command again with the same Idempotency-Key. The unexpected is a 500 that says nothing of the code.
 */
@Catch()
export class DomainErrorsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(error: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) return;
    const facts = this.factsOf(error);
    // Nest's own "Cannot GET /path?query" would repeat the query, which may hold a name searched for.
    if (facts.status === 404 && /^Cannot [A-Z]+ /.test(facts.detail)) {
      facts.detail = `Nothing answers ${request.method} ${pathOf(request)}; the operations are listed in /openapi.json.`;
    }
    if (facts.status === 503) response.setHeader('Retry-After', '5');
    if (facts.status === 401) {
      // RFC 6750 §3: a request that carried a token is told it is not valid; one without is told how to authenticate.
      const error = request.headers.authorization ? ', error="invalid_token"' : '';
      response.setHeader('WWW-Authenticate', `Bearer realm="perheverkko"${error}`);
    }
    sendProblem(response, { ...facts, instance: pathOf(request) }, facts.extra);
  }

  private factsOf(error: unknown): Omit<ProblemFacts, 'instance'> & { extra?: Record<string, unknown> } {
    if (error instanceof DomainRuleViolation) return { status: REFUSAL_STATUS[error.kind], detail: error.message, rule: error.rule };
    if (
      error instanceof StreamRevisionConflictError ||
      error instanceof EventIdReusedError ||
      error instanceof InvalidEventStoreArgumentError
    ) {
      return storeRefusal(error);
    }
    const parser = bodyParserProblem(error);
    if (parser) return parser;
    if (error instanceof HttpException) return httpExceptionFacts(error);
    if (isTransientFailure(error)) {
      return {
        status: 503,
        detail: 'The database is unavailable or busy for a moment. Send the same request again (with the same Idempotency-Key) shortly.',
      };
    }
    this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return { status: 500, detail: 'Something unexpected went wrong on our side; it is logged. Try again later.' };
  }
}

/** The request's path for `instance`: never its query, which may hold a name searched for. */
export function pathOf(request: Request): string {
  return (request.originalUrl ?? request.url ?? '').split('?')[0];
}

export function sendProblem(response: Response, facts: ProblemFacts, extra: Record<string, unknown> = {}): void {
  response
    .status(facts.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify({ ...problemOf(facts), ...extra }));
}
