import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { ClientBase, Pool } from 'pg';
import { DomainRuleViolation, isRecord } from '@perheverkko/decider';
import { migrate } from '@perheverkko/event-store';
import type { MasterKeys } from './master-keys';

/** A personal value as it is stored and published: AES-256-GCM under the case's data key. */
export interface SealedValue {
  $sealed: 1;
  iv: string;
  ct: string;
}

/** What a sealed value reads as once its case key has been destroyed (end of retention). */
export const ERASED = Object.freeze({ erased: true as const });
export type Erased = typeof ERASED;

export function isSealed(value: unknown): value is SealedValue {
  return typeof value === 'object' && value !== null && '$sealed' in value && value.$sealed === 1;
}

const TABLE = 'personal_data.case_keys';

/**
 * How long a process trusts an unwrapped case key before it asks the database again whether the key still exists.
 * An erasure made by any process is seen by every other one within this time (plus one query); "erased" itself is
 * remembered for good, as erasure is irreversible.
 */
export const KEY_CACHE_MS = 2_000;

/** Something personal was to be added to a case whose key is destroyed: HTTP 409 `case-erased`, nothing recorded. */
export class CaseErasedError extends DomainRuleViolation {
  constructor(readonly caseId: string) {
    super(
      'case-erased',
      `the personal data of case ${caseId} has been erased (its key is destroyed); nothing personal can be added to it and nothing was recorded`,
      'conflict',
    );
    this.name = 'CaseErasedError';
  }
}

/** The outcome of an erasure: when the key was destroyed, and whether this request did it or an earlier one. */
export interface Erasure {
  caseId: string;
  erasedAt: string;
  reason: string;
  alreadyErased: boolean;
}

interface VaultOptions {
  /** See KEY_CACHE_MS; tests shorten or lengthen it. */
  keyCacheMs?: number;
}

type CaseKey = Buffer | 'erased' | undefined;

/** Case keys by how they are wrapped: under the active master key, under an older one, or destroyed (erased). */
export interface KeyCounts {
  underActiveKey: number;
  toRewrap: number;
  erased: number;
}

interface RotateOptions {
  /** Keys read per query. */
  batchSize?: number;
  onProgress?: (progress: { rewrapped: number; total: number }) => void;
}

function aesGcmSeal(key: Buffer, plaintext: Buffer, aad: string): { iv: Buffer; ct: Buffer } {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad));
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return { iv, ct };
}

function aesGcmOpen(key: Buffer, iv: Buffer, ctWithTag: Buffer, aad: string): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(ctWithTag.subarray(ctWithTag.length - 16));
  return Buffer.concat([decipher.update(ctWithTag.subarray(0, ctWithTag.length - 16)), decipher.final()]);
}

/**
 * Envelope encryption of personal data: each case has its own random data key, stored only wrapped by a master
 * key. Destroying a case's data key erases every copy of its personal data at once, in the event store, in
 * Kafka and in backups, while the events themselves (and what projections count) remain.
 */
export class PersonalDataVault {
  /**
   * Unwrapped data keys, each trusted for `keyCacheMs` after it was read (then the row is read again, so an erasure
   * elsewhere shows); 'erased' is kept for good. Loads in flight are shared, so a stream's many sealed values cost one query.
   */
  private readonly cache = new Map<string, { key: Promise<CaseKey>; until: number }>();
  private readonly keyCacheMs: number;

  private constructor(
    private readonly pool: Pool,
    private readonly masterKeys: MasterKeys,
    options: VaultOptions,
  ) {
    this.keyCacheMs = options.keyCacheMs ?? KEY_CACHE_MS;
  }

  static async open(pool: Pool, masterKeys: MasterKeys, options: VaultOptions = {}): Promise<PersonalDataVault> {
    await migrate(pool, 'perheverkko.personal_data', [
      'create schema if not exists personal_data',
      `create table if not exists ${TABLE} (
        case_id text primary key,
        master_key_id text,
        wrapped_key bytea,
        created_at timestamptz not null default now(),
        erase_after timestamptz,
        erased_at timestamptz,
        erase_reason text,
        check ((erased_at is null) = (wrapped_key is not null)))`,
      `create index if not exists case_keys_erase_due on ${TABLE} (erase_after) where erased_at is null`,
    ]);
    return new PersonalDataVault(pool, masterKeys, options);
  }

  async seal(caseId: string, value: unknown): Promise<SealedValue> {
    const key = await this.dataKey(caseId, true);
    if (key === undefined || key === 'erased') throw new CaseErasedError(caseId);
    const { iv, ct } = aesGcmSeal(key, Buffer.from(JSON.stringify(value)), caseId);
    return { $sealed: 1, iv: iv.toString('base64'), ct: ct.toString('base64') };
  }

