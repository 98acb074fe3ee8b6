import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnModuleInit,
} from '@nestjs/common';
import { Pool, type PoolClient } from 'pg';
import { isRecord, messageOf } from '@perheverkko/decider';
import {
  CatchUpPacer,
  formatPosition,
  IDLE_CONNECTION_MS,
  inTransaction,
  migrate,
  parsePosition,
  type EventStore,
  type RecordedEvent,
} from '@perheverkko/event-store';
import { eventsAfter, Metrics } from '@perheverkko/observability';
import { DatabaseConnection, PlatformConfig } from '@perheverkko/runtime';
import { EVENT_STORE, PersonalDataHost } from '@perheverkko/service-host';
import { CaseSearchKeys } from './case-search-keys';
import { searchTextsOf, searchTextsOfQuery } from './search-terms';

/** At most this many case ids answer one query (in case id order); more matched when the answer has this many. */
export const CASE_SEARCH_LIMIT = 2000;

/** Where the index lives in reporting's database, unless told otherwise (a spec's own schema). */
const SCHEMA = 'reporting_search';
const CHECKPOINT = 'case-search';
/** What is indexed and how: raised when it changes, and the index is then emptied and rebuilt from the archive. */
const RULES_VERSION = 1;
/** Events read from the archive at a time. */
const BATCH = 500;
/** Rows per insert statement. */
const ROWS_PER_INSERT = 5000;
/** A follower with nothing to read looks again after this, or as soon as this process archives something. */
const IDLE_MS = 500;
/** After a failed batch (the database or the vault unreachable), the follower tries it again after this. */
const RETRY_MS = 5000;
/** How often the tokens of cases erased since are removed (a query already drops them when it finds them). */
const SWEEP_EVERY_MS = 10 * 60 * 1000;
/** Case ids checked for erasure per query of the vault. */
const CASES_PER_SWEEP_QUERY = 1000;

/** The only archived event the index reads: intake's registration, whose sealed children and guardians it opens. */
const REGISTRATION = 'ConcernRegistered';

/** Injection token of the index's options (specs: a schema and environment of their own). */
export const CASE_SEARCH_OPTIONS = Symbol('CASE_SEARCH_OPTIONS');

export interface CaseSearchOptions {
  /** The PostgreSQL schema of its tables (default reporting_search). */
  schema?: string;
  /** Where CASE_SEARCH_KEYS is read from (default process.env). */
  env?: NodeJS.ProcessEnv;
}

interface TokenRow {
  token: Buffer;
  caseId: string;
  keyId: string;
}

/** Values sealed with a case key that cannot open for good (damaged, or copied from another case): nothing to retry. */
const isDamaged = (error: unknown) => error instanceof SyntaxError || /unable to authenticate data/.test(messageOf(error));

/**
 * Reporting's blind index of cases by the family's names and identity codes (ADR 0018): rows `(token, case_id,
 * key_id)`, where a token is the truncated HMAC-SHA-256, under the case search key, of a searchable text
 * (`search-terms.ts`: each child's and guardian's identifier, each prefix of 3+ letters of each part of their names).
 * Nothing searchable is kept in clear.
 *
 * Fed by following reporting's own store (the archive, ADR 0013) from a checkpoint kept with the rows: each archived
 * `ConcernRegistered` has its sealed children and guardians opened with the case key, tokenised and forgotten, its
 * tokens and the checkpoint written in one transaction. The same in the embedded default and with reporting on its
 * own over Kafka (its archive is its own store in both); rows are keyed by (token, case), so a redelivered or
 * replayed registration adds nothing, and a rebuild (emptying the tables) gives the same rows, except for erased
 * cases, whose registrations no longer open.
 *
 * Erasure leaves no event: the index learns of it from the vault. A query drops (and deletes) the cases it found
 * whose key is gone; a sweep every ten minutes deletes the tokens of every case erased since. Keys rotate as intake's
 * duplicate check's do: looked up under every listed key, written under the active one, older tokens rewritten from
 * the archive at start-up.
 */
