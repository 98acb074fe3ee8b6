import { Injectable, type OnModuleInit, type OnApplicationShutdown } from '@nestjs/common';
import { Pool } from 'pg';
import { DatabaseConnection } from './database-connection';
import { HealthRegistry } from './health-registry';

/** Readiness needs PostgreSQL itself (read models, processed-event records, the access log), whatever stores events. */
@Injectable()
export class DatabaseHealth implements OnModuleInit, OnApplicationShutdown {
  private pool?: Pool;

  constructor(
    private readonly database: DatabaseConnection,
    private readonly health: HealthRegistry,
  ) {}

  onModuleInit(): void {
    const pool = new Pool({ connectionString: this.database.connectionString, max: 1, connectionTimeoutMillis: 2000 });
    pool.on('error', () => undefined);
    this.pool = pool;
    this.health.register('postgres', async () => {
      await pool.query('select 1');
      return { embedded: this.database.embedded };
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool?.end();
  }
}
