import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { migrate, withPooledClient } from '@perheverkko/event-store';
import { AnchorFile, type Anchor } from './access-log-anchors';
import { accessLogKeysFrom, anchorFileFrom, type AccessLogKeys, type AccessLogSettings } from './access-log-keys';

/** A read of case data, a disclosure to someone outside the reader's own work, or a refused attempt. */
/** read: the case's data left the service; act: a command changed it; disclose: given to someone; refused. */
export type AccessAction = 'read' | 'act' | 'disclose' | 'refused';

export interface AccessEntry {
  actorId: string;
  actorRole: string;
  organisation: string;
  /** Absent for refusals that named no case. */
  caseId?: string;
  action: AccessAction;
  /** What data, in words: "processing history", "joint plan", … */
  what: string;
  /** Why: the work task, or an auditor's stated purpose. */
  purpose?: string;
  /** For disclosures: to whom, and on which consent or legal basis. */
  recipient?: string;
  basis?: string;
  /** For refusals: the rule that refused, and why, in words (older refusals carried the reason in `purpose`). */
  rule?: string;
  reason?: string;
}

export interface RecordedAccess extends AccessEntry {
  seq: number;
  at: string;
  hash: string;
}

/** What verification found, each named: where the log and its anchors stop agreeing. */
type ChainFindingKind =
  /** An entry's content or links no longer match its hash: it was changed (the entry is named). */
  | 'edited'
  /** The hashes from this entry on were recomputed without the key (plain SHA-256, another key, or no key id). */
  | 'rechained'
  /** Entries are missing from the middle of the log. */
  | 'missing'
  /** An entry names a key that is not configured: it cannot be checked (add the old key to ACCESS_LOG_KEYS). */
  | 'unknown-key'
  /** The log ends before the last anchored entry: its tail was deleted. */
  | 'truncated'
  /** An anchored entry's hash differs from the anchor: the log was rewritten from there on. */
  | 'anchor-mismatch'
  /** The database's record of where the keyed chain starts differs from the anchored one. */
  | 'keyed-start-moved'
  /** A line of the anchor file is unreadable or its MAC does not verify. */
  | 'anchor-invalid'
  /**
   * The log has entries but no valid anchor (the anchor file is missing, empty or none of its lines verifies): the
   * chain may link, yet nothing outside the database vouches for it, so a deleted tail, or every entry rewritten and
   * the keyed start moved, would not show. Not ok, though no entry is named as broken.
   */
  | 'no-anchor';

interface ChainFinding {
  kind: ChainFindingKind;
  /** The entry concerned (for anchor-invalid: absent, `line` names the anchor file's line). */
  seq?: number;
  line?: number;
  detail: string;
}

interface ChainVerification {
  /** No findings: the chain links and a valid anchor vouches for it (or the log is still empty). */
  ok: boolean;
  /** Entries verified intact, from the first, before the first broken one. */
  checked: number;
  /** The first entry at which the log is broken (edited, rechained, missing, truncated or differing from an anchor). */
  brokenAt?: number;
  findings: ChainFinding[];
  /** The first entry of the keyed (HMAC) chain; entries before it are the unkeyed SHA-256 legacy prefix. */
  keyedFrom: number;
  /** The anchors outside the database the log was checked against. */
  anchors: { file?: string; valid: number; lastSeq?: number; lastAt?: string };
}

interface AccessLogOptions {
  /** The chain's keys. Default: ACCESS_LOG_KEYS, or the embedded default key in DATA_DIR. */
  keys?: AccessLogKeys;
  /** The anchor file; null: no anchoring (and no truncation check). Default: ACCESS_LOG_ANCHOR_FILE or DATA_DIR's. */
  anchorFile?: string | null;
}

const GENESIS = '0'.repeat(64);
const TABLE = 'audit.access_log';
const KEYING = 'audit.access_log_keying';

type Hashed = keyof Omit<RecordedAccess, 'hash'>;
const FIELDS: Hashed[] = ['seq', 'at', 'actorId', 'actorRole', 'organisation', 'caseId', 'action', 'what', 'purpose', 'recipient', 'basis'];
/** Added later: hashed only when present, so every entry written before them still verifies. */
const REFUSAL_FIELDS: Hashed[] = ['rule', 'reason'];

/** Key order fixed, absent fields as null: the same entry always hashes the same. */
function canonical(entry: Omit<RecordedAccess, 'hash'>): string {
  const fields = REFUSAL_FIELDS.some((field) => entry[field] != null) ? [...FIELDS, ...REFUSAL_FIELDS] : FIELDS;
  return JSON.stringify(fields.map((field) => [field, entry[field] ?? null]));
}

