import { randomUUID } from 'node:crypto';
import { PostgresEventStore, type RecordedEvent } from '@perheverkko/event-store';
import { DatabaseConnection } from '@perheverkko/runtime';
import { schemaOf } from '@perheverkko/service-host';
import { specsThroughKafka } from './chain-env';
import { holdsAuditorsHistoryRead } from './matchers';
import { facts, heldNow, plan, startServiceChain, type ServiceChain } from './standalone-chain';
import { MARI_TERHI_AND_OLLI_ATTEND } from './fixtures';

const SERVICES = ['intake', 'convening', 'meeting', 'plan-followup'] as const;
const CHECK_CHARACTERS = '0123456789ABCDEFHJKLMNPRSTUVWXY';

/** A made-up child's valid identity code (a random day in the 2010s, a random individual number): no other spec's child. */
function identityCode(): string {
  const [year, month, day] = new Date(Date.UTC(2012, 0, 1) + Math.floor(Math.random() * 3650) * 86_400_000)
    .toISOString()
    .slice(0, 10)
    .split('-');
  const number = String(2 + Math.floor(Math.random() * 897)).padStart(3, '0');
  return `${day}${month}${year.slice(2)}A${number}${CHECK_CHARACTERS[Number(`${day}${month}${year.slice(2)}${number}`) % 31]}`;
}

interface Entry {
  eventId: string;
  service: string;
  type: string;
  version: number;
  published: boolean;
  origin: { streamId: string; streamRevision: number; recordedAt: string } | null;
  occurredAt: string;
  causationId: string;
  data: Record<string, unknown>;
}

/**
 * Issue 18, "the auditor's history is complete" (ADR 0013): one family walked through every step of all four
 * services, then the union of the four services' own streams about the case (read from their stores) compared with
 * what the auditor's history lists: every event, once, in causal order, private events kept as recorded (sealed),
 * and the state as of any moment covering every step. On the embedded default (the embedded transport follows each
 * service's audit record), and with KAFKA_BROKERS and TEST_DATABASE_URL through Kafka (the audit topics and relays).
 */
