import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '@perheverkko/event-store';
import { secureDataDir } from './data-dir';
import type { PlatformConfig } from './platform-config';

/**
 * The process's PostgreSQL: the configured server, or one embedded PGlite shared by every service module
 * in the process (each in its own schema).
 */
export class DatabaseConnection implements OnApplicationShutdown {
  private constructor(
    readonly connectionString: string,
    readonly embedded: boolean,
    private readonly embeddedServer?: EmbeddedPostgres,
  ) {}

  static async open(config: PlatformConfig): Promise<DatabaseConnection> {
    secureDataDir(config);
    if (config.DATABASE_URL) return new DatabaseConnection(config.DATABASE_URL, false);
    const dataDir = join(config.DATA_DIR, 'pglite');
    const server = await startEmbeddedPostgres({ dataDir });
    new Logger('Database').log(`embedded PostgreSQL (PGlite) keeps its data in ${dataDir}`);
    return new DatabaseConnection(server.connectionString, true, server);
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.embeddedServer) return;
    await this.embeddedServer.stop();
    new Logger('Database').log('embedded PostgreSQL closed cleanly');
  }
}
