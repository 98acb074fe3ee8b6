import { Pool } from 'pg';
import { DatabaseConnection } from '@perheverkko/runtime';
import { concern, facts, heldNow, plan, startServiceChain, type ServiceChain } from './standalone-chain';

type Violation = { field: string; reason: string };

/**
 * Issue 18, "the steps the seeds name", over the API of the embedded default: the contact to social care for a needs
 * assessment made with the parents (seed 003), zone 2's contact with the services the family already has (seed
 * 000), and at the joint meeting the Wellbeing Star's sub-items, child and rater, the close worker's checklist and
 * the closing check per agenda item (seeds 002, 003). Each is refused to the wrong role and for what the case does
 * not have; the personal parts are stored sealed.
 */
describe('the steps the seeds name, through the API', () => {
  const saved = { ...process.env };
  let chain: Awaited<ReturnType<typeof startServiceChain>>;
  let pool: Pool;

  beforeAll(async () => {
    chain = await startServiceChain({ KAFKA_BROKERS: undefined, DATABASE_URL: undefined, MASTER_KEYS: undefined });
    pool = new Pool({ connectionString: chain.app.get(DatabaseConnection).connectionString, max: 1 });
  }, 180_000);

  afterAll(async () => {
    await pool?.end();
    await chain?.close();
    process.env = { ...saved };
  });

  const ok: ServiceChain['ok'] = (...args) => chain.ok(...args);
  const refused = async (method: string, path: string, body: unknown, user = 'terhi') => {
    const response = await chain.call(method, path, body, user);
    return [response.status, response.body.rule ?? (response.body.violations as Violation[] | undefined)?.map((v) => v.field).join(',')];
  };
  /** The stored rows of one event type in a case, as text: what a database reader would see. */
  const storedText = async (schema: string, caseId: string, type: string) =>
    (
      await pool.query<{ row: string }>(`select data::text as row from ${schema}.events where case_id = $1 and event_type = $2`, [
        caseId,
        type,
      ])
    ).rows.map((r) => r.row);

  async function registered(change: object = {}) {
    const created = await ok('registering', 'POST', '/concerns', { ...concern, ...change });
    return created.caseId as string;
  }

  describe('the contact to social care for a needs assessment (seed 003)', () => {
    const contact = {
      madeAt: '2026-11-24T10:00:00.000Z',
      parents: ['Mari'],
      recipient: 'SALAINEN sosiaalihuolto',
      content: 'SALAINEN: huoli on suuri',
    };

    it('should be recorded by the worker who holds the concern, with the parents who took part, once the route is a needs assessment', async () => {
      const caseId = await registered();
      const path = `/concerns/${caseId}/needs-assessment-contacts`;
      expect(await refused('POST', path, contact)).toEqual([409, 'route-not-needs-assessment']);
      await ok('route', 'POST', `/concerns/${caseId}/route-decision`, {
        facts: { ...facts, otherSocialWorkWished: true },
        chosenRoute: 'social-care-needs-assessment',
      });

      // Another professional has no role in the case; the organiser's coordinator reads routing but does not act on it.
      expect(await refused('POST', path, contact, 'olli')).toEqual([403, 'no-relation-to-case']);
      expect(await refused('POST', path, contact, 'kaisa')).toEqual([403, 'role-may-not-act']);
      expect(await refused('POST', path, { ...contact, parents: [] })).toEqual([400, 'parents']);
      expect(await refused('POST', path, { ...contact, parents: ['Naapuri'] })).toEqual([422, 'parent-not-guardian']);
      expect(await refused('POST', path, { ...contact, madeAt: 'yesterday' })).toEqual([400, 'madeAt']);

      expect(await ok('contact', 'POST', path, contact)).toMatchObject({ events: ['NeedsAssessmentContactMade'] });
      const view = await chain.call('GET', `/concerns/${caseId}`);
      expect(view.body.needsAssessmentContacts).toEqual([{ ...contact, madeBy: 'demo-terhi', recordedAt: expect.any(String) }]);
      // Who took part, to whom and what it says are sealed with the case's key.
      const [row] = await storedText('intake', caseId, 'NeedsAssessmentContactMade');
      expect(row).toContain('demo-terhi');
      expect(row).not.toMatch(/Mari|SALAINEN/);
      // The organiser's coordinator reads routing (and identity), though they may not act on it.
      const coordinator = await chain.call('GET', `/concerns/${caseId}`, undefined, 'kaisa');
      expect(coordinator.body.needsAssessmentContacts).toEqual([
        expect.objectContaining({ parents: contact.parents, recipient: contact.recipient }),
      ]);
    }, 60_000);
  });

  describe('zone 2: the services the family already has (seed 000)', () => {
    const contact = {
      service: { kind: 'family-counselling' },
      relation: 'family-already-has',
      how: 'together-with-family',
      contactedAt: '2026-11-24T10:00:00.000Z',
      note: 'SALAINEN: neuvola seuraa unta',
    };

    it('should be recorded after the concern was raised with the family, in zone 2 only, by the worker who holds it', async () => {
      const caseId = await registered({ zone: 2 });
      const path = `/concerns/${caseId}/service-contacts`;
      expect(await refused('POST', path, contact)).toEqual([409, 'raise-with-family-first']);
      await ok('raising', 'POST', `/concerns/${caseId}/raisings`, {
        raisedAt: '2026-11-23T09:00:00.000Z',
        present: ['Mari'],
        familyResponse: 'ok',
        nextStep: 'diary',
        reRaiseAt: '2026-12-23T09:00:00.000Z',
      });

      expect(await refused('POST', path, contact, 'olli')).toEqual([403, 'no-relation-to-case']);
      expect(await refused('POST', path, contact, 'kaisa')).toEqual([403, 'role-may-not-act']);
      expect(await refused('POST', path, { ...contact, service: { kind: 'hairdresser' } })).toEqual([400, 'service.kind']);
      expect(await refused('POST', path, { ...contact, how: 'without-telling-the-family' })).toEqual([400, 'how']);
      expect(await refused('POST', path, { ...contact, service: { kind: 'other' } })).toEqual([422, 'service-name']);

      expect(await ok('contact', 'POST', path, contact)).toMatchObject({ events: ['ServiceContactedAboutConcern'] });
      expect((await chain.call('GET', `/concerns/${caseId}`)).body.serviceContacts).toEqual([
        { ...contact, contactedBy: 'demo-terhi', recordedAt: expect.any(String) },
      ]);
      const [row] = await storedText('intake', caseId, 'ServiceContactedAboutConcern');
      expect(row).not.toMatch(/family-counselling|SALAINEN/);

      // Rated up to zone 3: the network is convened instead.
      await ok('zone 3', 'POST', `/concerns/${caseId}/zone-ratings`, { zone: 3, ratedBy: 'worker' });
      expect(await refused('POST', path, contact)).toEqual([409, 'service-contact-zone-2']);
    }, 60_000);
  });

  describe('at the joint meeting', () => {
    /** A case of the given children, routed to a joint meeting, the teacher invited under the family's consent, its meeting open. */
    async function meetingOf(children = concern.children) {
      const caseId = await registered({ children });
      await ok('route', 'POST', `/concerns/${caseId}/route-decision`, { facts, chosenRoute: 'joint-meeting' });
      await chain.untilFound(`/convenings/${caseId}`, `convening of ${caseId}`);
      await chain.consented(
        caseId,
        [
          { kind: 'person', value: 'demo-terhi', share: ['concern', 'joint-plan', 'follow-up'] },
          { kind: 'sector', value: 'school', share: ['concern', 'meeting-record'] },
        ],
        children.map((c) => c.name),
      );
      await chain.teacherInvited(caseId);
      const { meetingId, meeting } = await chain.scheduledMeeting('scheduling', caseId, { kind: 'first', ...heldNow() });
      // Meeting notes how many children the case has from intake's registration.
      await chain.until(
        async () =>
          (await pool.query(`select count(*)::int as n from meeting.events where stream_id = $1`, [`CaseChildren-${caseId}`])).rows[0].n,
        (n) => n === 1,
        `meeting to note the children of ${caseId}`,
      );
      return { caseId, meetingId, meeting };
    }

    it('should rate the star with sub-items, for a child of the case, as the family or the worker rated, and refuse what the case or the star does not have', async () => {
      const { caseId, meeting } = await meetingOf();
      const star = {
        configVersion: 'thl-2017-2',
        ratedBy: 'family',
        ratings: [
          {
            area: 'parenting',
            score: 3,
            note: 'SALAINEN tähti',
            subItems: [
              { subItem: 'parenting-strengths', score: 4 },
              { subItem: 'parent-understands-child', score: 2 },
            ],
          },
        ],
      };
      // One child: named or not, the rating concerns child 1.
      expect(await ok('star', 'POST', `${meeting}/wellbeing-star`, star)).toMatchObject({ events: ['WellbeingStarRated'] });
      expect(await ok('star of child 1', 'POST', `${meeting}/wellbeing-star`, { ...star, child: 1, ratedBy: 'worker' })).toMatchObject({
        events: ['WellbeingStarRated'],
      });
      expect(await refused('POST', `${meeting}/wellbeing-star`, { ...star, child: 2 })).toEqual([409, 'star-child-not-in-case']);
      expect(
        await refused('POST', `${meeting}/wellbeing-star`, {
          ...star,
          ratings: [{ area: 'parenting', score: 3, subItems: [{ subItem: 'family-history', score: 3 }] }],
        }),
      ).toEqual([422, 'star-sub-item']);
      expect(await refused('POST', `${meeting}/wellbeing-star`, { ...star, ratedBy: 'neighbour' })).toEqual([400, 'ratedBy']);
      expect(await refused('POST', `${meeting}/wellbeing-star`, { ...star, child: 0 })).toEqual([400, 'child']);
      // The invited teacher reads the meeting record under the consent, but the close worker records it.
      expect(await refused('POST', `${meeting}/wellbeing-star`, star, 'olli')).toEqual([403, 'role-may-not-act']);

      const view = await chain.call('GET', meeting);
      expect(view.body.wellbeingStar).toEqual([
        expect.objectContaining({ configVersion: 'thl-2017-2', child: 1, ratedBy: 'family', ratings: star.ratings }),
        expect.objectContaining({ child: 1, ratedBy: 'worker' }),
      ]);
      for (const row of await storedText('meeting', caseId, 'WellbeingStarRated')) expect(row).not.toMatch(/SALAINEN|parenting-strengths/);
      expect((await chain.call('GET', '/wellbeing-star/configs')).body).toContainEqual(
        expect.objectContaining({
          version: 'thl-2017-2',
          areas: expect.arrayContaining([expect.objectContaining({ key: 'parenting', subItems: expect.any(Array) })]),
        }),
      );
    }, 120_000);

    it('should rate one of several children by number, refuse a number the case does not have, and not guess when none is named', async () => {
      const { meeting } = await meetingOf([
        concern.children[0],
        { name: 'Eetu', identifier: 'TEMP-5512', birthDate: '2020-05-05' } as never,
      ]);
      const star = { configVersion: 'thl-2017-2', ratedBy: 'worker', ratings: [{ area: 'self-view', score: 4 }] };
      expect(await refused('POST', `${meeting}/wellbeing-star`, { ...star, child: 3 })).toEqual([409, 'star-child-not-in-case']);
      expect(await ok('star of child 2', 'POST', `${meeting}/wellbeing-star`, { ...star, child: 2 })).toMatchObject({
        events: ['WellbeingStarRated'],
      });
      expect(await ok('star of no child named', 'POST', `${meeting}/wellbeing-star`, star)).toMatchObject({
        events: ['WellbeingStarRated'],
      });
      const rated = (await chain.call('GET', meeting)).body.wellbeingStar.map((r: { child: number | 'unknown' }) => r.child);
      expect(rated).toEqual([2, 'unknown']);
    }, 120_000);

    it("should carry the close worker's checklist and close with the check per agenda item", async () => {
      const { caseId, meeting } = await meetingOf();
      const tasks = `${meeting}/close-worker-tasks`;
      await ok('introduction round', 'POST', tasks, { tasks: [{ task: 'introduction-round', done: true }] });
      expect(await refused('POST', tasks, { tasks: [{ task: 'made-coffee', done: true }] })).toEqual([400, 'tasks.0.task']);
      expect(await refused('POST', tasks, { tasks: [{ task: 'plan-printed-and-handed-over', done: true }] })).toEqual([
        409,
        'plan-before-printing',
      ]);
      expect(await refused('POST', tasks, { tasks: [{ task: 'time-kept', done: true }] }, 'olli')).toEqual([403, 'role-may-not-act']);

      await ok('attendance', 'POST', `${meeting}/attendance`, {
        participants: [
          { name: 'Mari', role: 'family-member' },
          { name: 'Terhi', role: 'professional', professionalId: 'demo-terhi' },
        ],
        childTookPart: false,
      });
      await ok('consent form', 'POST', `${meeting}/consent-form`, { signedBy: ['Mari'] });
      await ok('responsible worker', 'POST', `${meeting}/responsible-workers`, { workers: [{ professionalId: 'demo-terhi' }] });
      await ok('plan', 'POST', `${meeting}/plan`, { plan });
      await ok('printed and handed over, time kept', 'POST', tasks, {
        tasks: [
          { task: 'plan-printed-and-handed-over', done: true },
          { task: 'time-kept', done: true },
        ],
      });
      expect(await ok('ticked again', 'POST', tasks, { tasks: [{ task: 'time-kept', done: true }] })).toMatchObject({ events: [] });

      const checklist = (await chain.call('GET', meeting)).body.closeWorkerTasks as Array<{ task: string; done: boolean | null }>;
      // The teacher reads the record as the consent shares it: the checklist and attendance, not the plan nor the family's names.
      const seenByOlli = (await chain.call('GET', meeting, undefined, 'olli')).body;
      expect(seenByOlli.closeWorkerTasks).toEqual(checklist);
      expect(seenByOlli.attendance).toMatchObject({ participants: { withheld: 'identity' }, childTookPart: false });
      for (const part of ['plan', 'planRevisions', 'responsibleWorkers']) expect(seenByOlli).not.toHaveProperty(part);
      expect(seenByOlli.withheld).toEqual(expect.arrayContaining(['identity', 'joint-plan']));
      expect((await chain.call('GET', meeting)).body).toMatchObject({ plan: { revision: 1, change: 'agreed' }, withheld: [] });
      expect(checklist.map(({ task, done }) => [task, done])).toEqual([
        ['introduction-round', true],
        ['time-kept', true],
        ['feedback-collected', null],
        ['plan-printed-and-handed-over', true],
      ]);

      const report = {
        organizer: 'Kangasala child health clinic',
        referred: false,
        referredToAssessmentOrSocialWork: false,
        familyGotHelp: 'too-early',
      };
      const agenda = [
        { item: 'SALAINEN: aamut', covered: true },
        { item: 'koulumatka', covered: false, note: 'seuraavalla kerralla' },
      ];
      expect(await refused('POST', `${meeting}/closing`, { report })).toEqual([400, 'allMattersCovered']);
      expect(await refused('POST', `${meeting}/closing`, { agenda: [{ item: 'aamut' }], report })).toEqual([400, 'agenda.0.covered']);
      expect(await refused('POST', `${meeting}/closing`, { agenda, allMattersCovered: true, report })).toEqual([
        422,
        'closing-check-contradicts',
      ]);
      expect(await ok('closing', 'POST', `${meeting}/closing`, { agenda, report })).toMatchObject({
        events: ['MeetingClosed', 'MeetingReportRecorded'],
      });

      const { closing } = (await chain.call('GET', meeting)).body;
      expect(closing).toMatchObject({
        allMattersCovered: false,
        agenda,
        closeWorkerTasks: [
          { task: 'introduction-round', status: 'done' },
          { task: 'time-kept', status: 'done' },
          { task: 'feedback-collected', status: 'not-recorded' },
          { task: 'plan-printed-and-handed-over', status: 'done' },
        ],
      });
      const [row] = await storedText('meeting', caseId, 'MeetingClosed');
      expect(row).not.toMatch(/SALAINEN|koulumatka/);
      expect(await refused('POST', tasks, { tasks: [{ task: 'feedback-collected', done: true }] })).toEqual([409, 'meeting-closed']);
    }, 120_000);
  });
});
