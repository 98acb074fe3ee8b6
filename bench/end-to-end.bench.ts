/**
 * End-to-end latency: from an HTTP command (POST /concerns at intake) to its effect in reporting's annual-report
 * projection (the case's row in case_facts), with the five services as separate processes over Kafka and
 * PostgreSQL, at steady open-loop rates (commands are sent on schedule whatever the answers), stepping up until a
 * rate is no longer held. Held: at least 95 % of the target rate accepted, nothing failed, every effect in within
 * 5 s of the last command, and the lag did not grow (the median latency of the last fifth of the commands is at
 * most twice that of the first fifth, plus 100 ms). A poller reads the projection every 5 ms: latencies are ±5 ms.
 *
 *   npm run bench:e2e    # BENCH_DATABASE_URL (a fresh database on that server), a Kafka broker of its own;
 *                        # BENCH_SECONDS per rate (default 15), BENCH_RATES (default 25,50,100,150,200,300,400,700,1000)
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import type { ServiceProcess } from '@perheverkko/platform/testing';
import { loadConcern } from '../tools/e2e/fixtures';
import { demoToken, keysOf, servicesApart, startService } from '../tools/e2e/services-apart';
import { DrillKafka } from '../tools/operations/drill-infrastructure';
import { DATABASE_URL, dropDatabase, freshDatabase, quantile, recordTable, runBenchmark } from './bench-kit';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const RATES = (process.env.BENCH_RATES ?? '25,50,100,150,200,300,400,700,1000').split(',').map(Number);
const DATABASE = 'bench_e2e';
const MAX_IN_FLIGHT = 512;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Each command a child of its own, as a county's load is (a child seldom has more than a few cases). BENCH_ONE_CHILD=1
 * registers the same child every time, as this benchmark did until 2 December: since the duplicate check (ADR 0012)
 * each registration then matches every earlier one.
 */
const concernToSend = () => loadConcern(process.env.BENCH_ONE_CHILD ? 'TEMP-BENCH1' : `TEMP-${randomUUID().slice(0, 13)}`);

interface RateResult {
  target: number;
  sentPerSecond: number;
  acceptedPerSecond: number;
  failed: number;
  http: number[];
  effect: number[];
  missing: number;
  growing: boolean;
  held: boolean;
}

/** Watches the projection for the cases it is told about; resolves each one's arrival time. */
class EffectWatcher {
  private readonly pending = new Map<string, (at: number) => void>();
  private stopped = false;
  readonly done: Promise<void>;

  constructor(pool: Pool) {
    this.done = (async () => {
      while (!this.stopped) {
        if (this.pending.size) {
          const { rows } = await pool
            .query<{ case_id: string }>('select case_id from reporting_annual.case_facts where case_id = any($1)', [
              [...this.pending.keys()],
            ])
            .catch(() => ({ rows: [] as Array<{ case_id: string }> }));
          const now = performance.now();
          for (const { case_id } of rows) {
            this.pending.get(case_id)?.(now);
            this.pending.delete(case_id);
          }
        }
        await pause(5);
      }
    })();
  }

  expect(caseId: string): Promise<number> {
    return new Promise((resolve) => this.pending.set(caseId, resolve));
  }

  get waiting(): number {
    return this.pending.size;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.done;
  }
}

async function runRate(target: number, issuer: string, token: string, watcher: EffectWatcher): Promise<RateResult> {
  const total = Math.round(target * SECONDS);
  const http: number[] = [];
  const effects: Array<Promise<number | undefined>> = [];
  let failed = 0;
  let inFlight = 0;
  const started = performance.now();
  const sends: Array<Promise<void>> = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / target;
    const wait = due - performance.now();
    if (wait > 1) await pause(wait);
    if (inFlight >= MAX_IN_FLIGHT) {
      failed++; // the client gave up on this one: the system is not keeping up
      continue;
    }
    inFlight++;
    sends.push(
      (async () => {
        const sent = performance.now();
        try {
          const response = await fetch(`${issuer}/concerns`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
            body: JSON.stringify(concernToSend()),
          });
          const body = (await response.json()) as { caseId?: string };
          if (response.status !== 201 || !body.caseId) {
            failed++;
            return;
          }
          http.push(performance.now() - sent);
          const caseId = body.caseId;
          effects.push(Promise.race([watcher.expect(caseId).then((at) => at - sent), pause(SECONDS * 1000 + 5000).then(() => undefined)]));
        } catch {
          failed++;
        } finally {
          inFlight--;
        }
      })(),
    );
  }
  const sentSeconds = (performance.now() - started) / 1000;
  await Promise.all(sends);
  const lastAccepted = performance.now();
  const arrived = await Promise.all(effects);
  const effect = arrived.filter((ms): ms is number => ms !== undefined);
  const missing = arrived.length - effect.length;
  const drained = performance.now() - lastAccepted;
  const acceptedPerSecond = http.length / ((lastAccepted - started) / 1000);
  // Effects in the order the commands were accepted: a lag that grows shows as a later fifth slower than the first.
  const fifth = Math.max(1, Math.floor(effect.length / 5));
  const growing = effect.length > 10 && quantile(effect.slice(-fifth), 0.5) > 2 * quantile(effect.slice(0, fifth), 0.5) + 100;
  const held = acceptedPerSecond >= 0.95 * target && failed === 0 && missing === 0 && drained < 5000 && !growing;
  return { target, sentPerSecond: (total - failed) / sentSeconds, acceptedPerSecond, failed, http, effect, missing, growing, held };
}

