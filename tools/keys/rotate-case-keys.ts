/**
 * Rewraps every case's personal-data key under the active master key: `npm run keys:rotate`.
 * Needs MASTER_KEYS with both the old and the new key and MASTER_KEY_ID naming the new one; uses DATABASE_URL, or
 * the embedded database in DATA_DIR while the system is stopped. Afterwards the old key can be removed.
 * Shows the keys rewrapped of the total, the pace and the time left (a bar on a terminal, a line every few seconds
 * otherwise); interrupted, it keeps what it did, and a re-run rewraps only what is left.
 */
import 'reflect-metadata';
import { join } from 'node:path';
import { Pool } from 'pg';
import { startEmbeddedPostgres } from '@perheverkko/event-store';
import { MasterKeys, PersonalDataVault } from '@perheverkko/personal-data';
import { duration, ProgressReporter } from '../cli/progress-bar';

(async () => {
  if (!process.env.MASTER_KEYS) throw new Error('set MASTER_KEYS to the old and the new key, and MASTER_KEY_ID to the new one');
  const keys = MasterKeys.parse(process.env.MASTER_KEYS, process.env.MASTER_KEY_ID);
  const embedded = process.env.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres({ dataDir: join(process.env.DATA_DIR ?? 'data', 'pglite') });
  const pool = new Pool({ connectionString: process.env.DATABASE_URL ?? embedded?.connectionString, max: 1 });
  try {
    const vault = await PersonalDataVault.open(pool, keys);
    const before = await vault.keyCounts();
    console.log(
      `${before.toRewrap} case key(s) to rewrap under master key ${keys.activeId}; ${before.underActiveKey} already under it, ${before.erased} erased`,
    );
    const startedAt = Date.now();
    const bar = new ProgressReporter('rewrapping', 'case keys');
    const rewrapped = await vault.rotate({
      onProgress: ({ rewrapped: done, total }) => {
        const perSecond = done / Math.max((Date.now() - startedAt) / 1000, 0.001);
        bar.update({ done, total, perSecond, secondsLeft: perSecond > 0 ? (total - done) / perSecond : null });
      },
    });
    bar.end();
    const after = await vault.keyCounts();
    const took = (Date.now() - startedAt) / 1000;
    console.log(
      `rewrapped ${rewrapped} case key(s) in ${duration(took)} (${Math.round(rewrapped / Math.max(took, 0.001))}/s); ` +
        `${after.underActiveKey} under master key ${keys.activeId}, ${after.toRewrap} under an older one, ${after.erased} erased`,
    );
    if (after.toRewrap > 0) throw new Error(`${after.toRewrap} case key(s) are still under an older master key: run it again`);
    console.log('older master keys can now be removed');
  } finally {
    await pool.end();
    await embedded?.stop();
  }
})().catch((error) => {
  console.error(`could not rotate: ${(error as Error).message}`);
  process.exit(1);
});
