import { Module, type INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { PlatformModule } from '@perheverkko/platform';
import { ReferenceData } from '@perheverkko/service-host';
import { serveInProcess } from '@perheverkko/platform/testing';
import { IntakeModule } from '../intake.module';

/** Intake with the platform, as every process hosts it: the reference-data API and the process-wide book. */
@Module({ imports: [PlatformModule, IntakeModule] })
class IntakeApp {}

const concern = {
  channel: 'close-worker',
  sector: 'child health clinic',
  children: [{ name: 'Testilapsi Aada', identifier: 'TEMP-REFDATA' }],
  guardians: [],
  description: 'väsynyt joka aamu',
  zone: 2,
  ratedBy: 'worker',
};

/**
 * Reference data as data with an API (ADR 0014), on the embedded set-up (or the PostgreSQL server with
 * TEST_DATABASE_URL): keys are the run's own, and versions are read before they are compared, so a database other
 * specs write reference data to serves as well.
 */
describe('reference data API', () => {
  const run = randomUUID().slice(0, 8);
  let served: Awaited<ReturnType<typeof serveInProcess>>;
  let app: INestApplication;
  let pool: Pool;
  let call: Awaited<ReturnType<typeof serveInProcess>>['call'];

  beforeAll(async () => {
    served = await serveInProcess(IntakeApp, 'reference', { REFERENCE_BASELINE: undefined });
    ({ app, pool, call } = served);
  }, 60_000);

  afterAll(() => served?.close());

  /** Records an entry of reference data as `user`. */
  const put = (path: string, body: unknown, user: string, headers?: Record<string, string>) => call('PUT', path, body, user, headers);

  const roomsVersion = async () => {
    const listed = await call('GET', '/reference-data/rooms', undefined, 'kaisa');
    expect(listed.status).toBe(200);
    return listed.body.version as number;
  };

  it('should list the kinds and each catalogue with its version as the ETag: all 308 municipalities of the 2025 classification', async () => {
    const kinds = await call('GET', '/reference-data', undefined, 'terhi');
    expect(kinds.status).toBe(200);
    // In the order of the list's paging key, the kind's name (ADR 0020).
    expect(kinds.body.map((k: { kind: string }) => k.kind)).toEqual([
      'feedback-forms',
      'municipalities',
      'organisers',
      'rooms',
      'services',
      'wellbeing-star',
    ]);
    expect(kinds.body.find((k: { kind: string }) => k.kind === 'rooms')).toMatchObject({
      administeredBy: ['administrator', 'coordinator'],
      href: '/reference-data/rooms',
    });

    const municipalities = await call('GET', '/reference-data/municipalities', undefined, 'terhi');
    expect(municipalities.status).toBe(200);
    expect(municipalities.headers.get('etag')).toBe(`"${municipalities.body.version}"`);
    expect(municipalities.body).toMatchObject({ kind: 'municipalities', classification: 'kunta-2025' });
    expect(municipalities.body.entries).toHaveLength(308);
    expect(municipalities.body.entries.find((e: { key: string }) => e.key === '211').value).toEqual({
      code: '211',
      fi: 'Kangasala',
      sv: 'Kangasala',
      area: '08',
    });
    expect(municipalities.body.areas.find((a: { code: string }) => a.code === '08')).toMatchObject({ fi: 'Pirkanmaan hyvinvointialue' });
    expect(municipalities.body.areas.find((a: { code: string }) => a.code === '90')).toMatchObject({ fi: 'Helsingin kaupunki' });
  });

  it('should record a room for a coordinator, refuse a professional, and refuse a coordinator municipalities', async () => {
    const version = await roomsVersion();
    const key = `room-${run}-a`;
    const recorded = await put(
      `/reference-data/rooms/${key}`,
      { name: `Neuvola ${run}`, organiser: 'kangasala-child-health-clinic', capacity: 8 },
      'kaisa',
      { 'if-match': `"${version}"` },
    );
    expect([recorded.status, recorded.body]).toEqual([
      201,
      { kind: 'rooms', key, version: version + 1, alreadyHandled: false, events: ['ReferenceEntryRecorded'] },
    ]);
    expect(recorded.headers.get('etag')).toBe(`"${version + 1}"`);
    const entry = await call('GET', `/reference-data/rooms/${key}`, undefined, 'terhi');
    expect(entry.body).toMatchObject({
      kind: 'rooms',
      key,
      value: { id: key, name: `Neuvola ${run}`, organiser: 'kangasala-child-health-clinic', capacity: 8 },
      retired: false,
      recordedBy: 'demo-kaisa',
    });

    const professional = await put(
      `/reference-data/rooms/room-${run}-p`,
      { name: 'x', organiser: 'kangasala-child-health-clinic' },
      'terhi',
    );
    expect(professional.status).toBe(403);
    const municipality = await put('/reference-data/municipalities/999', { fi: 'Uusikunta', sv: 'Nykommun', area: '06' }, 'kaisa');
    expect([municipality.status, municipality.body.message]).toEqual([
      403,
      expect.stringContaining('municipalities are recorded by administrators'),
    ]);
    expect((await call('GET', '/reference-data/rooms/room-' + run + '-p', undefined, 'kaisa')).status).toBe(404);
  });

  it('should refuse a change on a stale If-Match with 409 naming the version', async () => {
    const version = await roomsVersion();
    expect(
      (
        await put(`/reference-data/rooms/room-${run}-b`, { name: `B ${run}`, organiser: 'kangasala-family-centre' }, 'kaisa', {
          'if-match': `"${version}"`,
        })
      ).status,
    ).toBe(201);
    const stale = await put(`/reference-data/rooms/room-${run}-c`, { name: `C ${run}`, organiser: 'kangasala-family-centre' }, 'kaisa', {
      'if-match': `"${version}"`,
    });
    expect([stale.status, stale.body.rule]).toEqual([409, 'stale-version']);
    expect(stale.body.message).toContain(`not ${version}`);
    expect((await call('GET', `/reference-data/rooms/room-${run}-c`, undefined, 'kaisa')).status).toBe(404);
  });

  it('should record every one of many rooms sent at once without If-Match: each waits its turn on the catalogue', async () => {
    const keys = Array.from({ length: 30 }, (_, i) => `room-${run}-many-${i}`);
    const answers = await Promise.all(
      keys.map((key) => put(`/reference-data/rooms/${key}`, { name: `Many ${key}`, organiser: 'kangasala-family-centre' }, 'kaisa')),
    );
    expect(answers.map((a) => a.status)).toEqual(keys.map(() => 201));
    for (const key of keys) expect((await call('GET', `/reference-data/rooms/${key}`, undefined, 'kaisa')).status).toBe(200);
  });

  it('should record one of many rooms sent at once under one name, and refuse the others naming the field', async () => {
    const keys = Array.from({ length: 10 }, (_, i) => `room-${run}-same-${i}`);
    const answers = await Promise.all(
      keys.map((key) => put(`/reference-data/rooms/${key}`, { name: `Same ${run}`, organiser: 'kangasala-family-centre' }, 'kaisa')),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    const refused = answers.filter((a) => a.status !== 201);
    expect(refused.map((a) => a.status)).toEqual(keys.slice(1).map(() => 400));
    for (const answer of refused) expect(answer.body.violations.map((v: { field: string }) => v.field)).toContain('name');
  });

  it('should never change a recorded Wellbeing Star version (409): a change is a new version', async () => {
    const shipped = await call('GET', '/reference-data/wellbeing-star/thl-2017-2', undefined, 'pekka');
    expect(shipped.status).toBe(200);
    const { scale, areas } = shipped.body.value;
    const changed = await put('/reference-data/wellbeing-star/thl-2017-2', { scale: { ...scale, max: scale.max + 1 }, areas }, 'pekka');
    expect(changed.status).toBe(409);
    expect((await call('GET', '/reference-data/wellbeing-star/thl-2017-2', undefined, 'pekka')).body.value.scale).toEqual(scale);
  });

  it('should refuse an invalid body with 400 naming the field, and a room of an unknown organiser naming the nearest', async () => {
    const invalid = await put(
      `/reference-data/rooms/room-${run}-d`,
      { name: `D ${run}`, organiser: 'kangasala-family-centre', capacity: 'many' },
      'kaisa',
    );
    expect(invalid.status).toBe(400);
    expect(new Set(invalid.body.violations.map((v: { field: string }) => v.field))).toEqual(new Set(['capacity']));
    const typo = await put(`/reference-data/rooms/room-${run}-e`, { name: `E ${run}`, organiser: 'kangasala-family-centr' }, 'kaisa');
    expect(typo.status).toBe(400);
    expect(typo.body.violations).toEqual([
      { field: 'organiser', reason: expect.stringContaining('did you mean kangasala-family-centre (Kangasala family centre)') },
    ]);
  });

  it('should retire an entry: gone from the catalogue, listed with includeRetired, retired once', async () => {
    const key = `room-${run}-f`;
    expect((await put(`/reference-data/rooms/${key}`, { name: `F ${run}`, organiser: 'kangasala-family-centre' }, 'kaisa')).status).toBe(
      201,
    );
    const retired = await call('POST', `/reference-data/rooms/${key}/retirement`, { reason: 'renovated into an office' }, 'kaisa');
    expect([retired.status, retired.body.events]).toEqual([201, ['ReferenceEntryRetired']]);
    const keys = async (query = '') =>
      (await call('GET', `/reference-data/rooms${query}`, undefined, 'terhi')).body.entries.map((e: { key: string }) => e.key);
    expect(await keys()).not.toContain(key);
    expect(await keys('?includeRetired=true')).toContain(key);
    expect((await call('GET', `/reference-data/rooms/${key}`, undefined, 'terhi')).body).toMatchObject({
      retired: true,
      retiredReason: 'renovated into an office',
    });
    const again = await call('POST', `/reference-data/rooms/${key}/retirement`, { reason: 'renovated into an office' }, 'kaisa');
    expect([again.status, again.body.events]).toEqual([200, []]);
    expect((await call('POST', `/reference-data/rooms/room-${run}-none/retirement`, { reason: 'x' }, 'kaisa')).status).toBe(404);
  });

  it("should refuse a concern in 'Kangasla' naming Kangasala, and record one in 'helsingfors' as Helsinki", async () => {
    const typo = await call('POST', '/concerns', { ...concern, municipality: 'Kangasla' }, 'terhi', { 'idempotency-key': randomUUID() });
    expect(typo.status).toBe(400);
    expect(typo.body.violations).toEqual([{ field: 'municipality', reason: expect.stringContaining('did you mean Kangasala') }]);

    const swedish = await call(
      'POST',
      '/concerns',
      { ...concern, children: [{ name: 'Testilapsi Bea', identifier: `TEMP-${run}` }], municipality: 'helsingfors' },
      'terhi',
      { 'idempotency-key': randomUUID() },
    );
    expect(swedish.status).toBe(201);
    const { rows } = await pool.query<{ municipality: string }>(
      `select data->>'municipality' as municipality from intake.events where case_id = $1 and event_type = 'ConcernRegistered'`,
      [swedish.body.caseId],
    );
    expect(rows).toEqual([{ municipality: 'Helsinki' }]);
  });

  it("should carry a change to the process's reference book, from the published event as other processes take it", async () => {
    const key = `room-${run}-g`;
    expect((await put(`/reference-data/rooms/${key}`, { name: `G ${run}`, organiser: 'kuopio-family-centre' }, 'pekka')).status).toBe(201);
    // The book every module of the process validates with (convening's rooms, reporting's names) has it at once.
    expect((await app.get(ReferenceData).current()).room(key)).toEqual({ id: key, name: `G ${run}`, organiser: 'kuopio-family-centre' });
    // And the published ReferenceEntryRecorded reached the process's consumer (what a process deployed apart runs on).
    const deadline = Date.now() + 30_000;
    for (;;) {
      const { rows } = await pool.query(`select 1 from intake.reference_facts where fact->'data'->>'key' = $1`, [key]);
      if (rows.length === 1) break;
      if (Date.now() > deadline)
        throw new Error(`the published ReferenceEntryRecorded of ${key} did not reach the reference-data consumer`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });

  it('should keep a coordinator to the organisers they coordinate and their rooms, even by renaming', async () => {
    // Kaisa coordinates Kangasala's units: Kuopio's organiser and rooms are not hers to change, retire or take over.
    const hijack = await put(
      '/reference-data/organisers/kuopio-family-centre',
      { name: 'Kuopio family centre (hijacked)', municipality: '297' },
      'kaisa',
    );
    expect(hijack.status).toBe(403);
    expect(hijack.body).toMatchObject({ rule: 'not-your-organiser', wouldAllow: expect.any(String) });
    const takeover = await put(
      '/reference-data/organisers/kuopio-family-centre',
      { name: 'Kangasala school', municipality: '211' },
      'kaisa',
    );
    expect(takeover.status).toBe(403);
    const retiring = await call('POST', '/reference-data/rooms/kuopio-perhekeskus-1/retirement', { reason: 'x' }, 'kaisa');
    expect([retiring.status, retiring.body]).toEqual([403, expect.anything()]);
    expect(
      (await put(`/reference-data/rooms/room-${run}-k`, { name: `K ${run}`, organiser: 'kuopio-family-centre' }, 'kaisa')).status,
    ).toBe(403);
    const coordinatorRefusal = await put(
      '/reference-data/services/x',
      { fi: 'x', sv: 'x', en: 'x', requiresConsent: true, organisation: 'x', sector: 'x' },
      'kaisa',
    );
    expect(coordinatorRefusal.body).toMatchObject({
      statusCode: 403,
      rule: 'role-not-allowed',
      wouldAllow: 'one of the roles administrator',
    });
    // Her own unit's room, named by the organiser's name rather than its id, is hers.
    const own = await put(
      `/reference-data/rooms/room-${run}-own`,
      { name: `Own ${run}`, organiser: 'Kangasala child health clinic' },
      'kaisa',
    );
    expect(own.status).toBe(201);
    expect((await call('GET', `/reference-data/rooms/room-${run}-own`, undefined, 'kaisa')).body.value.organiser).toBe(
      'kangasala-child-health-clinic',
    );
  });

  it('should refuse names that cannot be read or told apart, scales that cannot be answered, and retiring what others name', async () => {
    const lookalike = await put(
      `/reference-data/organisers/org-${run}-a`,
      { name: 'kangasala FAMILY centre', municipality: 'Kangasala' },
      'pekka',
    );
    expect(lookalike.status).toBe(400);
    expect(lookalike.body.violations[0]).toMatchObject({ field: 'name', reason: expect.stringContaining('kangasala-family-centre') });
    expect((await put(`/reference-data/organisers/org-${run}-b`, { name: 'A\u202eevil', municipality: '211' }, 'pekka')).status).toBe(400);
    const merged = await put(
      `/reference-data/organisers/org-${run}-c`,
      { name: `Pertunmaa unit ${run}`, municipality: 'Pertunmaa' },
      'pekka',
    );
    expect(merged.body.violations).toEqual([{ field: 'municipality', reason: expect.stringContaining('merged into Mäntyharju') }]);
    const backwards = await put(
      `/reference-data/wellbeing-star/star-${run}`,
      { scale: { min: 5, max: 1 }, areas: [{ key: 'a', fi: 'a', sv: 'a', en: 'a' }] },
      'pekka',
    );
    expect(backwards.body.violations).toEqual([{ field: 'scale', reason: expect.stringContaining('below max') }]);
    // An organiser with rooms in force stays until its rooms are retired or moved.
    const inUse = await call('POST', '/reference-data/organisers/kangasala-child-health-clinic/retirement', { reason: 'x' }, 'pekka');
    expect(inUse.status).toBe(409);
    expect(inUse.body).toMatchObject({ rule: 'reference-in-use', message: expect.stringContaining('room neuvola-1') });
    // A read entry can be written back as it is (its key included) with the ETag the read gave.
    // The read comes from the process's reference book, which follows the catalogue's stream: right after a change it
    // may give the version before it, and the write is then a 409 stale-version, as for any client: read again.
    let read = await call('GET', '/reference-data/rooms/neuvola-1', undefined, 'kaisa');
    let back = { status: 0 };
    for (let attempt = 0; attempt < 50; attempt++) {
      read = await call('GET', '/reference-data/rooms/neuvola-1', undefined, 'kaisa');
      back = await put('/reference-data/rooms/neuvola-1', read.body.value, 'kaisa', { 'if-match': read.headers.get('etag') as string });
      if (back.status !== 409) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(read.body.version).toEqual(expect.any(Number));
    expect([200, 201]).toContain(back.status);
    expect((await put('/reference-data/rooms/neuvola-1', { ...read.body.value, id: 'neuvola-9' }, 'kaisa')).body.violations[0].field).toBe(
      'id',
    );
    // A concern in a municipality merged away is refused, saying into which.
    const pertunmaa = await call('POST', '/concerns', { ...concern, municipality: 'Pertunmaa' }, 'terhi', {
      'idempotency-key': randomUUID(),
    });
    expect(pertunmaa.body.violations).toEqual([
      { field: 'municipality', reason: 'Pertunmaa is retired: merged into Mäntyharju (507) on 2025-01-01' },
    ]);
  });
});
