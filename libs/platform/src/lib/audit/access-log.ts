import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { migrate, withPooledClient } from '@perheverkko/event-store';

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

export interface ChainVerification {
  ok: boolean;
  checked: number;
  /** The first entry whose hash does not follow from its content and its predecessor. */
  brokenAt?: number;
}

const GENESIS = '0'.repeat(64);
const TABLE = 'audit.access_log';

type Hashed = keyof Omit<RecordedAccess, 'hash'>;
const FIELDS: Hashed[] = ['seq', 'at', 'actorId', 'actorRole', 'organisation', 'caseId', 'action', 'what', 'purpose', 'recipient', 'basis'];
/** Added later: hashed only when present, so every entry written before them still verifies. */
const REFUSAL_FIELDS: Hashed[] = ['rule', 'reason'];

/** Key order fixed, absent fields as null: the same entry always hashes the same. */
function canonical(entry: Omit<RecordedAccess, 'hash'>): string {
  const fields = REFUSAL_FIELDS.some((field) => entry[field] != null) ? [...FIELDS, ...REFUSAL_FIELDS] : FIELDS;
  return JSON.stringify(fields.map((field) => [field, entry[field] ?? null]));
}

function chainHash(previousHash: string, entry: Omit<RecordedAccess, 'hash'>): string {
  return createHash('sha256').update(previousHash).update('\n').update(canonical(entry)).digest('hex');
}

interface Row {
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
}

function toRecorded(row: Row): RecordedAccess {
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

/**
 * The access and disclosure log (Act 703/2023): append-only, each entry chained to the previous one by a SHA-256
 * hash, so changing or removing any entry breaks every hash after it and `verify` finds where.
 */
export class AccessLog {
  private constructor(private readonly pool: Pool) {}

  static async open(pool: Pool): Promise<AccessLog> {
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
    ]);
    return new AccessLog(pool);
  }

  async record(entry: AccessEntry, now = new Date()): Promise<RecordedAccess> {
    return withPooledClient(this.pool, async (client) => {
      await client.query('begin');
      try {
        // One writer at a time extends the chain; the lock is released at commit.
        await client.query("select pg_advisory_xact_lock(hashtext('perheverkko.audit.access_log'))");
        const { rows } = await client.query<{ seq: string; hash: string }>(`select seq, hash from ${TABLE} order by seq desc limit 1`);
        const previousHash = rows[0]?.hash ?? GENESIS;
        const unhashed = { ...entry, seq: Number(rows[0]?.seq ?? 0) + 1, at: new Date(Math.floor(now.getTime())).toISOString() };
        const recorded: RecordedAccess = { ...unhashed, hash: chainHash(previousHash, unhashed) };
        await this.insert(client, recorded, previousHash);
        await client.query('commit');
        return recorded;
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      }
    });
  }

  private async insert(client: PoolClient, entry: RecordedAccess, previousHash: string): Promise<void> {
    await client.query(
      `insert into ${TABLE} (seq, at, actor_id, actor_role, organisation, case_id, action, what, purpose, recipient, basis, rule, reason, previous_hash, hash)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
      [entry.seq, entry.at, entry.actorId, entry.actorRole, entry.organisation, entry.caseId ?? null, entry.action, entry.what,
        entry.purpose ?? null, entry.recipient ?? null, entry.basis ?? null, entry.rule ?? null, entry.reason ?? null, previousHash, entry.hash],
    );
  }

  /**
   * Who has read, been given or been refused a case's data since `since` (up to `until`): the answer to a
   * family's request under 703/2023, refusals included.
   */
  async forCase(caseId: string, since: Date, until?: Date): Promise<RecordedAccess[]> {
    const { rows } = await this.pool.query<Row>(`select * from ${TABLE} where case_id = $1 and at >= $2 and ($3::timestamptz is null or at <= $3) order by seq`, [caseId, since, until ?? null]);
    return rows.map(toRecorded);
  }

  /** Recomputes the whole chain in pages; any edited, removed or reordered entry is found. */
  async verify(pageSize = 5000): Promise<ChainVerification> {
    let previousHash = GENESIS;
    let expectedSeq = 1;
    let checked = 0;
    for (;;) {
      const { rows } = await this.pool.query<Row>(`select * from ${TABLE} where seq >= $1 order by seq limit $2`, [expectedSeq, pageSize]);
      for (const row of rows) {
        const entry = toRecorded(row);
        const { hash, ...unhashed } = entry;
        if (entry.seq !== expectedSeq || row.previous_hash !== previousHash || chainHash(previousHash, unhashed) !== hash) {
          return { ok: false, checked, brokenAt: expectedSeq };
        }
        previousHash = hash;
        expectedSeq++;
        checked++;
      }
      if (rows.length < pageSize) return { ok: true, checked };
    }
  }
}
