import { ForbiddenException, type ArgumentsHost } from '@nestjs/common';
import { DomainRuleViolation } from '@perheverkko/decider';
import { DomainErrorsFilter } from './domain-errors.filter';

/** What the filter answered: status, headers and body, as an Express response records them. */
function answer(error: unknown) {
  const sent: { status?: number; headers: Record<string, string>; body?: unknown } = { headers: {} };
  const response = {
    status(code: number) {
      sent.status = code;
      return response;
    },
    setHeader(name: string, value: string) {
      sent.headers[name] = value;
      return response;
    },
    json(body: unknown) {
      sent.body = body;
      return response;
    },
  };
  const reply = (_res: unknown, body: unknown, status: number) => {
    sent.status = status;
    sent.body = body;
  };
  const host = {
    switchToHttp: () => ({ getResponse: () => response, getRequest: () => ({}) }),
    getArgs: () => [{}, response],
    getArgByIndex: (i: number) => [{}, response][i],
    getType: () => 'http',
  } as unknown as ArgumentsHost;
  new DomainErrorsFilter({ reply, isHeadersSent: () => false, end: () => undefined } as never).catch(error, host);
  return sent;
}

describe('answers to what went wrong', () => {
  it('should answer a rule with 409 naming it', () => {
    expect(answer(new DomainRuleViolation('consent-unknown', 'no such consent', 'conflict'))).toMatchObject({
      status: 409,
      body: { rule: 'consent-unknown' },
    });
  });

  it('should answer an outage of the database with 503 and Retry-After, never 500', () => {
    const tooMany = Object.assign(new Error('sorry, too many clients already'), { code: '53300' });
    expect(answer(tooMany)).toMatchObject({ status: 503, headers: { 'Retry-After': '5' }, body: { error: 'Service Unavailable' } });
    expect(answer(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toMatchObject({
      status: 503,
    });
  });

  it("should leave Nest's own answers (a 403 refusal) and the unexpected (500) as they are", () => {
    expect(
      answer(new ForbiddenException({ statusCode: 403, error: 'Forbidden', message: 'no', rule: 'no-relation-to-case' })),
    ).toMatchObject({ status: 403, body: { rule: 'no-relation-to-case' } });
    expect(answer(new TypeError('x is undefined'))).toMatchObject({ status: 500 });
  });
});
