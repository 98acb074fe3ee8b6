import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { Pool } from 'pg';
import { PostgresEventStore, startEmbeddedPostgres, type EmbeddedPostgres } from '@perheverkko/event-store';
import { SHARED_SERVER_MASTER_KEYS } from '@perheverkko/platform/testing';
import { DatabaseConnection, PlatformConfig } from '@perheverkko/runtime';
import { PersonalDataHost } from '@perheverkko/service-host';
import { recordedStream, receivedStream } from '../../archive/published-events';
import { archive } from '../../policies/archive.policy';
import { CaseSearchIndex } from './case-search-index';
import { CaseSearchQueryRefused } from './search-terms';

/**
 * The case search index over a real archive and vault: on the PostgreSQL server when TEST_DATABASE_URL is set
 * (schemas of its own), else on the embedded database. Registrations are archived as reporting archives them,
 * their children and guardians sealed with the case key by the real vault.
 */
const SCHEMA = 'case_search_spec';
const ARCHIVE = 'case_search_spec_archive';
const key = (fill: number) => Buffer.alloc(32, fill).toString('base64');
const K1 = `k1:${key(11)}`;
const K2 = `k2:${key(12)}`;

interface Person {
  name: string;
  identifier: string;
  birthDate?: string;
}

describe('the case search index (ADR 0018)', () => {
  let embedded: EmbeddedPostgres | undefined;
  let connectionString: string;
  let admin: Pool;
  let dataDir: string;
  let config: PlatformConfig;
  let database: DatabaseConnection;
  let personalData: PersonalDataHost;
  let store: PostgresEventStore;
  let index: CaseSearchIndex;
  const others: CaseSearchIndex[] = [];

  const dropSchemas = async () => {
    for (const schema of [SCHEMA, ARCHIVE]) await admin.query(`drop schema if exists "${schema}" cascade`);
  };

  const indexWith = async (keys: string) => {
    const made = new CaseSearchIndex(store, database, config, personalData, undefined, { schema: SCHEMA, env: { CASE_SEARCH_KEYS: keys } });
    made.onModuleInit();
    return made;
  };

  beforeAll(async () => {
    Logger.overrideLogger(['error', 'warn']);
    if (!process.env.TEST_DATABASE_URL) embedded = await startEmbeddedPostgres();
    connectionString = process.env.TEST_DATABASE_URL ?? embedded!.connectionString;
    admin = new Pool({ connectionString, max: 1 });
    await dropSchemas();
    dataDir = mkdtempSync(join(tmpdir(), 'perheverkko-case-search-'));
    // The shared server's master keys: its personal_data schema holds every suite's case keys (testing.ts).
    config = Object.assign(new PlatformConfig(), {
      DATABASE_URL: connectionString,
      DATA_DIR: dataDir,
      MASTER_KEYS: SHARED_SERVER_MASTER_KEYS,
    });
    database = await DatabaseConnection.open(config);
    personalData = new PersonalDataHost(config, database);
    store = await PostgresEventStore.open({ connectionString, schema: ARCHIVE, poolSize: 2 });
    index = await indexWith(K1);
    await index.onApplicationBootstrap();
  }, 120_000);

  afterAll(async () => {
    for (const made of [index, ...others]) await made?.beforeApplicationShutdown().catch(() => undefined);
    await personalData?.onApplicationShutdown();
    await store?.close();
    if (admin) {
      await dropSchemas();
      await admin.end();
    }
    await embedded?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /** A registration as reporting archives it: intake's ConcernRegistered, children, guardians and description sealed. */
  async function registered(children: Person[], guardians: Person[], caseId = randomUUID()) {
    const eventId = randomUUID();
    const at = new Date().toISOString();
    const data = await (
      await personalData.get()
    ).sealFields(
      caseId,
      {
        channel: 'close-worker',
        raisedBy: { id: 'demo-terhi', name: 'Terhi', organisation: 'Kangasala child health clinic', sector: 'child health clinic' },
        municipality: 'Kangasala',
        childCount: children.length,
        children,
        guardians,
        description: 'SALAINEN: väsynyt joka aamu',
        registeredAt: at,
      },
      ['children', 'guardians', 'description'],
    );
    const envelope = { eventId, caseId, correlationId: randomUUID(), causationId: eventId, occurredAt: at };
    const stored = () => archive(store, receivedStream(eventId), 'ConcernRegistered', 2, data, envelope);
    await stored();
    return { caseId, eventId, data, envelope, stored };
  }

  const tokenCount = async (caseId?: string) =>
    Number(
      (await admin.query(`select count(*) as n from "${SCHEMA}".tokens where $1::text is null or case_id = $1`, [caseId ?? null])).rows[0]
        .n,
    );

  /**
   * Catches the index up until these cases have tokens. One catch-up is not enough on a shared server: the archive
   * shows an event only once every transaction older than its own has ended, anywhere on the server (ADR 0002's
   * rule against gaps), so another suite's open transaction can hold a fresh registration back for a moment.
   */
  const indexed = async (caseIds: string[], by: CaseSearchIndex = index) => {
    for (const deadline = Date.now() + 15_000; ;) {
      await by.catchUp();
      const counts = await Promise.all(caseIds.map((caseId) => tokenCount(caseId)));
      if (counts.every((n) => n > 0) || Date.now() > deadline) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  let virtanen: Awaited<ReturnType<typeof registered>>;
  let korhonen: Awaited<ReturnType<typeof registered>>;
  let meikalainen: Awaited<ReturnType<typeof registered>>;

  beforeAll(async () => {
    virtanen = await registered(
      [{ name: 'Aada Virtanen', identifier: '010118A9989' }],
      [
        { name: 'Mari Virtanen', identifier: '131052-308T' },
        { name: 'Jukka Korpela', identifier: 'TEMP-jukka-01', birthDate: '1980-02-03' },
      ],
    );
    korhonen = await registered(
      [{ name: 'Eino Korhonen', identifier: 'TEMP-eino-0001', birthDate: '2020-05-05' }],
      [{ name: 'Mari Korhonen', identifier: '010594Y9032' }],
    );
    meikalainen = await registered([{ name: 'Äijälä-Meikäläinen Ville', identifier: '150230+1230' }], []);
    await indexed([virtanen.caseId, korhonen.caseId, meikalainen.caseId]);
  }, 60_000);

  describe('finding cases', () => {
    it.each([
      ['a name prefix', 'virt', () => [virtanen.caseId]],
      ['a whole surname', 'Korhonen', () => [korhonen.caseId]],
      ['a full name in the order written', 'Aada Virtanen', () => [virtanen.caseId]],
      ['a full name in the other order', 'virtanen aada', () => [virtanen.caseId]],
      ['a given name shared by two families', 'mari', () => [virtanen.caseId, korhonen.caseId]],
      ["the guardian's identity code, in lower case", '131052-308t', () => [virtanen.caseId]],
      ["the child's identity code", '010118A9989', () => [virtanen.caseId]],
      ['a temporary identifier', 'TEMP-eino-0001', () => [korhonen.caseId]],
      ['a part of a hyphenated name, diacritics not written', 'meikalai', () => [meikalainen.caseId]],
      ['the same, diacritics written', 'ÄIJÄ', () => [meikalainen.caseId]],
      ['nobody', 'Nieminen', () => []],
      ['a name and a code of different families', 'korhonen 010118A9989', () => []],
    ])('should find by %s (%j)', async (_what, query, expected) => {
      expect((await index.casesMatching(query)).sort()).toEqual(expected().sort());
    });

    it('should look only among the cases it is given, when given some', async () => {
      expect(await index.casesMatching('mari', { among: [korhonen.caseId, randomUUID()] })).toEqual([korhonen.caseId]);
      expect(await index.casesMatching('mari', { among: [] })).toEqual([]);
    });

    it('should refuse a word of fewer than 3 letters, and a broken identity code, as the client’s mistake on q', async () => {
      await expect(index.casesMatching('vi')).rejects.toThrow(CaseSearchQueryRefused);
      await expect(index.casesMatching('virtanen aa')).rejects.toMatchObject({
        field: 'q',
        reason: expect.stringMatching(/word 2 is too short/),
      });
      await expect(index.casesMatching('010118')).rejects.toMatchObject({ field: 'q' });
    });

    it('should keep nothing searchable in clear: no name, no code, no description in its tables', async () => {
      const { rows } = await admin.query(`select encode(token, 'escape') as token, case_id, key_id from "${SCHEMA}".tokens`);
      const dump = JSON.stringify(rows).toLowerCase();
      for (const clear of ['virt', 'korhonen', 'aada', 'mari', '010118a9989', '131052', 'temp-', 'meik', 'salainen'])
        expect(dump).not.toContain(clear);
      expect(rows.every((row) => row.key_id === 'k1')).toBe(true);
    });
  });

  describe('a registration delivered or read again', () => {
    it('should add no rows: archived again, archived a second time as an audit record, or the whole archive replayed', async () => {
      const before = await tokenCount();
      expect(await tokenCount(virtanen.caseId)).toBeGreaterThan(20);
      // A redelivery reaches the archive's same stream: appended once.
      await virtanen.stored();
      // The same registration in a second stream, under another record id (as a private copy would be kept).
      const record = { ...virtanen.envelope, eventId: randomUUID() };
      await archive(store, recordedStream('intake', virtanen.eventId), 'ConcernRegistered', 2, virtanen.data, record, { private: true });
      await index.catchUp();
      expect(await tokenCount()).toBe(before);
      // From position 0 again.
      await admin.query(`update "${SCHEMA}".checkpoint set position = null, events_applied = 0`);
      await index.catchUp();
      expect(await tokenCount()).toBe(before);
      expect((await index.casesMatching('aada virtanen')).sort()).toEqual([virtanen.caseId]);
    });
  });

  describe('erasure', () => {
    it('should stop finding an erased case at once, and delete its tokens then', async () => {
      const erased = await registered([{ name: 'Kalle Poistettava', identifier: '010118A9989' }], []);
      await indexed([erased.caseId]);
      expect((await index.casesMatching('poistettava')).length).toBe(1);
      expect((await index.casesMatching('010118A9989')).sort()).toEqual([virtanen.caseId, erased.caseId].sort());
      await (await personalData.get()).erase(erased.caseId, 'the family asked for erasure');
      expect(await index.casesMatching('010118A9989')).toEqual([virtanen.caseId]);
      expect(await tokenCount(erased.caseId)).toBe(0);
      expect(await index.casesMatching('poistettava')).toEqual([]);
    });

    it("should delete an erased case's tokens in the sweep, unasked, and never index it again", async () => {
      const erased = await registered([{ name: 'Liisa Unohdettava', identifier: 'TEMP-liisa-0001' }], []);
      await indexed([erased.caseId]);
      expect(await tokenCount(erased.caseId)).toBeGreaterThan(0);
      await (await personalData.get()).erase(erased.caseId, 'retention period ended');
      expect(await index.sweepErased()).toBe(1);
      expect(await tokenCount(erased.caseId)).toBe(0);
      // Replayed, its registration no longer opens: nothing to index.
      await admin.query(`update "${SCHEMA}".checkpoint set position = null`);
      await index.catchUp();
      expect(await tokenCount(erased.caseId)).toBe(0);
      expect(await index.casesMatching('unohdettava')).toEqual([]);
    });
  });

  describe('following the archive', () => {
    it('should index a registration as it is archived, unasked', async () => {
      const live = await registered([{ name: 'Elli Elävä', identifier: 'TEMP-elli-0001' }], []);
      const deadline = Date.now() + 10_000;
      while ((await index.casesMatching('elava')).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(await index.casesMatching('elli elava')).toEqual([live.caseId]);
    });
  });

  describe('key rotation', () => {
    it('should find under the old key until every token is rewritten under the new one, then without the old key', async () => {
      // The first index stops following: from here on, the index is written by a process with the new key list.
      await index.beforeApplicationShutdown();
      const rotating = await indexWith(`${K1},${K2}`);
      others.push(rotating);
      const underOldKey = Number(
        (await admin.query(`select count(distinct case_id) as n from "${SCHEMA}".tokens where key_id = 'k1'`)).rows[0].n,
      );
      const before = await tokenCount();
      // Old tokens are found under the key they were written with, before anything is rewritten.
      expect(await rotating.casesMatching('virtanen aada')).toEqual([virtanen.caseId]);
      // A registration indexed now is written under the new key.
      const fresh = await registered([{ name: 'Uuno Uusiavain', identifier: 'TEMP-uuno-0001' }], []);
      await indexed([fresh.caseId], rotating);
      expect(await rotating.casesMatching('uusiavain')).toEqual([fresh.caseId]);
      expect(await rotating.rekey()).toBe(underOldKey);
      const { rows } = await admin.query(`select key_id, count(*)::int as n from "${SCHEMA}".tokens group by key_id`);
      expect(rows).toEqual([{ key_id: 'k2', n: before + (await tokenCount(fresh.caseId)) }]);
      const newOnly = await indexWith(K2);
      const oldOnly = await indexWith(K1);
      others.push(newOnly, oldOnly);
      expect((await newOnly.casesMatching('mari')).sort()).toEqual([virtanen.caseId, korhonen.caseId].sort());
      expect(await newOnly.casesMatching('uusiavain')).toEqual([fresh.caseId]);
      expect(await oldOnly.casesMatching('mari')).toEqual([]);
    });
  });
});
