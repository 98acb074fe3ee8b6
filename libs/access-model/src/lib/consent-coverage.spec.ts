import { foldAllAccessFacts, type AccessEvent } from './case-access-facts';
import { citedConsentProblem, consentsInForceCovering, convenedOrInvited } from './consent-coverage';

const now = '2026-11-30T12:00:00.000Z';
let n = 0;
const event = (type: string, data: unknown, occurredAt = `2026-11-0${Math.min(9, ++n)}T09:00:00.000Z`): AccessEvent => ({
  eventId: `e-${type}-${++n}`,
  type,
  occurredAt,
  data,
});
const terhi = { id: 'demo-terhi', organisation: 'Kangasala child health clinic', sector: 'child health clinic' };
const olli = { id: 'demo-olli', organisation: 'Kangasala school', sector: 'school' };
const counselling = { organisation: 'Family counselling', sector: 'family counselling' };

const registered = event(
  'ConcernRegistered',
  { raisedBy: { id: 'demo-terhi', organisation: 'Kangasala child health clinic' } },
  '2026-11-01T09:00:00.000Z',
);
const k1 = event(
  'ConsentGranted',
  { consentId: 'k1', scopes: [{ kind: 'sector', value: 'school', share: ['concern'] }], validUntil: '2027-06-01T00:00:00.000Z' },
  '2026-11-02T09:00:00.000Z',
);
const k1Extended = event(
  'ConsentExtended',
  { consentId: 'k1', scopes: [{ kind: 'person', value: 'demo-terhi', share: ['joint-plan'] }], validUntil: '2027-06-01T00:00:00.000Z' },
  '2026-11-03T09:00:00.000Z',
);
const k2 = event(
  'ConsentGranted',
  {
    consentId: 'k2',
    scopes: [
      { kind: 'organisation', value: 'Family counselling', share: [] },
      { kind: 'person', value: 'Terhi Terveydenhoitaja', share: ['concern'] },
    ],
    validUntil: '2027-06-01T00:00:00.000Z',
  },
  '2026-11-04T09:00:00.000Z',
);
const k1Withdrawn = event('ConsentWithdrawn', { consentId: 'k1', withdrawnAt: '2026-11-20T09:00:00.000Z' }, '2026-11-20T09:00:00.000Z');

describe('the consents in force that cover a professional or a service', () => {
  it('should find every consent in force whose scopes (granted or extended) cover them, with what it shares', () => {
    const facts = foldAllAccessFacts([registered, k1, k1Extended, k2]);
    expect(consentsInForceCovering(facts, olli, now)).toEqual([{ consentId: 'k1', shares: ['concern'] }]);
    expect(consentsInForceCovering(facts, terhi, now)).toEqual([{ consentId: 'k1', shares: ['joint-plan'] }]);
    // A service has no person; a scope that shares nothing still names whom the family agreed to.
    expect(consentsInForceCovering(facts, counselling, now)).toEqual([{ consentId: 'k2', shares: [] }]);
  });

  it('should not read a name as an identity, nor a withdrawn or expired consent as covering', () => {
    expect(consentsInForceCovering(foldAllAccessFacts([k2]), terhi, now)).toEqual([]);
    expect(consentsInForceCovering(foldAllAccessFacts([k1, k1Withdrawn]), olli, now)).toEqual([]);
    expect(consentsInForceCovering(foldAllAccessFacts([k1]), olli, '2027-06-01T00:00:00.000Z')).toEqual([]);
  });

  it('should say why a cited consent cannot be relied on', () => {
    const facts = foldAllAccessFacts([k1, k2]);
    expect(citedConsentProblem(facts, 'k1', [olli], now)).toBeUndefined();
    expect(citedConsentProblem(facts, 'k1', [olli, terhi], now)).toBe('does-not-cover');
    expect(citedConsentProblem(facts, 'k9', [olli], now)).toBe('unknown');
    expect(citedConsentProblem(facts, 'toString', [olli], now)).toBe('unknown');
    expect(citedConsentProblem(foldAllAccessFacts([k1Withdrawn]), 'k1', [olli], now)).toBe('unknown');
    expect(citedConsentProblem(foldAllAccessFacts([k1, k1Withdrawn]), 'k1', [olli], now)).toBe('withdrawn');
    expect(citedConsentProblem(facts, 'k1', [olli], '2028-01-01T00:00:00.000Z')).toBe('expired');
  });

  it('should know the convener, and invitees whose invitation is neither cancelled nor declined', () => {
    const invited = event('InvitationSent', { invitationId: 'i1', inviteeId: 'demo-olli', consentId: 'k1' }, '2026-11-05T09:00:00.000Z');
    const declined = event('InvitationReplied', { invitationId: 'i1', reply: 'decline' }, '2026-11-06T09:00:00.000Z');
    const cancelled = event('InvitationCancelled', { invitationId: 'i1' }, '2026-11-06T09:00:00.000Z');
    expect(convenedOrInvited(foldAllAccessFacts([registered, k1, invited]), 'demo-terhi')).toBe('convener');
    expect(convenedOrInvited(foldAllAccessFacts([registered, k1, invited]), 'demo-olli')).toBe('invited');
    expect(convenedOrInvited(foldAllAccessFacts([registered, k1, invited, declined]), 'demo-olli')).toBeUndefined();
    expect(convenedOrInvited(foldAllAccessFacts([registered, k1, invited, cancelled]), 'demo-olli')).toBeUndefined();
  });
});
