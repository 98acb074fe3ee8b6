import { ForbiddenException, NotFoundException, UnauthorizedException, type ArgumentsHost } from '@nestjs/common';
import { DomainRuleViolation } from '@perheverkko/decider';
import { StreamRevisionConflictError } from '@perheverkko/event-store';
import { DomainErrorsFilter } from './domain-errors.filter';

/** What the filter answered: status, headers and body, as an Express response records them. */
function answer(
  error: unknown,
  request: Record<string, unknown> = { method: 'GET', originalUrl: '/concerns/c-1?q=Virtanen', headers: {} },
) {
  const sent: { status?: number; headers: Record<string, string>; type?: string; body?: Record<string, unknown> } = { headers: {} };
  const response = {
    headersSent: false,
    status(code: number) {
      sent.status = code;
      return response;
    },
    setHeader(name: string, value: string) {
      sent.headers[name] = value;
      return response;
    },
    type(type: string) {
      sent.type = type;
      return response;
    },
    send(body: string) {
      sent.body = JSON.parse(body);
      return response;
    },
  };
  const host = {
    switchToHttp: () => ({ getResponse: () => response, getRequest: () => request }),
  } as unknown as ArgumentsHost;
  new DomainErrorsFilter().catch(error, host);
  return sent;
}

describe('answers to what went wrong (RFC 9457 problems)', () => {
  it('should answer a rule with 409, its own type and the rule, as application/problem+json', () => {
    expect(answer(new DomainRuleViolation('consent-unknown', 'no such consent', 'conflict'))).toMatchObject({
      status: 409,
      type: 'application/problem+json',
      body: {
        type: 'urn:perheverkko:problem:consent-unknown',
        title: 'Refused by a rule of the model',
        status: 409,
        detail: 'no such consent',
        rule: 'consent-unknown',
        // The path only: a query may hold a name searched for.
        instance: '/concerns/c-1',
        // The shape before RFC 9457, kept for existing clients.
        statusCode: 409,
        message: 'no such consent',
      },
    });
  });

  it('should answer an outage of the database with 503 and Retry-After, never 500', () => {
    const tooMany = Object.assign(new Error('sorry, too many clients already'), { code: '53300' });
    expect(answer(tooMany)).toMatchObject({
      status: 503,
      headers: { 'Retry-After': '5' },
      body: { type: 'urn:perheverkko:problem:service-unavailable', title: 'Service unavailable' },
    });
    expect(answer(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toMatchObject({
      status: 503,
    });
  });

  it("should keep a refusal's own members (wouldAllow) and say nothing of the code in a 500", () => {
    expect(
      answer(new ForbiddenException({ statusCode: 403, error: 'Forbidden', message: 'no', rule: 'no-relation-to-case', wouldAllow: 'x' })),
    ).toMatchObject({
      status: 403,
      body: { rule: 'no-relation-to-case', wouldAllow: 'x', type: 'urn:perheverkko:problem:no-relation-to-case' },
    });
    const unexpected = answer(new TypeError('x is undefined'));
    expect(unexpected).toMatchObject({ status: 500, body: { type: 'urn:perheverkko:problem:internal-error' } });
    expect(JSON.stringify(unexpected.body)).not.toContain('x is undefined');
  });

  it('should tell a concurrent change without naming the stream or its revisions', () => {
    const conflict = answer(new StreamRevisionConflictError('Concern-1234', 3, 5));
    expect(conflict).toMatchObject({ status: 409, body: { type: 'urn:perheverkko:problem:concurrent-change' } });
    expect(JSON.stringify(conflict.body)).not.toMatch(/Concern-1234|stream|revision/i);
  });

  it('should answer 401 with WWW-Authenticate, naming an invalid token only when one was sent', () => {
    expect(answer(new UnauthorizedException('no token'))).toMatchObject({
      status: 401,
      headers: { 'WWW-Authenticate': 'Bearer realm="perheverkko"' },
      body: { type: 'urn:perheverkko:problem:unauthenticated' },
    });
    expect(answer(new UnauthorizedException('expired'), { originalUrl: '/x', headers: { authorization: 'Bearer x' } })).toMatchObject({
      headers: { 'WWW-Authenticate': 'Bearer realm="perheverkko", error="invalid_token"' },
    });
  });

  it("should answer body-parser's refusals and Nest's own 404 as problems", () => {
    expect(answer(Object.assign(new SyntaxError('Unexpected token'), { type: 'entity.parse.failed', status: 400 }))).toMatchObject({
      status: 400,
      body: { type: 'urn:perheverkko:problem:malformed-json' },
    });
    // Strict JSON refuses a scalar: it is JSON, so the answer says what is wanted instead.
    for (const body of ['null', ' 123', '"text"'])
      expect(answer(Object.assign(new SyntaxError('Unexpected token'), { type: 'entity.parse.failed', status: 400, body }))).toMatchObject({
        status: 400,
        body: { detail: 'The body is JSON, but not an object: send a JSON object.' },
      });
    expect(
      answer(Object.assign(new SyntaxError('Unexpected token'), { type: 'entity.parse.failed', status: 400, body: 'nul' })),
    ).toMatchObject({ status: 400, body: { detail: 'The body is not valid JSON.' } });
    expect(answer(Object.assign(new Error('too large'), { type: 'entity.too.large', status: 413 }))).toMatchObject({
      status: 413,
      body: { type: 'urn:perheverkko:problem:payload-too-large' },
    });
    // A body that does not decompress as its Content-Encoding says: zlib's own error, passed on by body-parser as a 400.
    for (const code of ['Z_DATA_ERROR', 'Z_BUF_ERROR', 'ERR__ERROR_FORMAT_PADDING_2'])
      expect(answer(Object.assign(new Error('incorrect header check'), { code, errno: -3, status: 400 }))).toMatchObject({
        status: 400,
        body: { type: 'urn:perheverkko:problem:invalid-request', detail: expect.stringContaining('Content-Encoding') },
      });
    expect(answer(Object.assign(new Error('unsupported'), { type: 'encoding.unsupported', status: 415 }))).toMatchObject({
      status: 415,
      body: { type: 'urn:perheverkko:problem:unsupported-media-type' },
    });
    expect(answer(new NotFoundException('Cannot GET /nowhere'))).toMatchObject({
      status: 404,
      // Nest's own words would repeat the query (a name searched for): the path only.
      body: {
        type: 'urn:perheverkko:problem:not-found',
        detail: 'Nothing answers GET /concerns/c-1; the operations are listed in /openapi.json.',
      },
    });
  });
});