/** The legacy, unkeyed link: entries before `keyedFrom` (written before the keyed chain) verify with it. */
function legacyHash(previousHash: string, entry: Omit<RecordedAccess, 'hash'>): string {
  return createHash('sha256').update(previousHash).update('\n').update(canonical(entry)).digest('hex');
}

/** The keyed link: HMAC-SHA-256 under the key `keyId`, which is itself covered. */
function keyedHash(keys: AccessLogKeys, keyId: string, previousHash: string, entry: Omit<RecordedAccess, 'hash'>): string {
  return keys.mac(keyId, previousHash, canonical(entry), keyId);
}

/** A row of `audit.access_log` as stored. */
export interface AccessLogRow {
  seq: string;
  at: Date;
  actor_id: string;
  actor_role: string;
  organisation: string;
  case_id: string | null;
  action: AccessAction;
  what: string;
  purpose: string | null;
  recipient: string | null;
  basis: string | null;
  rule: string | null;
  reason: string | null;
  previous_hash: string;
  hash: string;
  key_id: string | null;
}

function toRecorded(row: AccessLogRow): RecordedAccess {
  return {
    seq: Number(row.seq),
    at: row.at.toISOString(),
    actorId: row.actor_id,
    actorRole: row.actor_role,
    organisation: row.organisation,
    caseId: row.case_id ?? undefined,
    action: row.action,
    what: row.what,
    purpose: row.purpose ?? undefined,
    recipient: row.recipient ?? undefined,
    basis: row.basis ?? undefined,
    ...(row.rule != null ? { rule: row.rule } : {}),
    ...(row.reason != null ? { reason: row.reason } : {}),
    hash: row.hash,
  };
}

/** Entries one transaction appends at most (16 parameters each: well under PostgreSQL's 65,535). */
const MAX_BATCH = 200;

/**
 * The access and disclosure log (Act 703/2023): append-only, each entry chained to the previous one by an
 * HMAC-SHA-256 under a key kept outside the database (entries written before the keyed chain began form an unkeyed
 * SHA-256 prefix). Changing or removing any entry breaks every link after it, and without the key nobody can
 * recompute them. `anchor` writes the chain's head to a file outside the database, so a deleted or rewritten tail
 * no longer matches; `verify` names what it finds.
 */
export class AccessLog {
  /** Entries waiting for the transaction that appends them (record without a caller's transaction). */
  private readonly waiting: Array<{
    entry: AccessEntry;
    now: Date;
    resolve: (recorded: RecordedAccess) => void;
    reject: (error: unknown) => void;
  }> = [];
  private appending = false;

  private constructor(
    private readonly pool: Pool,
    private readonly keys: AccessLogKeys,
    private readonly anchorFile: AnchorFile | undefined,
    /** Where the keyed chain starts, as this database records it (fixed once set). */
    readonly keyedFrom: number,
  ) {}

  static async open(pool: Pool, options: AccessLogOptions = {}): Promise<AccessLog> {
    const keys = options.keys ?? accessLogKeysFrom(process.env as AccessLogSettings, { generate: true });
    const anchorPath = options.anchorFile === undefined ? anchorFileFrom(process.env as AccessLogSettings) : options.anchorFile;
    // The lock name is the one `record` takes: the keyed start is fixed between two appends.
    await migrate(pool, 'perheverkko.audit.access_log', [
      'create schema if not exists audit',
      `create table if not exists ${TABLE} (
        seq bigint primary key,
        at timestamptz not null,
        actor_id text not null,
        actor_role text not null,
        organisation text not null,
        case_id text,
        action text not null check (action in ('read', 'disclose', 'refused')),
        what text not null,
        purpose text,
        recipient text,
        basis text,
        previous_hash text not null,
        hash text not null)`,
      `create index if not exists access_log_by_case on ${TABLE} (case_id, at)`,
      `create or replace function audit.refuse_change() returns trigger language plpgsql as $$
        begin raise exception 'the access log is append-only: % is refused', tg_op using errcode = 'insufficient_privilege'; end $$`,
      `create or replace trigger access_log_append_only before update or delete on ${TABLE} for each row execute function audit.refuse_change()`,
      `create or replace trigger access_log_no_truncate before truncate on ${TABLE} for each statement execute function audit.refuse_change()`,
      `alter table ${TABLE} add column if not exists rule text`,
      `alter table ${TABLE} add column if not exists reason text`,
      // Commands on a case are logged as what they are (act), not as reads.
      `alter table ${TABLE} drop constraint if exists access_log_action_check`,
      `alter table ${TABLE} add constraint access_log_action_check check (action in ('read', 'act', 'disclose', 'refused'))`,
      // The keyed chain (issue 17): the signing key's id per entry, and where the keyed entries start. Entries before
      // that have no key id and verify as the unkeyed legacy prefix; the start is also written in every anchor.
      `alter table ${TABLE} add column if not exists key_id text`,
      `create table if not exists ${KEYING} (
        only_row boolean primary key default true check (only_row),
        keyed_from bigint not null,
        since timestamptz not null default now())`,
      `create or replace trigger access_log_keying_fixed before update or delete on ${KEYING} for each row execute function audit.refuse_change()`,
      `insert into ${KEYING} (keyed_from) select coalesce(max(seq), 0) + 1 from ${TABLE} on conflict do nothing`,
    ]);
    const { rows } = await pool.query<{ keyed_from: string }>(`select keyed_from from ${KEYING}`);
    return new AccessLog(pool, keys, anchorPath ? new AnchorFile(anchorPath) : undefined, Number(rows[0]?.keyed_from ?? 1));
  }

