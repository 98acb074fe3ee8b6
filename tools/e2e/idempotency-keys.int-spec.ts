import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DatabaseConnection } from '@perheverkko/platform';
import { concern, startServiceChain } from './standalone-chain';

/**
 * Issue 17 item 6: an Idempotency-Key is bound to its caller, its operation and its request. Resent exactly, it
 * answers as the first time; reused by another user, on another operation or with another body, it is 422
 * `idempotency-key-reused`, nothing is recorded and nothing of the first answer (another family's case) is given.
 */
describe('Idempotency-Key bound to caller, operation and request (embedded)', () => {
  const saved = { ...process.env };
  let env: Awaited<ReturnType<typeof startServiceChain>>;
  let database: Client;

  const events = async (schema: string) => Number((await database.query(`select count(*) as n from "${schema}".events`)).rows[0].n);
  const keyed = (key: string) => ({ 'idempotency-key': key });
  const expectReused = (answer: { status: number; body: Record<string, unknown>; headers: Headers }, differs: RegExp, firstCaseId?: string) => {
    expect([answer.status, answer.body.rule]).toEqual([422, 'idempotency-key-reused']);
    expect(answer.body.message).toMatch(differs);
    expect(answer.headers.get('location')).toBeNull();
    if (firstCaseId) expect(JSON.stringify(answer.body)).not.toContain(firstCaseId);
  };

  beforeAll(async () => {
    delete process.env.KAFKA_BROKERS;
    env = await startServiceChain({ DATABASE_URL: undefined });
    database = new Client({ connectionString: env.app.get(DatabaseConnection).connectionString });
    await database.connect();
  }, 120_000);

  afterAll(async () => {
    await database?.end();
    await env?.close();
    process.env = { ...saved };
  });

  it('should answer an exact retry as the first time, whatever the order of the fields', async () => {
    const key = randomUUID();
    const first = await env.call('POST', '/concerns', concern, 'terhi', keyed(key));
    expect(first.status).toBe(201);
    const stored = await events('intake');
    const reordered = Object.fromEntries(Object.entries(concern).reverse());
    const again = await env.call('POST', '/concerns', reordered, 'terhi', keyed(key.toUpperCase()));
    expect([again.status, again.body.caseId, again.body.alreadyHandled]).toEqual([200, first.body.caseId, true]);
    expect(await events('intake')).toBe(stored);
  });

  it("should refuse another user's reuse of the key with 422, store nothing and never show the first caller's case", async () => {
    const key = randomUUID();
    const first = await env.call('POST', '/concerns', concern, 'terhi', keyed(key));
    const stored = await events('intake');
    // Even the very same body: the key is terhi's.
    const same = await env.call('POST', '/concerns', { ...concern, sector: 'school' }, 'olli', keyed(key));
    expectReused(same, /by another user/, first.body.caseId as string);
    const other = await env.call('POST', '/concerns', { ...concern, sector: 'school', description: 'something else' }, 'olli', keyed(key));
    expectReused(other, /by another user/, first.body.caseId as string);
    expect(other.body.message).toBe(same.body.message);
    expect(await events('intake')).toBe(stored);
  });

  it('should refuse the same user reusing the key with another body, storing nothing', async () => {
    const key = randomUUID();
    const first = await env.call('POST', '/concerns', concern, 'terhi', keyed(key));
    const stored = await events('intake');
    const changed = await env.call('POST', '/concerns', { ...concern, description: 'tired every evening' }, 'terhi', keyed(key));
    expectReused(changed, /different request/, first.body.caseId as string);
    expect(await events('intake')).toBe(stored);
  });

  it('should refuse the same user reusing the key on another endpoint, on the same case or another one', async () => {
    const key = randomUUID();
    const first = await env.call('POST', '/concerns', concern, 'terhi', keyed(key));
    const caseId = first.body.caseId as string;
    const stored = await events('intake');
    const sameCase = await env.call('POST', `/concerns/${caseId}/zone-ratings`, { zone: 2, ratedBy: 'worker' }, 'terhi', keyed(key));
    expectReused(sameCase, /for another operation \(POST \/concerns\)/);
    const otherCase = (await env.call('POST', '/concerns', concern, 'terhi', keyed(randomUUID()))).body.caseId as string;
    const stored2 = await events('intake');
    const elsewhere = await env.call('POST', `/concerns/${otherCase}/zone-ratings`, { zone: 2, ratedBy: 'worker' }, 'terhi', keyed(key));
    expectReused(elsewhere, /already used/, caseId);
    expect(await events('intake')).toBe(stored2);
    expect(stored2).toBeGreaterThan(stored);
    // With a key of its own the rating is recorded.
    expect((await env.call('POST', `/concerns/${caseId}/zone-ratings`, { zone: 2, ratedBy: 'worker' }, 'terhi', keyed(randomUUID()))).status).toBe(201);
  });

  it('should refuse a meeting scheduled under a key already used for a consent before booking the room', async () => {
    const caseId = await env.routedCase();
    const key = randomUUID();
    const consent = await env.call(
      'POST',
      `/convenings/${caseId}/consents`,
      { guardians: ['Mari'], children: ['Aada'], scopes: [{ kind: 'sector', value: 'school', share: ['concern'] }], validUntil: '2032-01-01T00:00:00.000Z', givenAs: 'paper-form' },
      'terhi',
      keyed(key),
    );
    expect(consent.status).toBe(201);
    const stored = await events('convening');
    const meeting = { kind: 'first', startsAt: '2031-03-10T12:00:00.000Z', endsAt: '2031-03-10T13:30:00.000Z', roomId: `room-${randomUUID().slice(0, 8)}` };
    expectReused(await env.call('POST', `/convenings/${caseId}/meetings`, meeting, 'terhi', keyed(key)), /for another operation/);
    expect(await events('convening')).toBe(stored);
  });
});
