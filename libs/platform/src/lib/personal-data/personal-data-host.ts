import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Pool } from 'pg';
import { MasterKeys, PersonalDataVault } from '@perheverkko/personal-data';
import { PlatformConfig } from '../config/platform-config';
import { DatabaseConnection } from '../database/database-connection';

/**
 * The process's personal-data vault. Master keys come from MASTER_KEYS; the embedded default generates one once
 * and keeps it in DATA_DIR (fine for a demo, never for real data).
 */
@Injectable()
export class PersonalDataHost implements OnApplicationShutdown {
  private vault?: Promise<PersonalDataVault>;
  private pool?: Pool;

  constructor(
    private readonly config: PlatformConfig,
    private readonly database: DatabaseConnection,
  ) {}

  get(): Promise<PersonalDataVault> {
    this.vault ??= (async () => {
      this.pool = new Pool({ connectionString: this.database.connectionString, max: this.database.embedded ? 2 : 5 });
      this.pool.on('error', () => undefined);
      return PersonalDataVault.open(this.pool, MasterKeys.parse(this.masterKeySpec(), this.config.MASTER_KEY_ID));
    })();
    return this.vault;
  }

  private masterKeySpec(): string {
    if (this.config.MASTER_KEYS) return this.config.MASTER_KEYS;
    const file = join(this.config.DATA_DIR, 'demo-master-keys.txt');
    if (!existsSync(file)) {
      mkdirSync(this.config.DATA_DIR, { recursive: true });
      writeFileSync(file, MasterKeys.generateSpec('demo'), { mode: 0o600 });
      new Logger('PersonalData').warn(`generated a demo master key in ${file}; set MASTER_KEYS for real data`);
    }
    return readFileSync(file, 'utf8').trim();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool?.end();
  }
}
