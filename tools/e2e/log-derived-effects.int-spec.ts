import { CommandBus } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { CONVENING_CONTRACTS, ContractRegistry, PLAN_FOLLOWUP_CONTRACTS, topicOf, type EventContract } from '@perheverkko/contracts';
import { InvitationDisclosures } from '@perheverkko/convening-service';
import type { CommandMetadata } from '@perheverkko/decider';
import { PostgresEventStore } from '@perheverkko/event-store';
import { MessageProcessor, Publication, encodeIntegrationEvent, type IntegrationEventHandler } from '@perheverkko/messaging';
import { CaseRetention, ExecutePlanCommand } from '@perheverkko/plan-followup-service';
import { DatabaseConnection } from '@perheverkko/runtime';
import { startServiceChain } from './standalone-chain';
import { familyConsent } from './fixtures';

type Chain = Awaited<ReturnType<typeof startServiceChain>>;

/** What kills a process between the append and the side effect, as the consumer sees it: its connection is gone. */
const killed = () => Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });

const schoolConsent = familyConsent([{ kind: 'sector', value: 'school', share: ['concern', 'joint-plan'] }]);
const terhi = { id: 'demo-terhi', role: 'professional', organisation: 'Kangasala child health clinic' };
const metadataOf = (caseId: string, commandId: string): CommandMetadata => ({
  commandId,
  caseId,
  correlationId: commandId,
  actor: terhi,
  now: new Date().toISOString(),
});

/** Plan follow-up starts tracking the case's first plan (one action at home, `what`), as its policy does on PlanAgreed. */
const trackedPlan = (bus: CommandBus, planCase: string, what: string) =>
  bus.execute(
    new ExecutePlanCommand({
      type: 'TrackPlanRevision',
      data: {
        meetingId: randomUUID(),
        revision: 1,
        actions: [{ arena: 'home', what, who: 'Mari', by: '2031-03-20' }],
        responsibleWorkerIds: ['demo-terhi'],
        nextContactAt: '2031-03-17T10:00:00.000Z',
      },
      metadata: metadataOf(planCase, randomUUID()),
    }),
  );

/**
 * Issue 17, item 4: an invitation's disclosure and a closure's retention date follow from the service's own stored
 * events, not from the request. A process that dies after the append, and the client's retry (answered
 * `alreadyHandled`), still leave exactly one disclosure entry and the retention date. Embedded database, restarted
 * on the same data folder, as `npm start` runs.
 */