  get anchorPath(): string | undefined {
    return this.anchorFile?.path;
  }

  /**
   * Appends an entry; with `tx`, inside that transaction instead (begun by the caller, on this database), so the
   * entry commits or rolls back with the caller's other work: a consumer's "processed" record. The chain's lock is
   * then held until the caller commits. Without `tx` the entry goes with those that arrive while the process is
   * appending (a group commit): the chain has one lock for every writer on the database, so taking it once per entry
   * capped every service's commands and reads together at the rate one transaction at a time can go.
   */
  async record(entry: AccessEntry, now = new Date(), tx?: PoolClient): Promise<RecordedAccess> {
    const keyId = this.keys.activeId;
    if (!keyId) throw new Error('the access log has no key to sign entries with (ACCESS_LOG_KEYS)');
    if (tx) return (await this.append(tx, [{ entry, now }], keyId))[0];
    return new Promise<RecordedAccess>((resolve, reject) => {
      this.waiting.push({ entry, now, resolve, reject });
      if (!this.appending) void this.appendWaiting(keyId);
    });
  }

  /** Appends what is waiting, in the order it came, a batch per transaction, until nothing waits. */
  private async appendWaiting(keyId: string): Promise<void> {
    this.appending = true;
    try {
      while (this.waiting.length > 0) {
        const batch = this.waiting.splice(0, MAX_BATCH);
        try {
          const recorded = await this.inTransaction((client) => this.append(client, batch, keyId));
          batch.forEach((waiting, i) => waiting.resolve(recorded[i]));
        } catch (error) {
          if (batch.length === 1) batch[0].reject(error);
          // One entry the database refuses must not take the others with it: each alone, in its own transaction.
          else
            for (const waiting of batch)
              await this.inTransaction((client) => this.append(client, [waiting], keyId)).then(
                ([recorded]) => waiting.resolve(recorded),
                (alone: unknown) => waiting.reject(alone),
              );
        }
      }
    } finally {
      this.appending = false;
    }
  }

