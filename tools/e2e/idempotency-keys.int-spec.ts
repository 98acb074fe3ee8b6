import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DatabaseConnection } from '@perheverkko/runtime';
import { concern, startServiceChain } from './standalone-chain';
import { familyConsent } from './fixtures';

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
  const expectReused = (
    answer: { status: number; body: Record<string, unknown>; headers: Headers },
    differs: RegExp,
    firstCaseId?: string,
  ) => {
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

  /** terhi's concern under a key of its own: the key, her answer and how many events intake then holds. */
  const sentOnce = async () => {
    const key = randomUUID();
    const first = await env.call('POST', '/concerns', concern, 'terhi', keyed(key));
    return { key, first, stored: await events('intake') };
  };

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
    const { key, first, stored } = await sentOnce();
    // Even the very same body: the key is terhi's.
    const same = await env.call('POST', '/concerns', { ...concern, sector: 'school' }, 'olli', keyed(key));
    expectReused(same, /by another user/, first.body.caseId as string);
    const other = await env.call('POST', '/concerns', { ...concern, sector: 'school', description: 'something else' }, 'olli', keyed(key));
    expectReused(other, /by another user/, first.body.caseId as string);
    expect(other.body.message).toBe(same.body.message);
    expect(await events('intake')).toBe(stored);
  });

  it('should refuse the same user reusing the key with another body, storing nothing', async () => {
    const { key, first, stored } = await sentOnce();
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
    expect(
      (await env.call('POST', `/concerns/${caseId}/zone-ratings`, { zone: 2, ratedBy: 'worker' }, 'terhi', keyed(randomUUID()))).status,
    ).toBe(201);
  });

  it('should refuse a meeting scheduled under a key already used for a consent before booking the room', async () => {
    const caseId = await env.routedCase();
    const key = randomUUID();
    const consent = await env.call(
      'POST',
      `/convenings/${caseId}/consents`,
      familyConsent([{ kind: 'sector', value: 'school', share: ['concern'] }]),
      'terhi',
      keyed(key),
    );
    expect(consent.status).toBe(201);
    const stored = await events('convening');
    const meeting = { kind: 'first', startsAt: '2031-03-10T12:00:00.000Z', endsAt: '2031-03-10T13:30:00.000Z', roomId: await env.room() };
    expectReused(await env.call('POST', `/convenings/${caseId}/meetings`, meeting, 'terhi', keyed(key)), /for another operation/);
    expect(await events('convening')).toBe(stored);
  });

  describe('POST /feedback', () => {
    const form = {
      formVersion: 'kangasala-2024-1',
      answers: [
        { item: 'heard', score: 5 },
        { item: 'helped', score: 4 },
      ],
      freeText: 'kiitos kovasti',
      month: '2031-03',
      organizer: 'Kangasala child health clinic',
    };
    const received = async () =>
      Number((await database.query(`select count(*) as n from plan_followup.events where event_type = 'FeedbackReceived'`)).rows[0].n);
    const feedbackKeys = async () =>
      Number((await database.query(`select count(*) as n from personal_data.case_keys where case_id like 'feedback:%'`)).rows[0].n);

    it('should file a form resent with the same key once, answering each resend with the same feedbackId', async () => {
      const key = randomUUID();
      const before = await received();
      const first = await env.call('POST', '/feedback', form, 'terhi', keyed(key));
      expect([first.status, first.body.alreadyHandled]).toEqual([201, false]);
      const feedbackId = first.body.feedbackId as string;
      const stored = await events('plan_followup');
      const reordered = Object.fromEntries(Object.entries(form).reverse());
      for (const body of [form, reordered]) {
        const again = await env.call('POST', '/feedback', body, 'terhi', keyed(key.toUpperCase()));
        expect([again.status, again.body]).toEqual([200, { feedbackId, alreadyHandled: true }]);
      }
      expect(await events('plan_followup')).toBe(stored);
      expect(await received()).toBe(before + 1);
      const { rows } = await database.query(`select event_type from plan_followup.events where stream_id = $1 order by stream_position`, [
        `Feedback-${feedbackId}`,
      ]);
      expect(rows.map((r) => r.event_type)).toEqual(['FeedbackReceived', 'FeedbackCommentGiven']);
      // What the key is bound to is kept sealed with the feedback's own key: neither the sender nor the hash in clear.
      const metadata = JSON.stringify(
        (await database.query(`select metadata from plan_followup.events where stream_id = $1`, [`Feedback-${feedbackId}`])).rows,
      );
      expect(metadata).not.toContain('terhi');
      expect(metadata).not.toMatch(/sha256:[0-9a-f]{64}/);
      // Without a key every form is a form of its own.
      const unkeyed = [await env.call('POST', '/feedback', form, 'terhi'), await env.call('POST', '/feedback', form, 'terhi')];
      expect(unkeyed.map((r) => r.status)).toEqual([201, 201]);
      expect(unkeyed[0].body.feedbackId).not.toBe(unkeyed[1].body.feedbackId);
    });

    it("should refuse another user's reuse of the key with 422, storing nothing and giving no feedbackId", async () => {
      const key = randomUUID();
      const first = await env.call('POST', '/feedback', form, 'terhi', keyed(key));
      expect(first.status).toBe(201);
      const stored = await events('plan_followup');
      const keys = await feedbackKeys();
      const same = await env.call('POST', '/feedback', form, 'olli', keyed(key));
      expectReused(same, /by another user/, first.body.feedbackId as string);
      const other = await env.call('POST', '/feedback', { ...form, freeText: 'something else' }, 'olli', keyed(key));
      expectReused(other, /by another user/, first.body.feedbackId as string);
      expect(other.body.message).toBe(same.body.message);
      expect([await events('plan_followup'), await feedbackKeys()]).toEqual([stored, keys]);
    });

    it('should refuse the same user reusing the key with another form, storing nothing', async () => {
      const key = randomUUID();
      const first = await env.call('POST', '/feedback', { ...form, freeText: undefined }, 'terhi', keyed(key));
      expect(first.status).toBe(201);
      const stored = await events('plan_followup');
      for (const changed of [{ ...form, freeText: undefined, answers: [{ item: 'heard', score: 1 }] }, form]) {
        expectReused(
          await env.call('POST', '/feedback', changed, 'terhi', keyed(key)),
          /different request/,
          first.body.feedbackId as string,
        );
      }
      expect(await events('plan_followup')).toBe(stored);
    });

    it('should file a form sent several times at once under one key once, and refuse a concurrent other form', async () => {
      const key = randomUUID();
      const before = await received();
      const answers = await Promise.all([0, 1, 2].map(() => env.call('POST', '/feedback', form, 'terhi', keyed(key))));
      expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 201]);
      expect(new Set(answers.map((a) => a.body.feedbackId)).size).toBe(1);
      expect(await received()).toBe(before + 1);

      const other = randomUUID();
      const raced = await Promise.all([
        env.call('POST', '/feedback', form, 'terhi', keyed(other)),
        env.call('POST', '/feedback', { ...form, freeText: undefined }, 'terhi', keyed(other)),
      ]);
      expect(raced.map((a) => a.status).sort()).toEqual([201, 422]);
      expect(raced.find((a) => a.status === 422)?.body.rule).toBe('idempotency-key-reused');
      expect(await received()).toBe(before + 2);
    });

    it('should refuse an impossible month with 400 before the feedback has a key, leaving the Idempotency-Key free', async () => {
      const key = randomUUID();
      const keys = await feedbackKeys();
      const stored = await events('plan_followup');
      for (const month of ['2026-13', '2026-00']) {
        const refused = await env.call('POST', '/feedback', { ...form, month }, 'terhi', keyed(key));
        expect(refused.status).toBe(400);
        expect(refused.body.violations).toEqual([expect.objectContaining({ field: 'month' })]);
      }
      expect([await feedbackKeys(), await events('plan_followup')]).toEqual([keys, stored]);
      // Corrected and sent again with the same key: filed, with the one key row it needs.
      const corrected = await env.call('POST', '/feedback', { ...form, month: '2026-12' }, 'terhi', keyed(key));
      expect([corrected.status, corrected.body.alreadyHandled]).toEqual([201, false]);
      expect(await feedbackKeys()).toBe(keys + 1);
      const row = await database.query(`select erase_after from personal_data.case_keys where case_id = $1`, [
        `feedback:${corrected.body.feedbackId}`,
      ]);
      expect(row.rows[0].erase_after).not.toBeNull();
    });
  });
});
