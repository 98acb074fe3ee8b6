import { spawn } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, appendFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '@perheverkko/event-store';
import { AccessLog, type AccessEntry, type AccessLogRow } from './access-log';
import { AnchorFile } from './access-log-anchors';
import { AccessLogKeys, accessLogKeysFrom } from './access-log-keys';
import { AccessLogHost } from './access-log-host';
import { AuditController } from './audit.controller';
import type { DatabaseConnection, PlatformConfig } from '@perheverkko/runtime';

const K1 = AccessLogKeys.parse(`k1:${Buffer.alloc(32, 1).toString('base64')}`);
const K1_AND_K2 = AccessLogKeys.parse(`k1:${Buffer.alloc(32, 1).toString('base64')},k2:${Buffer.alloc(32, 2).toString('base64')}`);
const ONLY_K2 = AccessLogKeys.parse(`k2:${Buffer.alloc(32, 2).toString('base64')}`);
const READ: AccessEntry = {
  actorId: 'demo-aino',
  actorRole: 'auditor',
  organisation: 'county',
  caseId: 'case-1',
  action: 'read',
  what: 'joint plan',
  purpose: 'complaint 2026/15',
};

/** The insider: database rights (the append-only triggers can be switched off), no key, no access to the anchor file. */
async function asInsider(pool: Pool, work: () => Promise<unknown>): Promise<void> {
  await pool.query('alter table audit.access_log disable trigger access_log_append_only');
  await pool.query('alter table audit.access_log_keying disable trigger access_log_keying_fixed');
  await work();
  await pool.query('alter table audit.access_log enable trigger access_log_append_only');
  await pool.query('alter table audit.access_log_keying enable trigger access_log_keying_fixed');
}

type StoredRow = Omit<AccessLogRow, 'previous_hash' | 'hash'>;

/** The canonical form the chain hashes, written out here independently of the implementation. */
function canonical(row: StoredRow): string {
  const fields: Array<[string, unknown]> = [
    ['seq', Number(row.seq)],
    ['at', row.at.toISOString()],
    ['actorId', row.actor_id],
    ['actorRole', row.actor_role],
    ['organisation', row.organisation],
    ['caseId', row.case_id],
    ['action', row.action],
    ['what', row.what],
    ['purpose', row.purpose],
    ['recipient', row.recipient],
    ['basis', row.basis],
  ];
  if (row.rule != null || row.reason != null) fields.push(['rule', row.rule], ['reason', row.reason]);
  return JSON.stringify(fields);
}

/** Rewrites every hash from `from` on: with plain SHA-256 (no key), or as an HMAC with a key of the insider's own. */
async function recomputeChain(pool: Pool, from: number, hashWith: { sha256: true } | { hmacKey: Buffer; keyId: string }): Promise<void> {
  const { rows } = await pool.query<StoredRow & { hash: string }>('select * from audit.access_log order by seq');
  let previous = from === 1 ? '0'.repeat(64) : rows[from - 2].hash;
  for (const row of rows.slice(from - 1)) {
    const hash =
      'sha256' in hashWith
        ? createHash('sha256').update(previous).update('\n').update(canonical(row)).digest('hex')
        : createHmac('sha256', hashWith.hmacKey)
            .update([previous, canonical(row), hashWith.keyId].join('\n'))
            .digest('hex');
    await pool.query('update audit.access_log set previous_hash = $2, hash = $3, key_id = $4 where seq = $1', [
      row.seq,
      previous,
      hash,
      'sha256' in hashWith ? null : hashWith.keyId,
    ]);
    previous = hash;
  }
}

