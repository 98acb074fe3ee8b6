import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { Pool, type PoolClient } from 'pg';
import { INTAKE_CONTRACTS, isEvent, PLAN_FOLLOWUP_CONTRACTS, type IntegrationEvent } from '@perheverkko/contracts';
import { IDLE_CONNECTION_MS, inTransaction, migrate, type EventStore } from '@perheverkko/event-store';
import { matchQueriesOf, matchTextsOf, type ChildToMatch, type MatchKind } from '@perheverkko/intake-domain';
import type { IntegrationEventHandler } from '@perheverkko/messaging';
import { DatabaseConnection, PlatformConfig } from '@perheverkko/runtime';
import { EVENT_STORE, MessagingHost, PersonalDataHost } from '@perheverkko/service-host';
import { concernStream } from '../concerns/concern.commands';
import { DuplicateCheckKeys } from './duplicate-check-keys';
import { isRecord, messageOf } from '@perheverkko/decider';

const STATUS = 'intake.open_case_status';
const DIGESTS = 'intake.open_case_digests';
/** How often digests of cases erased on request (their key destroyed while open) are removed. */
const SWEEP_EVERY_MS = 60 * 60 * 1000;
/** A worker's own open cases named back to them at most (their own: they read them anyway). */
const OWN_CASES_SHOWN = 10;

/** An open case a registering child matched. */
export interface OpenCaseMatch {
  caseId: string;
  /** The organisation that convenes it: the registering worker's. */
  organiser: string;
  /** The registering request's children (their indices) that matched it. */
  children: number[];
  /** How they matched. */
  kinds: MatchKind[];
}

export interface OpenCaseCheck {
  /** Open cases of other workers: the warning, and the disclosure. */
  elsewhere: OpenCaseMatch[];
  /** The caller's own open cases for the same child (at most OWN_CASES_SHOWN). */
  own: string[];
  /** Children that could not be compared: a temporary identifier without a birth date. */
  notChecked: number[];
}

interface DigestRow {
  digest: string;
  keyId: string;
  kind: MatchKind;
  fromIdentityCode: boolean;
}

/**
 * Intake's blind index of children with an open case (ADR 0012). It holds no personal data in
 * clear: per registered child, the keyed digests of its normalised identity code and of its normalised name and
 * birth date, tied to the case and to whether the case is open.
 *
 * Fed from the events, so it can be rebuilt: intake's `ConcernRegistered` (the sealed children opened with the case
 * key, digested, never stored in clear), plan follow-up's `CaseClosed` (digests removed) and `CaseReopened` (made
 * again from the sealed registration). A registration also writes its digests at once, so a second registration a
 * moment later already finds the case. An erased case (its key destroyed) is dropped when a lookup finds it and by an
 * hourly sweep; its registration can never be digested again.
 */