  private inTransaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    return withPooledClient(this.pool, async (client) => {
      await client.query('begin');
      try {
        const result = await work(client);
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      }
    });
  }

  /** Extends the chain by the entries, in order, inside the client's open transaction: one read of the head, one insert. */
  private async append(client: PoolClient, entries: Array<{ entry: AccessEntry; now: Date }>, keyId: string): Promise<RecordedAccess[]> {
    // One writer at a time extends the chain; the lock is released at commit.
    await client.query("select pg_advisory_xact_lock(hashtext('perheverkko.audit.access_log'))");
    const { rows } = await client.query<{ seq: string; hash: string }>(`select seq, hash from ${TABLE} order by seq desc limit 1`);
    let previousHash = rows[0]?.hash ?? GENESIS;
    let seq = Number(rows[0]?.seq ?? 0);
    const chained: Array<{ recorded: RecordedAccess; previousHash: string }> = [];
    for (const { entry, now } of entries) {
      const unhashed = { ...entry, seq: ++seq, at: new Date(Math.floor(now.getTime())).toISOString() };
      const recorded: RecordedAccess = { ...unhashed, hash: keyedHash(this.keys, keyId, previousHash, unhashed) };
      chained.push({ recorded, previousHash });
      previousHash = recorded.hash;
    }
    await this.insert(client, chained, keyId);
    return chained.map(({ recorded }) => recorded);
  }

  private async insert(
    client: PoolClient,
    chained: Array<{ recorded: RecordedAccess; previousHash: string }>,
    keyId: string,
  ): Promise<void> {
    const values = chained.map(({ recorded: entry, previousHash }) => [
      entry.seq,
      entry.at,
      entry.actorId,
      entry.actorRole,
      entry.organisation,
      entry.caseId ?? null,
      entry.action,
      entry.what,
      entry.purpose ?? null,
      entry.recipient ?? null,
      entry.basis ?? null,
      entry.rule ?? null,
      entry.reason ?? null,
      previousHash,
      entry.hash,
      keyId,
    ]);
    const placeholders = values.map((row, r) => `(${row.map((_, c) => `$${r * row.length + c + 1}`).join(', ')})`);
    await client.query(
      `insert into ${TABLE} (seq, at, actor_id, actor_role, organisation, case_id, action, what, purpose, recipient, basis, rule, reason, previous_hash, hash, key_id)
       values ${placeholders.join(', ')}`,
      values.flat(),
    );
  }

  /**
   * Writes the chain's head (seq, hash, where the keyed chain starts) to the anchor file, signed with the active key,
   * unless the file's last lines already anchor it or a later entry. Any number of processes may anchor one file.
   */
  async anchor(now = new Date()): Promise<Anchor | undefined> {
    const keyId = this.keys.activeId;
    if (!this.anchorFile || !keyId) return undefined;
    const { rows } = await this.pool.query<{ seq: string; hash: string }>(`select seq, hash from ${TABLE} order by seq desc limit 1`);
    const seq = Number(rows[0]?.seq ?? 0);
    if (seq <= (await this.anchorFile.lastSeq())) return undefined;
    const anchor = AnchorFile.sign(this.keys, keyId, {
      at: now.toISOString(),
      seq,
      hash: rows[0]?.hash ?? GENESIS,
      keyedFrom: this.keyedFrom,
    });
    await this.anchorFile.append(anchor);
    return anchor;
  }

  /**
   * Who has read, been given or been refused a case's data since `since` (up to `until`): the answer to a
   * family's request under 703/2023, refusals included.
   */
  async forCase(caseId: string, since: Date, until?: Date): Promise<RecordedAccess[]> {
    const { rows } = await this.pool.query<AccessLogRow>(
      `select * from ${TABLE} where case_id = $1 and at >= $2 and ($3::timestamptz is null or at <= $3) order by seq`,
      [caseId, since, until ?? null],
    );
    return rows.map(toRecorded);
  }

  /**
   * Recomputes the whole chain in pages and compares it with the anchors: names an edited entry, a chain recomputed
   * without the key, entries missing from the middle, and a deleted or rewritten tail. A log with entries and no valid
   * anchor is not ok (`no-anchor`): without one a deleted tail or a rewritten chain cannot be told from an intact log.
   */
  async verify(pageSize = 5000): Promise<ChainVerification> {
    const findings: ChainFinding[] = [];
    const anchorLines = (await this.anchorFile?.read(this.keys)) ?? [];
    const anchors = anchorLines.flatMap((line) => (line.anchor ? [line.anchor] : []));
    for (const line of anchorLines) {
      if (line.invalid)
        findings.push({ kind: 'anchor-invalid', line: line.line, detail: `anchor file line ${line.line}: ${line.invalid}` });
    }
    // The anchored start wins: the database's own record of it is what an insider could move.
    const anchoredKeyedFrom = anchors[0]?.keyedFrom;
    const keyedFrom = anchoredKeyedFrom ?? this.keyedFrom;
    if (anchoredKeyedFrom !== undefined && anchoredKeyedFrom !== this.keyedFrom) {
      findings.push({
        kind: 'keyed-start-moved',
        seq: Math.min(anchoredKeyedFrom, this.keyedFrom),
        detail: `the database says the keyed chain starts at entry ${this.keyedFrom}, the anchors say ${anchoredKeyedFrom}`,
      });
    }
    const anchored = new Map<number, Anchor>();
    for (const anchor of anchors) if (anchor.seq > 0 && !anchored.has(anchor.seq)) anchored.set(anchor.seq, anchor);

    let previousHash = GENESIS;
    let expectedSeq = 1;
    let checked = 0;
    let intact = true;
    let lastSeq = 0;
    let firstMismatch: { anchor: Anchor; hash: string } | undefined;
    for (;;) {
      const { rows } = await this.pool.query<AccessLogRow>(`select * from ${TABLE} where seq > $1 order by seq limit $2`, [
        lastSeq,
        pageSize,
      ]);
      for (const row of rows) {
        const seq = Number(row.seq);
        lastSeq = seq;
        const anchor = anchored.get(seq);
        if (anchor && anchor.hash !== row.hash && !firstMismatch) firstMismatch = { anchor, hash: row.hash };
        if (!intact) continue;
        const finding = await this.check(row, expectedSeq, previousHash, keyedFrom);
        if (finding) {
          findings.push(finding);
          intact = false;
          continue;
        }
        previousHash = row.hash;
        expectedSeq++;
        checked++;
      }
      if (rows.length < pageSize) break;
    }

    if (firstMismatch) {
      const { anchor } = firstMismatch;
      findings.push({
        kind: 'anchor-mismatch',
        seq: anchor.seq,
        detail: `entry ${anchor.seq} differs from its anchor of ${anchor.at}: the log was rewritten from there on`,
      });
    }
    const last = anchors.reduce<Anchor | undefined>((latest, anchor) => (!latest || anchor.seq > latest.seq ? anchor : latest), undefined);
    if (last && lastSeq < last.seq) {
      findings.push({
        kind: 'truncated',
        seq: lastSeq + 1,
        detail: `the log ends at entry ${lastSeq}, but entry ${last.seq} was anchored at ${last.at}: entries ${lastSeq + 1}–${last.seq} were deleted`,
      });
    }
    // Every entry counts, the legacy prefix too: without an anchor the database's own keyed start is all that says
    // which entries are keyed, and an insider can move it past a chain rewritten with plain SHA-256.
    if (anchors.length === 0 && lastSeq > 0) {
      const where = this.anchorFile
        ? `in ${this.anchorFile.path} (the file is missing or empty, or none of its lines verifies)`
        : '(no anchor file configured)';
      findings.push({
        kind: 'no-anchor',
        detail: `no valid anchor ${where}: nothing outside the database vouches for entries 1–${lastSeq}, so a deleted tail, or every entry rewritten and the keyed start moved, would not show`,
      });
    }

    const broken = findings.flatMap((finding) => (finding.seq !== undefined ? [finding.seq] : []));
    return {
      ok: findings.length === 0,
      checked,
      ...(broken.length > 0 ? { brokenAt: Math.min(...broken) } : {}),
      findings,
      keyedFrom,
      anchors: {
        ...(this.anchorFile ? { file: this.anchorFile.path } : {}),
        valid: anchors.length,
        ...(last ? { lastSeq: last.seq, lastAt: last.at } : {}),
      },
    };
  }

  /** Whether one entry follows from its predecessor; if not, what happened to it. */
  private async check(row: AccessLogRow, expectedSeq: number, previousHash: string, keyedFrom: number): Promise<ChainFinding | undefined> {
    const seq = Number(row.seq);
    if (seq !== expectedSeq) return { kind: 'missing', seq: expectedSeq, detail: `entries ${expectedSeq}–${seq - 1} are missing` };
    const { hash, ...unhashed } = toRecorded(row);
    const edited: ChainFinding = { kind: 'edited', seq, detail: `entry ${seq} was changed after it was written` };
    if (row.previous_hash !== previousHash) return edited;
    if (seq < keyedFrom) {
      // The legacy prefix: anyone can recompute it, but the first keyed entry's MAC covers its last hash.
      return row.key_id === null && legacyHash(previousHash, unhashed) === hash ? undefined : edited;
    }
    if (row.key_id === null) {
      return {
        kind: 'rechained',
        seq,
        detail: `entry ${seq} carries no key though the keyed chain starts at entry ${keyedFrom}: its hash was recomputed without the key`,
      };
    }
    if (!this.keys.has(row.key_id)) {
      return { kind: 'unknown-key', seq, detail: `entry ${seq} names key ${row.key_id}, which is not configured: it cannot be checked` };
    }
    if (keyedHash(this.keys, row.key_id, previousHash, unhashed) === hash) return undefined;
    if (legacyHash(previousHash, unhashed) === hash) {
      return { kind: 'rechained', seq, detail: `entry ${seq} and the ones after it were rehashed with plain SHA-256, without the key` };
    }
    // A changed entry breaks only its own MAC; rehashing with another key breaks every one after it too.
    const { rows } = await this.pool.query<AccessLogRow>(`select * from ${TABLE} where seq = $1`, [seq + 1]);
    const next = rows[0];
    if (next && next.previous_hash === hash && next.key_id !== null && this.keys.has(next.key_id)) {
      const { hash: nextHash, ...nextUnhashed } = toRecorded(next);
      if (keyedHash(this.keys, next.key_id, hash, nextUnhashed) !== nextHash) {
        return { kind: 'rechained', seq, detail: `from entry ${seq} on the hashes were recomputed with a key other than ${row.key_id}` };
      }
    }
    return edited;
  }
}
