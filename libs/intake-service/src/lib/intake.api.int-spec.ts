import { AADA_CONCERN, JOINT_MEETING_FACTS } from '@perheverkko/intake-domain/testing';
import { Module, type INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { ContractRegistry, INTAKE_CONTRACTS, topicOf } from '@perheverkko/contracts';
import type { EventStore } from '@perheverkko/event-store';
import { Publication } from '@perheverkko/messaging';
import { EVENT_STORE } from '@perheverkko/service-host';
import { PlatformModule } from '@perheverkko/platform';
import { serveInProcess } from '@perheverkko/platform/testing';
import { IntakeModule } from './intake.module';

/** The intake API in-process, on the PostgreSQL server when TEST_DATABASE_URL is set (CI), else embedded. */
@Module({ imports: [PlatformModule, IntakeModule] })
class IntakeApp {}

const facts = JOINT_MEETING_FACTS;
const concern = {
  ...AADA_CONCERN,
  children: [{ name: 'Testilapsi Aada', identifier: '010118A9989' }],
  guardians: [{ name: 'Testiäiti Mari', identifier: '131052-308T' }],
  description: 'SALAINEN: väsynyt joka aamu',
};

describe('intake API', () => {
  let served: Awaited<ReturnType<typeof serveInProcess>>;
  let app: INestApplication;
  let pool: Pool;
  let call: Awaited<ReturnType<typeof serveInProcess>>['call'];

  beforeAll(async () => {
    served = await serveInProcess(IntakeApp, 'intake');
    ({ app, pool, call } = served);
  }, 60_000);

  afterAll(() => served?.close());

  /** Events written under one correlation id: precise even while other suites write to the same store. */
  const eventsOf = async (correlationId: string) =>
    Number((await pool.query(`select count(*) as n from intake.events where metadata->>'correlationId' = $1`, [correlationId])).rows[0].n);

  async function registered(extra: object = {}) {
    const created = await call('POST', '/concerns', { ...concern, ...extra }, 'terhi', { 'idempotency-key': randomUUID() });
    expect(created.status).toBe(201);
    return created.body.caseId as string;
  }

  describe('registering a concern', () => {
    it('should register once per idempotency key and say where the case is', async () => {
      const key = randomUUID();
      const first = await call('POST', '/concerns', concern, 'terhi', { 'idempotency-key': key });
      expect(first.status).toBe(201);
      expect(first.headers.get('location')).toBe(`/concerns/${first.body.caseId}`);
      expect(first.body).toMatchObject({ revision: 1, alreadyHandled: false, events: ['ConcernRegistered', 'ZoneRated'] });
      const again = await call('POST', '/concerns', concern, 'terhi', { 'idempotency-key': key });
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ caseId: first.body.caseId, revision: 1, alreadyHandled: true });
      const view = await call('GET', `/concerns/${first.body.caseId}`);
      expect(view.body).toMatchObject({
        channel: 'close-worker',
        currentZone: 3,
        children: concern.children,
        raisedBy: { id: 'demo-terhi', sector: 'child health clinic' },
      });
    });

    it.each<[string, string, object, RegExp]>([
      ['an unknown zone', 'zone', { zone: 5 }, /must not be greater than 4/],
      [
        'a bad identity code',
        'children.0.identifier',
        { children: [{ name: 'A', identifier: '010118A998P' }] },
        /check character should be 9, not P/,
      ],
      [
        'a temporary identifier too short (told the temporary rule, not the identity code’s)',
        'children.0.identifier',
        { children: [{ name: 'A', identifier: 'TEMP-1' }] },
        /^identifier: a temporary identifier is TEMP- followed by 4–40 letters/,
      ],
      ['an impossible birth date', 'guardians.0.identifier', { guardians: [{ name: 'M', identifier: '310218A9989' }] }, /is not a date/],
      ['an unknown channel', 'channel', { channel: 'fax' }, /must be one of/],
      ['a missing description', 'description', { description: undefined }, /must be a string/],
      ['an unknown field', 'favouriteColour', { favouriteColour: 'blue' }, /should not exist/],
    ])('should refuse %s with 400 naming %s, and store nothing', async (_what, field, change, reason) => {
      const correlationId = randomUUID();
      const response = await call('POST', '/concerns', { ...concern, ...change }, 'terhi', { 'x-correlation-id': correlationId });
      expect(response.status).toBe(400);
      const reasons = response.body.violations.filter((v: { field: string }) => v.field === field).map((v: { reason: string }) => v.reason);
      expect(reasons.join(' | ')).toMatch(reason);
      expect(await eventsOf(correlationId)).toBe(0);
    });

    it('should keep the family’s personal data out of the event store in plain text', async () => {
      await registered();
      const { rows } = await pool.query<{ row: string }>(`select data::text as row from intake.events`);
      for (const { row } of rows) expect(row).not.toMatch(/Testilapsi|Testiäiti|SALAINEN|010118A9989|131052-308T/);
    });
  });

  describe('routing', () => {
    it('should recommend with reasons', async () => {
      const response = await call('POST', '/routing/recommendation', { ...facts, suspectedViolence: true });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ route: 'police-and-child-protection-notification', reasons: [expect.stringMatching(/violence/)] });
    });

    it('should request a joint meeting and publish events that match their contracts', async () => {
      const caseId = await registered();
      const decided = await call('POST', `/concerns/${caseId}/route-decision`, { facts, chosenRoute: 'joint-meeting' });
      expect(decided.status).toBe(201);
      expect(decided.body.events).toEqual(['RouteDecided', 'JointMeetingRequested']);
      const publication = new Publication(topicOf('intake'), new ContractRegistry(INTAKE_CONTRACTS));
      const stored = await app.get<EventStore>(EVENT_STORE).readStream(`Concern-${caseId}`);
      const published = stored.map((e) => publication.toIntegrationEvent(e)).filter(Boolean);
      expect(published.map((e) => e!.type)).toEqual(['ConcernRegistered', 'ZoneRated', 'RouteDecided', 'JointMeetingRequested']);
    });

    it.each<[string, object, string]>([
      [
        'zone 4 to the model',
        { facts: { ...facts, zone: 4 }, chosenRoute: 'joint-meeting', deviationReason: 'family prefers' },
        'statutory-route',
      ],
      [
        'suspected violence to follow-up only',
        { facts: { ...facts, suspectedViolence: true }, chosenRoute: 'follow-concern', deviationReason: 'x' },
        'statutory-route',
      ],
      [
        'a joint meeting the family does not wish',
        { facts: { ...facts, familyWishesSupport: false }, chosenRoute: 'joint-meeting', deviationReason: 'x' },
        'family-wish-required',
      ],
      ['a departure without a reason', { facts, chosenRoute: 'follow-concern' }, 'deviation-reason'],
    ])('should refuse %s with 422 naming the rule, and store nothing', async (_what, body, rule) => {
      const caseId = await registered();
      const correlationId = randomUUID();
      const response = await call('POST', `/concerns/${caseId}/route-decision`, body, 'terhi', { 'x-correlation-id': correlationId });
      expect(response.status).toBe(422);
      expect(response.body.rule).toBe(rule);
      expect(await eventsOf(correlationId)).toBe(0);
      expect((await call('GET', `/concerns/${caseId}/history`)).body.events).toHaveLength(2);
    });
  });

  describe('concurrent updates', () => {
    it('should answer 409 to a change based on a revision that is no longer current', async () => {
      const caseId = await registered();
      const first = await call('POST', `/concerns/${caseId}/zone-ratings`, { zone: 2, ratedBy: 'family' }, 'terhi', { 'if-match': '"1"' });
      expect(first.status).toBe(201);
      const stale = await call('POST', `/concerns/${caseId}/zone-ratings`, { zone: 4, ratedBy: 'worker' }, 'terhi', { 'if-match': '"1"' });
      expect(stale.status).toBe(409);
      // A problem a client branches on; no stream's name or position in it.
      expect(stale.body).toMatchObject({ type: 'urn:perheverkko:problem:concurrent-change', status: 409 });
      expect(JSON.stringify(stale.body)).not.toMatch(/Concern-|stream/i);
    });

    it('should let exactly one of two simultaneous changes from the same revision through', async () => {
      const caseId = await registered();
      const [a, b] = await Promise.all([
        call('POST', `/concerns/${caseId}/zone-ratings`, { zone: 2, ratedBy: 'worker' }, 'terhi', { 'if-match': '"1"' }),
        call('POST', `/concerns/${caseId}/zone-ratings`, { zone: 4, ratedBy: 'worker' }, 'terhi', { 'if-match': '"1"' }),
      ]);
      expect([a.status, b.status].sort()).toEqual([201, 409]);
      const history = await call('GET', `/concerns/${caseId}/history`);
      expect(history.body.events.map((e: { type: string }) => e.type)).toEqual(['ConcernRegistered', 'ZoneRated', 'ZoneRated']);
    });
  });

  describe('raising the concern with the family', () => {
    it('should list the concern once its agreed re-raise time has passed, for the worker who raised it', async () => {
      const caseId = await registered({ zone: 2 });
      const missingTime = await call('POST', `/concerns/${caseId}/raisings`, {
        raisedAt: '2026-01-10T09:00:00.000Z',
        present: ['mother'],
        familyResponse: 'ok',
        nextStep: 'diary',
      });
      expect(missingTime.status).toBe(422);
      const recorded = await call('POST', `/concerns/${caseId}/raisings`, {
        raisedAt: '2026-01-10T09:00:00.000Z',
        present: ['mother'],
        familyResponse: 'ok',
        nextStep: 'diary',
        reRaiseAt: '2026-02-10T09:00:00.000Z',
      });
      expect(recorded.status).toBe(201);
      const deadline = Date.now() + 20_000;
      let due: Array<{ caseId: string }> = [];
      while (Date.now() < deadline && !due.some((d) => d.caseId === caseId)) {
        due = (await call('GET', '/concerns/re-raise-due?limit=100')).body.items as Array<{ caseId: string }>;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(due).toContainEqual(expect.objectContaining({ caseId, reRaiseAt: '2026-02-10T09:00:00.000Z' }));
      // Outside zone 2 a discussion needs no agreed re-raise time.
      const zoneThree = await registered();
      expect(
        (
          await call('POST', `/concerns/${zoneThree}/raisings`, {
            raisedAt: '2026-01-10T09:00:00.000Z',
            present: ['father'],
            familyResponse: 'worried',
            nextStep: 'meet',
          })
        ).status,
      ).toBe(201);
      const othersList = (await call('GET', '/concerns/re-raise-due?limit=100', undefined, 'olli')).body.items as Array<{ caseId: string }>;
      expect(othersList.some((d) => d.caseId === caseId)).toBe(false);
    }, 40_000);
  });

  describe('who may see and change a concern', () => {
    it('should refuse a professional who did not raise it, let an auditor with a purpose read it, and never an analyst', async () => {
      const caseId = await registered();
      expect((await call('GET', `/concerns/${caseId}`, undefined, 'olli')).status).toBe(403);
      expect((await call('POST', `/concerns/${caseId}/zone-ratings`, { zone: 2, ratedBy: 'worker' }, 'olli')).status).toBe(403);
      expect((await call('GET', `/concerns/${caseId}/history`, undefined, 'aino', { 'x-purpose': 'complaint review' })).status).toBe(200);
      expect((await call('GET', `/concerns/${caseId}`, undefined, 'antti')).status).toBe(403);
      expect((await call('POST', '/concerns', concern, 'antti')).status).toBe(403);
    });

    it('should record a mandatory notification made by the worker who noticed the concern', async () => {
      const caseId = await registered();
      const made = await call('POST', `/concerns/${caseId}/mandatory-notifications`, {
        kind: 'child-protection',
        madeAt: '2026-11-23T09:30:00.000Z',
        recipient: 'on-call child protection',
      });
      expect(made.status).toBe(201);
      expect((await call('GET', `/concerns/${caseId}`)).body.notifications).toEqual([
        { kind: 'child-protection', madeBy: 'demo-terhi', madeAt: '2026-11-23T09:30:00.000Z', recipient: 'on-call child protection' },
      ]);
    });
  });

  describe('its projections', () => {
    it('should list the concern overview at GET /projections and rebuild it as reporting rebuilds its own', async () => {
      const listed = (await call('GET', '/projections', undefined, 'kaisa')).body as unknown as Array<{
        service: string;
        name: string;
        state: string;
      }>;
      expect(listed).toEqual([expect.objectContaining({ service: 'intake', name: 'concern-overview', schema: 'intake_overview' })]);
      expect((await call('POST', '/projections/concern-overview/rebuild', undefined, 'kaisa')).status).toBe(403);
      expect((await call('POST', '/projections/annual-report/rebuild', undefined, 'pekka')).status).toBe(404);
      expect((await call('POST', '/projections/concern-overview/rebuild', undefined, 'pekka')).status).toBe(202);
      for (const deadline = Date.now() + 30_000; ; await new Promise((resolve) => setTimeout(resolve, 100))) {
        const [status] = (await call('GET', '/projections', undefined, 'pekka')).body as unknown as Array<{
          state: string;
          lastRebuild: unknown;
        }>;
        if (status.state === 'live' && status.lastRebuild) break;
        if (Date.now() > deadline) throw new Error(`the rebuild did not finish: ${JSON.stringify(status)}`);
      }
    });
  });
});
