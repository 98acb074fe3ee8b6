/**
 * Verifies the access log: `npm run audit:verify`.
 * Uses DATABASE_URL, or the embedded database in DATA_DIR (default ./data) while the system is stopped; the chain's
 * keys from ACCESS_LOG_KEYS (or the embedded default in DATA_DIR) and the anchors from ACCESS_LOG_ANCHOR_FILE (default
 * DATA_DIR/access-log-anchors.jsonl).
 * Exit code 0: intact; 1: broken (each finding is named: edited, rechained, missing, truncated, anchor-mismatch, …);
 * 2: could not check.
 */
import 'reflect-metadata';
import { join } from 'node:path';
import { Pool } from 'pg';
import { startEmbeddedPostgres } from '@perheverkko/event-store';
import { AccessLog, accessLogKeysFrom, anchorFileFrom, type AccessLogSettings } from '@perheverkko/platform';

(async () => {
  const settings = process.env as AccessLogSettings;
  // Read only: a missing embedded key is not generated here (keyed entries then fail as unknown-key).
  const keys = accessLogKeysFrom(settings, { generate: false });
  const embedded = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres({ dataDir: join(process.env.DATA_DIR ?? 'data', 'pglite') });
  const pool = new Pool({ connectionString: process.env.DATABASE_URL ?? embedded?.connectionString, max: 1 });
  try {
    const result = await (await AccessLog.open(pool, { keys, anchorFile: anchorFileFrom(settings) })).verify();
    const anchors = result.anchors.valid > 0 ? `${result.anchors.valid} anchors, the last at entry ${result.anchors.lastSeq}` : 'no anchors yet';
    const context = `keyed chain from entry ${result.keyedFrom}; ${anchors} in ${result.anchors.file ?? '(no anchor file)'}`;
    if (result.ok) console.log(`access log intact: ${result.checked} entries checked (${context})`);
    else {
      console.log(`access log BROKEN at entry ${result.brokenAt ?? '–'} (${result.checked} entries before it are intact; ${context})`);
      for (const finding of result.findings) console.log(`  ${finding.kind}: ${finding.detail}`);
    }
    process.exitCode = result.ok ? 0 : 1;
  } finally {
    await pool.end();
    await embedded?.stop();
  }
})().catch((error) => {
  console.error(`could not verify the access log: ${(error as Error).message}`);
  process.exit(2);
});
