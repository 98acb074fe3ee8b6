import { randomUUID } from 'node:crypto';
import { AADA_CONCERN } from './fixtures';
import { familyConsent } from './fixtures';
import { heldNow, plan, startServiceChain, terhiAsResponsibleWorker, type ServiceChain } from './standalone-chain';

/**
 * How a case is read, on the embedded default:
 * - a case has one id whatever its spelling: a UUID in upper case reaches the same case, and a refusal through it is
 *   in the family's processing history under that case (703/2023 answers must not miss a probe);
 * - every read of something a command changes answers with the revision as a strong ETag: the client sends it back
 *   in If-Match (a case that moved on is a 409) and in If-None-Match (304, nothing sent again).
 */
describe('reading a case (embedded default)', () => {
  const saved = { ...process.env };
  let chain: ServiceChain;

  beforeAll(async () => {
    chain = await startServiceChain({ KAFKA_BROKERS: undefined, DATABASE_URL: undefined, MASTER_KEYS: undefined });
  }, 120_000);

  afterAll(async () => {
    await chain?.close();
    process.env = { ...saved };
  });

  it('should treat an upper-case case id as the same case, for reads, commands and the access log', async () => {
    const created = await chain.call('POST', '/concerns', AADA_CONCERN, 'terhi', { 'idempotency-key': randomUUID() });
    const caseId = created.body.caseId as string;
    const upper = caseId.toUpperCase();

    const read = await chain.call('GET', `/concerns/${upper}`, undefined, 'terhi');
    expect([read.status, read.body.caseId]).toEqual([200, caseId]);
    const rated = await chain.call('POST', `/concerns/${upper}/zone-ratings`, { zone: 2, ratedBy: 'worker' }, 'terhi');
    expect([rated.status, rated.body.caseId]).toEqual([201, caseId]);

    // Olli has no relation to the case: refused both ways, and both refusals are the family's to see.
    expect((await chain.call('GET', `/concerns/${upper}`, undefined, 'olli')).status).toBe(403);
    expect((await chain.call('GET', `/concerns/${caseId}`, undefined, 'olli')).status).toBe(403);
    const history = await chain.call('GET', `/cases/${caseId}/processing-history`, undefined, 'kaisa');
    expect(history.status).toBe(200);
    const refusals = (history.body.entries as Array<Record<string, string>>).filter((e) => e.action === 'refused');
    expect(refusals).toHaveLength(2);
  });

  /** The read's strong ETag, which must be its body's revision; and the same read with it in If-None-Match is 304. */
  const strongETagOf = async (path: string): Promise<string> => {
    const read = await chain.call('GET', path, undefined, 'terhi');
    expect(read.status).toBe(200);
    const etag = read.headers.get('etag');
    expect(etag).toBe(`"${read.body.revision}"`);
    // fetch marks a request it did not make conditional itself `Cache-Control: no-cache` (which always reloads);
    // a client revalidating its copy says max-age=0, as a browser does.
    const revalidated = await chain.call('GET', path, undefined, 'terhi', { 'if-none-match': String(etag), 'cache-control': 'max-age=0' });
    expect(revalidated.status).toBe(304);
    return String(etag);
  };

  it('should answer convening, the concern and the meeting with the revision a command takes in If-Match', async () => {
    const caseId = await chain.routedCase();
    await strongETagOf(`/concerns/${caseId}`);

    const before = await strongETagOf(`/convenings/${caseId}`);
    const consent = {
      guardians: ['Mari'],
      children: ['Aada'],
      scopes: [{ kind: 'sector', value: 'school', share: ['concern'] }],
      validUntil: '2032-01-01T00:00:00.000Z',
      givenAs: 'paper-form',
    };
    const granted = await chain.call('POST', `/convenings/${caseId}/consents`, consent, 'terhi', { 'if-match': before });
    expect(granted.status).toBe(201);
    const stale = await chain.call('POST', `/convenings/${caseId}/consents`, consent, 'terhi', { 'if-match': before });
    expect(stale.status).toBe(409);
    const after = await strongETagOf(`/convenings/${caseId}`);
    expect(after).not.toBe(before);
    // The state and the events it is folded from are one revision: either ETag serves a command.
    expect(await strongETagOf(`/convenings/${caseId}/history`)).toBe(after);

    await chain.teacherInvited(caseId);
    const { meeting } = await chain.scheduledMeeting('a meeting', caseId, { kind: 'first', ...heldNow() });
    const record = await strongETagOf(meeting);
    expect(await strongETagOf(`${meeting}/history`)).toBe(record);
    const attendance = { participants: [{ name: 'Mari', role: 'family-member' }], childTookPart: true };
    expect((await chain.call('POST', `${meeting}/attendance`, attendance, 'terhi', { 'if-match': record })).status).toBe(201);
    expect((await chain.call('POST', `${meeting}/attendance`, attendance, 'terhi', { 'if-match': record })).status).toBe(409);
  });

  it('should answer each caller the revision as they see the stream: an event they cannot read moves neither it nor their If-Match', async () => {
    const caseId = await chain.routedCase();
    // The family shares the concern, the plan and the follow-up with the nurse (the responsible worker-to-be).
    await chain.consented(
      caseId,
      [
        { kind: 'person', value: 'demo-terhi', share: ['concern', 'joint-plan', 'follow-up'] },
        { kind: 'sector', value: 'school', share: ['concern'] },
      ],
      ['Aada'],
    );
    await chain.teacherInvited(caseId);
    const { meeting } = await chain.scheduledMeeting('the meeting', caseId, { kind: 'first', ...heldNow() });
    await chain.ok('attendance', 'POST', `${meeting}/attendance`, {
      participants: [{ name: 'Mari', role: 'family-member' }],
      childTookPart: true,
    });
    await chain.ok('consent form', 'POST', `${meeting}/consent-form`, { signedBy: ['Mari'] });
    await chain.ok('responsible worker', 'POST', `${meeting}/responsible-workers`, { workers: [terhiAsResponsibleWorker] });
    await chain.ok('plan', 'POST', `${meeting}/plan`, { plan });
    await chain.untilFound(`/cases/${caseId}/plan-tracking`, 'plan tracking');
    const convening = `/convenings/${caseId}`;
    // The coordinator reads consents, not the follow-up: what she was answered before the follow-up request...
    const before = await chain.call('GET', convening, undefined, 'kaisa');
    expect(before.status).toBe(200);
    const herETag = String(before.headers.get('etag'));
    await chain.ok('follow-up request', 'POST', `/cases/${caseId}/plan-tracking/follow-up-requests`, { reason: 'katsotaan' });
    await chain.until(
      () => chain.call('GET', convening, undefined, 'terhi'),
      (r) => r.body.followUpPending === true || (r.body.followUpRequests?.length ?? 0) > 0,
      'convening to note the follow-up request',
    );
    // ...is what she is answered after it: the same revision, 304 on her ETag; the convener sees the stream moved on.
    const after = await chain.call('GET', convening, undefined, 'kaisa');
    expect(after.body.revision).toBe(before.body.revision);
    const revalidated = await chain.call('GET', convening, undefined, 'kaisa', { 'if-none-match': herETag, 'cache-control': 'max-age=0' });
    expect(revalidated.status).toBe(304);
    const convener = await chain.call('GET', convening, undefined, 'terhi');
    expect(convener.body.revision).toBeGreaterThan(after.body.revision);
    // Her If-Match holds: nothing she can see changed. The convener's old one does not.
    const consent = familyConsent([{ kind: 'sector', value: 'school', share: ['concern'] }]);
    const granted = await chain.call('POST', `${convening}/consents`, consent, 'kaisa', { 'if-match': herETag });
    expect(granted.status).toBe(201);
    // Numbered as she sees the stream, with no gap where the request she cannot read stands: in the command's answer…
    expect(granted.body.revision).toBe(after.body.revision + 1);
    // …and in her history, whose events she sees numbered 0, 1, 2…
    const hers = await chain.call('GET', `${convening}/history`, undefined, 'kaisa');
    expect(hers.body.events.map((e: { revision: number }) => e.revision)).toEqual(hers.body.events.map((_: unknown, i: number) => i));
    expect(hers.body.revision).toBe(granted.body.revision);
    const stale = await chain.call('POST', `${convening}/consents`, consent, 'terhi', { 'if-match': `"${convener.body.revision}"` });
    expect(stale.status).toBe(409);
  });
});