@Injectable()
export class CaseSearchIndex implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('CaseSearchIndex');
  private readonly schema: string;
  private readonly env: NodeJS.ProcessEnv;
  private keyRing?: CaseSearchKeys;
  private pool?: Pool;
  private ready?: Promise<void>;
  private readonly stopping = new AbortController();
  private following?: Promise<void>;
  private background?: Promise<void>;
  private sweepTimer?: NodeJS.Timeout;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly database: DatabaseConnection,
    private readonly config: PlatformConfig,
    private readonly personalData: PersonalDataHost,
    @Optional() private readonly metrics?: Metrics,
    @Optional() @Inject(CASE_SEARCH_OPTIONS) options?: CaseSearchOptions,
  ) {
    this.schema = options?.schema ?? SCHEMA;
    this.env = options?.env ?? process.env;
  }

  private get tokens(): string {
    return `"${this.schema}".tokens`;
  }

  private get checkpoints(): string {
    return `"${this.schema}".checkpoint`;
  }

  onModuleInit(): void {
    this.keyRing = CaseSearchKeys.load(this.config, this.env);
    const pool = new Pool({
      connectionString: this.database.connectionString,
      max: this.database.embedded ? 1 : 3,
      idleTimeoutMillis: IDLE_CONNECTION_MS,
    });
    pool.on('error', () => undefined);
    this.pool = pool;
    this.ready = (async () => {
      await migrate(pool, `perheverkko.${this.schema}.case-search`, [
        `create schema if not exists "${this.schema}"`,
        `create table if not exists ${this.tokens} (
          token bytea not null,
          case_id text not null,
          key_id text not null,
          primary key (token, case_id))`,
        `create index if not exists tokens_by_case on ${this.tokens} (case_id)`,
        `create table if not exists ${this.checkpoints} (
          name text primary key,
          position text,
          rules_version integer not null,
          events_applied bigint not null default 0,
          updated_at timestamptz not null default now())`,
      ]);
      await this.adoptRules();
    })();
    this.metrics?.registerLag('projection', { projection: CHECKPOINT }, async () => {
      const { position } = await this.checkpoint();
      return eventsAfter(this.store, position ? parsePosition(position) : undefined);
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.ready;
    this.logger.log(`case search keys: ${this.keys.source} (active ${this.keys.activeId})`);
    this.following = this.follow();
    this.background = (async () => {
      await this.rekey().catch((error) =>
        this.logger.error(
          `rewriting tokens under the active key failed; they still match until the old key is removed: ${messageOf(error)}`,
        ),
      );
      await this.sweepErased().catch((error) => this.logger.error(`sweeping erased cases failed, retrying later: ${messageOf(error)}`));
    })();
    this.sweepTimer = setInterval(
      () =>
        void this.sweepErased().catch((error) => this.logger.error(`sweeping erased cases failed, retrying later: ${messageOf(error)}`)),
      SWEEP_EVERY_MS,
    );
    this.sweepTimer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.sweepTimer);
    this.stopping.abort();
    await Promise.all([this.following, this.background]);
    await this.pool?.end();
  }

  get keys(): CaseSearchKeys {
    if (!this.keyRing) throw new Error('the case search index is not started yet');
    return this.keyRing;
  }

  private get rows(): Pool {
    if (!this.pool) throw new Error('the case search index is not started yet');
    return this.pool;
  }

  /**
   * The cases where every word of the query matches: a word with a digit (or TEMP-…) is an identity code or temporary
   * identifier, matched whole; any other word a name, matched by prefix (3 letters or more) on any part of a child's or
   * guardian's name, so a full name matches in either order. At most CASE_SEARCH_LIMIT ids, in case id order; erased
   * cases never. `among`: only these cases (the caller's, say), so that the limit counts only them.
   *
   * Throws CaseSearchQueryRefused (HTTP 400 on `q`) for a query that cannot be asked: see `caseSearchQueryProblem`.
   * The caller decides who may learn what: the answer names cases regardless of who asks.
   */
  async casesMatching(query: string, { among }: { among?: readonly string[] } = {}): Promise<string[]> {
    const texts = searchTextsOfQuery(query);
    await this.ready;
    const terms: number[] = [];
    const tokens: Buffer[] = [];
    texts.forEach((text, term) => {
      for (const id of this.keys.ids) {
        terms.push(term);
        tokens.push(this.keys.token(id, text));
      }
    });
    const { rows } = await this.rows.query<{ case_id: string }>(
      `select t.case_id
         from ${this.tokens} t
         join unnest($1::int[], $2::bytea[]) as wanted(term, token) on wanted.token = t.token
        where $5::text[] is null or t.case_id = any($5::text[])
        group by t.case_id
       having count(distinct wanted.term) = $3
        order by t.case_id
        limit $4`,
      [terms, tokens, texts.length, CASE_SEARCH_LIMIT, among ?? null],
    );
    const found = rows.map((r) => r.case_id);
    const erased = await (await this.personalData.get()).erasedAmong(found);
    if (erased.size > 0) await this.forget([...erased]);
    return found.filter((caseId) => !erased.has(caseId));
  }

  /**
   * Applies the archive up to the end it shows now (specs, and anyone who needs the index current); the events read.
   * An event whose transaction is younger than one still open on the server is not shown yet (ADR 0002).
   */
  async catchUp(): Promise<number> {
    let total = 0;
    for (let read = await this.step(); read > 0; read = await this.step()) total += read;
    return total;
  }

  /** Follows the archive until shutdown; a failed batch is tried again after RETRY_MS. */
  private async follow(): Promise<void> {
    const signal = this.stopping.signal;
    const pacer = new CatchUpPacer(IDLE_MS, this.store.nextAppend?.bind(this.store));
    while (!signal.aborted) {
      let read = 0;
      try {
        read = await this.step();
      } catch (error) {
        if (signal.aborted) return;
        this.logger.error(`indexing the archive failed, trying again in ${RETRY_MS / 1000} s: ${messageOf(error)}`);
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS).unref());
        continue;
      }
      await pacer.afterRead(read, BATCH, signal);
    }
  }

  /**
   * One batch of the archive after the checkpoint: the registrations' values opened (before the transaction: the vault
   * reads on connections of its own, and the embedded database must never have a transaction wait on another), then
   * tokens and checkpoint in one transaction, unless another replica moved the checkpoint meanwhile.
   */
  private async step(): Promise<number> {
    await this.ready;
    const seen = await this.checkpoint();
    if (seen.rulesVersion !== RULES_VERSION) return 0;
    const events = await this.store.readAll({ after: seen.position ? parsePosition(seen.position) : undefined, maxCount: BATCH });
    if (events.length === 0) return 0;
    const rows: TokenRow[] = [];
    for (const event of events) if (event.type === REGISTRATION) rows.push(...(await this.tokenRowsOf(event)));
    const last = formatPosition(events[events.length - 1].position);
    await inTransaction(this.rows, async (tx) => {
      const locked = await this.checkpoint(tx, true);
      if (locked.position !== seen.position || locked.rulesVersion !== RULES_VERSION) return;
      await this.insert(tx, rows);
      await tx.query(
        `update ${this.checkpoints} set position = $2, events_applied = events_applied + $3, updated_at = now() where name = $1`,
        [CHECKPOINT, last, events.length],
      );
    });
    return events.length;
  }

  /** The tokens of one archived registration under the active key; none once its case is erased. */
  private async tokenRowsOf(event: RecordedEvent): Promise<TokenRow[]> {
    const caseId = event.metadata.caseId;
    const keyId = this.keys.activeId;
    return (await this.searchTextsOfRegistration(event)).map((text) => ({ token: this.keys.token(keyId, text), caseId, keyId }));
  }

  /** The searchable texts of a registration: its children and guardians opened with the case key, never kept. */
  private async searchTextsOfRegistration(event: RecordedEvent): Promise<string[]> {
    const caseId = event.metadata.caseId;
    if (!caseId || !isRecord(event.data)) return [];
    try {
      // Only the people are opened: the description stays sealed.
      const { children, guardians } = await (
        await this.personalData.get()
      ).openFields(caseId, { children: event.data.children, guardians: event.data.guardians });
      return searchTextsOf([children, guardians].flatMap((people) => (Array.isArray(people) ? people : [])));
    } catch (error) {
      if (!isDamaged(error)) throw error;
      this.logger.error(
        `registration ${event.metadata.eventId} of case ${caseId} does not open with its case key and is left out: ${messageOf(error)}`,
      );
      return [];
    }
  }

  private async insert(tx: PoolClient, rows: TokenRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      const chunk = rows.slice(i, i + ROWS_PER_INSERT);
      await tx.query(
        `insert into ${this.tokens} (token, case_id, key_id)
         select * from unnest($1::bytea[], $2::text[], $3::text[])
         on conflict (token, case_id) do nothing`,
        [chunk.map((r) => r.token), chunk.map((r) => r.caseId), chunk.map((r) => r.keyId)],
      );
    }
  }

  private async checkpoint(db: Pool | PoolClient = this.rows, lock = false): Promise<{ position: string | null; rulesVersion: number }> {
    const { rows } = await db.query<{ position: string | null; rules_version: number }>(
      `select position, rules_version from ${this.checkpoints} where name = $1${lock ? ' for update' : ''}`,
      [CHECKPOINT],
    );
    if (!rows[0]) throw new Error(`the case search index has no checkpoint in ${this.schema}`);
    return { position: rows[0].position, rulesVersion: rows[0].rules_version };
  }

  /**
   * The checkpoint, made at the first start. Indexed under older rules, the index is emptied and built again from the
   * archive; under newer ones (a later release already ran), this process leaves it alone.
   */
  private async adoptRules(): Promise<void> {
    await inTransaction(this.rows, async (tx) => {
      await tx.query(
        `insert into ${this.checkpoints} (name, position, rules_version) values ($1, null, $2) on conflict (name) do nothing`,
        [CHECKPOINT, RULES_VERSION],
      );
      const { rulesVersion } = await this.checkpoint(tx, true);
      if (rulesVersion > RULES_VERSION) {
        this.logger.warn(
          `the index was built by a later release (rules ${rulesVersion}, here ${RULES_VERSION}): this process leaves it alone`,
        );
      } else if (rulesVersion < RULES_VERSION) {
        await tx.query(`delete from ${this.tokens}`);
        await tx.query(`update ${this.checkpoints} set position = null, rules_version = $2, events_applied = 0 where name = $1`, [
          CHECKPOINT,
          RULES_VERSION,
        ]);
        this.logger.log(`indexing rules changed (${rulesVersion} → ${RULES_VERSION}): the index is built again from the archive`);
      }
    });
  }

  /** Deletes every token of these cases (their keys are destroyed). */
  private async forget(caseIds: string[]): Promise<void> {
    await this.rows.query(`delete from ${this.tokens} where case_id = any($1::text[])`, [caseIds]);
    this.logger.log(`${caseIds.length} erased case(s): their search tokens are deleted`);
  }

  /** Deletes the tokens of every indexed case whose key is destroyed; the number of cases. */
  async sweepErased(): Promise<number> {
    await this.ready;
    const vault = await this.personalData.get();
    let after = '';
    let forgotten = 0;
    while (!this.stopping.signal.aborted) {
      const { rows } = await this.rows.query<{ case_id: string }>(
        `select distinct case_id from ${this.tokens} where case_id > $1 order by case_id limit $2`,
        [after, CASES_PER_SWEEP_QUERY],
      );
      if (rows.length === 0) break;
      const caseIds = rows.map((r) => r.case_id);
      after = caseIds[caseIds.length - 1];
      const erased = await vault.erasedAmong(caseIds);
      if (erased.size > 0) await this.forget([...erased]);
      forgotten += erased.size;
    }
    return forgotten;
  }

  /**
   * Tokens still under a key other than the active one are made again under it from the case's archived
   * registration (rotation, ADR 0018); the number of cases rewritten. Until then they are found under the old key.
   */
  async rekey(): Promise<number> {
    await this.ready;
    const activeId = this.keys.activeId;
    const { rows } = await this.rows.query<{ case_id: string }>(`select distinct case_id from ${this.tokens} where key_id <> $1`, [
      activeId,
    ]);
    let rewritten = 0;
    for (const { case_id: caseId } of rows) {
      if (this.stopping.signal.aborted) break;
      const registrations = (await this.store.readByCase(caseId)).filter((event) => event.type === REGISTRATION);
      const fresh: TokenRow[] = [];
      for (const registration of registrations) fresh.push(...(await this.tokenRowsOf(registration)));
      await inTransaction(this.rows, async (tx) => {
        await tx.query(`delete from ${this.tokens} where case_id = $1 and key_id <> $2`, [caseId, activeId]);
        await this.insert(tx, fresh);
      });
      rewritten++;
    }
    if (rewritten > 0) this.logger.log(`search tokens of ${rewritten} case(s) rewritten under key ${activeId}`);
    return rewritten;
  }
}