function auditorHistorySpecs(label: string, env: Record<string, string | undefined>) {
  describe(label, () => {
    const saved = { ...process.env };
    let chain: Awaited<ReturnType<typeof startServiceChain>>;
    const stores = new Map<string, PostgresEventStore>();
    let archive: PostgresEventStore;
    let caseId: string;
    const moments: Record<string, string> = {};

    const ok: ServiceChain['ok'] = (...args) => chain.ok(...args);
    const history = (query = '') =>
      chain.call('GET', `/audit/cases/${caseId}/history${query}`, undefined, 'aino', { 'x-purpose': 'issue 18 spec' });
    /** Every event the four services stored about the case, from their own stores. */
    const union = async () =>
      (
        await Promise.all(
          SERVICES.map(async (service) => ((await stores.get(service)?.readByCase(caseId)) ?? []).map((event) => ({ service, event }))),
        )
      ).flat();

    const scheduled = (kind: 'first' | 'follow-up', minutesFromNow: number) =>
      chain.scheduledMeeting(`scheduling the ${kind} meeting`, caseId, { kind, ...heldNow(60, minutesFromNow) });

    beforeAll(async () => {
      chain = await startServiceChain(env, { withReporting: true });
      const { connectionString } = chain.app.get(DatabaseConnection);
      for (const service of SERVICES)
        stores.set(service, await PostgresEventStore.open({ connectionString, schema: schemaOf(service), poolSize: 1 }));
      archive = await PostgresEventStore.open({ connectionString, schema: 'reporting', poolSize: 1 });

      // Intake: the concern, the teacher's concern joined to it, the family's own zone, raising it with the family, the route.
      const child = { name: 'Aada', identifier: identityCode() };
      caseId = (
        await ok('registering', 'POST', '/concerns', {
          channel: 'close-worker',
          municipality: 'Kangasala',
          sector: 'child health clinic',
          children: [child],
          guardians: [{ name: 'Mari', identifier: `TEMP-${randomUUID().slice(0, 8)}` }],
          description: 'väsynyt aamuisin',
          zone: 3,
          ratedBy: 'worker',
        })
      ).caseId;
      const warning = await chain.call(
        'POST',
        '/concerns',
        {
          channel: 'close-worker',
          municipality: 'Kangasala',
          sector: 'school',
          children: [child],
          guardians: [],
          description: 'nukahtaa tunnilla',
          zone: 2,
          ratedBy: 'worker',
        },
        'olli',
      );
      expect([warning.status, warning.body.rule]).toEqual([409, 'open-case-exists']);
      const reference = warning.body.openCases[0].reference as string;
      await ok(
        "joining the teacher's concern",
        'POST',
        '/concerns/joins',
        {
          reference,
          children: [child],
          channel: 'close-worker',
          sector: 'school',
          description: 'nukahtaa tunnilla',
          zone: 2,
          ratedBy: 'worker',
        },
        'olli',
      );
      await ok('the family rates', 'POST', `/concerns/${caseId}/zone-ratings`, { zone: 2, ratedBy: 'family' });
      await ok('raising it with the family', 'POST', `/concerns/${caseId}/raisings`, {
        raisedAt: new Date().toISOString(),
        present: ['Mari'],
        familyResponse: 'huolestunut',
        nextStep: 'yhteinen aika',
        reRaiseAt: new Date(Date.now() + 14 * 86_400_000).toISOString(),
      });
      await ok('route', 'POST', `/concerns/${caseId}/route-decision`, {
        facts,
        chosenRoute: 'joint-meeting',
      });
      await chain.untilFound(`/convenings/${caseId}`, 'convening to open');

      // Convening: consent, an invitation and its reply, the meeting.
      const { consentId } = await chain.consented(caseId, [
        { kind: 'person', value: 'demo-terhi', share: ['concern', 'joint-plan', 'follow-up'] },
        { kind: 'sector', value: 'school', share: ['concern', 'joint-plan'] },
        { kind: 'organisation', value: 'Family counselling', share: ['concern'] },
      ]);
      const { invitationId } = await chain.teacherInvited(caseId);
      await ok('the teacher accepts', 'POST', `/convenings/${caseId}/invitations/${invitationId}/replies`, { reply: 'accept' }, 'olli');
      const { meeting: first } = await scheduled('first', 1);

      // Meeting: every step of the joint meeting.
      const attendance = MARI_TERHI_AND_OLLI_ATTEND;
      await ok('attendance', 'POST', `${first}/attendance`, attendance);
      await ok('consent form', 'POST', `${first}/consent-form`, { signedBy: ['Mari'] });
      await ok('views', 'POST', `${first}/views`, { views: [{ party: 'Mari', view: 'aamut ovat raskaita' }] });
      await ok('Wellbeing Star', 'POST', `${first}/wellbeing-star`, {
        configVersion: 'thl-2017-1',
        ratings: [{ area: 'parenting', score: 4, note: 'jaksaa' }],
      });
      await ok('responsible worker', 'POST', `${first}/responsible-workers`, { workers: [{ professionalId: 'demo-terhi' }] });
      await ok('plan', 'POST', `${first}/plan`, { plan });
      await ok('closing', 'POST', `${first}/closing`, {
        allMattersCovered: true,
        report: {
          organizer: 'Kangasala child health clinic',
          referred: false,
          referredToAssessmentOrSocialWork: false,
          familyGotHelp: 'too-early',
        },
      });
      moments.firstClosed = new Date().toISOString();

      // Plan follow-up: progress, a contact, a follow-up meeting (confirmed plan), the outcome with a referral, closure.
      const tracking = `/cases/${caseId}/plan-tracking`;
      await chain.untilFound(tracking, 'plan tracking');
      await ok('progress', 'POST', `${tracking}/progress`, { actionIndex: 0, status: 'under-way' });
      await new Promise((resolve) => setTimeout(resolve, 5));
      moments.beforeContact = new Date().toISOString();
      await new Promise((resolve) => setTimeout(resolve, 5));
      await ok('contact', 'POST', `${tracking}/contacts`, {
        at: new Date().toISOString(),
        method: 'phone',
        summary: 'nukkuu paremmin',
        nextContactAt: '2031-03-31T10:00:00.000Z',
      });
      await ok('follow-up request', 'POST', `${tracking}/follow-up-requests`, { reason: 'katsotaan miten aamut sujuvat' });
      await chain.until(
        () => chain.call('GET', `/convenings/${caseId}`),
        (r) => r.body.followUpPending === true,
        'convening to note the request',
      );
      const { meetingId: secondId, meeting: second } = await scheduled('follow-up', 2);
      await ok('attendance', 'POST', `${second}/attendance`, attendance);
      // It closes on the plan as it stands (no revision): plan follow-up notes it as held (MeetingHeld).
      await ok('closing', 'POST', `${second}/closing`, {
        allMattersCovered: true,
        report: {
          organizer: 'Kangasala child health clinic',
          referred: false,
          referredToAssessmentOrSocialWork: false,
          familyGotHelp: 'partly',
        },
      });
      await chain.until(
        () => chain.call('GET', tracking),
        (r) => r.body.followUpMeetings?.some((m: { meetingId: string; status: string }) => m.meetingId === secondId && m.status === 'held'),
        'the follow-up meeting counted as held',
      );
      await ok('progress', 'POST', `${tracking}/progress`, { actionIndex: 0, status: 'done' });
      await ok('outcome', 'POST', `${tracking}/outcome`, {
        outcome: 'stronger-support',
        referral: { serviceId: 'family-counselling', consent: { basis: 'consent', reference: consentId } },
      });
      await ok('closure', 'POST', `${tracking}/closure`, { reason: 'stronger-support-arranged' });
    }, 600_000);

    afterAll(async () => {
      for (const store of [...stores.values(), archive]) await store?.close();
      await chain?.close();
      process.env = { ...saved };
    });

    /** The services' union and the auditor's history once the archive has caught up with every reaction. */
    async function settled() {
      const deadline = Date.now() + 180_000;
      for (;;) {
        const stored = await union();
        const answer = await history();
        const listed = new Set(((answer.body.events ?? []) as Entry[]).map((e) => `${e.service} ${e.eventId}`));
        const missing = stored.filter(({ service, event }) => !listed.has(`${service} ${event.metadata.eventId}`));
        if (answer.status === 200 && missing.length === 0)
          return { stored, entries: answer.body.events as Entry[], state: answer.body.state };
        if (Date.now() > deadline) {
          throw new Error(
            `the auditor's history (${answer.status}, ${listed.size} events) lacks ${missing.length} of the ${stored.length} stored: ${missing.map(({ service, event }) => `${service} ${event.type} (${event.metadata.occurredAt})`).join(', ')}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }

    it('should list every event of the four services about the case, each once, private ones too', async () => {
      const { stored, entries } = await settled();
      // An event is its id within its service (two services' reactions to one event share an id).
      const ids = entries.map((e) => `${e.service} ${e.eventId}`);
      expect(new Set(ids).size).toBe(ids.length);
      expect([...ids].sort()).toEqual(stored.map(({ service, event }) => `${service} ${event.metadata.eventId}`).sort());
      // The walk reached each service, private steps included.
      const types = new Set(entries.map((e) => e.type));
      for (const type of [
        'ConcernRaisedWithFamily',
        'ConcernJoined',
        'RoomBooked',
        'ConvenerNoted',
        'AttendanceRecorded',
        'ConsentFormConfirmed',
        'ViewsRecorded',
        'WellbeingStarRated',
        'PlanTrackingUpdated',
        'ActionProgressed',
        'ContactRecorded',
        'MeetingHeld',
      ]) {
        expect([type, types.has(type)]).toEqual([type, true]);
      }
      for (const { service, event } of stored) {
        const entry = entries.find((e) => e.service === service && e.eventId === event.metadata.eventId) as Entry;
        expect({
          id: event.metadata.eventId,
          service: entry.service,
          type: entry.type,
          origin: entry.origin && { streamId: entry.origin.streamId, streamRevision: entry.origin.streamRevision },
        }).toEqual({
          id: event.metadata.eventId,
          service,
          type: event.type,
          origin: { streamId: event.streamId, streamRevision: event.streamRevision },
        });
        // Published events at their contract's version (upcast, never older than stored); private ones as stored.
        if (entry.published) expect(entry.version).toBeGreaterThanOrEqual(event.metadata.schemaVersion);
        else expect(entry.version).toBe(event.metadata.schemaVersion);
      }
      process.stdout.write(
        `auditor's history: ${entries.length} events (${entries.filter((e) => !e.published).length} private) from ${SERVICES.length} services' ${new Set(stored.map(({ event }) => event.streamId)).size} streams\n`,
      );
    }, 240_000);

    it('should list them in causal order: each stream in its order, every event after the event that caused it', async () => {
      const { stored, entries } = await settled();
      const place = new Map(entries.map((e, i) => [`${e.service} ${e.eventId}`, i]));
      const at = (service: string, event: RecordedEvent) => place.get(`${service} ${event.metadata.eventId}`) as number;
      const streams = new Map<string, RecordedEvent[]>();
      for (const { service, event } of stored)
        streams.set(`${service} ${event.streamId}`, [...(streams.get(`${service} ${event.streamId}`) ?? []), event]);
      for (const [stream, events] of streams) {
        const inStreamOrder = [...events].sort((a, b) => a.streamRevision - b.streamRevision).map((e) => e.metadata.eventId);
        const service = stream.split(' ')[0];
        const asListed = [...events].sort((a, b) => at(service, a) - at(service, b)).map((e) => e.metadata.eventId);
        expect({ stream, order: asListed }).toEqual({ stream, order: inStreamOrder });
      }
      let reactions = 0;
      for (const { service, event } of stored) {
        // The cause is the event whose id the reaction's command carried (in whichever service recorded it).
        const causes = entries.flatMap((e, i) =>
          e.eventId === event.metadata.causationId && !(e.service === service && e.eventId === event.metadata.eventId) ? [i] : [],
        );
        if (causes.length === 0) continue;
        reactions++;
        expect({ event: event.type, after: at(service, event) > Math.max(...causes) }).toEqual({ event: event.type, after: true });
      }
      // Convening opened on intake's request, meeting on convening's schedule, plan follow-up on meeting's plan…
      expect(reactions).toBeGreaterThanOrEqual(6);
    }, 240_000);

    it('should keep private events in the archive as recorded: the same data, personal fields still sealed', async () => {
      const { stored } = await settled();
      // Kept under its audit record's id (unique across the services), its own id in its origin.
      type Archived = { private?: boolean; origin?: { service: string; eventId?: string } };
      const kept = (await archive.readByCase(caseId)).filter((e) => (e.metadata as Archived).private);
      const archived = new Map(
        kept.map((e) => [`${(e.metadata as Archived).origin?.service} ${(e.metadata as Archived).origin?.eventId}`, e]),
      );
      const privateOnes = stored.filter(({ service, event }) => archived.has(`${service} ${event.metadata.eventId}`));
      expect(privateOnes.length).toBe(kept.length);
      expect(privateOnes.length).toBeGreaterThanOrEqual(10);
      for (const { service, event } of privateOnes) {
        const copy = archived.get(`${service} ${event.metadata.eventId}`) as RecordedEvent;
        expect({ type: copy.type, data: copy.data, version: copy.metadata.schemaVersion }).toEqual({
          type: event.type,
          data: event.data,
          version: event.metadata.schemaVersion,
        });
      }
      const attendance = privateOnes.find(({ event }) => event.type === 'AttendanceRecorded')?.event as RecordedEvent;
      expect((archived.get(`meeting ${attendance.metadata.eventId}`)?.data as { participants: unknown }).participants).toMatchObject({
        $sealed: 1,
      });
    }, 240_000);

    it("should show the state as of any moment with every step, and the private events' data opened for the auditor", async () => {
      const { entries, state } = await settled();
      expect(state).toMatchObject({
        phase: 'closed',
        zone: 3,
        zoneByFamily: 2,
        raisings: [{ raisedAt: expect.any(String), reRaiseAt: expect.any(String) }],
        outcome: 'stronger-support',
        referrals: ['family-counselling'],
        closure: { reason: 'stronger-support-arranged' },
        responsibleWorkerIds: ['demo-terhi'],
        convenerIds: expect.arrayContaining(['demo-terhi']),
        joinedConcerns: [expect.objectContaining({ joinedBy: 'demo-olli', organisation: 'Kangasala school', zone: 2 })],
      });
      expect(state.invitations).toEqual([expect.objectContaining({ inviteeId: 'demo-olli', status: 'accept' })]);
      expect(state.roomBookings).toHaveLength(2);
      expect(state.meetings).toEqual([
        expect.objectContaining({
          kind: 'first',
          opened: true,
          attendance: { participants: 3, professionalIds: ['demo-terhi', 'demo-olli'], childTookPart: true },
          consentForm: expect.objectContaining({ confirmedBy: 'demo-terhi', signatures: 1 }),
          viewsRecorded: 1,
          wellbeingStar: [expect.objectContaining({ configVersion: 'thl-2017-1', ratings: [{ area: 'parenting', score: 4 }] })],
          closed: true,
          allMattersCovered: true,
          reportRecorded: true,
          held: true,
        }),
        expect.objectContaining({
          kind: 'follow-up',
          attendance: expect.objectContaining({ participants: 3 }),
          consentForm: null,
          closed: true,
          held: true,
        }),
      ]);
      expect(state.followUp).toMatchObject({
        actions: [expect.objectContaining({ index: 0, status: 'done' })],
        contacts: [expect.objectContaining({ method: 'phone', by: 'demo-terhi' })],
        meetingsHeld: 2,
        followUpMeetingsScheduled: 1,
      });
      // The auditor reads the private events' personal fields opened with the case key.
      expect(entries.find((e) => e.type === 'ViewsRecorded')).toMatchObject({
        service: 'meeting',
        published: false,
        data: { views: [{ party: 'Mari', view: 'aamut ovat raskaita' }] },
      });
      expect(entries.find((e) => e.type === 'ContactRecorded')).toMatchObject({
        service: 'plan-followup',
        published: false,
        data: { summary: 'nukkuu paremmin' },
      });

      // As of a moment before the contact: the first meeting held, the action under way, no contact yet.
      const before = (await history(`?asOf=${encodeURIComponent(moments.beforeContact)}`)).body;
      expect(before.state).toMatchObject({ phase: 'plan agreed', outcome: null, closure: null });
      expect(before.state.followUp).toMatchObject({
        actions: [expect.objectContaining({ status: 'under-way' })],
        contacts: [],
        meetingsHeld: 1,
      });
      expect(before.events.map((e: Entry) => e.type)).not.toContain('ContactRecorded');
      expect(before.state.eventsSoFar).toBe(before.events.length);
      // What it lists is the causally closed beginning of the whole history: nothing shown without what came before it.
      const all = entries.map((e) => e.eventId);
      expect(before.events.map((e: Entry) => e.eventId)).toEqual(all.filter((id) => before.events.some((e: Entry) => e.eventId === id)));
      expect(new Set(before.events.map((e: Entry) => e.eventId))).toEqual(new Set(all.slice(0, before.events.length)));
    }, 240_000);

    it('should answer auditors only, and log the read with its purpose', async () => {
      await settled();
      const convener = await chain.call('GET', `/audit/cases/${caseId}/history`, undefined, 'terhi', { 'x-purpose': 'curious' });
      expect([convener.status, convener.body.rule]).toEqual([403, expect.any(String)]);
      const text = await fetch(`${chain.base}/audit/cases/${caseId}/history?format=text`, {
        headers: { authorization: `Bearer ${chain.tokens.aino}`, 'x-purpose': 'issue 18 spec' },
      });
      expect(await text.text()).toMatch(/AttendanceRecorded v\d \(private\) {2}by demo-terhi/);
      const log = await chain.call('GET', `/cases/${caseId}/processing-history`, undefined, 'kaisa');
      expect(log.body.entries).toEqual(holdsAuditorsHistoryRead('issue 18 spec'));
    }, 240_000);
  });
}

auditorHistorySpecs("the auditor's history: every event of every service about the case (embedded default)", {
  KAFKA_BROKERS: undefined,
  DATABASE_URL: undefined,
  MASTER_KEYS: undefined,
});

specsThroughKafka(
  "the auditor's history: every event of every service about the case (through Kafka's audit topics)",
  "the auditor's history through Kafka's audit topics",
  auditorHistorySpecs,
);
