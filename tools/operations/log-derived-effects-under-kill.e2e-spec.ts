import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool, type PoolClient } from 'pg';
import type { ServiceProcess } from '@perheverkko/platform/testing';
import { JOINT_MEETING_FACTS as FACTS, ONE_ACTION_PLAN as PLAN, familyConsent } from '../e2e/fixtures';
import { okOnceFactsArriveOver, okOver } from '../e2e/commands';
import { onceRoomKnown, recordRoom } from '../e2e/rooms';
import { apiOver, demoTokens, keysOf, servicesApart, startService, type ServicesApart } from '../e2e/services-apart';
import { DrillKafka, DrillPostgres } from './drill-infrastructure';

/**
 * Issue 17, item 4, with a real kill: convening and plan follow-up run as processes of their own (on a PostgreSQL
 * cluster and a Kafka broker of this suite's own), and each is killed with SIGKILL the moment its command's 2xx
 * arrives — after the command's event was appended, before (as the tables then show) the effect that follows from
 * it: the access log's disclosure entry for `InvitationSent`, the retention date for `CaseClosed`. Both are
 * restarted, the client retries with the same idempotency key, and afterwards every invitation has exactly one
 * disclosure entry, every closed case its retention date, and no event was stored twice.
 *
 * Where a kill on the answer falls is up to the machine (the relay and the consumer race the client), so the first
 * round makes it certain, from outside the services: before the command, the test locks the two services'
 * `processed_events` tables against writes (`lock table … in share mode`, in a transaction it leaves open; a table
 * lock takes no transaction id, so it holds back no reader of the global log). The command answers, the relay
 * publishes, and the consumer, once it has the event, waits inside its transaction to record it processed: no
 * effect can commit, and the process is killed there. The other rounds kill on the answer alone. `KILL_ROUNDS`
 * (default 3) sets how many rounds run.
 */
const enabled = process.env.KAFKA_BROKERS && process.env.TEST_DATABASE_URL;
if (!enabled)
  process.stderr.write(
    'skipped: log-derived effects under kill -9 — set KAFKA_BROKERS and TEST_DATABASE_URL (the suite brings its own servers, but only where those run)\n',
  );

const ROUNDS = Number(process.env.KILL_ROUNDS ?? 3);
const SERVICES = ['intake', 'convening', 'meeting', 'plan-followup'] as const;
type Service = (typeof SERVICES)[number];

