/**
 * Verifies the access log: `npm run audit:verify`.
 * Uses DATABASE_URL, or the embedded database in DATA_DIR (default ./data) while the system is stopped; the chain's
 * keys from ACCESS_LOG_KEYS (or the embedded default in DATA_DIR) and the anchors from ACCESS_LOG_ANCHOR_FILE (default
 * DATA_DIR/access-log-anchors.jsonl).
 * Exit code 0: intact; 1: broken (each finding is named: edited, rechained, missing, truncated, anchor-mismatch, …);
 * 2: could not check, including a log with entries but no valid anchor to check it against (`no-anchor`: the anchor
 * file is missing or empty), for then a deleted tail or a rewritten chain would look intact.
 */
import 'reflect-metadata';
import { join } from 'node:path';
import { Pool } from 'pg';
import { startEmbeddedPostgres } from '@perheverkko/event-store';
import { AccessLog, accessLogKeysFrom, type AccessLogSettings, anchorFileFrom } from '@perheverkko/access';

(async () => {
  const settings = process.env as AccessLogSettings;
  // Read only: a missing embedded key is not generated here (keyed entries then fail as unknown-key).
  const keys = accessLogKeysFrom(settings, { generate: false });
  const embedded = process.env.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres({ dataDir: join(process.env.DATA_DIR ?? 'data', 'pglite') });
  const pool = new Pool({ connectionString: process.env.DATABASE_URL ?? embedded?.connectionString, max: 1 });
  try {
    const result = await (await AccessLog.open(pool, { keys, anchorFile: anchorFileFrom(settings) })).verify();
    const { anchors } = result;
    const unanchored =
      result.ok && anchors.lastSeq !== undefined && result.checked > anchors.lastSeq
        ? `; entries ${anchors.lastSeq + 1}–${result.checked} not anchored yet`
        : '';
    const anchored = anchors.valid > 0 ? `${anchors.valid} anchors, the last at entry ${anchors.lastSeq}${unanchored}` : 'no anchors yet';
    const context = `keyed chain from entry ${result.keyedFrom}; ${anchored} in ${anchors.file ?? '(no anchor file)'}`;
    const broken = result.findings.filter((finding) => finding.kind !== 'no-anchor');
    if (result.ok) console.log(`access log intact: ${result.checked} entries checked (${context})`);
    else if (broken.length === 0) {
      // The chain links, but nothing outside the database vouches for it: not "intact", and not a finding against it.
      const where = anchors.file ? `in ${anchors.file}` : '(no anchor file)';
      console.error(
        `cannot vouch for the access log: its ${result.checked} entries link up (keyed chain from entry ${result.keyedFrom}), but no valid anchor ${where} covers them`,
      );
      for (const finding of result.findings) console.error(`  ${finding.kind}: ${finding.detail}`);
      console.error('  Point ACCESS_LOG_ANCHOR_FILE at the anchor file the services write (and restore it if it was lost).');
    } else {
      console.log(`access log BROKEN at entry ${result.brokenAt ?? '–'} (${result.checked} entries before it are intact; ${context})`);
      for (const finding of result.findings) console.log(`  ${finding.kind}: ${finding.detail}`);
    }
    process.exitCode = result.ok ? 0 : broken.length === 0 ? 2 : 1;
  } finally {
    await pool.end();
    await embedded?.stop();
  }
})().catch((error) => {
  console.error(`could not verify the access log: ${(error as Error).message}`);
  process.exit(2);
});
