import { randomUUID } from 'node:crypto';
import { runSurname, scriptPopulation, walkToPhase } from './case-view-population';
import { startServiceChain, type ServiceChain } from './standalone-chain';

const STRONG = /^"\d+"$/;
const CONCURRENT_CHANGE = 'urn:perheverkko:problem:concurrent-change';

/**
 * Concurrency headers, service by service (issue 22 item 4): each read of something a command changes answers a
 * strong ETag; If-None-Match with it is 304 while nothing changed; the matching command takes it in If-Match, and a
 * stale one is 409 concurrent-change, nothing overwritten.
 */
describe('ETags, If-None-Match and If-Match on every service (embedded default)', () => {
  const saved = { ...process.env };
  let chain: ServiceChain;
  let caseId: string;

  beforeAll(async () => {
    chain = await startServiceChain({ KAFKA_BROKERS: undefined, DATABASE_URL: undefined, MASTER_KEYS: undefined }, { withReporting: true });
    const family = scriptPopulation(runSurname()).find((f) => f.phase === 'follow-up')!;
    ({ caseId } = await walkToPhase(chain.call, family));
  }, 300_000);

  afterAll(async () => {
    await chain?.close();
    process.env = { ...saved };
  });

  /** GET `path`: a strong ETag, and 304 for it on If-None-Match. */
  async function strongETagOf(path: string, user = 'terhi'): Promise<string> {
    const read = await chain.call('GET', path, undefined, user);
    expect([path, read.status]).toEqual([path, 200]);
    const etag = read.headers.get('etag') ?? '';
    expect([path, etag]).toEqual([path, expect.stringMatching(STRONG)]);
    // Personal data: no cache keeps it (the client holds the ETag itself).
    expect([path, read.headers.get('cache-control')]).toEqual([path, 'no-store']);
    const again = await chain.call('GET', path, undefined, user, { 'if-none-match': etag });
    expect([path, again.status]).toEqual([path, 304]);
    return etag;
  }

  /** A command with If-Match `etag`: taken (2xx, a new ETag); the same again with the now stale tag: 409. */
  async function takesIfMatch(etag: string, method: string, path: string, body: unknown, user = 'terhi') {
    const taken = await chain.call(method, path, body, user, { 'if-match': etag, 'idempotency-key': randomUUID() });
    expect([path, taken.status]).toEqual([path, expect.any(Number)]);
    expect(taken.status < 300 ? taken.status : taken.body).toBeLessThan(300);
    expect(taken.headers.get('etag')).toMatch(STRONG);
    expect(taken.headers.get('etag')).not.toBe(etag);
    const stale = await chain.call(method, path, body, user, { 'if-match': etag, 'idempotency-key': randomUUID() });
    // A case's streams say concurrent-change; the reference catalogue names its own rule (stale-version).
    expect([path, stale.status, stale.body?.type]).toEqual([path, 409, expect.stringMatching(/concurrent-change|stale-version$/)]);
    return taken.headers.get('etag') as string;
  }

  it('intake: the concern', async () => {
    const etag = await strongETagOf(`/concerns/${caseId}`);
    const next = await takesIfMatch(etag, 'POST', `/concerns/${caseId}/zone-ratings`, { zone: 3, ratedBy: 'worker' });
    expect(await strongETagOf(`/concerns/${caseId}`)).toBe(next);
    await strongETagOf(`/concerns/${caseId}/history`);
  });

  it('convening: the convening', async () => {
    const etag = await strongETagOf(`/convenings/${caseId}`);
    await takesIfMatch(etag, 'POST', `/convenings/${caseId}/invitations`, { kind: 'professional', directoryId: 'demo-olli' });
    await strongETagOf(`/convenings/${caseId}/history`);
  });

  it('meeting: the joint meeting (a closed one refuses by its rule, not as a stale read)', async () => {
    const convening = await chain.call('GET', `/convenings/${caseId}`);
    const meetingId = (convening.body.meetings as Array<{ meetingId: string }>)[0].meetingId;
    const meeting = `/cases/${caseId}/meetings/${meetingId}`;
    const etag = await strongETagOf(meeting);
    await strongETagOf(`${meeting}/history`);
    const views = { views: [{ party: 'mother', view: 'hyvä' }] };
    const current = await chain.call('POST', `${meeting}/views`, views, 'terhi', { 'if-match': etag });
    expect(current.body?.type).not.toBe(CONCURRENT_CHANGE);
    const stale = await chain.call('POST', `${meeting}/views`, views, 'terhi', { 'if-match': `"${Number(etag.slice(1, -1)) + 7}"` });
    expect([stale.status, stale.body?.type]).toEqual([409, CONCURRENT_CHANGE]);
  });

  it('plan follow-up: the plan tracking', async () => {
    const tracking = `/cases/${caseId}/plan-tracking`;
    const etag = await strongETagOf(tracking);
    await takesIfMatch(etag, 'POST', `${tracking}/contacts`, { at: new Date().toISOString(), method: 'phone', summary: 'kuulumiset' });
    await strongETagOf(`${tracking}/history`);
  });

  it("reporting: a municipality's adoption stage", async () => {
    const municipality = '/municipalities/Orivesi/adoption';
    const first = await chain.call('POST', '/municipalities/Orivesi/adoption-stage', { region: 'Pirkanmaa', stage: 1 }, 'kaisa');
    expect(first.status).toBeLessThan(300);
    const etag = await strongETagOf(municipality, 'kaisa');
    await takesIfMatch(etag, 'POST', '/municipalities/Orivesi/adoption-stage', { region: 'Pirkanmaa', stage: 2 }, 'kaisa');
    expect((await chain.call('GET', municipality, undefined, 'kaisa')).body).toMatchObject({ municipality: 'Orivesi', stage: 2 });
  });

  it("reporting: a municipality's first adoption stage is guarded too (a strong ETag before any stage)", async () => {
    const municipality = '/municipalities/Tampere/adoption';
    const none = await chain.call('GET', municipality, undefined, 'kaisa');
    expect([none.status, none.headers.get('etag'), none.body.revision]).toEqual([200, '"no_stream"', undefined]);
    expect((await chain.call('GET', municipality, undefined, 'kaisa', { 'if-none-match': '"no_stream"' })).status).toBe(304);
    const next = await takesIfMatch(
      '"no_stream"',
      'POST',
      '/municipalities/Tampere/adoption-stage',
      { region: 'Pirkanmaa', stage: 1 },
      'kaisa',
    );
    expect(await strongETagOf(municipality, 'kaisa')).toBe(next);
  });

  it('intake: a reference catalogue', async () => {
    const etag = await strongETagOf('/reference-data/rooms', 'kaisa');
    const id = `room-${randomUUID().slice(0, 8)}`;
    await takesIfMatch(
      etag,
      'PUT',
      `/reference-data/rooms/${id}`,
      { name: `Room ${id}`, organiser: 'kangasala-child-health-clinic' },
      'kaisa',
    );
  });
});
