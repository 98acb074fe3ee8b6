/**
 * Rewraps every case's personal-data key under the active master key: `npm run keys:rotate`.
 * Needs MASTER_KEYS with both the old and the new key and MASTER_KEY_ID naming the new one; uses DATABASE_URL, or
 * the embedded database in DATA_DIR while the system is stopped. Afterwards the old key can be removed.
 */
import 'reflect-metadata';
import { join } from 'node:path';
import { Pool } from 'pg';
import { startEmbeddedPostgres } from '@perheverkko/event-store';
import { MasterKeys, PersonalDataVault } from '@perheverkko/personal-data';

(async () => {
  if (!process.env.MASTER_KEYS) throw new Error('set MASTER_KEYS to the old and the new key, and MASTER_KEY_ID to the new one');
  const keys = MasterKeys.parse(process.env.MASTER_KEYS, process.env.MASTER_KEY_ID);
  const embedded = process.env.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres({ dataDir: join(process.env.DATA_DIR ?? 'data', 'pglite') });
  const pool = new Pool({ connectionString: process.env.DATABASE_URL ?? embedded?.connectionString, max: 1 });
  try {
    const rewrapped = await (await PersonalDataVault.open(pool, keys)).rotate();
    console.log(`rewrapped ${rewrapped} case key(s) under master key ${keys.activeId}; older master keys can now be removed`);
  } finally {
    await pool.end();
    await embedded?.stop();
  }
})().catch((error) => {
  console.error(`could not rotate: ${(error as Error).message}`);
  process.exit(1);
});
