import { decideAccess, readableCategories, type Caller } from './access-decision';
import { foldAllAccessFacts, type AccessEvent } from './case-access-facts';
import { SHAREABLE_CATEGORIES, upcastShareWords } from './categories';
import { visibleHistory } from './visible-history';

const now = '2026-11-30T12:00:00.000Z';
const terhi: Caller = {
  id: 'demo-terhi',
  roles: ['professional'],
  organisation: 'Kangasala child health clinic',
  sector: 'child health clinic',
};
const olli: Caller = { id: 'demo-olli', roles: ['professional'], organisation: 'Kangasala school', sector: 'school' };
const otherTeacher: Caller = { id: 'demo-outi', roles: ['professional'], organisation: 'Kangasala school', sector: 'school' };
const kaisa: Caller = { id: 'demo-kaisa', roles: ['coordinator'], organisation: 'Kangasala child health clinic' };
const otherCoordinator: Caller = { id: 'demo-kalle', roles: ['coordinator'], organisation: 'Family centre' };
const aino: Caller = { id: 'demo-aino', roles: ['auditor'], organisation: 'Wellbeing services county' };
const antti: Caller = { id: 'demo-antti', roles: ['analyst'], organisation: 'Wellbeing services county' };
const pekka: Caller = { id: 'demo-pekka', roles: ['administrator'], organisation: 'Wellbeing services county IT' };

let n = 0;
const event = (type: string, data: unknown, occurredAt = `2026-11-0${Math.min(9, ++n)}T09:00:00.000Z`): AccessEvent => ({
  eventId: `e-${type}-${n}`,
  type,
  occurredAt,
  data,
});

const registered = event(
  'ConcernRegistered',
  { raisedBy: { id: 'demo-terhi', organisation: 'Kangasala child health clinic' } },
  '2026-11-01T09:00:00.000Z',
);
const consentShares = (share: string[], validUntil = '2027-06-01T00:00:00.000Z') =>
  event(
    'ConsentGranted',
    { consentId: 'k1', scopes: [{ kind: 'person', value: 'demo-olli', share }], validUntil },
    '2026-11-02T09:00:00.000Z',
  );
const invited = event(
  'InvitationSent',
  { invitationId: 'i1', inviteeId: 'demo-olli', consentId: 'k1', share: [] },
  '2026-11-03T09:00:00.000Z',
);
const withdrawn = event('ConsentWithdrawn', { consentId: 'k1', withdrawnAt: '2026-11-20T09:00:00.000Z' }, '2026-11-20T09:00:00.000Z');
const namedOlli = event(
  'ResponsibleWorkersNamed',
  { workers: [{ professionalId: 'demo-olli' }], consentId: 'k1' },
  '2026-11-10T09:00:00.000Z',
);

