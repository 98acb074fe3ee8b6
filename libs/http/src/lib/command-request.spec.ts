import type { Request } from 'express';
import { canonicalJson, expectedRevisionOf, requestFingerprintOf } from './command-request';

const request = (body: unknown, params: Record<string, string> = {}, path = '/concerns/:caseId/zone-ratings') =>
  ({ method: 'post', path: '/concerns/c1/zone-ratings', route: { path }, params, body }) as Parameters<typeof requestFingerprintOf>[0];

describe('the request an Idempotency-Key is bound to', () => {
  it('should write the same JSON whatever the order of keys, and keep the order of arrays', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe(canonicalJson({ a: { c: null, d: [2, 1] }, b: 1 }));
    expect(canonicalJson({ a: [1, 2] })).not.toBe(canonicalJson({ a: [2, 1] }));
    expect(canonicalJson({ a: undefined, b: 'x' })).toBe('{"b":"x"}');
  });

  it('should name the operation by method and route template, and hash path parameters and body', () => {
    const first = requestFingerprintOf(request({ zone: 2, reason: 'x' }, { caseId: 'c1' }));
    expect(first.operation).toBe('POST /concerns/:caseId/zone-ratings');
    expect(first.request).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(requestFingerprintOf(request({ reason: 'x', zone: 2 }, { caseId: 'c1' }))).toEqual(first);
    expect(requestFingerprintOf(request({ zone: 3, reason: 'x' }, { caseId: 'c1' })).request).not.toBe(first.request);
    expect(requestFingerprintOf(request({ zone: 2, reason: 'x' }, { caseId: 'c2' })).request).not.toBe(first.request);
    expect(requestFingerprintOf(request({ zone: 2, reason: 'x' }, { caseId: 'c1' }, '/concerns/:caseId/raisings')).operation).not.toBe(
      first.operation,
    );
  });
});

describe('the revision a client sends in If-Match', () => {
  const withIfMatch = (value: string) => ({ headers: { 'if-match': value } }) as unknown as Request;

  it('should take the strong ETag of the last read as the revision', () => {
    expect(expectedRevisionOf(withIfMatch('"3"'))).toBe(3);
    expect(expectedRevisionOf({ headers: {} } as Request)).toBeUndefined();
  });

  it('should refuse a weak tag, which never matches, and anything not a revision, with 400 naming the header', () => {
    for (const sent of ['W/"3"', '*', '"-1"', '"1.5"', '"99999999999999999999"', 'garbage'])
      expect(() => expectedRevisionOf(withIfMatch(sent))).toThrow(expect.objectContaining({ status: 400 }));
  });
});