describe('the access log against an insider with database rights', () => {
  const dir = mkdtempSync(join(tmpdir(), 'perheverkko-access-log-'));
  let embedded: EmbeddedPostgres;
  let pool: Pool;
  let n = 0;

  /** Each test starts from an empty log (the audit schema dropped) and an anchor file of its own. */
  async function freshLog(keys = K1): Promise<{ log: AccessLog; anchorFile: string }> {
    n++;
    await pool.query('drop schema if exists audit cascade');
    const anchorFile = join(dir, `anchors-${n}.jsonl`);
    return { log: await AccessLog.open(pool, { keys, anchorFile }), anchorFile };
  }

  /**
   * The insider (after `edit`, when given) rehashes the whole chain with plain SHA-256 and moves the keyed start to
   * `keyedFrom`; what the log, opened again with the anchor file, then finds.
   */
  async function verifiedAfterLegacyRewrite(anchorFile: string | undefined, keyedFrom: number, edit?: string) {
    await asInsider(pool, async () => {
      if (edit) await pool.query(edit);
      await recomputeChain(pool, 1, { sha256: true });
      await pool.query(`update audit.access_log_keying set keyed_from = ${keyedFrom}`);
    });
    return (await AccessLog.open(pool, { keys: K1, anchorFile })).verify();
  }

  beforeAll(async () => {
    embedded = await startEmbeddedPostgres();
    pool = new Pool({ connectionString: embedded.connectionString, max: 3 });
  }, 60_000);

  afterAll(async () => {
    try {
      await pool?.end();
      await embedded?.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('should chain entries with HMAC-SHA-256 under a key id, and anchor the head outside the database', async () => {
    const { log, anchorFile } = await freshLog();
    for (let i = 0; i < 3; i++) await log.record(READ);
    const { rows } = await pool.query<StoredRow & { hash: string }>('select * from audit.access_log order by seq');
    expect(rows.map((row) => row.key_id)).toEqual(['k1', 'k1', 'k1']);
    expect(rows[0].hash).toBe(
      createHmac('sha256', Buffer.alloc(32, 1))
        .update(['0'.repeat(64), canonical(rows[0]), 'k1'].join('\n'))
        .digest('hex'),
    );

    const anchor = await log.anchor(new Date('2026-11-02T10:00:00.000Z'));
    expect(anchor).toMatchObject({
      at: '2026-11-02T10:00:00.000Z',
      seq: 3,
      hash: rows[2].hash,
      keyedFrom: 1,
      keyId: 'k1',
      mac: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(await log.anchor()).toBeUndefined(); // the head is anchored already
    expect(readFileSync(anchorFile, 'utf8').trim().split('\n')).toHaveLength(1);
    expect(statSync(anchorFile).mode & 0o777).toBe(0o600);
    expect(await log.verify()).toEqual({
      ok: true,
      checked: 3,
      findings: [],
      keyedFrom: 1,
      anchors: { file: anchorFile, valid: 1, lastSeq: 3, lastAt: '2026-11-02T10:00:00.000Z' },
    });
  });

  it('should name an edited entry', async () => {
    const { log } = await freshLog();
    for (let i = 0; i < 5; i++) await log.record(READ);
    await log.anchor();
    await expect(pool.query(`update audit.access_log set purpose = 'curiosity' where seq = 3`)).rejects.toThrow(/append-only/);
    await asInsider(pool, () => pool.query(`update audit.access_log set actor_id = 'someone-else' where seq = 3`));
    expect(await log.verify()).toMatchObject({
      ok: false,
      checked: 2,
      brokenAt: 3,
      findings: [{ kind: 'edited', seq: 3, detail: 'entry 3 was changed after it was written' }],
    });
  });

  it('should find a deleted tail as truncated against the last anchor', async () => {
    const { log } = await freshLog();
    for (let i = 0; i < 6; i++) await log.record(READ);
    await log.anchor();
    await log.record(READ); // not anchored yet
    await asInsider(pool, () => pool.query('delete from audit.access_log where seq >= 5'));
    const result = await log.verify();
    expect(result).toMatchObject({ ok: false, checked: 4, brokenAt: 5, anchors: { valid: 1, lastSeq: 6 } });
    expect(result.findings).toEqual([
      {
        kind: 'truncated',
        seq: 5,
        detail: expect.stringMatching(/^the log ends at entry 4, but entry 6 was anchored at .*: entries 5–6 were deleted$/),
      },
    ]);
  });

  it('should find a tail that was deleted and written again: the anchored entry differs', async () => {
    const { log } = await freshLog();
    for (let i = 0; i < 4; i++) await log.record(READ);
    await log.anchor();
    await asInsider(pool, () => pool.query('delete from audit.access_log where seq >= 3'));
    // The service goes on appending after the gap: the chain links, but entry 4 is not the one anchored.
    for (let i = 0; i < 3; i++) await log.record({ ...READ, purpose: 'replaced' });
    const result = await log.verify();
    expect(result).toMatchObject({ ok: false, checked: 5, brokenAt: 4 });
    expect(result.findings).toEqual([
      { kind: 'anchor-mismatch', seq: 4, detail: expect.stringContaining('entry 4 differs from its anchor') },
    ]);
  });

  it('should find the whole chain recomputed with plain SHA-256 and moved to look like the legacy prefix', async () => {
    const { log } = await freshLog();
    for (let i = 0; i < 4; i++) await log.record(READ);
    await log.anchor();
    // …and claim the keyed chain has not started yet, so everything would be "legacy".
    const result = await verifiedAfterLegacyRewrite(log.anchorPath, 5, `update audit.access_log set purpose = 'curiosity' where seq = 2`);
    expect(result).toMatchObject({ ok: false, checked: 0, brokenAt: 1, keyedFrom: 1 });
    expect(result.findings.map((finding) => [finding.kind, finding.seq])).toEqual([
      ['keyed-start-moved', 1],
      ['rechained', 1],
      ['anchor-mismatch', 4],
    ]);
  });

  it('should find the chain recomputed with a key of the insider’s own', async () => {
    const { log } = await freshLog();
    for (let i = 0; i < 5; i++) await log.record(READ);
    await asInsider(pool, async () => {
      await pool.query(`update audit.access_log set what = 'nothing' where seq = 3`);
      await recomputeChain(pool, 3, { hmacKey: Buffer.alloc(32, 9), keyId: 'k1' });
    });
    // Not anchored: the chain alone shows it (and that no anchor vouches for the rest).
    expect(await log.verify()).toMatchObject({
      ok: false,
      checked: 2,
      brokenAt: 3,
      findings: [
        { kind: 'rechained', seq: 3, detail: 'from entry 3 on the hashes were recomputed with a key other than k1' },
        { kind: 'no-anchor' },
      ],
    });
  });

  it('should keep verifying the unkeyed legacy prefix, which the first keyed entry seals', async () => {
    await freshLog();
    // Entries written before the keyed chain: SHA-256, no key id (the keying record does not exist yet).
    await pool.query('drop table audit.access_log_keying');
    let previous = '0'.repeat(64);
    for (let seq = 1; seq <= 3; seq++) {
      const row: StoredRow = {
        seq: String(seq),
        at: new Date(`2026-01-0${seq}T08:00:00.000Z`),
        actor_id: 'demo-terhi',
        actor_role: 'professional',
        organisation: 'clinic',
        case_id: 'case-1',
        action: 'read',
        what: 'concern',
        purpose: null,
        recipient: null,
        basis: null,
        rule: null,
        reason: null,
        key_id: null,
      };
      const hash = createHash('sha256').update(previous).update('\n').update(canonical(row)).digest('hex');
      await pool.query(
        'insert into audit.access_log (seq, at, actor_id, actor_role, organisation, case_id, action, what, previous_hash, hash) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)',
        [seq, row.at, row.actor_id, row.actor_role, row.organisation, row.case_id, row.action, row.what, previous, hash],
      );
      previous = hash;
    }
    const log = await AccessLog.open(pool, { keys: K1, anchorFile: join(dir, 'legacy.jsonl') });
    expect(log.keyedFrom).toBe(4);
    await log.record(READ);
    await log.record(READ);
    await log.anchor();
    expect(await log.verify()).toMatchObject({ ok: true, checked: 5, keyedFrom: 4, findings: [] });

    // Anyone can recompute the legacy prefix after editing it, but the first keyed entry covers its last hash.
    await asInsider(pool, async () => {
      await pool.query(`update audit.access_log set what = 'nothing' where seq = 2`);
      let prev = (await pool.query<{ hash: string }>('select hash from audit.access_log where seq = 1')).rows[0].hash;
      for (const seq of [2, 3]) {
        const { rows } = await pool.query<StoredRow>('select * from audit.access_log where seq = $1', [seq]);
        const hash = createHash('sha256').update(prev).update('\n').update(canonical(rows[0])).digest('hex');
        await pool.query('update audit.access_log set previous_hash = $2, hash = $3 where seq = $1', [seq, prev, hash]);
        prev = hash;
      }
    });
    expect(await log.verify()).toMatchObject({ ok: false, checked: 3, brokenAt: 4, findings: [{ kind: 'edited', seq: 4 }] });
  });

  it('should rotate keys: old entries verify while the old key is listed, and are named unknown-key once it is not', async () => {
    const { log, anchorFile } = await freshLog(K1);
    await log.record(READ);
    await log.record(READ);
    const rotated = await AccessLog.open(pool, { keys: K1_AND_K2, anchorFile });
    await rotated.record(READ);
    await rotated.anchor();
    const { rows } = await pool.query<{ key_id: string }>('select key_id from audit.access_log order by seq');
    expect(rows.map((row) => row.key_id)).toEqual(['k1', 'k1', 'k2']);
    expect(await rotated.verify()).toMatchObject({ ok: true, checked: 3 });

    const withoutOld = await AccessLog.open(pool, { keys: ONLY_K2, anchorFile });
    expect(await withoutOld.verify()).toMatchObject({ ok: false, checked: 0, brokenAt: 1, findings: [{ kind: 'unknown-key', seq: 1 }] });
  });

  it('should find a fresh log fine, and not vouch for a log with entries while no valid anchor exists (no-anchor)', async () => {
    const { log, anchorFile } = await freshLog();
    expect(await log.verify()).toEqual({ ok: true, checked: 0, findings: [], keyedFrom: 1, anchors: { file: anchorFile, valid: 0 } });

    for (let i = 0; i < 3; i++) await log.record(READ);
    const missing = await log.verify();
    // The chain links, so no entry is named broken; but nothing outside the database says it is the whole log.
    expect(missing).toEqual({
      ok: false,
      checked: 3,
      findings: [
        {
          kind: 'no-anchor',
          detail: `no valid anchor in ${anchorFile} (the file is missing or empty, or none of its lines verifies): nothing outside the database vouches for entries 1–3, so a deleted tail, or every entry rewritten and the keyed start moved, would not show`,
        },
      ],
      keyedFrom: 1,
      anchors: { file: anchorFile, valid: 0 },
    });
    // The HTTP answer (POST /audit/access-log/verify) is the same result.
    expect(await new AuditController({ accessLog: log } as AccessLogHost).verify()).toEqual(missing);

    writeFileSync(anchorFile, '');
    expect(await log.verify()).toMatchObject({ ok: false, findings: [{ kind: 'no-anchor' }] });
    // Only lines that do not verify (written without the key): no anchor either.
    writeFileSync(
      anchorFile,
      `${JSON.stringify({ at: new Date().toISOString(), seq: 3, hash: 'f'.repeat(64), keyedFrom: 1, keyId: 'k1', mac: '0'.repeat(64) })}\n`,
    );
    expect((await log.verify()).findings.map((finding) => finding.kind)).toEqual(['anchor-invalid', 'no-anchor']);
    // Once anchored, the same log is vouched for.
    writeFileSync(anchorFile, '');
    expect(await log.anchor()).toMatchObject({ seq: 3 });
    expect(await log.verify()).toMatchObject({ ok: true, checked: 3, anchors: { valid: 1, lastSeq: 3 } });
  });

  it('should not call a log without anchors intact after its tail was deleted, or after every entry was rewritten and the keyed start moved', async () => {
    const { log } = await freshLog();
    for (let i = 0; i < 5; i++) await log.record(READ);
    await asInsider(pool, () => pool.query('delete from audit.access_log where seq >= 3'));
    const deleted = await log.verify();
    expect(deleted).toMatchObject({ ok: false, checked: 2, anchors: { valid: 0 } });
    expect(deleted.brokenAt).toBeUndefined();
    expect(deleted.findings).toEqual([
      { kind: 'no-anchor', detail: expect.stringContaining('nothing outside the database vouches for entries 1–2') },
    ]);

    // Every entry rehashed with plain SHA-256 and the keyed start moved past them: the chain alone verifies as the
    // legacy prefix, so only the missing anchor keeps it from being called intact.
    const rewritten = await verifiedAfterLegacyRewrite(
      log.anchorPath,
      3,
      `update audit.access_log set purpose = 'curiosity' where seq = 1`,
    );
    expect(rewritten).toMatchObject({ ok: false, checked: 2, keyedFrom: 3 });
    expect(rewritten.findings.map((finding) => finding.kind)).toEqual(['no-anchor']);
  });

  it('should find the keyed start moved against the anchor written at start-up, before any entry was anchored', async () => {
    const { log, anchorFile } = await freshLog();
    // What a process writes at start-up on an empty log: entry 0, and where the keyed chain starts.
    expect(await log.anchor()).toMatchObject({ seq: 0, keyedFrom: 1 });
    for (let i = 0; i < 3; i++) await log.record(READ);
    const result = await verifiedAfterLegacyRewrite(anchorFile, 4);
    expect(result).toMatchObject({ ok: false, checked: 0, brokenAt: 1, keyedFrom: 1, anchors: { valid: 1, lastSeq: 0 } });
    expect(result.findings.map((finding) => [finding.kind, finding.seq])).toEqual([
      ['keyed-start-moved', 1],
      ['rechained', 1],
    ]);
  });

  it('should refuse anchor lines the database account could have written: without the key their MAC does not verify', async () => {
    const { log, anchorFile } = await freshLog();
    await log.record(READ);
    await log.anchor();
    appendFileSync(
      anchorFile,
      `${JSON.stringify({ at: new Date().toISOString(), seq: 1, hash: 'f'.repeat(64), keyedFrom: 1, keyId: 'k1', mac: '0'.repeat(64) })}\nnot json\n`,
    );
    expect((await log.verify()).findings).toEqual([
      { kind: 'anchor-invalid', line: 2, detail: 'anchor file line 2: its MAC does not verify' },
      { kind: 'anchor-invalid', line: 3, detail: 'anchor file line 3: not a JSON line' },
    ]);
  });

  it('should let several writers append and anchor one log and one anchor file at once', async () => {
    const { anchorFile } = await freshLog();
    const pools = [0, 1, 2].map(() => new Pool({ connectionString: embedded.connectionString, max: 1 }));
    try {
      const logs = await Promise.all(pools.map((p) => AccessLog.open(p, { keys: K1, anchorFile })));
      await Promise.all(
        logs.map(async (log) => {
          for (let i = 0; i < 10; i++) {
            await log.record(READ);
            await log.anchor();
          }
        }),
      );
      const result = await logs[0].verify();
      expect(result).toMatchObject({ ok: true, checked: 30, findings: [] });
      expect(result.anchors.valid).toBeGreaterThan(0);
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
  });

  it('should append entries that arrive together in one transaction, in the order they came, chained as one by one', async () => {
    const { log } = await freshLog();
    const recorded = await Promise.all(Array.from({ length: 120 }, (_, i) => log.record({ ...READ, what: `read ${i}` })));
    expect(recorded.map((r) => r.seq)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    expect(recorded.map((r) => r.what)).toEqual(Array.from({ length: 120 }, (_, i) => `read ${i}`));
    // Fewer transactions than entries (each row's xmin is the transaction that wrote it): the chain's lock once a batch.
    const { rows } = await pool.query<{ transactions: string }>('select count(distinct xmin::text) as transactions from audit.access_log');
    expect(Number(rows[0].transactions)).toBeLessThan(120);
    await log.anchor();
    expect(await log.verify()).toMatchObject({ ok: true, checked: 120, findings: [] });
  });

  it('should refuse only the entry the database refuses, not the others that went with it', async () => {
    const { log } = await freshLog();
    const bad = { ...READ, action: 'peeked' } as unknown as AccessEntry;
    const results = await Promise.allSettled([log.record(READ), log.record(READ), log.record(bad), log.record(READ)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    await log.anchor();
    expect(await log.verify()).toMatchObject({ ok: true, checked: 3, findings: [] });
  });

  it('should append whole lines from several processes to one anchor file (O_APPEND, one write per line)', async () => {
    const anchorFile = join(dir, 'processes.jsonl');
    const child = `
      const { AnchorFile } = require('./libs/access/src/lib/audit/access-log-anchors.ts');
      const { AccessLogKeys } = require('./libs/access/src/lib/audit/access-log-keys.ts');
      const keys = AccessLogKeys.parse(process.env.KEYS);
      const file = new AnchorFile(process.env.FILE);
      (async () => {
        for (let seq = 1; seq <= 200; seq++) await file.append(AnchorFile.sign(keys, 'k1', { at: new Date().toISOString(), seq, hash: 'a'.repeat(64), keyedFrom: Number(process.env.WHO) }));
      })();`;
    const root = join(__dirname, '../../../../..');
    const spec = `k1:${Buffer.alloc(32, 1).toString('base64')}`;
    const exits = await Promise.all(
      [1, 2, 3, 4].map(
        (who) =>
          new Promise<number | null>((resolve) => {
            const process_ = spawn(process.execPath, ['-r', '@swc-node/register', '-e', child], {
              cwd: root,
              env: { PATH: process.env.PATH ?? '', KEYS: spec, FILE: anchorFile, WHO: String(who) },
              stdio: 'inherit',
            });
            process_.on('exit', resolve);
          }),
      ),
    );
    expect(exits).toEqual([0, 0, 0, 0]);
    const lines = await new AnchorFile(anchorFile).read(K1);
    expect(lines).toHaveLength(800);
    expect(lines.filter((line) => line.invalid)).toEqual([]);
    for (const who of [1, 2, 3, 4]) expect(lines.filter((line) => line.anchor?.keyedFrom === who)).toHaveLength(200);
  }, 60_000);

  it('should anchor at start-up (where the keyed chain starts) and on shutdown (the last entry): the process’s host', async () => {
    await pool.query('drop schema if exists audit cascade');
    const dataDir = join(dir, 'host');
    const host = new AccessLogHost(
      { connectionString: embedded.connectionString, embedded: true } as DatabaseConnection,
      { DATA_DIR: dataDir } as PlatformConfig,
    );
    await host.onModuleInit();
    await host.record(READ);
    await host.record(READ);
    await host.beforeApplicationShutdown();
    await host.onApplicationShutdown();
    const lines = readFileSync(join(dataDir, 'access-log-anchors.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { seq: number; keyedFrom: number; keyId: string });
    expect(lines.map(({ seq, keyedFrom, keyId }) => ({ seq, keyedFrom, keyId }))).toEqual([
      { seq: 0, keyedFrom: 1, keyId: 'demo' },
      { seq: 2, keyedFrom: 1, keyId: 'demo' },
    ]);
  });

  it('should generate the embedded default key once, mode 0600, and require ACCESS_LOG_KEYS with DATABASE_URL', () => {
    const dataDir = join(dir, 'data');
    expect(accessLogKeysFrom({ DATA_DIR: dataDir }, { generate: false }).activeId).toBeUndefined();
    const first = accessLogKeysFrom({ DATA_DIR: dataDir }, { generate: true });
    expect(first.activeId).toBe('demo');
    expect(statSync(join(dataDir, 'access-log-keys.txt')).mode & 0o777).toBe(0o600);
    expect(accessLogKeysFrom({ DATA_DIR: dataDir }, { generate: true }).mac('demo', 'x')).toBe(first.mac('demo', 'x'));
    expect(() => accessLogKeysFrom({ DATABASE_URL: 'postgres://x/y' }, { generate: true })).toThrow(
      /ACCESS_LOG_KEYS: required with DATABASE_URL/,
    );
  });
});
