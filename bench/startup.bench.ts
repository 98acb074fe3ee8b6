/**
 * Start-up: time from spawning a process to its first `GET /health` 200, and its resident memory (RSS) then and
 * BENCH_SETTLE_SECONDS (10) later, idle, for the processes run two ways in the same run: **before**, the TypeScript
 * sources through `@swc-node/register` (compiled in the process at every start, as every process ran until compiled
 * output); **after**, the compiled JavaScript in dist/node (`npm start`, the `start:<service>` scripts and the
 * images). Rounds alternate which way goes first.
 *
 * - the embedded default (`npm start`), on a fresh data folder (the embedded database is created) and on a restart
 *   on the same folder; "after" includes the check that dist/node is up to date (tools/build/ensure-compiled.mjs),
 *   as `npm start` runs it;
 * - each of the five services as its own process on PostgreSQL (a fresh database of BENCH_DATABASE_URL's server) and
 *   a Kafka broker of its own, started one at a time, each one's schemas already made (a restart, as a rolling
 *   update or a rescheduled pod starts).
 *
 *   npm run bench:startup    # BENCH_ROUNDS (default 3); needs PostgreSQL and Java (for the broker)
 */
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@perheverkko/platform/testing';
import { keysOf, serviceEnv, servicesApart } from '../tools/e2e/services-apart';
import { DrillKafka } from '../tools/operations/drill-infrastructure';
import { DATABASE_URL, dropDatabase, freshDatabase, median, ratio, recordTable, runBenchmark } from './bench-kit';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DATABASE = 'bench_startup';
const ROOT = join(__dirname, '..');
const SERVICES = ['intake', 'convening', 'meeting', 'plan-followup', 'reporting'];
const TIMEOUT_MS = 180_000;
/** How long a ready process is left idle before its memory is read again: what it holds, not its start-up's garbage. */
const SETTLE_MS = Number(process.env.BENCH_SETTLE_SECONDS ?? 10) * 1000;

type Way = 'before' | 'after';

/** The command line of a process, each way. */
function commandOf(app: string, way: Way): string[] {
  if (way === 'before') return [process.execPath, '-r', '@swc-node/register', `apps/${app}/src/main.ts`];
  // The embedded default as `npm start` runs it: its database's WebAssembly on V8's baseline compiler only (package.json).
  const flags = app === 'standalone' ? '--enable-source-maps --liftoff-only' : '--enable-source-maps';
  const compiled = `${process.execPath} ${flags} dist/node/apps/${app}/src/main.js`;
  // sh execs node, so the process measured is the server itself.
  return ['sh', '-c', `${process.execPath} tools/build/ensure-compiled.mjs && exec ${compiled}`];
}

interface Start {
  seconds: number;
  /** At the first /health 200. */
  rssMiB: number;
  /** SETTLE_MS later, idle: the collector has returned the start's garbage. */
  settledMiB: number;
  /**
   * The most it held at any moment until then (VmHWM): what a memory limit must allow. The embedded database's
   * WebAssembly is compiled again by V8's optimising tier in the background after its first queries, briefly
   * holding several hundred MiB more than at rest.
   */
  peakMiB: number;
}

