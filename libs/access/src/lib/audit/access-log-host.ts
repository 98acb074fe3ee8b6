import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Pool } from 'pg';
import { IDLE_CONNECTION_MS } from '@perheverkko/event-store';
import { DatabaseConnection, PlatformConfig } from '@perheverkko/runtime';
import { AccessLog, type AccessEntry, type RecordedAccess } from './access-log';
import { accessLogKeysFrom, anchorFileFrom } from './access-log-keys';
import { messageOf } from '@perheverkko/decider';

/** How often the chain's head is written to the anchor file (also at start-up and on shutdown). */
const ANCHOR_EVERY_MS = 60_000;

/** The process's access log, on its database, its head anchored outside it. */
@Injectable()
export class AccessLogHost implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  private pool?: Pool;
  private log?: AccessLog;
  private anchorTimer?: NodeJS.Timeout;
  private readonly logger = new Logger('AccessLog');

  constructor(
    private readonly database: DatabaseConnection,
    private readonly config: PlatformConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    this.pool = new Pool({
      connectionString: this.database.connectionString,
      max: this.database.embedded ? 2 : 5,
      idleTimeoutMillis: IDLE_CONNECTION_MS,
    });
    this.pool.on('error', () => undefined);
    const keys = accessLogKeysFrom(this.config, { generate: true });
    this.log = await AccessLog.open(this.pool, { keys, anchorFile: anchorFileFrom(this.config) });
    await this.anchor();
    this.anchorTimer = setInterval(() => void this.anchor(), ANCHOR_EVERY_MS);
    this.anchorTimer.unref();
  }

  get accessLog(): AccessLog {
    if (!this.log) throw new Error('the access log is not open yet');
    return this.log;
  }

  record(entry: AccessEntry): Promise<RecordedAccess> {
    return this.accessLog.record(entry);
  }

  /** Writes the head to the anchor file; a failure is logged and retried at the next tick, never thrown. */
  async anchor(): Promise<void> {
    try {
      await this.log?.anchor();
    } catch (error) {
      this.logger.error(`anchoring the access log in ${this.log?.anchorPath} failed, retrying within a minute: ${messageOf(error)}`);
    }
  }

  /** Before the database closes: the last entries this process wrote are anchored. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.anchorTimer);
    await this.anchor();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.anchorTimer);
    await this.pool?.end();
  }
}