  async open(caseId: string, sealed: SealedValue): Promise<unknown> {
    const key = await this.dataKey(caseId, false);
    if (key === 'erased' || key === undefined) return ERASED;
    // The case id is authenticated data: a value copied into another case does not decrypt.
    return JSON.parse(aesGcmOpen(key, Buffer.from(sealed.iv, 'base64'), Buffer.from(sealed.ct, 'base64'), caseId).toString());
  }

  /** Seals the listed fields (dot paths) of an event's data; others stay as they are. */
  async sealFields<T>(caseId: string, data: T, paths: readonly string[]): Promise<T> {
    const copy = structuredClone(data);
    for (const path of paths) {
      const parts = path.split('.');
      let parent: unknown = copy;
      for (const part of parts.slice(0, -1)) parent = isRecord(parent) ? parent[part] : undefined;
      const leaf = parts[parts.length - 1];
      if (isRecord(parent) && parent[leaf] !== undefined && !isSealed(parent[leaf])) parent[leaf] = await this.seal(caseId, parent[leaf]);
    }
    // The same shape as given, its listed fields sealed in place (what the type says of them no longer holds, by design).
    return copy;
  }

  /** Opens every sealed value anywhere in the data (erased ones read as ERASED). */
  async openFields<T>(caseId: string, data: T): Promise<T> {
    const visit = async (value: unknown): Promise<unknown> => {
      if (isSealed(value)) return this.open(caseId, value);
      if (Array.isArray(value)) return Promise.all(value.map(visit));
      if (typeof value === 'object' && value !== null) {
        const entries = await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await visit(v)] as const));
        return Object.fromEntries(entries);
      }
      return value;
    };
    // The one cast of the vault: the data as given, its sealed values opened in place (a generic walk cannot say so).
    return (await visit(data)) as T;
  }

  /**
   * When the case's retention ends; the latest date asked for wins (a record type with longer retention). With `db`,
   * a client inside a transaction on this database, the write commits with the caller's other work (a consumer's
   * "processed" record) and touches no other connection.
   */
  async retainUntil(caseId: string, eraseAfter: Date, db?: ClientBase): Promise<void> {
    if (db) {
      await db.query(`insert into ${TABLE} (case_id, master_key_id, wrapped_key) values ($1, $2, $3) on conflict (case_id) do nothing`, [
        caseId,
        this.masterKeys.activeId,
        this.wrap(randomBytes(32), caseId),
      ]);
    } else await this.dataKey(caseId, true);
    await (db ?? this.pool).query(`update ${TABLE} set erase_after = greatest(coalesce(erase_after, $2), $2) where case_id = $1`, [
      caseId,
      eraseAfter,
    ]);
  }

  /** A reopened case is kept until it closes again: its retention date is cleared (an erased case stays erased). */
  async clearRetention(caseId: string, db?: ClientBase): Promise<void> {
    await (db ?? this.pool).query(`update ${TABLE} set erase_after = null where case_id = $1 and erased_at is null`, [caseId]);
  }

  /**
   * Destroys the case's data key: crypto-shredding. Irreversible by design. A case without a key yet is marked
   * erased all the same, so nothing personal can be added to it later. Other processes see it within `keyCacheMs`.
   */
  async erase(caseId: string, reason: string): Promise<Erasure> {
    const { rows } = await this.pool.query<{ erased_at: Date; erase_reason: string; fresh: boolean }>(
      `with destroyed as (
         insert into ${TABLE} (case_id, master_key_id, wrapped_key, erased_at, erase_reason) values ($1, null, null, now(), $2)
         on conflict (case_id) do update set wrapped_key = null, master_key_id = null, erased_at = now(), erase_reason = excluded.erase_reason
           where ${TABLE}.erased_at is null
         returning erased_at, erase_reason, true as fresh)
       select * from destroyed
       union all select erased_at, erase_reason, false from ${TABLE} where case_id = $1 and not exists (select 1 from destroyed)`,
      [caseId, reason],
    );
    this.remember(caseId, 'erased');
    const { erased_at, erase_reason, fresh } = rows[0];
    return { caseId, erasedAt: erased_at.toISOString(), reason: erase_reason, alreadyErased: !fresh };
  }

  /** Whether the case's key is destroyed, as the database says now (no cache). */
  async isErased(caseId: string): Promise<boolean> {
    const { rows } = await this.pool.query<{ erased: boolean }>(`select erased_at is not null as erased from ${TABLE} where case_id = $1`, [
      caseId,
    ]);
    return rows[0]?.erased ?? false;
  }

  /** Of these cases, those whose key is destroyed, as the database says now (no cache): one query however many. */
  async erasedAmong(caseIds: readonly string[]): Promise<Set<string>> {
    if (caseIds.length === 0) return new Set();
    const { rows } = await this.pool.query<{ case_id: string }>(
      `select case_id from ${TABLE} where case_id = any($1::text[]) and erased_at is not null`,
      [caseIds],
    );
    return new Set(rows.map((r) => r.case_id));
  }

  /** Erases every case whose retention has ended; returns their ids. */
  async eraseDue(now = new Date()): Promise<string[]> {
    const { rows } = await this.pool.query<{ case_id: string }>(
      `update ${TABLE} set wrapped_key = null, master_key_id = null, erased_at = now(), erase_reason = 'retention period ended'
        where erased_at is null and erase_after <= $1 returning case_id`,
      [now],
    );
    for (const { case_id } of rows) this.remember(case_id, 'erased');
    return rows.map((r) => r.case_id);
  }

  /** How the case keys stand against the active master key: what a rotation has left to do. */
  async keyCounts(): Promise<KeyCounts> {
    const { rows } = await this.pool.query<{ active: number; other: number; erased: number }>(
      `select count(*) filter (where erased_at is null and master_key_id = $1)::int as active,
              count(*) filter (where erased_at is null and master_key_id <> $1)::int as other,
              count(*) filter (where erased_at is not null)::int as erased
         from ${TABLE}`,
      [this.masterKeys.activeId],
    );
    return { underActiveKey: rows[0].active, toRewrap: rows[0].other, erased: rows[0].erased };
  }

  /**
   * Rewraps every case key under the active master key; afterwards older master keys can be removed. Each key is
   * rewrapped in its own statement, guarded by the master key it was read under, so an interrupted rotation keeps
   * what it did and a re-run (or a second one at once) picks up only the keys still under an older master key:
   * nothing is wrapped twice. `onProgress` hears the keys rewrapped so far of those there were to rewrap at the start.
   */
  async rotate({ batchSize = 500, onProgress }: RotateOptions = {}): Promise<number> {
    const { toRewrap: total } = await this.keyCounts();
    let rewrapped = 0;
    for (;;) {
      const { rows } = await this.pool.query<{ case_id: string; master_key_id: string; wrapped_key: Buffer }>(
        `select case_id, master_key_id, wrapped_key from ${TABLE} where erased_at is null and master_key_id <> $1 limit $2`,
        [this.masterKeys.activeId, batchSize],
      );
      for (const row of rows) {
        const dataKey = this.unwrap(row.master_key_id, row.wrapped_key, row.case_id);
        const { rowCount } = await this.pool.query(
          `update ${TABLE} set master_key_id = $2, wrapped_key = $3 where case_id = $1 and master_key_id = $4`,
          [row.case_id, this.masterKeys.activeId, this.wrap(dataKey, row.case_id), row.master_key_id],
        );
        rewrapped += rowCount ?? 0;
        onProgress?.({ rewrapped, total: Math.max(total, rewrapped) });
      }
      if (rows.length < batchSize) return rewrapped;
    }
  }

  private async dataKey(caseId: string, create: boolean): Promise<CaseKey> {
    const cached = this.cache.get(caseId);
    if (cached && cached.until > Date.now()) {
      const key = await cached.key;
      if (key !== undefined || !create) return key;
    }
    const loading = this.load(caseId, create);
    if (this.cache.size > 10_000) this.cache.clear();
    // Kept only once it names a key (or "erased"): a case without one is asked again next time.
    this.cache.set(caseId, { key: loading, until: Date.now() + this.keyCacheMs });
    try {
      const key = await loading;
      if (key === 'erased') this.remember(caseId, 'erased');
      else if (key === undefined && this.cache.get(caseId)?.key === loading) this.cache.delete(caseId);
      return key;
    } catch (error) {
      if (this.cache.get(caseId)?.key === loading) this.cache.delete(caseId);
      throw error;
    }
  }

  private remember(caseId: string, key: 'erased'): void {
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(caseId, { key: Promise.resolve(key), until: Number.POSITIVE_INFINITY });
  }

  private async load(caseId: string, create: boolean): Promise<CaseKey> {
    if (create) {
      const fresh = randomBytes(32);
      await this.pool.query(
        `insert into ${TABLE} (case_id, master_key_id, wrapped_key) values ($1, $2, $3) on conflict (case_id) do nothing`,
        [caseId, this.masterKeys.activeId, this.wrap(fresh, caseId)],
      );
    }
    const { rows } = await this.pool.query<{ master_key_id: string | null; wrapped_key: Buffer | null }>(
      `select master_key_id, wrapped_key from ${TABLE} where case_id = $1`,
      [caseId],
    );
    if (rows.length === 0) return undefined;
    const { master_key_id, wrapped_key } = rows[0];
    return wrapped_key && master_key_id ? this.unwrap(master_key_id, wrapped_key, caseId) : 'erased';
  }

  private wrap(dataKey: Buffer, caseId: string): Buffer {
    const { iv, ct } = aesGcmSeal(this.masterKeys.active, dataKey, `case-key:${caseId}`);
    return Buffer.concat([iv, ct]);
  }

  private unwrap(masterKeyId: string, wrapped: Buffer, caseId: string): Buffer {
    return aesGcmOpen(this.masterKeys.get(masterKeyId), wrapped.subarray(0, 12), wrapped.subarray(12), `case-key:${caseId}`);
  }
}