/** Starts `app` the given way, waits for /health 200, reads its RSS then and once settled, and stops it (SIGTERM). */
async function measureStart(app: string, way: Way, env: Record<string, string>): Promise<Start> {
  const port = env.PORT ?? String(await freePort());
  const [command, ...args] = commandOf(app, way);
  const started = performance.now();
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', ...env, PORT: port },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let errors = '';
  child.stderr.on('data', (chunk) => (errors += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${app} (${way}) exited with ${child.exitCode}: ${errors.slice(-2000)}`);
      if (performance.now() - started > TIMEOUT_MS) throw new Error(`${app} (${way}) not healthy within ${TIMEOUT_MS} ms`);
      const ok = await fetch(`http://127.0.0.1:${port}/health`).then(
        (response) => response.status === 200,
        () => false,
      );
      if (ok) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const seconds = (performance.now() - started) / 1000;
    const rssMiB = residentMiB(child.pid ?? 0);
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    return { seconds, rssMiB, settledMiB: residentMiB(child.pid ?? 0), peakMiB: residentMiB(child.pid ?? 0, 'VmHWM') };
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

/** VmRSS (or its high-water mark, VmHWM) of a process, from Linux's /proc. */
function residentMiB(pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm'));
  if (!line) throw new Error(`no ${field} for process ${pid}`);
  return Number(line[1]) / 1024;
}

/** Each round's result of each way, for one row of the table. */
class Row {
  readonly starts: Record<Way, Start[]> = { before: [], after: [] };

  constructor(readonly name: string) {}

  cells(): string[] {
    const seconds = (way: Way) => median(this.starts[way].map((s) => s.seconds));
    const rss = (way: Way) => median(this.starts[way].map((s) => s.rssMiB));
    const settled = (way: Way) => median(this.starts[way].map((s) => s.settledMiB));
    const peak = (way: Way) => median(this.starts[way].map((s) => s.peakMiB));
    return [
      this.name,
      seconds('before').toFixed(1),
      seconds('after').toFixed(1),
      ratio(seconds('after'), seconds('before')),
      String(Math.round(rss('before'))),
      String(Math.round(rss('after'))),
      ratio(rss('after'), rss('before')),
      String(Math.round(settled('before'))),
      String(Math.round(settled('after'))),
      ratio(settled('after'), settled('before')),
      String(Math.round(peak('before'))),
      String(Math.round(peak('after'))),
    ];
  }
}

/** The two ways in turn, the first one alternating by round. */
const waysOf = (round: number): Way[] => (round % 2 === 0 ? ['before', 'after'] : ['after', 'before']);

async function embeddedDefault(fresh: Row, restart: Row): Promise<void> {
  for (let round = 0; round < ROUNDS; round++) {
    for (const way of waysOf(round)) {
      const dataDir = mkdtempSync(join(tmpdir(), 'perheverkko-bench-start-'));
      try {
        const env = { DATA_DIR: dataDir, CONSOLE_DIR: join(dataDir, 'no-console') };
        fresh.starts[way].push(await measureStart('standalone', way, env));
        restart.starts[way].push(await measureStart('standalone', way, env));
        console.log(
          `embedded default, round ${round + 1}, ${way}: fresh ${fresh.starts[way].at(-1)?.seconds.toFixed(1)} s, restart ${restart.starts[way].at(-1)?.seconds.toFixed(1)} s`,
        );
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    }
  }
}

async function services(rows: Row[]): Promise<void> {
  const url = await freshDatabase(DATABASE_URL, DATABASE);
  const kafka = await DrillKafka.start();
  const dataDir = mkdtempSync(join(tmpdir(), 'perheverkko-bench-start-services-'));
  try {
    const deployment = await servicesApart(dataDir, url, kafka.brokers, { keys: keysOf('bench', 7, 8) });
    // Not counted: each service's first start makes its schemas and topics.
    for (const name of SERVICES) await measureStart(name, 'after', serviceEnv(deployment, name));
    for (let round = 0; round < ROUNDS; round++) {
      for (const [i, name] of SERVICES.entries()) {
        for (const way of waysOf(round + i)) rows[i].starts[way].push(await measureStart(name, way, serviceEnv(deployment, name)));
        console.log(
          `${name}, round ${round + 1}: before ${rows[i].starts.before.at(-1)?.seconds.toFixed(1)} s, after ${rows[i].starts.after.at(-1)?.seconds.toFixed(1)} s`,
        );
      }
    }
  } finally {
    kafka.stop();
    rmSync(dataDir, { recursive: true, force: true });
    await dropDatabase(DATABASE_URL, DATABASE);
  }
}

runBenchmark(async () => {
  execFileSync(process.execPath, [join(ROOT, 'tools/build/ensure-compiled.mjs')], { cwd: ROOT, stdio: 'inherit' });
  const fresh = new Row('`npm start`, fresh data folder');
  const restart = new Row('`npm start`, restart');
  const serviceRows = SERVICES.map((name) => new Row(`${name} (PostgreSQL + Kafka)`));
  await embeddedDefault(fresh, restart);
  if (!process.env.BENCH_SKIP_SERVICES) await services(serviceRows);
  const rows = [fresh, restart, ...(process.env.BENCH_SKIP_SERVICES ? [] : serviceRows)];
  await recordTable(
    'startup',
    `median of ${ROUNDS} rounds; before = @swc-node/register, after = compiled (dist/node)`,
    [
      'process',
      'ready before s',
      'ready after s',
      'after/before',
      'RSS at ready before MiB',
      'after MiB',
      'after/before',
      `RSS ${SETTLE_MS / 1000} s later before MiB`,
      'after MiB',
      'after/before',
      'peak before MiB',
      'peak after MiB',
    ],
    rows.map((row) => row.cells()),
  );
});
