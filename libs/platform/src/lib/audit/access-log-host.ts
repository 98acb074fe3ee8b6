import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Pool } from 'pg';
import { IDLE_CONNECTION_MS } from '@perheverkko/event-store';
import { DatabaseConnection } from '../database/database-connection';
import { AccessLog, type AccessEntry, type RecordedAccess } from './access-log';

/** The process's access log, on its database. */
@Injectable()
export class AccessLogHost implements OnModuleInit, OnApplicationShutdown {
  private pool?: Pool;
  private log?: AccessLog;

  constructor(private readonly database: DatabaseConnection) {}

  async onModuleInit(): Promise<void> {
    this.pool = new Pool({ connectionString: this.database.connectionString, max: this.database.embedded ? 2 : 5, idleTimeoutMillis: IDLE_CONNECTION_MS });
    this.pool.on('error', () => undefined);
    this.log = await AccessLog.open(this.pool);
  }

  get accessLog(): AccessLog {
    if (!this.log) throw new Error('the access log is not open yet');
    return this.log;
  }

  record(entry: AccessEntry): Promise<RecordedAccess> {
    return this.accessLog.record(entry);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool?.end();
  }
}
