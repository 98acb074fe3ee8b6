/**
 * Rebuilding the reporting projections from position 0 (the annual report, and the per-meeting report records)
 * against the limit, a raw read of the same events: a SELECT of the same rows in global order, keyset-paged on the
 * same index, JSON parsed, nothing
 * applied. Also the live follower's path (small batches, rows read back every batch) for comparison.
 * History: contract-valid generated families, appended as reporting's archive stores them.
 *
 *   npm run bench:rebuild       # BENCH_DATABASE_URL, BENCH_EVENTS (default 200,000), BENCH_ROUNDS (3)
 */
import { Pool } from 'pg';
import { PostgresEventStore } from '@perheverkko/event-store';
import { ProjectionRunner, ReadModels } from '@perheverkko/read-model';
import { reportingProjections } from '@perheverkko/reporting-service';
import { generateHistory } from '@perheverkko/reporting-service/testing';
import { median, onFreshDatabase, rate, ratio, recordTable, runBenchmark, storeAsArchived, timed } from './bench-kit';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 200_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PAGE = 5000;
const DATABASE = 'bench_rebuild';

/** Every event once, in global order, as plain rows: what any rebuild must at least do. */
async function rawRead(pool: Pool): Promise<number> {
  let read = 0;
  let after = { commit: '0', prepare: '0' };
  for (;;) {
    const { rows } = await pool.query<{ commit: string; prepare: string }>(
      `select transaction_id::text as commit, global_position as prepare, stream_id, stream_position, event_type, data, metadata, recorded_at
         from reporting.events where (transaction_id, global_position) > ($1::text::xid8, $2::bigint)
        order by transaction_id, global_position limit $3`,
      [after.commit, after.prepare, PAGE],
    );
    read += rows.length;
    if (rows.length < PAGE) return read;
    after = rows[rows.length - 1];
  }
}

runBenchmark(() =>
  onFreshDatabase(DATABASE, async (url) => {
    const pool = new Pool({ connectionString: url, max: 8 });
    const store = await PostgresEventStore.open({ pool, schema: 'reporting' });
    const projections = reportingProjections();
    const models = await ReadModels.open({ connectionString: url, store, projections, poolSize: 4 });
    const rows: Array<Array<string | number>> = [];
    try {
      const families = generateHistory(EVENTS);
      const total = await storeAsArchived(store, families);
      await pool.query('vacuum analyze reporting.events');
      console.log(`${total} events of ${families.length} families stored`);

      const raw: number[] = [];
      const built = new Map<string, number[]>(projections.map((p) => [p.name, []]));
      for (let round = 0; round < ROUNDS; round++) {
        let read = 0;
        raw.push(total / (await timed(async () => (read = await rawRead(pool)))));
        if (read !== total) throw new Error(`raw read saw ${read} of ${total} events`);
        for (const projection of projections) {
          let applied = 0;
          const seconds = await timed(async () => {
            const shadow = await models.buildShadow(projection.name, total);
            applied = shadow.events;
            await shadow.dataSource.destroy();
          });
          if (applied !== total) throw new Error(`${projection.name} rebuilt from ${applied} of ${total} events`);
          built.get(projection.name)?.push(total / seconds);
        }
        console.log(
          `round ${round + 1}: raw ${rate(raw[round])}/s, ${[...built].map(([name, r]) => `${name} ${rate(r[round])}/s`).join(', ')}`,
        );
      }
      // The live follower's path over the same log once: batches of 1,000, rows read back from the tables each time.
      const [annual] = projections;
      const shadow = await models.buildShadow(annual.name, 0).catch(() => undefined);
      let stepwise = NaN;
      if (shadow) {
        await shadow.dataSource.query(`truncate ${annual.tables.map((t) => `"${shadow.schema}"."${t.name}"`).join(', ')}`);
        await shadow.dataSource.query(
          `update "${shadow.schema}".projection_state set commit_position = null, prepare_position = null, events_applied = 0`,
        );
        const runner = new ProjectionRunner(shadow.dataSource, store, annual, shadow.schema, 1000);
        stepwise = total / (await timed(() => runner.catchUp()));
        await shadow.dataSource.destroy();
      }

      const rawRate = median(raw);
      rows.push(['raw read of the same events (baseline)', rate(rawRate), '1.00×']);
      for (const [name, rates] of built) rows.push([`rebuild ${name} from position 0`, rate(median(rates)), ratio(median(rates), rawRate)]);
      rows.push([`annual-report, live follower's path (batches of 1,000, one run)`, rate(stepwise), ratio(stepwise, rawRate)]);
      await recordTable(
        'rebuild',
        `${total.toLocaleString('en-US')} events (${families.length.toLocaleString('en-US')} families) · median of ${ROUNDS} rounds`,
        ['case', 'events/s', 'vs raw read'],
        rows,
      );
    } finally {
      await models.close();
      await store.close();
      await pool.end();
    }
  }),
);