describe('who may read and act on which category of a case', () => {
  it('should let the convener read and act on every shareable category', () => {
    const facts = foldAllAccessFacts([registered]);
    for (const category of SHAREABLE_CATEGORIES) {
      expect(decideAccess(terhi, facts, category, 'read', now)).toMatchObject({ allowed: true, as: 'convener' });
      expect(decideAccess(terhi, facts, category, 'act', now)).toMatchObject({ allowed: true, as: 'convener' });
    }
  });

  it('should open to an invitee exactly the categories the consent shares, and let them act on nothing but their reply', () => {
    const facts = foldAllAccessFacts([registered, consentShares(['concern']), invited]);
    expect(decideAccess(olli, facts, 'concern', 'read', now)).toMatchObject({
      allowed: true,
      as: 'invited-participant',
      consentIds: ['k1'],
    });
    expect(decideAccess(olli, facts, 'joint-plan', 'read', now)).toMatchObject({ allowed: false, rule: 'consent-does-not-share' });
    expect(decideAccess(olli, facts, 'identity', 'read', now)).toMatchObject({ allowed: false, rule: 'consent-does-not-share' });
    for (const category of ['consents', 'joint-plan', 'concern', 'follow-up'] as const) {
      expect(decideAccess(olli, facts, category, 'act', now)).toMatchObject({ allowed: false, rule: 'role-may-not-act' });
    }
    expect(decideAccess(olli, facts, 'consents', 'reply', now)).toMatchObject({ allowed: true });
    expect([...readableCategories(olli, facts, now)]).toEqual(['concern']);
  });

  it('should refuse the wrong person: covered by the consent’s sector but never invited', () => {
    const sectorConsent = event('ConsentGranted', {
      consentId: 'k2',
      scopes: [{ kind: 'sector', value: 'school', share: ['concern'] }],
      validUntil: '2027-01-01T00:00:00.000Z',
    });
    const facts = foldAllAccessFacts([
      registered,
      sectorConsent,
      { ...invited, data: { invitationId: 'i2', inviteeId: 'demo-olli', consentId: 'k2' } },
    ]);
    expect(decideAccess(olli, facts, 'concern', 'read', now)).toMatchObject({ allowed: true });
    expect(decideAccess(otherTeacher, facts, 'concern', 'read', now)).toMatchObject({ allowed: false, rule: 'no-relation-to-case' });
  });

  it('should give the right to act to the worker the family names at a follow-up meeting, and take it from the one before (issue 18)', () => {
    // Olli was responsible from the first meeting; at the follow-up the family names Outi from the same school.
    const schoolConsent = event(
      'ConsentGranted',
      { consentId: 'k3', scopes: [{ kind: 'sector', value: 'school', share: ['concern'] }], validUntil: '2027-06-01T00:00:00.000Z' },
      '2026-11-02T09:00:00.000Z',
    );
    const worker = (id: string) => ({ professionalId: id, name: id, organisation: 'Kangasala school', publicService: true });
    const firstPlan = event(
      'PlanAgreed',
      { meetingId: 'm-1', revision: 1, responsibleWorkers: [worker('demo-olli')], consentId: 'k3' },
      '2026-11-10T09:00:00.000Z',
    );
    const tracked = (revision: number, ids: string[], at: string) =>
      event('PlanTrackingUpdated', { meetingId: revision === 1 ? 'm-1' : 'm-2', revision, responsibleWorkerIds: ids, consentId: 'k3' }, at);
    const namedAtFollowUp = event(
      'ResponsibleWorkersNamed',
      { workers: [worker('demo-outi')], previous: ['demo-olli'], consentId: 'k3' },
      '2026-11-24T09:00:00.000Z',
    );
    const followUpPlan = event(
      'PlanRevised',
      { meetingId: 'm-2', revision: 2, responsibleWorkers: [worker('demo-outi')], consentId: 'k3', confirmed: false },
      '2026-11-24T09:00:00.000Z',
    );
    const before = foldAllAccessFacts([registered, schoolConsent, firstPlan, tracked(1, ['demo-olli'], '2026-11-10T09:00:00.000Z')]);
    expect(decideAccess(olli, before, 'follow-up', 'act', now)).toMatchObject({
      allowed: true,
      as: 'responsible-worker',
      consentIds: ['k3'],
    });
    expect(decideAccess(otherTeacher, before, 'follow-up', 'act', now)).toMatchObject({ allowed: false, rule: 'no-relation-to-case' });
    // The meeting's events and plan follow-up's tracking of them, in either order and from either source (the fold is idempotent).
    const histories = [
      [
        registered,
        schoolConsent,
        firstPlan,
        tracked(1, ['demo-olli'], '2026-11-10T09:00:00.000Z'),
        namedAtFollowUp,
        followUpPlan,
        tracked(2, ['demo-outi'], '2026-11-24T09:00:00.000Z'),
      ],
      [
        registered,
        schoolConsent,
        tracked(2, ['demo-outi'], '2026-11-24T09:00:00.000Z'),
        followUpPlan,
        namedAtFollowUp,
        tracked(1, ['demo-olli'], '2026-11-10T09:00:00.000Z'),
        firstPlan,
      ],
    ];
    for (const history of histories) {
      const after = foldAllAccessFacts(history);
      expect(after.responsibleWorkers).toMatchObject({ ids: ['demo-outi'], consentId: 'k3' });
      expect(decideAccess(otherTeacher, after, 'follow-up', 'act', now)).toMatchObject({ allowed: true, as: 'responsible-worker' });
      expect(decideAccess(otherTeacher, after, 'joint-plan', 'act', now)).toMatchObject({ allowed: true, as: 'responsible-worker' });
      expect(decideAccess(olli, after, 'follow-up', 'act', now)).toMatchObject({ allowed: false, rule: 'no-relation-to-case' });
      expect(decideAccess(olli, after, 'follow-up', 'read', now)).toMatchObject({ allowed: false });
    }
  });

  it('should end every access resting on a consent once the family withdraws it, naming that rule', () => {
    const facts = foldAllAccessFacts([registered, consentShares(['concern', 'joint-plan']), invited, namedOlli, withdrawn]);
    for (const category of SHAREABLE_CATEGORIES) {
      expect(decideAccess(olli, facts, category, 'read', now)).toMatchObject({ allowed: false, rule: 'consent-withdrawn' });
    }
    expect(decideAccess(terhi, facts, 'concern', 'read', now)).toMatchObject({ allowed: true });
  });

  it('should keep an invitee whom another consent in force still covers, reading only what that one shares', () => {
    const second = event(
      'ConsentGranted',
      { consentId: 'k2', scopes: [{ kind: 'sector', value: 'school', share: ['meeting-record'] }], validUntil: '2027-06-01T00:00:00.000Z' },
      '2026-11-04T09:00:00.000Z',
    );
    const facts = foldAllAccessFacts([registered, consentShares(['concern', 'joint-plan']), second, invited, withdrawn]);
    expect(decideAccess(olli, facts, 'meeting-record', 'read', now)).toMatchObject({
      allowed: true,
      as: 'invited-participant',
      consentIds: ['k2'],
    });
    expect(decideAccess(olli, facts, 'concern', 'read', now)).toMatchObject({ allowed: false, rule: 'consent-does-not-share' });
  });

  it('should end access when the consent expires', () => {
    const facts = foldAllAccessFacts([registered, consentShares(['concern'], '2026-11-15T00:00:00.000Z'), invited]);
    expect(decideAccess(olli, facts, 'concern', 'read', now)).toMatchObject({ allowed: false, rule: 'consent-expired' });
  });

  it('should let a responsible worker named under a consent in force revise the plan and follow it up, but not change consents', () => {
    const facts = foldAllAccessFacts([registered, consentShares(['joint-plan']), namedOlli]);
    expect(decideAccess(olli, facts, 'joint-plan', 'act', now)).toMatchObject({ allowed: true, as: 'responsible-worker' });
    expect(decideAccess(olli, facts, 'follow-up', 'act', now)).toMatchObject({ allowed: true, as: 'responsible-worker' });
    expect(decideAccess(olli, facts, 'consents', 'act', now)).toMatchObject({ allowed: false, rule: 'role-may-not-act' });
    expect(decideAccess(olli, facts, 'routing', 'read', now)).toMatchObject({ allowed: false, rule: 'consent-does-not-share' });
  });

  it('should let the organiser’s coordinator act on consents and read the processing history, and no other organiser’s', () => {
    const facts = foldAllAccessFacts([registered]);
    expect(decideAccess(kaisa, facts, 'consents', 'act', now)).toMatchObject({ allowed: true, as: 'organiser-coordinator' });
    expect(decideAccess(kaisa, facts, 'processing-history', 'read', now)).toMatchObject({ allowed: true });
    expect(decideAccess(kaisa, facts, 'joint-plan', 'read', now)).toMatchObject({ allowed: false, rule: 'role-may-not-read' });
    expect(decideAccess(otherCoordinator, facts, 'consents', 'act', now)).toMatchObject({ allowed: false, rule: 'no-relation-to-case' });
  });

  it('should let auditors read everything and act on nothing; analysts and administrators hold no role in a case', () => {
    const facts = foldAllAccessFacts([registered]);
    expect(decideAccess(aino, facts, 'whole-case', 'read', now)).toMatchObject({ allowed: true, as: 'auditor' });
    expect(decideAccess(aino, facts, 'joint-plan', 'act', now)).toMatchObject({ allowed: false });
    expect(decideAccess(antti, facts, 'concern', 'read', now)).toMatchObject({ allowed: false, rule: 'no-case-data-for-role' });
    expect(decideAccess(pekka, facts, 'concern', 'read', now)).toMatchObject({ allowed: false, rule: 'no-case-data-for-role' });
  });

  it('should name in every refusal what would allow it', () => {
    const refusal = decideAccess(olli, foldAllAccessFacts([registered]), 'joint-plan', 'act', now);
    expect(refusal).toMatchObject({ allowed: false, wouldAllow: 'convener, or responsible worker' });
  });
});

