import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { PostgresEventStore } from '@perheverkko/event-store';
import { ReadModels, type ProjectionDefinition } from '@perheverkko/read-model';
import type { ServiceProcess } from '@perheverkko/platform/testing';
import { reportingProjections } from '@perheverkko/reporting-service';
import { JOINT_MEETING_FACTS as FACTS, loadConcern } from '../e2e/fixtures';
import { demoToken, keysOf, servicesApart, startService, type ServicesApart } from '../e2e/services-apart';
import { DrillKafka, DrillPostgres } from './drill-infrastructure';

/**
 * Fault drills under steady load, on a PostgreSQL cluster and a Kafka broker of the drill's own: every service is
 * killed with SIGKILL in turn and restarted, then the broker is restarted, then PostgreSQL crashes and recovers.
 * Afterwards: every accepted command's events are stored exactly once (and nothing a client was not told about),
 * every reaction happened once, reporting archived every published event once, and each projection equals its
 * rebuild from position 0. `DRILL_ROUNDS` repeats the whole sequence (CI runs one round).
 */
const enabled = process.env.KAFKA_BROKERS && process.env.TEST_DATABASE_URL;
if (!enabled)
  process.stderr.write(
    'skipped: fault drills — set KAFKA_BROKERS and TEST_DATABASE_URL (the drill brings its own servers, but only where those run)\n',
  );

const ROUNDS = Number(process.env.DRILL_ROUNDS ?? 1);
const SERVICES = ['intake', 'convening', 'meeting', 'plan-followup', 'reporting'] as const;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

