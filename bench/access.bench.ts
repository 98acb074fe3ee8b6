/**
 * What the family's consent costs each request: the guard's access decision for one case (the case-access
 * projection's row, the process's own streams of the case, the fold and the decision), against the limit, a raw
 * SELECT of the projection's row alone. Two shapes: a service deployed apart (its own store is read) and the
 * embedded default (the four stores that carry access facts are read).
 *
 *   npm run bench:access       # BENCH_DATABASE_URL, BENCH_READS (default 300), BENCH_CASES (default 5000)
 */
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { decideAccess, type Caller } from '@perheverkko/access-model';
import type { IntegrationEvent } from '@perheverkko/contracts';
import { PostgresEventStore, type NewEvent } from '@perheverkko/event-store';
import { CaseAccessDirectory } from '@perheverkko/access';
import type { DatabaseConnection } from '@perheverkko/runtime';
import { latencies, latencyRow, onFreshDatabase, recordTable, runBenchmark } from './bench-kit';

const READS = Number(process.env.BENCH_READS ?? 300);
const CASES = Number(process.env.BENCH_CASES ?? 5000);
const DATABASE = 'bench_access';

const olli: Caller = { id: 'demo-olli', roles: ['professional'], organisation: 'Kangasala school', sector: 'school' };

/** One case's convening as it is stored: opened, a consent sharing the concern with olli, two invitations, a reply, a meeting. */
function conveningOf(caseId: string, day: number): NewEvent[] {
  const at = (hour: number) => new Date(Date.UTC(2026, 0, 1 + (day % 300), hour)).toISOString();
  const consentId = randomUUID();
  const metadata = (hour: number) => ({
    eventId: randomUUID(),
    caseId,
    correlationId: caseId,
    causationId: randomUUID(),
    actor: { id: 'demo-terhi', role: 'professional', organisation: 'Kangasala child health clinic' },
    occurredAt: at(hour),
    schemaVersion: 2,
  });
  const invitation = (id: string, inviteeId: string, hour: number): NewEvent => ({
    type: 'InvitationSent',
    data: { invitationId: id, inviteeId, consentId, share: ['concern'], sentBy: 'demo-terhi', sentAt: at(hour) },
    metadata: metadata(hour),
  });
  const first = randomUUID();
  return [
    {
      type: 'ConveningOpened',
      data: { convener: { id: 'demo-terhi', organisation: 'Kangasala child health clinic' }, zone: 3 },
      metadata: metadata(8),
    },
    {
      type: 'ConsentGranted',
      data: {
        consentId,
        scopes: [
          { kind: 'person', value: 'demo-olli', share: ['concern'] },
          { kind: 'sector', value: 'school social work', share: ['concern', 'joint-plan'] },
        ],
        validUntil: '2099-01-01T00:00:00.000Z',
        givenAs: 'paper-form',
        recordedBy: 'demo-terhi',
      },
      metadata: metadata(9),
    },
    invitation(first, 'demo-olli', 10),
    invitation(randomUUID(), 'dir-kuraattori', 10),
    { type: 'InvitationReplied', data: { invitationId: first, reply: 'accept', repliedAt: at(11) }, metadata: metadata(11) },
    {
      type: 'MeetingScheduled',
      data: { meetingId: randomUUID(), kind: 'first', number: 1, startsAt: at(14), endsAt: at(15), roomId: 'room-1' },
      metadata: metadata(12),
    },
  ];
}

runBenchmark(() =>
  onFreshDatabase(DATABASE, async (url) => {
    const pool = new Pool({ connectionString: url, max: 8 });
    pool.on('error', () => undefined); // idle connections closed when the database is dropped
    // The directory as a service process holds it; its consumer is fed by hand below, as the messaging host would.
    const database = { connectionString: url, embedded: false } as unknown as DatabaseConnection;
    const apart = new CaseAccessDirectory(database);
    const embedded = new CaseAccessDirectory(database);
    const stores = await Promise.all(
      ['convening', 'intake', 'meeting', 'plan_followup'].map((schema) => PostgresEventStore.open({ pool, schema })),
    );
    try {
      apart.registerService('convening', 'convening', stores[0]);
      ['convening', 'intake', 'meeting', 'plan-followup'].forEach((service, i) =>
        embedded.registerService(service, 'convening', stores[i]),
      );
      const caseIds = Array.from({ length: CASES }, () => randomUUID());
      for (const [i, caseId] of caseIds.entries()) {
        const events = conveningOf(caseId, i);
        await stores[0].appendToStream(`Convening-${caseId}`, events, { expectedRevision: 'no_stream' });
        // The projection's row: the same events as they arrive published.
        for (const e of events)
          await apart.handle({
            eventId: e.metadata.eventId,
            type: e.type,
            version: 2,
            caseId,
            occurredAt: e.metadata.occurredAt,
            correlationId: caseId,
            causationId: e.metadata.causationId,
            data: e.data,
          } as IntegrationEvent);
      }
      await pool.query('vacuum analyze convening.events');
      await pool.query('vacuum analyze convening.case_access');

      let n = 0;
      const pick = () => caseIds[n++ % caseIds.length];
      const now = new Date().toISOString();
      const raw = await latencies(() => pool.query('select facts from convening.case_access where case_id = $1', [pick()]), READS);
      let allowed = 0;
      const decide = (directory: CaseAccessDirectory) => async () => {
        if (decideAccess(olli, await directory.factsOf(pick()), 'concern', 'read', now).allowed) allowed++;
      };
      const deployedApart = await latencies(decide(apart), READS);
      const standalone = await latencies(decide(embedded), READS);
      if (allowed !== 2 * (READS + 1)) throw new Error(`the invitee was allowed ${allowed} of ${2 * (READS + 1)} reads`);

      const rows = [
        latencyRow('raw SELECT of the projection row (baseline)', raw, raw, 2),
        latencyRow('access decision, a service deployed apart (row + own streams + fold + decide)', deployedApart, raw, 2),
        latencyRow('access decision, embedded default (row + four stores + fold + decide)', standalone, raw, 2),
      ];
      await recordTable(
        'access',
        `${CASES.toLocaleString('en-US')} cases of 6 convening events · ${READS} decisions each, one at a time, cases in turn`,
        ['per request', 'p50 ms', 'p95 ms', 'p99 ms', 'p50 vs raw'],
        rows,
      );
    } finally {
      await apart.onApplicationShutdown();
      await embedded.onApplicationShutdown();
      await Promise.all(stores.map((s) => s.close()));
      await pool.end();
    }
  }),
);
