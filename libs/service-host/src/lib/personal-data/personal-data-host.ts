import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Pool } from 'pg';
import { IDLE_CONNECTION_MS } from '@perheverkko/event-store';
import { MasterKeys, PersonalDataVault, RetentionPolicy } from '@perheverkko/personal-data';
import { DatabaseConnection, PlatformConfig } from '@perheverkko/runtime';
import { messageOf } from '@perheverkko/decider';

/**
 * The process's personal-data vault. Master keys come from MASTER_KEYS; the embedded default generates one once
 * and keeps it in DATA_DIR (fine for a demo, never for real data).
 */
@Injectable()
export class PersonalDataHost implements OnApplicationBootstrap, OnApplicationShutdown {
  private vault?: Promise<PersonalDataVault>;
  private pool?: Pool;
  private erasureTimer?: NodeJS.Timeout;
  readonly retention: RetentionPolicy;

  constructor(
    private readonly config: PlatformConfig,
    private readonly database: DatabaseConnection,
  ) {
    this.retention = RetentionPolicy.parse(config.RETENTION_YEARS);
  }

  /** Destroys the keys of cases whose retention has ended, hourly (and once at start-up). */
  onApplicationBootstrap(): void {
    const eraseDue = async () => {
      try {
        const erased = await (await this.get()).eraseDue();
        if (erased.length > 0) new Logger('PersonalData').log(`retention ended: personal data of ${erased.length} case(s) erased`);
      } catch (error) {
        new Logger('PersonalData').error(`erasing cases past retention failed, retrying within the hour: ${messageOf(error)}`);
      }
    };
    void eraseDue();
    this.erasureTimer = setInterval(eraseDue, 60 * 60 * 1000);
    this.erasureTimer.unref();
  }

  get(): Promise<PersonalDataVault> {
    this.vault ??= (async () => {
      this.pool = new Pool({
        connectionString: this.database.connectionString,
        max: this.database.embedded ? 2 : 5,
        idleTimeoutMillis: IDLE_CONNECTION_MS,
      });
      this.pool.on('error', () => undefined);
      return PersonalDataVault.open(this.pool, MasterKeys.parse(this.masterKeySpec(), this.config.MASTER_KEY_ID));
    })();
    return this.vault;
  }

  private masterKeySpec(): string {
    if (this.config.MASTER_KEYS) return this.config.MASTER_KEYS;
    const file = join(this.config.DATA_DIR, 'demo-master-keys.txt');
    if (!existsSync(file)) {
      mkdirSync(this.config.DATA_DIR, { recursive: true, mode: 0o700 });
      writeFileSync(file, MasterKeys.generateSpec('demo'), { mode: 0o600 });
      new Logger('PersonalData').warn(`generated a demo master key in ${file}; set MASTER_KEYS for real data`);
    }
    return readFileSync(file, 'utf8').trim();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.erasureTimer);
    await this.vault?.catch(() => undefined);
    await this.pool?.end();
  }
}
