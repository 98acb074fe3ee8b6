import { canonicalJson, requestFingerprintOf } from './command-request';

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
