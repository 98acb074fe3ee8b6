/**
 * What every benchmark shares: timing, concurrency, the machine it ran on, and writing its table into
 * docs/benchmarks.md between `<!-- bench:NAME -->` markers, so one command reruns and records a benchmark.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { EventStore, NewEvent } from '@perheverkko/event-store';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';
/** The server every benchmark runs on: BENCH_DATABASE_URL, or the local test database. */
export const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? DEFAULT_DATABASE_URL;

export async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** Milliseconds of `reads` runs of `work`, one at a time, after one run to warm up. */
export async function latencies(work: () => Promise<unknown>, reads: number): Promise<number[]> {
  await work();
  const ms: number[] = [];
  for (let i = 0; i < reads; i++) ms.push((await timed(work)) * 1000);
  return ms;
}

/** Runs `one(i)` for i in [0, total) on `writers` concurrent loops. */
export async function inParallel(total: number, writers: number, one: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (next < total) await one(next++);
    }),
  );
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The q-quantile (0..1) by nearest rank. */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** A fresh, empty database on the server of `url`, dropped first if an earlier run left it. */
export async function freshDatabase(url: string, name: string): Promise<string> {
  const admin = new Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const target = new URL(url);
  target.pathname = `/${name}`;
  return target.toString();
}

export async function dropDatabase(url: string, name: string): Promise<void> {
  const admin = new Client({ connectionString: url });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`).finally(() => admin.end());
}

/** `run` on a fresh database `name` of DATABASE_URL's server (given its URL); the database is dropped afterwards, whatever happened. */
export async function onFreshDatabase<T>(name: string, run: (url: string) => Promise<T>): Promise<T> {
  const url = await freshDatabase(DATABASE_URL, name);
  try {
    return await run(url);
  } finally {
    await dropDatabase(DATABASE_URL, name);
  }
}

export async function machineLine(databaseUrl?: string): Promise<string> {
  let server = '';
  if (databaseUrl) {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    const { rows } = await client.query<{ server_version: string }>('show server_version');
    await client.end();
    server = `, PostgreSQL ${rows[0].server_version} on the same host`;
  }
  const cpu = cpus();
  return `${new Date().toISOString().slice(0, 10)} · ${cpu.length} × ${cpu[0]?.model.trim()} · ${Math.round(totalmem() / 2 ** 30)} GiB · Node ${process.versions.node}${server}`;
}

export function markdownTable(header: string[], rows: Array<Array<string | number>>): string {
  const align = header.map((_, i) => (i === 0 ? '---' : '---:'));
  return [header, align, ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/** Records a benchmark's table (`header`, `rows`) under the line naming the machine and, after it, `what` was measured. */
export async function recordTable(name: string, what: string, header: string[], rows: Array<Array<string | number>>): Promise<void> {
  recordInDocs(name, `${await machineLine(DATABASE_URL)} · ${what}\n\n${markdownTable(header, rows)}`);
}

/** Prints the results, and puts them between `<!-- bench:name -->` and `<!-- /bench:name -->` in docs/benchmarks.md. */
export function recordInDocs(name: string, body: string): void {
  console.log(`\n${body}\n`);
  if (process.env.BENCH_NO_RECORD) return;
  const file = join(__dirname, '..', 'docs', 'benchmarks.md');
  const text = readFileSync(file, 'utf8');
  const open = `<!-- bench:${name} -->`;
  const close = `<!-- /bench:${name} -->`;
  const start = text.indexOf(open);
  const end = text.indexOf(close);
  if (start < 0 || end < start) throw new Error(`docs/benchmarks.md has no ${open} … ${close} section`);
  writeFileSync(file, `${text.slice(0, start + open.length)}\n${body.trim()}\n${text.slice(end)}`);
  console.log(`recorded in docs/benchmarks.md (${name})`);
}

export function ratio(a: number, b: number): string {
  return `${(a / b).toFixed(2)}×`;
}

/** A row of latencies in ms: p50, p95 and p99 with `digits` decimals, and the p50 against the baseline's p50. */
export function latencyRow(name: string, ms: number[], baseline: number[], digits: number): string[] {
  return [
    name,
    quantile(ms, 0.5).toFixed(digits),
    quantile(ms, 0.95).toFixed(digits),
    quantile(ms, 0.99).toFixed(digits),
    ratio(quantile(ms, 0.5), quantile(baseline, 0.5)).replace('×', '× the time'),
  ];
}

export function rate(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Generated families stored as reporting's archive stores what it receives, 50 families at a time; the event count. */
export async function storeAsArchived(store: EventStore, families: Array<{ caseId: string; events: NewEvent[] }>): Promise<number> {
  let total = 0;
  for (let i = 0; i < families.length; i += 50) {
    const batch = families.slice(i, i + 50);
    await Promise.all(batch.map((f) => store.appendToStream(`Received-${f.caseId}`, f.events, { expectedRevision: 'no_stream' })));
    total += batch.reduce((sum, f) => sum + f.events.length, 0);
  }
  return total;
}

/** Runs a benchmark's main function; a failure prints and exits non-zero. */
export function runBenchmark(main: () => Promise<void>): void {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
