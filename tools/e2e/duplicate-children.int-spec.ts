import { randomBytes, randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { Pool } from 'pg';
import { PostgresEventStore, type EventStore } from '@perheverkko/event-store';
import { DatabaseConnection } from '@perheverkko/runtime';
import { PersonalDataHost } from '@perheverkko/service-host';
import { caseEventsBy } from '@perheverkko/platform/testing';
import { onSharedServerOr } from './chain-env';
import { startServiceChain } from './standalone-chain';

/**
 * Issue 18, item 7: a child who already has an open case is found at registration, on the identity code or (for a
 * temporary identifier) on normalised name and birth date; the worker learns only that the case exists and who
 * convenes it, logged as a disclosure, and may join their concern to it or register a separate case. Every child
 * here is made up for the test (a random birth date and identity code), so the suite also runs on a shared server.
 */

const CHECK_CHARACTERS = '0123456789ABCDEFHJKLMNPRSTUVWXY';

/** A valid identity code for the birth date (YYYY-MM-DD, 2000s), with a random individual number. */
function identityCode(birthDate: string, individual = 2 + Math.floor(Math.random() * 897)): string {
  const [year, month, day] = birthDate.split('-');
  const number = String(individual).padStart(3, '0');
  return `${day}${month}${year.slice(2)}A${number}${CHECK_CHARACTERS[Number(`${day}${month}${year.slice(2)}${number}`) % 31]}`;
}

function randomBirthDate(): string {
  const day = new Date(Date.UTC(2012, 0, 1) + Math.floor(Math.random() * 3650) * 86_400_000);
  return day.toISOString().slice(0, 10);
}

/** Letters only, so no digest, id or time can contain it by chance. */
const tag = () => Array.from(randomBytes(8), (b) => 'BCDFGHJKLMNPQRSTVWXZ'[b % 20]).join('');

const TERHIS_ORGANISATION = 'Kangasala child health clinic';

describe('a child who already has an open case, at intake', () => {
  const saved = { ...process.env };
  let chain: Awaited<ReturnType<typeof startServiceChain>>;
  let pool: Pool;
  let planStore: EventStore;

  beforeAll(async () => {
    chain = await startServiceChain({
      KAFKA_BROKERS: undefined,
      DUPLICATE_CHECK_KEYS: undefined,
      ...onSharedServerOr({ DATABASE_URL: undefined, MASTER_KEYS: undefined, ACCESS_LOG_KEYS: undefined }),
    });
    pool = new Pool({ connectionString: chain.app.get(DatabaseConnection).connectionString, max: 1 });
    // Plan follow-up's closure and reopening as its store records them (walking a family to closure is the journey specs' part).
    planStore = await PostgresEventStore.open({
      connectionString: chain.app.get(DatabaseConnection).connectionString,
      schema: 'plan_followup',
    });
  }, 90_000);

  afterAll(async () => {
    await planStore.close();
    await pool.end();
    await chain.close();
    process.env = { ...saved };
  });

  const concernAbout = (children: object[], extra: object = {}) => ({
    channel: 'close-worker',
    municipality: 'Kangasala',
    sector: 'child health clinic',
    children,
    guardians: [],
    description: `SALAINEN ${tag()} väsynyt joka aamu`,
    zone: 3,
    ratedBy: 'worker',
    ...extra,
  });
  const register = (user: string, body: object, key = randomUUID()) =>
    chain.call('POST', '/concerns', body, user, { 'idempotency-key': key });
  const registered = async (user: string, body: object) => {
    const response = await register(user, body);
    expect(response.status).toBe(201);
    return response.body.caseId as string;
  };
  const eventsOf = async (correlationId: string) =>
    Number((await pool.query(`select count(*) as n from intake.events where metadata->>'correlationId' = $1`, [correlationId])).rows[0].n);
  const historyOf = async (caseId: string) => {
    // The organiser's coordinator answers the family's request (703/2023) from the processing history.
    const response = await chain.call('GET', `/cases/${caseId}/processing-history`, undefined, 'kaisa');
    expect(response.status).toBe(200);
    return response.body.entries as Array<Record<string, string>>;
  };
  const appendToPlanFollowup = async (caseId: string, type: 'CaseClosed' | 'CaseReopened') => {
    const now = new Date().toISOString();
    const data =
      type === 'CaseClosed'
        ? { reason: 'everyday-life-runs-smoothly', closedBy: 'demo-terhi', closedAt: now }
        : {
            reason: await (await chain.app.get(PersonalDataHost).get()).seal(caseId, 'the family asked for more support'),
            reopenedBy: 'demo-terhi',
            reopenedAt: now,
          };
    const stream = `Plan-${caseId}`;
    const existing = await planStore.readStream(stream);
    await planStore.appendToStream(stream, [caseEventsBy(caseId, 'demo-terhi', TERHIS_ORGANISATION)(type, data, now)], {
      expectedRevision: existing.length === 0 ? 'no_stream' : existing.length - 1,
    });
  };
  const digestsOf = async (caseId: string) =>
    Number((await pool.query(`select count(*) as n from intake.open_case_digests where case_id = $1`, [caseId])).rows[0].n);
  /** Until the case has `count` digests in the open-case index. */
  const untilDigests = (caseId: string, count: number, what: string) =>
    chain.until(
      () => digestsOf(caseId),
      (n) => n === count,
      what,
    );

  describe('when two workers register the same identity code', () => {
    const birthDate = randomBirthDate();
    const code = identityCode(birthDate);
    const name = `Aada ${tag()}`;
    let caseId: string;
    let warning: Awaited<ReturnType<typeof register>>;

    beforeAll(async () => {
      caseId = await registered('terhi', concernAbout([{ name, identifier: code }]));
      const correlationId = randomUUID();
      warning = await chain.call('POST', '/concerns', concernAbout([{ name: 'Ada Misspelt', identifier: code }]), 'olli', {
        'x-correlation-id': correlationId,
      });
      expect(await eventsOf(correlationId)).toBe(0);
    });

    it('should warn the second with 409 naming the organiser who convenes the case, and nothing more', () => {
      expect(warning.status).toBe(409);
      // The problem's own members (RFC 9457 and the older three), the rule and the open cases: nothing more.
      expect(Object.keys(warning.body).sort()).toEqual(
        ['detail', 'error', 'instance', 'message', 'openCases', 'rule', 'status', 'statusCode', 'title', 'type'].sort(),
      );
      expect(warning.body.rule).toBe('open-case-exists');
      expect(warning.body.openCases).toEqual([
        { children: [0], organiser: TERHIS_ORGANISATION, reference: expect.stringMatching(/^oc_[0-9a-f]{32}$/) },
      ]);
      expect(warning.body.message).toMatch(
        /children\[0\] already has an open case, convened by Kangasala child health clinic\. Nothing was recorded\./,
      );
      // Not the case, its worker, its family or its content: none of it is in the answer.
      const said = JSON.stringify(warning.body);
      for (const secret of [caseId, 'demo-terhi', 'Terhi', name, 'SALAINEN', 'väsynyt', birthDate]) expect(said).not.toContain(secret);
    });

    it('should log the warning in the case’s processing history as a disclosure to that worker', async () => {
      const disclosures = (await historyOf(caseId)).filter((e) => e.action === 'disclose');
      expect(disclosures).toContainEqual(
        expect.objectContaining({
          who: { id: 'demo-olli', role: 'professional', organisation: 'Kangasala school' },
          what: 'that an open case exists, and its organiser',
          recipient: 'demo-olli (Kangasala school)',
          basis: 'duplicate check at intake: identity code matched',
        }),
      );
    });

    it('should give the warned worker no way into the case: no read, no act', async () => {
      expect((await chain.call('GET', `/concerns/${caseId}`, undefined, 'olli')).status).toBe(403);
      expect((await chain.call('POST', `/concerns/${caseId}/zone-ratings`, { zone: 4, ratedBy: 'worker' }, 'olli')).status).toBe(403);
    });

    it('should let the warned worker join their concern to the case instead, which its convener sees and they still cannot read', async () => {
      const reference = warning.body.openCases[0].reference as string;
      const key = randomUUID();
      const join = {
        reference,
        children: [{ name: 'Ada Misspelt', identifier: code }],
        channel: 'close-worker',
        sector: 'school',
        description: 'Nukahtaa tunnilla',
        zone: 2,
        ratedBy: 'worker',
      };
      const joined = await chain.call('POST', '/concerns/joins', join, 'olli', { 'idempotency-key': key });
      expect(joined.status).toBe(201);
      expect(joined.body).toEqual({
        joined: true,
        organiser: TERHIS_ORGANISATION,
        alreadyHandled: false,
        message: expect.stringMatching(/only if the family agrees/),
      });
      const again = await chain.call('POST', '/concerns/joins', join, 'olli', { 'idempotency-key': key });
      expect([again.status, again.body.alreadyHandled]).toEqual([200, true]);

      const seenByConvener = await chain.call('GET', `/concerns/${caseId}`, undefined, 'terhi');
      expect(seenByConvener.body.joinedConcerns).toEqual([
        {
          joinedBy: { id: 'demo-olli', name: 'Olli Opettaja', organisation: 'Kangasala school', sector: 'school' },
          channel: 'close-worker',
          description: 'Nukahtaa tunnilla',
          zone: 2,
          ratedBy: 'worker',
          joinedAt: expect.any(String),
        },
      ]);
      // The case's own zone is not changed by another worker's view.
      expect(seenByConvener.body.currentZone).toBe(3);
      expect((await chain.call('GET', `/concerns/${caseId}`, undefined, 'olli')).status).toBe(403);
      expect(await historyOf(caseId)).toContainEqual(
        expect.objectContaining({
          who: expect.objectContaining({ id: 'demo-olli' }),
          action: 'act',
          what: 'concern (joined to an open case)',
        }),
      );
    });

    it('should refuse a join whose reference does not go with the children or the worker, recording nothing', async () => {
      const reference = warning.body.openCases[0].reference as string;
      const join = {
        children: [{ name, identifier: code }],
        channel: 'close-worker',
        sector: 'school',
        description: 'x',
        zone: 2,
        ratedBy: 'worker',
      };
      const cases = [
        ['olli', { ...join, reference: `oc_${'0'.repeat(32)}` }],
        ['olli', { ...join, reference, children: [{ name, identifier: identityCode(randomBirthDate()) }] }],
        // The reference is olli's: terhi, the case's own worker, cannot use it (nor join her own case).
        ['terhi', { ...join, reference }],
      ] as const;
      for (const [user, body] of cases) {
        const correlationId = randomUUID();
        const refused = await chain.call('POST', '/concerns/joins', body, user, { 'x-correlation-id': correlationId });
        expect([refused.status, refused.body.rule]).toEqual([409, 'no-open-case-to-join']);
        expect(JSON.stringify(refused.body)).not.toContain(caseId);
        expect(await eventsOf(correlationId)).toBe(0);
      }
      expect((await chain.call('POST', '/concerns/joins', { ...join, reference: 'case-id-please' }, 'olli')).status).toBe(400);
    });

    it('should register a separate case when the worker states it is a different child, logged on both cases', async () => {
      const separate = await register(
        'olli',
        concernAbout([{ name: 'Toinen Lapsi', identifier: code }], { sector: 'school', separateCase: true }),
      );
      expect(separate.status).toBe(201);
      expect(separate.body.openCaseCheck).toEqual({
        ownOpenCases: [],
        separateFrom: [{ children: [0], organiser: TERHIS_ORGANISATION }],
        notChecked: [],
      });
      const newCase = separate.body.caseId as string;
      const { rows } = await pool.query(
        `select action, what, purpose from audit.access_log where case_id = $1 and actor_id = 'demo-olli'`,
        [newCase],
      );
      expect(rows).toContainEqual({
        action: 'act',
        what: 'registration as a separate case although a child matched an open case',
        purpose: expect.stringMatching(/different child than in 1 open case/),
      });
      expect(
        (await historyOf(caseId)).filter((e) => e.action === 'disclose' && e.recipient === 'demo-olli (Kangasala school)'),
      ).toHaveLength(2);
    });
  });

  it('should tell a worker of their own open case of the child without stopping them (they convene it and read it anyway)', async () => {
    const child = { name: `Eino ${tag()}`, identifier: identityCode(randomBirthDate()) };
    const first = await registered('terhi', concernAbout([child]));
    const second = await register('terhi', concernAbout([child]));
    expect(second.status).toBe(201);
    expect(second.body.openCaseCheck).toEqual({ ownOpenCases: [first], separateFrom: [], notChecked: [] });
    // A registration resent with its key is answered as the first time, not checked against itself.
    const key = randomUUID();
    const sent = concernAbout([{ name: `Ilmari ${tag()}`, identifier: identityCode(randomBirthDate()) }]);
    expect((await register('terhi', sent, key)).status).toBe(201);
    const resent = await register('terhi', sent, key);
    expect([resent.status, resent.body.alreadyHandled, resent.body.openCaseCheck]).toEqual([200, true, undefined]);
  });

  describe('when a child has a temporary identifier', () => {
    const birthDate = randomBirthDate();
    const family = tag();
    const surname = `Äijälä${family}`;

    it('should find the open case on the normalised name and birth date, whatever the identifiers', async () => {
      const caseId = await registered('terhi', concernAbout([{ name: `${surname} Aada-Maria`, identifier: `TEMP-${tag()}`, birthDate }]));
      const sameChild = [
        // Case, spaces, hyphens, diacritics and the order of the names do not count.
        { name: `AIJALA${family}  aada maria`, identifier: `TEMP-${tag()}`, birthDate },
        // The identity code gives the same birth date: the same child, now with the code.
        { name: `Aada Maria ${surname}`, identifier: identityCode(birthDate) },
      ];
      for (const child of sameChild) {
        const warned = await register('olli', concernAbout([child], { sector: 'school' }));
        expect([warned.status, warned.body.rule]).toEqual([409, 'open-case-exists']);
        expect(warned.body.openCases).toEqual([expect.objectContaining({ organiser: TERHIS_ORGANISATION })]);
        expect(JSON.stringify(warned.body)).not.toContain(caseId);
      }
      expect((await historyOf(caseId)).filter((e) => e.basis === 'duplicate check at intake: name and birth date matched')).toHaveLength(2);
    });

    it('should not take another birth date or another name for the same child, and say when it could not compare', async () => {
      await registered('terhi', concernAbout([{ name: `${surname} Eeva`, identifier: `TEMP-${tag()}`, birthDate }]));
      const dayAfter = new Date(Date.parse(birthDate) + 86_400_000).toISOString().slice(0, 10);
      expect(
        (
          await register(
            'olli',
            concernAbout([{ name: `${surname} Eeva`, identifier: `TEMP-${tag()}`, birthDate: dayAfter }], { sector: 'school' }),
          )
        ).status,
      ).toBe(201);
      expect(
        (
          await register(
            'olli',
            concernAbout([{ name: `${surname} Eeva Liisa`, identifier: `TEMP-${tag()}`, birthDate }], { sector: 'school' }),
          )
        ).status,
      ).toBe(201);
      const unchecked = await register(
        'olli',
        concernAbout([{ name: `${surname} Eeva`, identifier: `TEMP-${tag()}` }], { sector: 'school' }),
      );
      expect([unchecked.status, unchecked.body.openCaseCheck.notChecked]).toEqual([201, [0]]);
    });

    it('should refuse a birth date the identity code does not give, before checking anything', async () => {
      const refused = await register(
        'olli',
        concernAbout([{ name: 'X', identifier: identityCode('2015-06-07'), birthDate: '2015-06-08' }], { sector: 'school' }),
      );
      expect([refused.status, refused.body.rule]).toEqual([422, 'birth-date-mismatch']);
    });
  });

  it('should stop matching a case once plan follow-up closes it, and match it again when it is reopened', async () => {
    const child = { name: `Onni ${tag()}`, identifier: identityCode(randomBirthDate()) };
    const caseId = await registered('terhi', concernAbout([child]));
    expect(await digestsOf(caseId)).toBe(2);
    await appendToPlanFollowup(caseId, 'CaseClosed');
    await untilDigests(caseId, 0, 'the closed case to leave the index');
    const afterClosure = await register('olli', concernAbout([child], { sector: 'school' }));
    expect([afterClosure.status, afterClosure.body.openCaseCheck.separateFrom]).toEqual([201, []]);

    await appendToPlanFollowup(caseId, 'CaseReopened');
    await untilDigests(caseId, 2, 'the reopened case to be indexed again from its sealed registration');
    // olli's own case of the child is theirs; terhi's reopened one is another worker's again.
    const afterReopening = await register('olli', concernAbout([child], { sector: 'school' }));
    expect([afterReopening.status, afterReopening.body.openCases]).toEqual([
      409,
      [expect.objectContaining({ organiser: TERHIS_ORGANISATION })],
    ]);
  }, 60_000);

  it('should never match an erased case, and forget its digests', async () => {
    const child = { name: `Helmi ${tag()}`, identifier: identityCode(randomBirthDate()) };
    const caseId = await registered('terhi', concernAbout([child]));
    const erased = await chain.call('POST', '/erasures', { caseId, reason: 'the family asked for erasure (test)' }, 'pekka');
    expect(erased.status).toBe(200);
    const after = await register('olli', concernAbout([child], { sector: 'school' }));
    expect([after.status, after.body.openCaseCheck.separateFrom]).toEqual([201, []]);
    expect(await digestsOf(caseId)).toBe(0);
  });

  it('should keep only keyed digests: no identity code, name or birth date in clear, and the key outside the database', async () => {
    const birthDate = randomBirthDate();
    const child = { name: `Kerttu ${tag()}`, identifier: identityCode(birthDate) };
    const caseId = await registered('terhi', concernAbout([child]));
    const { rows } = await pool.query<{ row: string }>(
      `select row_to_json(d)::text as row from intake.open_case_digests d where case_id = $1`,
      [caseId],
    );
    expect(rows).toHaveLength(2);
    for (const { row } of rows) {
      for (const clear of [child.identifier, child.name.split(' ')[1].toLowerCase(), birthDate])
        expect(row.toLowerCase()).not.toContain(clear.toLowerCase());
    }
    if (!process.env.TEST_DATABASE_URL) {
      // The embedded default keeps its generated key in DATA_DIR, private to its user.
      expect(statSync(join(process.env.DATA_DIR as string, 'duplicate-check-keys.txt')).mode & 0o777).toBe(0o600);
    }
  });
});
