import { RetentionPolicy } from './retention-policy';

describe('RetentionPolicy', () => {
  const policy = RetentionPolicy.parse('default:12,feedback:1,child-protection-notification:25');

  it('should give each record type its own period and the default to the rest', () => {
    expect(policy.eraseAfter('feedback', new Date('2026-03-31T00:00:00Z')).toISOString()).toBe('2027-03-31T00:00:00.000Z');
    expect(policy.eraseAfter('joint-plan', new Date('2026-03-31T00:00:00Z')).toISOString()).toBe('2038-03-31T00:00:00.000Z');
    expect(policy.yearsFor('child-protection-notification')).toBe(25);
  });

  it.each([
    ['feedback:1', /must give a default/],
    ['default:0', /must look like/],
    ['default:ten', /must look like/],
    ['Default:5', /must look like/],
  ])('should refuse "%s", saying why', (spec, reason) => {
    expect(() => RetentionPolicy.parse(spec)).toThrow(reason);
  });
});
