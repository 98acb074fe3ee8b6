import {
  expectedCases,
  expectedTasks,
  overviewsAsScripted,
  placePopulation,
  searchesAsScripted,
  runSurname,
  scriptPopulation,
  untilListed,
  untilTasks,
  type PlacedFamily,
} from './case-view-population';
import { startServiceChain, type ServiceChain } from './standalone-chain';

/**
 * The workers' case view on the embedded default (issue 20): a population of families at every phase, convened by two
 * workers who invite each other; each worker's and the coordinator's cases and tasks, the overview's parts and the
 * refusals equal what the script says. The same population runs against the five services apart
 * (services-as-processes.e2e-spec.ts).
 */
describe("the workers' case view (embedded default)", () => {
  const saved = { ...process.env };
  let chain: ServiceChain;
  const families: PlacedFamily[] = [];

  beforeAll(async () => {
    chain = await startServiceChain({ KAFKA_BROKERS: undefined, DATABASE_URL: undefined, MASTER_KEYS: undefined }, { withReporting: true });
    families.push(...(await placePopulation(chain.call, scriptPopulation(runSurname()))));
  }, 300_000);

  afterAll(async () => {
    await chain?.close();
    process.env = { ...saved };
  });

  it.each(['terhi', 'olli', 'kaisa'])(
    "should list %s's cases with phase, next date, roles and (where identity is read) the family's name",
    async (user) => {
      // Three to a page: the cursor is followed across pages.
      const listed = await untilListed(chain.call, families, user, 3);
      expect(listed).toEqual(expectedCases(families, user));
    },
  );

  it('should refuse the list to those who hold no role in cases, and a cursor it did not give', async () => {
    expect((await chain.call('GET', '/cases', undefined, 'antti')).status).toBe(403);
    expect((await chain.call('GET', '/cases', undefined, 'aino')).status).toBe(403);
    const forged = await chain.call('GET', '/cases?cursor=bm90LWEtY3Vyc29y', undefined, 'terhi');
    expect([forged.status, forged.body.violations?.[0]?.field]).toEqual([400, 'cursor']);
    // A cursor of the right shape whose values are not a place in the list: 400 too, never a database error.
    const shaped = Buffer.from(JSON.stringify(['9999-99-99', "x' or 1=1--"])).toString('base64url');
    const misshapen = await chain.call('GET', `/cases?cursor=${shaped}`, undefined, 'terhi');
    expect([misshapen.status, misshapen.body.violations?.[0]?.field]).toEqual([400, 'cursor']);
    // Dates JavaScript reads but PostgreSQL does not (30 February, year 0), on the coordinator's list (sorted in SQL).
    for (const at of ['2026-02-30T00:00:00.000Z', '0000-01-01T00:00:00.000Z']) {
      const cursor = Buffer.from(JSON.stringify([at, families[0].caseId])).toString('base64url');
      const answer = await chain.call('GET', `/cases?cursor=${cursor}`, undefined, 'kaisa');
      expect([at, answer.status]).toEqual([at, 400]);
    }
    expect((await chain.call('GET', '/cases?limit=101', undefined, 'terhi')).status).toBe(400);
    expect((await chain.call('GET', '/cases?phase=lost', undefined, 'terhi')).status).toBe(400);
  });

  it('should filter by phase', async () => {
    const page = await chain.call('GET', '/cases?phase=meeting-scheduled&limit=100', undefined, 'terhi');
    const ours = new Set(families.map((f) => f.caseId));
    const listed = (page.body.items as Array<{ caseId: string; phase: string }>).filter((i) => ours.has(i.caseId));
    expect(listed.map((i) => i.caseId).sort()).toEqual(
      families
        .filter((f) => f.phase === 'meeting-scheduled')
        .map((f) => f.caseId)
        .sort(),
    );
  });

  it.each(['terhi', 'olli'])("should give %s the tasks due from them, each case's own", async (user) => {
    expect(await untilTasks(chain.call, families, user, 4)).toEqual(expectedTasks(families, user));
    const overdue = await chain.call('GET', '/tasks?overdue=true&limit=100', undefined, user);
    const ours = new Set(families.map((f) => f.caseId));
    for (const task of overdue.body.items as Array<{ caseId: string; kind: string; overdue: boolean }>) {
      expect(task.overdue).toBe(true);
      // Every date of the script lies ahead, and a reply is due a week after the invitation.
      expect(ours.has(task.caseId)).toBe(false);
    }
  });

  it("should show the overview's parts by the caller's access, with a strong ETag", async () => {
    const planned = families.find((f) => f.phase === 'follow-up')!;
    const path = `/cases/${planned.caseId}/overview`;
    const asConvener = await chain.call('GET', path, undefined, 'terhi');
    expect(asConvener.status).toBe(200);
    expect(asConvener.body).toMatchObject({
      caseId: planned.caseId,
      phase: 'follow-up',
      nextDateAt: planned.nextContactAt,
      roles: ['convener', 'responsible-worker'],
      family: { children: [{ name: planned.child.name }] },
      concern: { municipality: planned.municipality, zone: 3 },
      routing: { route: 'joint-meeting' },
      jointPlan: { plan: { revision: 1, responsibleWorkerIds: ['demo-terhi'] } },
      followUp: { nextContactAt: planned.nextContactAt },
    });
    expect(asConvener.body.consents.consents).toHaveLength(1);
    expect(asConvener.body.consents.invitations).toEqual([expect.objectContaining({ inviteeId: 'demo-olli', status: 'sent' })]);
    expect(asConvener.body.consents.meetings).toHaveLength(1);
    // The record's sealed parts, opened for the convener: who attended (no family names), the plan's content.
    expect(asConvener.body.meetingRecord.meetings[0].attendance).toEqual({
      participants: 2,
      professionalIds: ['demo-terhi'],
      childTookPart: true,
    });
    expect(asConvener.body.jointPlan.plan.actions).toHaveLength(1);
    const etag = asConvener.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]{22}"$/);
    const again = await chain.call('GET', path, undefined, 'terhi', { 'if-none-match': String(etag), 'cache-control': 'max-age=0' });
    expect(again.status).toBe(304);

    // The invitee reads what the family's consent shares with him: the concern, nothing else, not the names.
    const asInvitee = await chain.call('GET', path, undefined, 'olli');
    expect(asInvitee.status).toBe(200);
    expect(asInvitee.body.readableCategories).toEqual(['concern']);
    expect(
      Object.keys(asInvitee.body).filter((k) => ['family', 'routing', 'consents', 'meetingRecord', 'jointPlan', 'followUp'].includes(k)),
    ).toEqual([]);
    expect(asInvitee.headers.get('etag')).not.toBe(etag);

    // The coordinator of the organiser: identity, concern, routing, consents; not the plan or the follow-up.
    const asCoordinator = await chain.call('GET', path, undefined, 'kaisa');
    expect(Object.keys(asCoordinator.body)).toEqual(expect.arrayContaining(['family', 'concern', 'routing', 'consents']));
    expect(asCoordinator.body.jointPlan).toBeUndefined();
    expect(asCoordinator.body.followUp).toBeUndefined();
  });

  it('should show each caller exactly the overview parts their access reads, and refuse those who stand nowhere', async () => {
    const { seen, expected } = await overviewsAsScripted(chain.call, families);
    expect(seen).toEqual(expected);
  });

  it('should find by name, identity code, case number and municipality only the cases the caller may find them by', async () => {
    const { seen, expected } = await searchesAsScripted(chain.call, families);
    expect(seen).toEqual(expected);
  });

  it('should refuse a search without a purpose, or with a name too short to be one, and log every search', async () => {
    const unexplained = await chain.call('GET', '/cases/search?q=aada', undefined, 'terhi');
    expect([unexplained.status, unexplained.body.rule]).toEqual([400, 'search-purpose-required']);
    const purpose = { 'x-purpose': 'spec' };
    const short = await chain.call('GET', '/cases/search?q=aa', undefined, 'terhi', purpose);
    expect([short.status, short.body.violations?.[0]?.field]).toEqual([400, 'q']);
    expect((await chain.call('GET', '/cases/search', undefined, 'terhi', purpose)).status).toBe(400);
    expect((await chain.call('GET', '/cases/search?caseNumber=zz', undefined, 'terhi', purpose)).status).toBe(400);
    expect((await chain.call('GET', '/cases/search?q=aada', undefined, 'antti', purpose)).status).toBe(403);
  });

  it('should refuse the overview to the unrelated, the withdrawn and those without a role in cases', async () => {
    const terhisConcern = families.find((f) => f.phase === 'concern' && f.convener === 'terhi')!;
    const unrelated = await chain.call('GET', `/cases/${terhisConcern.caseId}/overview`, undefined, 'olli');
    expect([unrelated.status, unrelated.body.rule]).toEqual([403, 'no-relation-to-case']);
    const withdrawn = families.find((f) => f.phase === 'withdrawn' && f.convener === 'terhi')!;
    const afterWithdrawal = await chain.call('GET', `/cases/${withdrawn.caseId}/overview`, undefined, 'olli');
    expect([afterWithdrawal.status, afterWithdrawal.body.rule]).toEqual([403, 'consent-withdrawn']);
    const analyst = await chain.call('GET', `/cases/${withdrawn.caseId}/overview`, undefined, 'antti');
    expect([analyst.status, analyst.body.rule]).toEqual([403, 'no-case-data-for-role']);
  });

  it("should log every family name a list showed, under the case, in the family's processing history", async () => {
    const family = families.find((f) => f.phase === 'convening' && f.convener === 'terhi')!;
    const history = await chain.call('GET', `/cases/${family.caseId}/processing-history`, undefined, 'kaisa');
    expect(history.status).toBe(200);
    const readers = (history.body.entries as Array<{ action: string; what: string; who: { id: string } }>)
      .filter((e) => e.action === 'read' && e.what === "the family's name in my cases")
      .map((e) => e.who.id);
    expect(readers).toEqual(expect.arrayContaining(['demo-terhi', 'demo-kaisa']));
    // Olli, invited under a consent that shares only the concern, never had the name shown.
    expect(readers).not.toContain('demo-olli');
  });
});