describe('the facts fold', () => {
  it('should give the same facts whatever the order or repetition of events (projection and own streams overlap)', () => {
    const events = [registered, consentShares(['concern']), invited, namedOlli, withdrawn];
    const once = foldAllAccessFacts(events);
    expect(foldAllAccessFacts([...events].reverse())).toEqual(once);
    expect(foldAllAccessFacts([...events, ...events])).toEqual(once);
  });

  it('should read consents stored with the old free words: "joint plan" opens the joint plan, unknown words open nothing', () => {
    expect(upcastShareWords(['concern', 'joint plan', 'everything'])).toEqual({
      share: ['concern', 'joint-plan'],
      unrecognised: ['everything'],
    });
    const facts = foldAllAccessFacts([registered, consentShares(['joint plan', 'everything']), invited]);
    expect([...readableCategories(olli, facts, now)]).toEqual(['joint-plan']);
  });
});

describe('a history as the caller may see it', () => {
  it('should leave out events of categories not read and withhold identity fields', () => {
    const history = [
      { type: 'ConcernRegistered', data: { children: [{ name: 'Aada' }], guardians: [{ name: 'Mari' }], description: 'sleep' } },
      { type: 'RouteDecided', data: { chosenRoute: 'joint-meeting' } },
      { type: 'SomethingNew', data: {} },
    ];
    const seen = visibleHistory(history, new Set(['concern'] as const));
    expect(seen.events).toEqual([
      {
        type: 'ConcernRegistered',
        data: { children: { withheld: 'identity' }, guardians: { withheld: 'identity' }, description: 'sleep' },
      },
    ]);
    // Every category not read, not only those of the events left out: the list tells nothing of what happened.
    expect(seen.withheld).toEqual(['identity', 'routing', 'consents', 'meeting-record', 'joint-plan', 'follow-up']);
    expect(visibleHistory(history, new Set(SHAREABLE_CATEGORIES)).events).toHaveLength(3);
  });
});
