import { randomUUID } from 'node:crypto';
import { AADA_CONCERN } from './fixtures';
import { startServiceChain, type ServiceChain } from './standalone-chain';

/**
 * A case has one id whatever its spelling: a UUID in upper case reaches the same case, and a refusal through it is
 * in the family's processing history under that case (703/2023 answers must not miss a probe).
 */
describe('case id spelling (embedded default)', () => {
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
});