runBenchmark(async () => {
  const url = await freshDatabase(DATABASE_URL, DATABASE);
  const kafka = await DrillKafka.start();
  const dataDir = mkdtempSync(join(tmpdir(), 'perheverkko-bench-e2e-'));
  const deployment = await servicesApart(dataDir, url, kafka.brokers, { keys: keysOf('bench', 5, 6), rateLimitPerMinute: '10000000' });
  const { issuer } = deployment;
  const services: ServiceProcess[] = [];
  const pool = new Pool({ connectionString: url, max: 2 });
  const results: RateResult[] = [];
  try {
    // BENCH_PROFILE=intake (or another service) writes that process's CPU profile into BENCH_PROFILE_DIR on exit.
    const profiled = (name: string) =>
      process.env.BENCH_PROFILE === name ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR ?? tmpdir()}`] : [];
    // Intake serves the demo issuer for all five.
    for (const name of ['intake', 'convening', 'meeting', 'plan-followup', 'reporting'])
      services.push(await startService(deployment, name, 120_000, profiled(name)));
    const token = await demoToken(issuer, 'terhi');
    const watcher = new EffectWatcher(pool);
    // Warm-up: connections, plans, JIT, consumer groups settled.
    await runRate(20, issuer, token, watcher);
    for (const rate of RATES) {
      const result = await runRate(rate, issuer, token, watcher);
      results.push(result);
      console.log(
        `${rate}/s: accepted ${result.acceptedPerSecond.toFixed(0)}/s, effect p50 ${quantile(result.effect, 0.5).toFixed(1)} p99 ${quantile(result.effect, 0.99).toFixed(1)} ms, failed ${result.failed}, missing ${result.missing}, ${result.held ? 'held' : 'NOT held'}`,
      );
      if (!result.held) break;
      await pause(2000);
    }
    await watcher.stop();
  } finally {
    await pool.end();
    for (const service of services) await service.stop();
    kafka.stop();
    rmSync(dataDir, { recursive: true, force: true });
    await dropDatabase(DATABASE_URL, DATABASE);
  }
  const ms = (values: number[], q: number) => (values.length ? quantile(values, q).toFixed(1) : '–');
  const rows = results.map((r) => [
    `${r.target}`,
    r.acceptedPerSecond.toFixed(0),
    ms(r.http, 0.5),
    ms(r.http, 0.99),
    ms(r.effect, 0.5),
    ms(r.effect, 0.95),
    ms(r.effect, 0.99),
    r.held
      ? 'held'
      : `not held (${[r.acceptedPerSecond < 0.95 * r.target ? 'intake fell behind' : '', r.growing ? 'lag grew' : '', r.failed ? `${r.failed} failed` : '', r.missing ? `${r.missing} effects missing` : ''].filter(Boolean).join(', ') || 'effects drained slowly'})`,
  ]);
  const highest = results.filter((r) => r.held).pop();
  await recordTable(
    'e2e',
    `five services as processes, Kafka 1 broker, ${SECONDS} s per rate · highest rate held: **${highest ? `${highest.target} commands/s` : 'none'}**`,
    ['target cmd/s', 'accepted cmd/s', 'HTTP p50 ms', 'HTTP p99 ms', 'effect p50 ms', 'effect p95 ms', 'effect p99 ms', ''],
    rows,
  );
});