(enabled ? describe : describe.skip)('fault drills under steady load', () => {
  /** Made in beforeAll: a skipped suite's describe body still runs, and must leave no folder behind. */
  let dataDir: string | undefined;
  let postgres: DrillPostgres;
  let kafka: DrillKafka;
  let deployment: ServicesApart;
  const running = new Map<string, ServiceProcess>();
  const drills: string[] = [];

  const start = async (name: string) => {
    const service = await startService(deployment, name);
    running.set(name, service);
    return service;
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'perheverkko-drill-'));
    postgres = await DrillPostgres.start();
    kafka = await DrillKafka.start();
    deployment = await servicesApart(dataDir, postgres.url, kafka.brokers, { keys: keysOf('drill', 11, 12) });
    await start('intake');
    for (const name of SERVICES.slice(1)) await start(name);
  }, 300_000);

  afterAll(async () => {
    await Promise.all([...running.values()].map((s) => s.kill()));
    kafka?.stop();
    postgres?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    process.stderr.write(`fault drills:\n  ${drills.join('\n  ')}\n`);
  }, 120_000);

  it('should store every accepted command exactly once, react once, and keep projections equal to their rebuild', async () => {
    const { issuer } = deployment;
    const token = await demoToken(issuer, 'terhi');

    /** A client that retries with the same idempotency key until it has an answer, as a real client does. */
    const send = async (path: string, body: unknown, key: string) => {
      for (const deadline = Date.now() + 120_000; Date.now() < deadline;) {
        try {
          const response = await fetch(`${issuer}${path}`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
            body: JSON.stringify(body),
            signal: AbortSignal.timeout(15_000),
          });
          if (response.status < 500) return { status: response.status, body: (await response.json()) as { caseId: string } };
        } catch {
          // the service, the broker or the database is down: try again
        }
        await pause(200);
      }
      throw new Error(`no answer for ${path} within 120 s`);
    };

    const accepted: string[] = [];
    const refused: string[] = [];
    let replayed = 0;
    let loading = true;
    const client = async () => {
      while (loading) {
        const registered = await send('/concerns', loadConcern('TEMP-DRILL1'), randomUUID());
        // 200 is a retry's answer when the first attempt was stored but its answer lost: the same case, not a new one.
        if (registered.status === 200) replayed++;
        if (registered.status >= 300 || !registered.body.caseId) {
          refused.push(`register ${registered.status} ${JSON.stringify(registered.body)}`);
          continue;
        }
        const decided = await send(
          `/concerns/${registered.body.caseId}/route-decision`,
          { facts: FACTS, chosenRoute: 'joint-meeting' },
          randomUUID(),
        );
        if (decided.status >= 300) refused.push(`route ${decided.status} ${JSON.stringify(decided.body)}`);
        accepted.push(registered.body.caseId);
        await pause(100);
      }
    };
    const clients = [client(), client()];

    const drill = async (what: string, act: () => Promise<unknown> | unknown) => {
      await pause(3000);
      const began = Date.now();
      const before = accepted.length;
      await act();
      drills.push(`${what}: back in ${Date.now() - began} ms (${before} cases accepted before)`);
    };
    for (let round = 0; round < ROUNDS; round++) {
      for (const name of SERVICES) {
        await drill(`kill -9 ${name}`, async () => {
          await running.get(name)?.kill();
          await start(name);
        });
      }
      await drill('restart the Kafka broker', () => kafka.restart());
      await drill('crash and recover PostgreSQL', () => postgres.restart('immediate'));
    }
    await pause(3000);
    loading = false;
    await Promise.all(clients);
    expect(refused).toEqual([]);
    expect(accepted.length).toBeGreaterThan(20);
    drills.push(`${accepted.length} cases accepted, ${replayed} of them answered from a retry of a stored attempt`);

    const pool = new Pool({ connectionString: postgres.url, max: 4 });
    try {
      const perCase = async (schema: string, type: string) => {
        const { rows } = await pool.query<{ case_id: string; n: number }>(
          `select case_id, count(*)::int as n from "${schema}".events where event_type = $1 group by case_id`,
          [type],
        );
        return new Map(rows.map((r) => [r.case_id, r.n]));
      };
      const settled = async <T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string) => {
        for (const deadline = Date.now() + 180_000; ; await pause(500)) {
          const value = await read();
          if (ok(value)) return value;
          if (Date.now() > deadline) throw new Error(`not settled within 180 s: ${what}`);
        }
      };
      // Every reaction done: convening opened for every routed case.
      await settled(
        () => perCase('convening', 'ConveningOpened'),
        (opened) => opened.size >= accepted.length,
        'convening opened for every accepted case',
      );

      // Exactly once, and nothing stored that no client was told about.
      const acceptedSet = new Set(accepted);
      for (const [schema, type] of [
        ['intake', 'ConcernRegistered'],
        ['intake', 'JointMeetingRequested'],
        ['convening', 'ConveningOpened'],
      ] as const) {
        const counts = await perCase(schema, type);
        expect({
          type,
          cases: counts.size,
          twice: [...counts].filter(([, n]) => n !== 1).length,
          unknown: [...counts.keys()].filter((c) => !acceptedSet.has(c)).length,
        }).toEqual({ type, cases: accepted.length, twice: 0, unknown: 0 });
      }

      // Reporting archived every published event of these services once.
      const archivedByType = async () =>
        (
          await pool.query<{ event_type: string; n: number }>(
            `select event_type, count(*)::int as n from reporting.events where event_type in ('ConcernRegistered', 'JointMeetingRequested', 'ConveningOpened') group by event_type order by event_type`,
          )
        ).rows;
      const expectedArchive = ['ConcernRegistered', 'ConveningOpened', 'JointMeetingRequested'].map((event_type) => ({
        event_type,
        n: accepted.length,
      }));
      await settled(
        archivedByType,
        (rows) => JSON.stringify(rows) === JSON.stringify(expectedArchive),
        'reporting archived the published events',
      ).catch(async (error) => {
        expect(await archivedByType()).toEqual(expectedArchive);
        throw error;
      });
      const archive = (
        await pool.query<{ n: number; distinct_ids: number }>(
          `select count(*)::int as n, count(distinct event_id)::int as distinct_ids from reporting.events`,
        )
      ).rows[0];
      expect(archive.distinct_ids).toBe(archive.n);

      // Each projection, once caught up, equals its rebuild from position 0.
      const store = await PostgresEventStore.open({ pool, schema: 'reporting' });
      const models = await ReadModels.open({ connectionString: postgres.url, store, projections: reportingProjections(), poolSize: 2 });
      try {
        for (const projection of reportingProjections()) {
          await settled(
            async () => (await models.status()).find((p) => p.name === projection.name)?.eventsApplied ?? 0,
            (n) => n >= archive.n,
            `${projection.name} caught up`,
          );
          const shadow = await models.buildShadow(projection.name, archive.n);
          try {
            expect(await differences(pool, projection, shadow.schema)).toEqual([]);
          } finally {
            await shadow.dataSource.destroy();
          }
        }
      } finally {
        await models.close();
      }
    } finally {
      await pool.end();
    }
  }, 900_000);
});

/** Rows that differ between a projection's live tables and a rebuilt copy (at most a few, readable). */
async function differences(pool: Pool, projection: ProjectionDefinition, rebuiltSchema: string): Promise<string[]> {
  const found: string[] = [];
  for (const table of projection.tables) {
    for (const [from, to] of [
      [projection.schema, rebuiltSchema],
      [rebuiltSchema, projection.schema],
    ]) {
      const { rows } = await pool.query(`select * from "${from}"."${table.name}" except select * from "${to}"."${table.name}" limit 3`);
      for (const row of rows) found.push(`${table.name} only in ${from}: ${JSON.stringify(row)}`);
    }
  }
  return found;
}
