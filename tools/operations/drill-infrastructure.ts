import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@perheverkko/platform/testing';

/**
 * Servers of the drill's own, so that restarting them disturbs no other suite sharing the machine's servers:
 * a PostgreSQL cluster in a temporary directory, and a Kafka broker with a temporary data directory.
 */

const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const KAFKA_SCRIPTS = join(__dirname, '../../infra/kafka');

/** PostgreSQL refuses to run as root: as root, its programs run as the postgres user. */
function asPostgresUser(program: string, args: string[]): string {
  const command =
    process.getuid?.() === 0
      ? (['runuser', ['-u', 'postgres', '--', join(PG_BIN, program), ...args]] as const)
      : ([join(PG_BIN, program), args] as const);
  return execFileSync(command[0], command[1], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export class DrillPostgres {
  private constructor(
    private readonly dir: string,
    readonly url: string,
  ) {}

  static async start(): Promise<DrillPostgres> {
    const dir = mkdtempSync(join(tmpdir(), 'perheverkko-drill-pg-'));
    if (process.getuid?.() === 0) execFileSync('chown', ['postgres', dir]);
    const port = await freePort();
    asPostgresUser('initdb', ['-D', join(dir, 'data'), '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
    const postgres = new DrillPostgres(dir, `postgres://postgres@127.0.0.1:${port}/postgres`);
    postgres.ctl(['start', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`]);
    return postgres;
  }

  /** `immediate` is a crash as far as clients can tell: connections drop, the server recovers from its WAL. */
  restart(mode: 'immediate' | 'fast' = 'immediate'): void {
    this.ctl(['restart', '-m', mode]);
  }

  stop(): void {
    try {
      this.ctl(['stop', '-m', 'immediate']);
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }

  private ctl(args: string[]): void {
    asPostgresUser('pg_ctl', ['-D', join(this.dir, 'data'), '-l', join(this.dir, 'server.log'), '-w', ...args]);
  }
}

export class DrillKafka {
  private constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly dir: string,
    readonly brokers: string,
  ) {}

  static async start(): Promise<DrillKafka> {
    const dir = mkdtempSync(join(tmpdir(), 'perheverkko-drill-kafka-'));
    // The broker's jars are fetched once for the workspace; this broker only has data of its own.
    const sharedLibs = join(KAFKA_SCRIPTS, '.work', 'libs');
    if (existsSync(sharedLibs)) symlinkSync(sharedLibs, join(dir, 'libs'));
    else mkdirSync(join(dir, 'libs'));
    const port = await freePort();
    const env = { ...process.env, KAFKA_WORK_DIR: dir, KAFKA_PORT: String(port), KAFKA_CONTROLLER_PORT: String(await freePort()) };
    const kafka = new DrillKafka(env, dir, `127.0.0.1:${port}`);
    kafka.script('start.sh');
    return kafka;
  }

  restart(): void {
    this.script('stop.sh');
    this.script('start.sh');
  }

  stop(): void {
    try {
      this.script('stop.sh');
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }

  private script(name: string): void {
    execFileSync('bash', [join(KAFKA_SCRIPTS, name)], { env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
  }
}