describe('disclosures and retention follow from the log', () => {
  const saved = { ...process.env };
  const dataDir = mkdtempSync(join(tmpdir(), 'perheverkko-derived-'));
  const env = {
    KAFKA_BROKERS: undefined,
    DATABASE_URL: undefined,
    MASTER_KEYS: undefined,
    ACCESS_LOG_KEYS: undefined,
    ACCESS_LOG_ANCHOR_FILE: undefined,
    DATA_DIR: dataDir,
  };
  let chain: Chain | undefined;
  let pool: Pool | undefined;

  async function start(): Promise<Chain> {
    chain = await startServiceChain(env);
    pool = new Pool({ connectionString: chain.app.get(DatabaseConnection).connectionString, max: 1 });
    return chain;
  }

  async function stop(): Promise<void> {
    await pool?.end();
    pool = undefined;
    await chain?.close();
    chain = undefined;
  }

  const count = async (sql: string, params: unknown[]) => Number((await pool!.query<{ n: string }>(sql, params)).rows[0].n);
  const disclosures = (caseId: string) =>
    count(`select count(*) as n from audit.access_log where case_id = $1 and action = 'disclose'`, [caseId]);
  const processed = (schema: string, consumer: string, eventId: string) =>
    count(`select count(*) as n from "${schema}".processed_events where consumer = $1 and event_id = $2`, [consumer, eventId]);
  const eraseAfter = async (caseId: string) =>
    (await pool!.query<{ erase_after: Date | null }>(`select erase_after from personal_data.case_keys where case_id = $1`, [caseId]))
      .rows[0]?.erase_after ?? null;

  /** The stored event as its consumers receive it. */
  async function published(schema: string, stream: string, type: string, contracts: EventContract[], service: string) {
    const store = await PostgresEventStore.open({ pool: pool!, schema });
    const stored = (await store.readStream(stream)).find((e) => e.type === type);
    if (!stored) throw new Error(`no ${type} in ${stream}`);
    const event = new Publication(topicOf(service), new ContractRegistry(contracts)).toIntegrationEvent(stored)!;
    return { event, message: encodeIntegrationEvent(topicOf(service), event) };
  }

  /** The consumer's own processing path (same consumer name, same processed record), for replaying an event by hand. */
  const replayer = (schema: string, contracts: EventContract[], handler: IntegrationEventHandler) =>
    MessageProcessor.open({
      pool: pool!,
      schema,
      registry: new ContractRegistry(contracts),
      handler,
      deadLetters: {
        send: async (_m, error) => {
          throw error;
        },
      },
    });

  afterAll(async () => {
    try {
      await stop();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
      process.env = { ...saved };
    }
  });

  it('should leave exactly one disclosure and the retention date when the process dies between the append and the effect, and the client retries', async () => {
    let app = await start();
    // A routed case with the family's consent to the school; a plan-tracked case to close.
    const caseId = await app.routedCase();
    const consent = await app.call('POST', `/convenings/${caseId}/consents`, schoolConsent);
    expect(consent.status).toBe(201);
    const planCase = randomUUID();
    await trackedPlan(app.app.get(CommandBus), planCase, 'Nukkumaanmeno klo 20.30');

    // The process "dies" inside each consumer's transaction, after the events were appended: nothing commits.
    const crashedDisclosure = jest.spyOn(app.app.get(InvitationDisclosures), 'handle').mockRejectedValue(killed());
    const crashedRetention = jest.spyOn(app.app.get(CaseRetention), 'handle').mockRejectedValue(killed());
    const invitationKey = randomUUID();
    /** The teacher invited under that one key, by whichever process is running (the client's retry resends it). */
    const inviteOlli = () =>
      app.call('POST', `/convenings/${caseId}/invitations`, { kind: 'professional', directoryId: 'demo-olli' }, 'terhi', {
        'idempotency-key': invitationKey,
      });
    const invited = await inviteOlli();
    expect([invited.status, invited.body.alreadyHandled]).toEqual([201, false]);
    const closure = metadataOf(planCase, randomUUID());
    const closed = await app.app
      .get(CommandBus)
      .execute(new ExecutePlanCommand({ type: 'CloseCase', data: { reason: 'everyday-life-runs-smoothly' }, metadata: closure }));
    expect([closed.alreadyHandled, closed.events.map((e: { type: string }) => e.type)]).toEqual([false, ['CaseClosed']]);
    await app.until(
      async () => [crashedDisclosure.mock.calls.length, crashedRetention.mock.calls.length],
      (calls) => calls.every((n) => n > 0),
      'both consumers to reach their effect',
    );
    expect(await disclosures(caseId)).toBe(0);
    expect(await eraseAfter(planCase)).toBeNull();
    await stop();
    crashedDisclosure.mockRestore();
    crashedRetention.mockRestore();

    // Restarted on the same data; the client, never answered, resends with the same key: the command is already handled.
    app = await start();
    const retried = await inviteOlli();
    expect([retried.status, retried.body.alreadyHandled, retried.body.invitationId]).toEqual([200, true, invited.body.invitationId]);
    const closedAgain = await app.app
      .get(CommandBus)
      .execute(new ExecutePlanCommand({ type: 'CloseCase', data: { reason: 'everyday-life-runs-smoothly' }, metadata: closure }));
    expect(closedAgain.alreadyHandled).toBe(true);

    // The consumers, resuming from the log, write each effect once.
    await app.until(
      () => disclosures(caseId),
      (n) => n > 0,
      'the disclosure',
    );
    const retained = await app.until(
      () => eraseAfter(planCase),
      (at) => at !== null,
      'the retention date',
    );
    expect(retained!.getUTCFullYear()).toBe(new Date(closure.now).getUTCFullYear() + 12);
    const history = await app.call('GET', `/cases/${caseId}/processing-history`, undefined, 'kaisa');
    expect(history.body.entries.filter((e: { action: string }) => e.action === 'disclose')).toEqual([
      expect.objectContaining({
        who: expect.objectContaining({ id: 'demo-terhi' }),
        what: 'concern, joint-plan',
        recipient: 'demo-olli (Kangasala school)',
        basis: `consent ${consent.body.consentId}`,
      }),
    ]);

    // Replaying the same events again (a redelivery, a consumer reset to an earlier position) changes nothing.
    const convening = await published('convening', `Convening-${caseId}`, 'InvitationSent', CONVENING_CONTRACTS, 'convening');
    const plan = await published('plan_followup', `Plan-${planCase}`, 'CaseClosed', PLAN_FOLLOWUP_CONTRACTS, 'plan-followup');
    const disclosing = await replayer('convening', CONVENING_CONTRACTS, app.app.get(InvitationDisclosures));
    const retaining = await replayer('plan_followup', PLAN_FOLLOWUP_CONTRACTS, app.app.get(CaseRetention));
    expect([await disclosing.process(convening.message), await disclosing.process(convening.message)]).toEqual(['duplicate', 'duplicate']);
    expect([await retaining.process(plan.message), await retaining.process(plan.message)]).toEqual(['duplicate', 'duplicate']);
    expect(await disclosures(caseId)).toBe(1);
    expect(await processed('convening', 'convening.invitation-disclosures', convening.event.eventId)).toBe(1);
    expect(await processed('plan_followup', 'plan-followup.case-retention', plan.event.eventId)).toBe(1);
    expect(await eraseAfter(planCase)).toEqual(retained);
    const verified = await app.call('POST', '/audit/access-log/verify', undefined, 'aino', { 'x-purpose': 'chain check after recovery' });
    expect(verified.body.ok).toBe(true);
  }, 300_000);

  it('should have each effect once per consumer, however often the event is delivered, and clear the retention date on reopening', async () => {
    const app = chain ?? (await start());
    const caseId = await app.routedCase();
    expect((await app.call('POST', `/convenings/${caseId}/consents`, schoolConsent)).status).toBe(201);
    expect((await app.call('POST', `/convenings/${caseId}/invitations`, { kind: 'professional', directoryId: 'demo-olli' })).status).toBe(
      201,
    );
    await app.until(
      () => disclosures(caseId),
      (n) => n > 0,
      'the disclosure',
    );
    const convening = await published('convening', `Convening-${caseId}`, 'InvitationSent', CONVENING_CONTRACTS, 'convening');

    // The same handler under a consumer name of its own, so it has not seen the event: the first delivery writes one
    // entry (next to the live consumer's), the second is a duplicate and writes none.
    const handler = app.app.get(InvitationDisclosures);
    const fresh: IntegrationEventHandler = {
      consumer: `test.disclosures-${randomUUID()}`,
      handles: handler.handles,
      prepare: (e) => handler.prepare(e),
      handle: (e, tx, p) => handler.handle(e, tx, p),
    };
    const processor = await replayer('convening', CONVENING_CONTRACTS, fresh);
    expect([await processor.process(convening.message), await processor.process(convening.message)]).toEqual(['handled', 'duplicate']);
    expect(await disclosures(caseId)).toBe(1 + 1);

    const retention = app.app.get(CaseRetention);
    const planCase = randomUUID();
    const bus = app.app.get(CommandBus);
    await trackedPlan(bus, planCase, 'Iltarutiini');
    await bus.execute(
      new ExecutePlanCommand({ type: 'CloseCase', data: { reason: 'other' }, metadata: metadataOf(planCase, randomUUID()) }),
    );
    const retained = await app.until(
      () => eraseAfter(planCase),
      (at) => at !== null,
      'the retention date',
    );
    const plan = await published('plan_followup', `Plan-${planCase}`, 'CaseClosed', PLAN_FOLLOWUP_CONTRACTS, 'plan-followup');
    const freshRetention: IntegrationEventHandler = {
      consumer: `test.retention-${randomUUID()}`,
      handles: retention.handles,
      prepare: () => retention.prepare(),
      handle: (e, tx, p) => retention.handle(e, tx, p),
    };
    const retaining = await replayer('plan_followup', PLAN_FOLLOWUP_CONTRACTS, freshRetention);
    expect([await retaining.process(plan.message), await retaining.process(plan.message)]).toEqual(['handled', 'duplicate']);
    expect(await eraseAfter(planCase)).toEqual(retained);

    // Reopened, the case is kept until it closes again.
    await bus.execute(
      new ExecutePlanCommand({ type: 'ReopenCase', data: { reason: 'a new concern' }, metadata: metadataOf(planCase, randomUUID()) }),
    );
    await app.until(
      () => eraseAfter(planCase),
      (at) => at === null,
      'the retention date cleared on reopening',
    );
  }, 120_000);
});