/** The school (the teacher is invited) and the nurse by name (the responsible worker). */
const CONSENT_SCOPES = [
  { kind: 'sector', value: 'school', share: ['concern', 'joint-plan'] },
  { kind: 'person', value: 'demo-terhi', share: ['concern', 'joint-plan', 'follow-up'] },
];
/** Refusals that rest on consents another process learns through Kafka, a consumer's lag after convening. */
const AWAITING_FACTS = ['attendee-not-covered-by-consent', 'responsible-worker-not-covered-by-consent'];
const RETENTION_MONTHS = 12 * 12;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string, timeoutMs = 60_000): Promise<T> {
  for (const deadline = Date.now() + timeoutMs; ; await pause(100)) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)?.slice(0, 500)}`);
  }
}

/** Which service answers a path (what a gateway in front of them would do). */
function serviceFor(path: string): Service {
  if (path.startsWith('/concerns') || path.startsWith('/reference-data')) return 'intake';
  if (/^\/cases\/[^/]+\/meetings/.test(path)) return 'meeting';
  if (/^\/cases\/[^/]+\/plan-tracking/.test(path)) return 'plan-followup';
  return 'convening';
}

/** What the tables held for one command's event when its process had just been killed, and what followed. */
interface KillObservation {
  round: number;
  /** The consumers were held at their "processed" table (first round) and seen waiting there when killed. */
  held: boolean;
  caseId: string;
  eventId: string;
  /** The relay had published the event to Kafka before the kill (its checkpoint covers it). */
  publishedBeforeKill: boolean;
  /** The effect and its "processed" mark were both absent while the event was stored: the kill fell in between. */
  effectAbsentAtKill: boolean;
  /** The "processed" mark's time is after the kill (database clock): the restarted process wrote the effect. */
  writtenAfterRestart: boolean;
  /** From the restart to the effect in the table. */
  effectAfterRestartMs: number;
}

(enabled ? describe : describe.skip)(
  'disclosures and retention follow from the log when the process is killed between the append and the effect',
  () => {
    /** Made in beforeAll: a skipped suite's describe body still runs, and must leave no folder behind. */
    let dataDir: string | undefined;
    let postgres: DrillPostgres;
    let kafka: DrillKafka;
    let pool: Pool;
    let deployment: ServicesApart;
    const running = new Map<Service, ServiceProcess>();
    const tokens: Record<string, string> = {};
    const summary: string[] = [];
    /** The barrier's connection while it is held (released in afterAll if a test fails holding it). */
    let openBarrier: PoolClient | undefined;

    const start = async (name: Service) => {
      const service = await startService(deployment, name);
      running.set(name, service);
      return service;
    };

    /** Each call to the process that owns its path, with the tokens fetched in beforeAll; answers are checked field by field. */
    const api = apiOver((path) => running.get(serviceFor(path))!.baseUrl, tokens);
    const ok = okOver(api);
    /** A command whose rules read the consents: resent (same key) until the facts have reached its process. */
    const okOnceFactsArrive = okOnceFactsArriveOver(api, AWAITING_FACTS, until);

    /** A concern routed to a joint meeting, with the family's consent recorded at convening. */
    const consentedCase = async () => {
      const { caseId } = await ok('registering the concern', 'POST', '/concerns', {
        channel: 'close-worker',
        sector: 'child health clinic',
        municipality: 'Kangasala',
        children: [{ name: 'Aada', identifier: `TEMP-${randomUUID().slice(0, 8)}` }],
        guardians: [{ name: 'Mari', identifier: `TEMP-${randomUUID().slice(0, 8)}` }],
        description: 'väsynyt aamuisin',
        zone: 3,
        ratedBy: 'worker',
      });
      await ok('deciding the route', 'POST', `/concerns/${caseId}/route-decision`, { facts: FACTS, chosenRoute: 'joint-meeting' });
      await until(
        () => api('GET', `/convenings/${caseId}`),
        (r) => r.status === 200,
        `convening of ${caseId}`,
      );
      const consent = await ok('recording consent', 'POST', `/convenings/${caseId}/consents`, familyConsent(CONSENT_SCOPES));
      return { caseId: caseId as string, consentId: consent.consentId as string };
    };

    /** A case whose plan was agreed at the joint meeting, so plan follow-up tracks it and its worker may close it. */
    const plannedCase = async () => {
      // The meeting's room, recorded at intake first: it reaches convening over Kafka while the case is prepared.
      const roomId = await recordRoom(api, `room-${randomUUID()}`);
      const { caseId } = await consentedCase();
      await ok('inviting', 'POST', `/convenings/${caseId}/invitations`, { kind: 'professional', directoryId: 'demo-olli' });
      // Held now: a meeting's record opens only shortly before it starts.
      const startsAt = Date.now() + 5 * 60_000;
      const key = randomUUID();
      const booked = await onceRoomKnown(() =>
        api(
          'POST',
          `/convenings/${caseId}/meetings`,
          { kind: 'first', startsAt: new Date(startsAt).toISOString(), endsAt: new Date(startsAt + 60 * 60_000).toISOString(), roomId },
          'terhi',
          { 'idempotency-key': key },
        ),
      );
      if (booked.status >= 300) throw new Error(`scheduling the meeting answered ${booked.status}: ${JSON.stringify(booked.body)}`);
      const scheduled = booked.body;
      const meeting = `/cases/${caseId}/meetings/${scheduled.meetingId}`;
      await until(
        () => api('GET', meeting),
        (r) => r.status === 200,
        `meeting of ${caseId}`,
      );
      await okOnceFactsArrive('attendance', 'POST', `${meeting}/attendance`, {
        participants: [{ name: 'Mari', role: 'family-member' }],
        childTookPart: true,
      });
      await ok('consent form', 'POST', `${meeting}/consent-form`, { signedBy: ['Mari'] });
      await okOnceFactsArrive('responsible worker', 'POST', `${meeting}/responsible-workers`, {
        workers: [{ professionalId: 'demo-terhi' }],
      });
      await ok('plan', 'POST', `${meeting}/plan`, { plan: PLAN });
      // Readable by the responsible worker: plan follow-up tracks the plan and knows the consent that covers her.
      await until(
        () => api('GET', `/cases/${caseId}/plan-tracking`),
        (r) => r.status === 200,
        `plan tracking of ${caseId}`,
      );
      return caseId as string;
    };

    /** Sends a command and, unless told to wait, kills its service with SIGKILL as soon as the answer is in. */
    const commandThenKill = async (service: Service, path: string, body: unknown, key: string, killOnAnswer: boolean) => {
      const answer = await api('POST', path, body, 'terhi', { 'idempotency-key': key });
      if (killOnAnswer) await running.get(service)!.kill();
      return answer;
    };

    /**
     * Locks the services' "processed" tables against writes in a transaction left open: a consumer that gets an event
     * waits there, inside its own transaction, until the barrier is rolled back. Reads go on; so do the commands, the
     * relays and the global log (a table lock assigns no transaction id, so no reader waits for this one).
     */
    const holdConsumers = async (schemas: string[]) => {
      const barrier = await pool.connect();
      openBarrier = barrier;
      await barrier.query('begin');
      for (const schema of schemas) await barrier.query(`lock table "${schema}".processed_events in share mode`);
      const { rows } = await barrier.query<{ pid: number }>('select pg_backend_pid() as pid');
      return { barrier, pid: rows[0].pid };
    };
    /** The statements waiting on the barrier's transaction (the consumers' inserts of their "processed" rows). */
    const waitingOn = async (pid: number) =>
      (await pool.query<{ query: string }>(`select query from pg_stat_activity where $1 = any(pg_blocking_pids(pid))`, [pid])).rows.map(
        (r) => r.query,
      );
    const release = async (barrier: PoolClient) => {
      if (openBarrier !== barrier) return;
      openBarrier = undefined;
      await barrier.query('rollback').finally(() => barrier.release());
    };

    // Read straight from the tables.
    const count = async (sql: string, params: unknown[]) => Number((await pool.query<{ n: string }>(sql, params)).rows[0].n);
    const eventOf = async (schema: string, service: string, caseId: string, type: string) => {
      const { rows } = await pool.query<{
        event_id: string;
        occurred_at: string;
        data: Record<string, unknown>;
        published: boolean | null;
      }>(
        `select e.event_id::text, e.metadata->>'occurredAt' as occurred_at, e.data,
         (select (e.transaction_id::text::numeric, e.global_position) <= (split_part(c.position, '/', 1)::numeric, split_part(c.position, '/', 2)::numeric)
            from "${schema}".checkpoints c where c.name = $3) as published
       from "${schema}".events e where e.case_id = $1 and e.event_type = $2`,
        [caseId, type, `relay:${service}`],
      );
      if (rows.length !== 1) throw new Error(`${rows.length} ${type} events of ${caseId} in ${schema}, expected 1`);
      return { eventId: rows[0].event_id, occurredAt: rows[0].occurred_at, data: rows[0].data, published: rows[0].published === true };
    };
    const eventsOfCase = (schema: string, caseId: string) =>
      count(`select count(*) as n from "${schema}".events where case_id = $1`, [caseId]);
    const disclosures = (caseId: string) =>
      count(`select count(*) as n from audit.access_log where case_id = $1 and action = 'disclose'`, [caseId]);
    const processedAt = async (schema: string, consumer: string, eventId: string) =>
      (
        await pool.query<{ processed_at: Date }>(
          `select processed_at from "${schema}".processed_events where consumer = $1 and event_id = $2`,
          [consumer, eventId],
        )
      ).rows.map((r) => r.processed_at);
    const eraseAfter = async (caseId: string) =>
      (await pool.query<{ erase_after: Date | null }>(`select erase_after from personal_data.case_keys where case_id = $1`, [caseId]))
        .rows[0]?.erase_after ?? null;
    const databaseNow = async () => (await pool.query<{ now: Date }>('select clock_timestamp() as now')).rows[0].now;

    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'perheverkko-derived-kill-'));
      postgres = await DrillPostgres.start();
      kafka = await DrillKafka.start();
      pool = new Pool({ connectionString: postgres.url, max: 4 });
      deployment = await servicesApart(dataDir, postgres.url, kafka.brokers, { keys: keysOf('derived-kill', 21, 22) });
      await start('intake');
      await Promise.all(SERVICES.slice(1).map(start));
      Object.assign(tokens, await demoTokens(deployment.issuer, ['terhi', 'aino', 'kaisa']));
    }, 240_000);

    afterAll(async () => {
      await Promise.all([...running.values()].map((s) => s.kill()));
      if (openBarrier) await release(openBarrier).catch(() => undefined);
      await pool?.end();
      kafka?.stop();
      postgres?.stop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      if (summary.length > 0) process.stderr.write(`log-derived effects under kill -9:\n  ${summary.join('\n  ')}\n`);
    }, 120_000);

    it('should leave exactly one disclosure per invitation and the retention date of each closed case after kill -9 between the append and the effect, and the client’s retry', async () => {
      const began = Date.now();
      // Cases to invite to (consent recorded, nobody invited yet) and cases to close (plan agreed and tracked).
      const invitationCases = await Promise.all(Array.from({ length: ROUNDS }, consentedCase));
      const planCases = await Promise.all(Array.from({ length: ROUNDS }, plannedCase));
      summary.push(`${ROUNDS} + ${ROUNDS} cases prepared in ${Date.now() - began} ms`);

      const invitations: KillObservation[] = [];
      const closures: KillObservation[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const { caseId: invited, consentId } = invitationCases[round];
        const closed = planCases[round];
        const invitation = {
          path: `/convenings/${invited}/invitations`,
          body: { kind: 'professional', directoryId: 'demo-olli' },
          key: randomUUID(),
        };
        const closure = {
          path: `/cases/${closed}/plan-tracking/closure`,
          body: { reason: 'everyday-life-runs-smoothly' },
          key: randomUUID(),
        };
        const held = round === 0;
        const holding = held ? await holdConsumers(['convening', 'plan_followup']) : undefined;

        // Each service is killed the moment its 2xx is in (when held: once its consumer waits at the barrier).
        const [inviteAnswer, closeAnswer] = await Promise.all([
          commandThenKill('convening', invitation.path, invitation.body, invitation.key, !held),
          commandThenKill('plan-followup', closure.path, closure.body, closure.key, !held),
        ]);
        expect([inviteAnswer.status, inviteAnswer.body.alreadyHandled, inviteAnswer.body.events]).toEqual([201, false, ['InvitationSent']]);
        expect([closeAnswer.status, closeAnswer.body.alreadyHandled, closeAnswer.body.events]).toEqual([201, false, ['CaseClosed']]);
        if (holding) {
          try {
            // The consumers have the events and are inside their transactions, waiting to record them processed.
            const waiting = await until(
              () => waitingOn(holding.pid),
              (queries) =>
                ['"convening".processed_events', '"plan_followup".processed_events'].every((table) =>
                  queries.some((q) => q.includes(table)),
                ),
              'both consumers to wait at the barrier',
              30_000,
            ).catch(async (error) => {
              const activity = (
                await pool.query(
                  `select pid, state, wait_event_type, wait_event, pg_blocking_pids(pid) as blocked_by, left(query, 120) as query from pg_stat_activity where state <> 'idle' and pid <> pg_backend_pid()`,
                )
              ).rows;
              throw new Error(
                `${(error as Error).message}\nbarrier ${holding.pid}; activity: ${JSON.stringify(activity)}\nconvening: ${running.get('convening')!.log.slice(-3000)}\nplan-followup: ${running.get('plan-followup')!.log.slice(-3000)}`,
              );
            });
            // A moment more for every consumer of the events to reach it (counted only: none can commit either way).
            await pause(1000);
            const waitingAtKill = await waitingOn(holding.pid);
            const per = (table: string) => waitingAtKill.filter((q) => q.includes(table)).length;
            summary.push(
              `round 1: killed with ${per('"convening".processed_events')} convening and ${per('"plan_followup".processed_events')} plan follow-up consumer transactions waiting at the barrier (first seen: ${waiting.length})`,
            );
            await Promise.all([running.get('convening')!.kill(), running.get('plan-followup')!.kill()]);
          } finally {
            await release(holding.barrier);
          }
        }

        // Both processes are dead and nothing else runs these consumers: what the tables hold now is what they left.
        const killedAt = await databaseNow();
        const sent = await eventOf('convening', 'convening', invited, 'InvitationSent');
        const closedEvent = await eventOf('plan_followup', 'plan-followup', closed, 'CaseClosed');
        const atKill = {
          disclosures: await disclosures(invited),
          disclosureMarks: (await processedAt('convening', 'convening.invitation-disclosures', sent.eventId)).length,
          retention: await eraseAfter(closed),
          retentionMarks: (await processedAt('plan_followup', 'plan-followup.case-retention', closedEvent.eventId)).length,
          conveningEvents: await eventsOfCase('convening', invited),
          planEvents: await eventsOfCase('plan_followup', closed),
        };
        // The effect and its "processed" mark commit together: never one without the other.
        expect(atKill.disclosureMarks).toBe(atKill.disclosures);
        expect(atKill.retentionMarks).toBe(atKill.retention === null ? 0 : 1);

        // Restarted on the same data; the client, as if its answer had been lost, resends with the same key.
        const restarting = Date.now();
        await Promise.all([start('convening'), start('plan-followup')]);
        const retriedInvitation = await api('POST', invitation.path, invitation.body, 'terhi', { 'idempotency-key': invitation.key });
        const retriedClosure = await api('POST', closure.path, closure.body, 'terhi', { 'idempotency-key': closure.key });
        expect([retriedInvitation.status, retriedInvitation.body]).toEqual([200, { ...inviteAnswer.body, alreadyHandled: true }]);
        expect([retriedClosure.status, retriedClosure.body]).toEqual([200, { ...closeAnswer.body, alreadyHandled: true }]);

        // The consumers, resuming from the log (the relay re-publishes, or Kafka redelivers), write each effect once.
        await until(
          () => disclosures(invited),
          (n) => n > 0,
          `the disclosure of round ${round + 1}`,
        );
        const disclosedAfter = Date.now() - restarting;
        await until(
          () => eraseAfter(closed),
          (at) => at !== null,
          `the retention date of round ${round + 1}`,
        );
        const retainedAfter = Date.now() - restarting;

        const [disclosureMark] = await processedAt('convening', 'convening.invitation-disclosures', sent.eventId);
        const [retentionMark] = await processedAt('plan_followup', 'plan-followup.case-retention', closedEvent.eventId);
        invitations.push({
          round: round + 1,
          held,
          caseId: invited,
          eventId: sent.eventId,
          publishedBeforeKill: sent.published,
          effectAbsentAtKill: atKill.disclosures === 0 && atKill.disclosureMarks === 0,
          writtenAfterRestart: disclosureMark > killedAt,
          effectAfterRestartMs: disclosedAfter,
        });
        closures.push({
          round: round + 1,
          held,
          caseId: closed,
          eventId: closedEvent.eventId,
          publishedBeforeKill: closedEvent.published,
          effectAbsentAtKill: atKill.retention === null && atKill.retentionMarks === 0,
          writtenAfterRestart: retentionMark > killedAt,
          effectAfterRestartMs: retainedAfter,
        });

        // The retry stored nothing.
        expect([await eventsOfCase('convening', invited), await eventsOfCase('plan_followup', closed)]).toEqual([
          atKill.conveningEvents,
          atKill.planEvents,
        ]);

        // The one entry is this event's: its time, its actor, its recipient and basis.
        const { rows: entries } = await pool.query<{ at: Date; actor_id: string; what: string; recipient: string; basis: string }>(
          `select at, actor_id, what, recipient, basis from audit.access_log where case_id = $1 and action = 'disclose'`,
          [invited],
        );
        expect(entries).toEqual([
          {
            at: new Date(sent.occurredAt),
            actor_id: 'demo-terhi',
            what: 'concern, joint-plan',
            recipient: 'demo-olli (Kangasala school)',
            basis: `consent ${consentId}`,
          },
        ]);
        const expectedRetention = new Date(String(closedEvent.data.closedAt));
        expectedRetention.setUTCMonth(expectedRetention.getUTCMonth() + RETENTION_MONTHS);
        expect(await eraseAfter(closed)).toEqual(expectedRetention);
      }

      const describeKill = (o: KillObservation) =>
        `round ${o.round} (${o.held ? 'held at the barrier' : 'killed on the answer'}): ` +
        (o.effectAbsentAtKill
          ? `killed between append and effect (${o.publishedBeforeKill ? 'relayed to Kafka, not yet processed' : 'not yet relayed: the relay’s checkpoint was short of it'}); effect ${o.writtenAfterRestart ? 'written by the restarted process' : 'NOT after the restart'}, ${o.effectAfterRestartMs} ms after the restart began`
          : 'the effect was already written when the kill came');
      summary.push(...invitations.map((o) => `disclosure, ${describeKill(o)}`), ...closures.map((o) => `retention, ${describeKill(o)}`));

      // The kill fell between the append and the effect (always when held, at least once for each effect), and then
      // the effect was written by the restarted process: from the log, not from the request.
      for (const observations of [invitations, closures]) {
        expect(observations.filter((o) => o.held && !o.effectAbsentAtKill)).toEqual([]);
        expect(observations.filter((o) => o.effectAbsentAtKill).length).toBeGreaterThan(0);
        expect(observations.filter((o) => o.effectAbsentAtKill && !o.writtenAfterRestart)).toEqual([]);
      }

      // Over everything this suite did: one disclosure entry and one "processed" mark per InvitationSent (the
      // prepared cases' invitations too), one retention date per CaseClosed, no event stored twice.
      const { rows: perInvitation } = await pool.query<{ event_id: string; entries: number; marks: number }>(
        `select e.event_id::text,
         (select count(*)::int from audit.access_log a where a.case_id = e.case_id and a.action = 'disclose' and a.at = (e.metadata->>'occurredAt')::timestamptz) as entries,
         (select count(*)::int from convening.processed_events p where p.consumer = 'convening.invitation-disclosures' and p.event_id = e.event_id) as marks
       from convening.events e where e.event_type = 'InvitationSent'`,
      );
      expect(perInvitation.length).toBe(2 * ROUNDS);
      expect(perInvitation.filter((r) => r.entries !== 1 || r.marks !== 1)).toEqual([]);
      expect(await count(`select count(*) as n from audit.access_log where action = 'disclose'`, [])).toBe(2 * ROUNDS);
      const { rows: perClosure } = await pool.query<{ case_id: string; closures: number; erase_after: Date | null }>(
        `select e.case_id, count(*)::int as closures, (select k.erase_after from personal_data.case_keys k where k.case_id = e.case_id) as erase_after
       from plan_followup.events e where e.event_type = 'CaseClosed' group by e.case_id`,
      );
      expect(perClosure.map((r) => r.case_id).sort()).toEqual([...planCases].sort());
      expect(perClosure.filter((r) => r.closures !== 1 || r.erase_after === null)).toEqual([]);
      for (const schema of ['intake', 'convening', 'meeting', 'plan_followup']) {
        expect([schema, await count(`select count(*) - count(distinct event_id) as n from "${schema}".events`, [])]).toEqual([schema, 0]);
      }

      // The access log's chain, written by killed and restarted processes alike, verifies.
      const verified = await api('POST', '/audit/access-log/verify', undefined, 'aino', { 'x-purpose': 'chain check after kill -9' });
      expect(verified.body).toEqual(expect.objectContaining({ ok: true }));
      summary.push(
        `${perInvitation.length} invitations with one disclosure entry each, ${perClosure.length} closed cases with their retention date; ${Date.now() - began} ms`,
      );
    }, 600_000);
  },
);
