/**
 * Verifies the access log's hash chain: `npm run audit:verify`.
 * Uses DATABASE_URL, or the embedded database in DATA_DIR (default ./data) while the system is stopped.
 * Exit code 0: intact; 1: broken (the first broken entry is named); 2: could not check.
 */
import 'reflect-metadata';
import { join } from 'node:path';
import { Pool } from 'pg';
import { startEmbeddedPostgres } from '@perheverkko/event-store';
import { AccessLog } from '@perheverkko/platform';

(async () => {
  const embedded = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres({ dataDir: join(process.env.DATA_DIR ?? 'data', 'pglite') });
  const pool = new Pool({ connectionString: process.env.DATABASE_URL ?? embedded?.connectionString, max: 1 });
  try {
    const result = await (await AccessLog.open(pool)).verify();
    if (result.ok) console.log(`access log intact: ${result.checked} entries checked`);
    else console.log(`access log BROKEN at entry ${result.brokenAt} (${result.checked} entries before it are intact)`);
    process.exitCode = result.ok ? 0 : 1;
  } finally {
    await pool.end();
    await embedded?.stop();
  }
})().catch((error) => {
  console.error(`could not verify the access log: ${(error as Error).message}`);
  process.exit(2);
});