@Injectable()
export class OpenCaseIndex
  implements IntegrationEventHandler<DigestRow[] | 'erased' | undefined>, OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown
{
  readonly consumer = 'intake.open-case-index';
  readonly handles = ['ConcernRegistered', 'CaseClosed', 'CaseReopened'];
  private readonly logger = new Logger('OpenCaseIndex');
  private pool?: Pool;
  private ready?: Promise<void>;
  private keyRing?: DuplicateCheckKeys;
  private sweepTimer?: NodeJS.Timeout;
  private readonly stopping = new AbortController();
  private background?: Promise<void>;

  constructor(
    private readonly messaging: MessagingHost,
    private readonly database: DatabaseConnection,
    private readonly config: PlatformConfig,
    private readonly personalData: PersonalDataHost,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  onModuleInit(): void {
    this.keyRing = DuplicateCheckKeys.load(this.config);
    const pool = new Pool({
      connectionString: this.database.connectionString,
      max: this.database.embedded ? 1 : 3,
      idleTimeoutMillis: IDLE_CONNECTION_MS,
    });
    pool.on('error', () => undefined);
    this.pool = pool;
    this.ready = migrate(pool, 'perheverkko.intake.open-case-index', [
      'create schema if not exists intake',
      `create table if not exists ${STATUS} (
        case_id text primary key,
        organiser text,
        registered_by text,
        registered_at timestamptz,
        closed boolean not null default false,
        erased boolean not null default false)`,
      `create table if not exists ${DIGESTS} (
        digest text not null,
        case_id text not null,
        kind text not null check (kind in ('identity-code', 'name-and-birth-date')),
        from_identity_code boolean not null,
        key_id text not null,
        primary key (digest, case_id))`,
      `create index if not exists open_case_digests_by_case on ${DIGESTS} (case_id)`,
    ]);
    this.messaging.registerConsumer({
      schema: 'intake',
      handler: this,
      sources: ['intake', 'plan-followup'],
      contracts: [...INTAKE_CONTRACTS, ...PLAN_FOLLOWUP_CONTRACTS],
      // A lone intake process on the embedded transport has no plan follow-up to hear: cases then close only in the standalone app or over Kafka.
      onlyHostedSourcesWhenEmbedded: true,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.ready;
    this.logger.log(`duplicate check keys: ${this.keys.source} (active ${this.keys.activeId})`);
    this.background = this.rekey().catch((error) =>
      this.logger.error(
        `rewriting digests under the active key failed; they still match until the old key is removed: ${messageOf(error)}`,
      ),
    );
    this.sweepTimer = setInterval(
      () =>
        void this.sweepErased().catch((error) =>
          this.logger.error(`sweeping erased cases failed, retrying within the hour: ${messageOf(error)}`),
        ),
      SWEEP_EVERY_MS,
    );
    this.sweepTimer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.sweepTimer);
    this.stopping.abort();
    await this.background;
    await this.pool?.end();
  }

  get keys(): DuplicateCheckKeys {
    if (!this.keyRing) throw new Error('the open-case index is not started yet');
    return this.keyRing;
  }

  private get rows(): Pool {
    if (!this.pool) throw new Error('the open-case index is not started yet');
    return this.pool;
  }

  /** The digests kept for a registration's children, under the active key. */
  private digestRows(children: ChildToMatch[]): DigestRow[] {
    const keyId = this.keys.activeId;
    return children.flatMap((child) =>
      matchTextsOf(child).map((text) => ({
        digest: this.keys.digest(keyId, text.text),
        keyId,
        kind: text.kind,
        fromIdentityCode: text.fromIdentityCode,
      })),
    );
  }

  /**
   * Which open cases the registering children match, leaving out `exceptCaseId` (the registration's own case). Erased
   * cases found on the way are forgotten, never named.
   */
  async check(children: ChildToMatch[], callerId: string, exceptCaseId?: string): Promise<OpenCaseCheck> {
    await this.ready;
    const found = new Map<string, OpenCaseMatch & { registeredBy: string; registeredAt: Date }>();
    const notChecked: number[] = [];
    for (const [index, child] of children.entries()) {
      const queries = matchQueriesOf(child);
      if (queries.length === 0) {
        notChecked.push(index);
        continue;
      }
      const every = queries.flatMap((q) => this.keys.digestsUnderEveryKey(q.text));
      // Digests made from identity codes answer only the queries the matching rule lets them (sameChild).
      const mayMatchCoded = queries.filter((q) => q.matchesTextsFromIdentityCodes).flatMap((q) => this.keys.digestsUnderEveryKey(q.text));
      const { rows } = await this.rows.query<{
        case_id: string;
        kind: MatchKind;
        organiser: string;
        registered_by: string;
        registered_at: Date;
      }>(
        `select d.case_id, d.kind, s.organiser, s.registered_by, s.registered_at
           from ${DIGESTS} d join ${STATUS} s on s.case_id = d.case_id
          where d.digest = any($1::text[]) and (not d.from_identity_code or d.digest = any($2::text[]))
            and not s.closed and not s.erased and s.organiser is not null and d.case_id <> $3`,
        [every, mayMatchCoded, exceptCaseId ?? ''],
      );
      for (const row of rows) {
        const match = found.get(row.case_id) ?? {
          caseId: row.case_id,
          organiser: row.organiser,
          registeredBy: row.registered_by,
          registeredAt: row.registered_at,
          children: [],
          kinds: [],
        };
        if (!match.children.includes(index)) match.children.push(index);
        if (!match.kinds.includes(row.kind)) match.kinds.push(row.kind);
        found.set(row.case_id, match);
      }
    }
    const candidates = [...found.values()].sort((a, b) => b.registeredAt.getTime() - a.registeredAt.getTime());
    const others = candidates.filter((m) => m.registeredBy !== callerId);
    const own = candidates.filter((m) => m.registeredBy === callerId).slice(0, OWN_CASES_SHOWN);
    const open = await this.withoutErased([...others, ...own]);
    return {
      elsewhere: others
        .filter((m) => open.has(m.caseId))
        .map(({ caseId, organiser, children: matched, kinds }) => ({ caseId, organiser, children: matched, kinds })),
      own: own.filter((m) => open.has(m.caseId)).map((m) => m.caseId),
      notChecked,
    };
  }

  /** The cases whose key still exists; the others are forgotten on the way (an erasure made on request). */
  private async withoutErased(matches: Array<{ caseId: string }>): Promise<Set<string>> {
    const vault = await this.personalData.get();
    // One query for all the matches (a registration's check is on every concern's path), not one per match.
    const erased = await vault.erasedAmong(matches.map((m) => m.caseId));
    const open = new Set<string>();
    for (const { caseId } of matches) {
      if (erased.has(caseId)) await this.forgetErased(caseId);
      else open.add(caseId);
    }
    return open;
  }

  private async forgetErased(caseId: string): Promise<void> {
    await this.inTransaction(async (tx) => {
      await tx.query(`update ${STATUS} set erased = true where case_id = $1`, [caseId]);
      await tx.query(`delete from ${DIGESTS} where case_id = $1`, [caseId]);
    });
    this.logger.log(`case ${caseId} was erased: its digests are removed`);
  }

  /** A registration just recorded: its digests at once, so the next registration already finds it. */
  async registered(caseId: string, organiser: string, registeredBy: string, registeredAt: string, children: ChildToMatch[]): Promise<void> {
    await this.ready;
    const digests = this.digestRows(children);
    await this.inTransaction((tx) => this.applyRegistration(tx, caseId, organiser, registeredBy, registeredAt, digests));
  }

  private async applyRegistration(
    tx: PoolClient,
    caseId: string,
    organiser: string,
    registeredBy: string,
    registeredAt: string,
    digests: DigestRow[] | 'erased',
  ): Promise<void> {
    const status = await this.lockStatus(tx, caseId);
    await tx.query(
      `update ${STATUS} set organiser = $2, registered_by = $3, registered_at = $4, erased = erased or $5 where case_id = $1`,
      [caseId, organiser, registeredBy, registeredAt, digests === 'erased'],
    );
    if (status.closed || status.erased || digests === 'erased') return;
    await this.insertDigests(tx, caseId, digests);
  }

  /** The case's status row, created if need be and locked: registration, closure and reopening apply one at a time. */
  private async lockStatus(tx: PoolClient, caseId: string): Promise<{ closed: boolean; erased: boolean }> {
    await tx.query(`insert into ${STATUS} (case_id) values ($1) on conflict (case_id) do nothing`, [caseId]);
    const { rows } = await tx.query<{ closed: boolean; erased: boolean }>(
      `select closed, erased from ${STATUS} where case_id = $1 for update`,
      [caseId],
    );
    return rows[0];
  }

  private async insertDigests(tx: PoolClient, caseId: string, digests: DigestRow[]): Promise<void> {
    for (const row of digests) {
      await tx.query(
        `insert into ${DIGESTS} (digest, case_id, kind, from_identity_code, key_id) values ($1, $2, $3, $4, $5) on conflict (digest, case_id) do nothing`,
        [row.digest, caseId, row.kind, row.fromIdentityCode, row.keyId],
      );
    }
  }

  /** The registered children of a case, opened with its key ('erased' once the key is destroyed). */
  private async registeredChildren(caseId: string): Promise<ChildToMatch[] | 'erased' | undefined> {
    const registration = (await this.store.readStream(concernStream(caseId), { maxCount: 1 }))[0];
    if (registration?.type !== 'ConcernRegistered') return undefined;
    return this.openChildren(caseId, isRecord(registration.data) ? registration.data.children : undefined);
  }

  private async openChildren(caseId: string, sealed: unknown): Promise<ChildToMatch[] | 'erased'> {
    const opened = await (await this.personalData.get()).openFields(caseId, sealed);
    if (!Array.isArray(opened)) return 'erased';
    return opened.filter((c): c is ChildToMatch => typeof c?.name === 'string' && typeof c?.identifier === 'string');
  }

  /** Opens the sealed children before the consumer's transaction (the vault reads on a connection of its own). */
  async prepare(event: IntegrationEvent): Promise<DigestRow[] | 'erased' | undefined> {
    const children = isEvent(event, 'ConcernRegistered')
      ? await this.openChildren(event.caseId, event.data.children)
      : event.type === 'CaseReopened'
        ? await this.registeredChildren(event.caseId)
        : undefined;
    return Array.isArray(children) ? this.digestRows(children) : children;
  }

  async handle(event: IntegrationEvent, tx?: PoolClient, digests?: DigestRow[] | 'erased'): Promise<void> {
    await this.ready;
    if (!tx) throw new Error(`${this.consumer} writes in the consumer's transaction`);
    if (isEvent(event, 'ConcernRegistered')) {
      const { raisedBy, registeredAt } = event.data;
      await this.applyRegistration(tx, event.caseId, raisedBy.organisation, raisedBy.id, registeredAt, digests ?? []);
      return;
    }
    switch (event.type) {
      case 'CaseClosed':
        await this.lockStatus(tx, event.caseId);
        await tx.query(`update ${STATUS} set closed = true where case_id = $1`, [event.caseId]);
        await tx.query(`delete from ${DIGESTS} where case_id = $1`, [event.caseId]);
        return;
      case 'CaseReopened': {
        const status = await this.lockStatus(tx, event.caseId);
        await tx.query(`update ${STATUS} set closed = false, erased = erased or $2 where case_id = $1`, [
          event.caseId,
          digests === 'erased',
        ]);
        if (!status.erased && Array.isArray(digests)) await this.insertDigests(tx, event.caseId, digests);
        return;
      }
    }
  }

  /** Digests still under a key other than the active one are made again from the sealed registrations. */
  private async rekey(): Promise<void> {
    const { rows } = await this.rows.query<{ case_id: string }>(`select distinct case_id from ${DIGESTS} where key_id <> $1`, [
      this.keys.activeId,
    ]);
    for (const { case_id: caseId } of rows) {
      if (this.stopping.signal.aborted) return;
      const children = await this.registeredChildren(caseId);
      if (children === undefined) continue;
      if (children === 'erased') {
        await this.forgetErased(caseId);
        continue;
      }
      const digests = this.digestRows(children);
      await this.inTransaction(async (tx) => {
        const status = await this.lockStatus(tx, caseId);
        await tx.query(`delete from ${DIGESTS} where case_id = $1`, [caseId]);
        if (!status.closed && !status.erased) await this.insertDigests(tx, caseId, digests);
      });
    }
    if (rows.length > 0) this.logger.log(`digests of ${rows.length} open case(s) rewritten under key ${this.keys.activeId}`);
  }

  /** Forgets every indexed case whose key was destroyed while it was open. */
  async sweepErased(): Promise<number> {
    const { rows } = await this.rows.query<{ case_id: string }>(`select distinct case_id from ${DIGESTS}`);
    const vault = await this.personalData.get();
    let erased = 0;
    for (const { case_id: caseId } of rows) {
      if (this.stopping.signal.aborted) break;
      if (await vault.isErased(caseId)) {
        await this.forgetErased(caseId);
        erased++;
      }
    }
    return erased;
  }

  private inTransaction<T>(work: (tx: PoolClient) => Promise<T>): Promise<T> {
    return inTransaction(this.rows, work);
  }
}
