import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Pool } from 'pg';
import { DatabaseConnection } from '@perheverkko/runtime';
import { concern, facts, heldNow, plan, startServiceChain, type ServiceChain } from './standalone-chain';
import { MARI_TERHI_AND_OLLI_ATTEND } from './fixtures';

type Star = Record<string, number>;
interface MeetingScript {
  star: Star;
  familyGotHelp: 'yes' | 'partly' | 'no' | 'too-early';
  /** The outcome the responsible worker records after the meeting (stronger support with a referral). */
  outcome?: 'sufficient' | 'continue' | 'stronger-support';
  referredTo?: string;
  remarks?: string;
}
interface FamilyScript {
  municipality: string;
  organizer: string;
  meetings: MeetingScript[];
  closure?: 'everyday-life-runs-smoothly' | 'stronger-support-arranged';
}

const KANGASALA = 'Kangasala child health clinic';
const KUOPIO = 'Kuopio family centre';
const PIRKANMAA = 'Pirkanmaan hyvinvointialue';
const POHJOIS_SAVO = 'Pohjois-Savon hyvinvointialue';
const REMARK = 'Mallia voisi kehittää: iltapäiväaikoja työssäkäyville vanhemmille';
const ERASED_REMARK = 'Perhe toivoi tapaamista kotona';

/**
 * Issue 18, item 5: the report record names its meeting, its "other remarks" reach the coordinators (sealed, opened
 * with the case key, erased with it), the zone at intake is the first rating, and the annual report gives the
 * effectiveness figures (seed 002: vaikuttavuus) per organiser, municipality and county. Four families walked
 * through one, two and three joint meetings in the embedded default with reporting:
 * - A (Kangasala): one meeting; sufficient after it; everyday life runs smoothly. Remarks on the model.
 * - B (Kangasala): two meetings, parenting 2 → 4, self-view 3 → 3; continue after one, sufficient after two; smoothly.
 * - C (Kuopio): three meetings, parenting 4 → 3 → 2; continue after one and two, stronger support after three with
 *   a referral at the third meeting; closed with stronger support arranged.
 * - D (Siilinjärvi): one meeting with remarks; its personal data erased on request afterwards.
 * Every concern is registered at zone 2 and rated 3 before its route is decided on zone 3: the zone at intake is 2.
 */
describe('the report record and the effectiveness figures (issue 18)', () => {
  const saved = { ...process.env };
  let chain: Awaited<ReturnType<typeof startServiceChain>>;
  const families: Record<'A' | 'B' | 'C' | 'D', FamilyScript> = {
    A: {
      municipality: 'Kangasala',
      organizer: KANGASALA,
      meetings: [{ star: { parenting: 3 }, familyGotHelp: 'yes', outcome: 'sufficient', remarks: REMARK }],
      closure: 'everyday-life-runs-smoothly',
    },
    B: {
      municipality: 'Kangasala',
      organizer: KANGASALA,
      meetings: [
        { star: { parenting: 2, 'self-view': 3 }, familyGotHelp: 'too-early', outcome: 'continue' },
        { star: { parenting: 4, 'self-view': 3 }, familyGotHelp: 'yes', outcome: 'sufficient' },
      ],
      closure: 'everyday-life-runs-smoothly',
    },
    C: {
      municipality: 'Kuopio',
      organizer: KUOPIO,
      meetings: [
        { star: { parenting: 4 }, familyGotHelp: 'partly', outcome: 'continue' },
        { star: { parenting: 3 }, familyGotHelp: 'partly', outcome: 'continue' },
        { star: { parenting: 2 }, familyGotHelp: 'no', outcome: 'stronger-support', referredTo: 'family counselling' },
      ],
      closure: 'stronger-support-arranged',
    },
    D: {
      municipality: 'Siilinjärvi',
      organizer: KUOPIO,
      meetings: [{ star: { parenting: 3 }, familyGotHelp: 'too-early', remarks: ERASED_REMARK }],
    },
  };
  const caseIds: Record<string, string> = {};
  const meetingIds: Record<string, string[]> = {};

  const ok: ServiceChain['ok'] = (...args) => chain.ok(...args);

  /** A concern registered at zone 2, rated 3 as it grows, routed to a joint meeting on zone 3; consent and invitation. */
  async function invitedCase(municipality: string) {
    const { caseId } = await ok('registering the concern', 'POST', '/concerns', {
      ...concern,
      municipality,
      children: [{ name: `Lapsi ${randomUUID().slice(0, 6)}`, identifier: `TEMP-${randomUUID().slice(0, 8)}` }],
      guardians: [{ name: 'Mari', identifier: `TEMP-${randomUUID().slice(0, 8)}` }],
      zone: 2,
      ratedBy: 'worker',
    });
    await ok('the concern grows', 'POST', `/concerns/${caseId}/zone-ratings`, { zone: 3, ratedBy: 'worker' });
    await ok('route', 'POST', `/concerns/${caseId}/route-decision`, { facts: { ...facts, zone: 3 }, chosenRoute: 'joint-meeting' });
    await chain.untilFound(`/convenings/${caseId}`, `convening of ${caseId}`);
    const consent = await chain.consented(
      caseId,
      [
        { kind: 'person', value: 'demo-terhi', share: ['concern', 'joint-plan', 'follow-up'] },
        { kind: 'sector', value: 'school', share: ['concern', 'joint-plan'] },
        { kind: 'organisation', value: 'Family counselling', share: ['concern'] },
      ],
      ['Lapsi'],
    );
    await chain.teacherInvited(caseId);
    return { caseId: caseId as string, consentId: consent.consentId as string };
  }

  const attendance = MARI_TERHI_AND_OLLI_ATTEND;

  async function holdMeeting(caseId: string, family: FamilyScript, number: number): Promise<string> {
    const script = family.meetings[number - 1];
    if (number > 1) {
      await ok('follow-up request', 'POST', `/cases/${caseId}/plan-tracking/follow-up-requests`, { reason: 'katsotaan miten on mennyt' });
      await chain.until(
        () => chain.call('GET', `/convenings/${caseId}`),
        (r) => r.body.followUpRequests.length >= number - 1,
        'convening to note the request',
      );
    }
    const { meetingId, meeting } = await chain.scheduledMeeting(`scheduling meeting ${number}`, caseId, {
      kind: number === 1 ? 'first' : 'follow-up',
      ...heldNow(60, number),
    });
    await ok('attendance', 'POST', `${meeting}/attendance`, attendance);
    await ok('the Wellbeing Star', 'POST', `${meeting}/wellbeing-star`, {
      configVersion: 'thl-2017-2',
      child: 1,
      ratedBy: 'family',
      ratings: Object.entries(script.star).map(([area, score]) => ({ area, score })),
    });
    if (number === 1) {
      await ok('consent form', 'POST', `${meeting}/consent-form`, { signedBy: ['Mari'] });
      await ok('responsible worker', 'POST', `${meeting}/responsible-workers`, { workers: [{ professionalId: 'demo-terhi' }] });
      await ok('plan', 'POST', `${meeting}/plan`, { plan });
    } else {
      await ok('plan confirmed', 'POST', `${meeting}/plan/confirmation`, { nextContactAt: '2031-05-01T09:00:00.000Z' });
    }
    const referred = script.referredTo !== undefined;
    await ok('closing', 'POST', `${meeting}/closing`, {
      allMattersCovered: true,
      report: {
        organizer: family.organizer,
        referred,
        ...(referred ? { referredTo: script.referredTo } : {}),
        referredToAssessmentOrSocialWork: false,
        familyGotHelp: script.familyGotHelp,
        ...(script.remarks ? { remarks: script.remarks } : {}),
      },
    });
    if (number === 1) await chain.untilFound(`/cases/${caseId}/plan-tracking`, 'plan tracking');
    return meetingId;
  }

  async function walk(name: keyof typeof families): Promise<void> {
    const family = families[name];
    const { caseId, consentId } = await invitedCase(family.municipality);
    caseIds[name] = caseId;
    meetingIds[name] = [];
    for (let number = 1; number <= family.meetings.length; number++) {
      meetingIds[name].push(await holdMeeting(caseId, family, number));
      const { outcome } = family.meetings[number - 1];
      if (!outcome) continue;
      const referral =
        outcome === 'stronger-support'
          ? { referral: { serviceId: 'family-counselling', consent: { basis: 'consent', reference: consentId } } }
          : {};
      const key = randomUUID();
      // The referral rests on the consent as plan follow-up's process knows it: sent again (same key) until it does.
      const recorded = await chain.until(
        () => chain.call('POST', `/cases/${caseId}/plan-tracking/outcome`, { outcome, ...referral }, 'terhi', { 'idempotency-key': key }),
        (r) => r.body?.rule !== 'referral-consent-unknown',
        'the consent to reach plan follow-up',
      );
      if (recorded.status >= 300) throw new Error(`outcome answered ${recorded.status}: ${JSON.stringify(recorded.body)}`);
    }
    if (family.closure) await ok('closure', 'POST', `/cases/${caseId}/plan-tracking/closure`, { reason: family.closure });
  }

  const MEETINGS = Object.values(families).reduce((sum, f) => sum + f.meetings.length, 0);
  const OUTCOMES = Object.values(families).reduce((sum, f) => sum + f.meetings.filter((m) => m.outcome).length, 0);
  /** The annual report once every record, outcome and closure has reached it (exact: a coordinator). */
  const settled = (query = '', user = 'kaisa') =>
    chain.until(
      () => chain.call('GET', `/reports/annual${query}`, undefined, user),
      // Each event reaches the archive on its own: wait for every record, all six outcomes and both closures.
      (r) =>
        r.status === 200 &&
        (query !== '' ||
          (r.body.jointMeetings.total === MEETINGS &&
            Object.values(r.body.effectiveness.outcomesAfterMeetings as Record<string, { total: number }>).reduce(
              (sum, o) => sum + o.total,
              0,
            ) === OUTCOMES &&
            r.body.outcomes.total === 3 &&
            r.body.effectiveness.daysFromConcern.toEverydayLifeRunsSmoothly.families === 2)),
      'the annual report to count every family',
    );

  beforeAll(async () => {
    chain = await startServiceChain({ KAFKA_BROKERS: undefined, DATABASE_URL: undefined, MASTER_KEYS: undefined }, { withReporting: true });
    for (const name of ['A', 'B', 'C', 'D'] as const) await walk(name);
    expect(
      (await chain.call('POST', '/erasures', { caseId: caseIds.D, reason: 'the family asked for erasure (spec)' }, 'pekka')).status,
    ).toBe(200);
    // Four families, seven meetings: about 70 calls, slower on a busy two-core machine.
  }, 600_000);

  afterAll(async () => {
    await chain?.close();
    process.env = { ...saved };
  });

  it('should name its meeting in every report record, as meeting published it (v2)', async () => {
    const records = await chain.until(
      () => chain.call('GET', '/reports/records', undefined, 'kaisa'),
      (r) => r.status === 200 && r.body.length === MEETINGS,
      `${MEETINGS} records`,
    );
    expect(records.body.map((r: { meetingId: string }) => r.meetingId).sort()).toEqual(Object.values(meetingIds).flat().sort());
    expect(records.body[0]).not.toHaveProperty('caseId');
    const published = (await chain.call('GET', `/cases/${caseIds.C}/meetings/${meetingIds.C[2]}`)).body.report;
    expect(published).toMatchObject({
      meetingId: meetingIds.C[2],
      number: 3,
      wellbeingStar: [{ configVersion: 'thl-2017-2', child: 1, ratedBy: 'family', scores: { parenting: 2 } }],
      referred: true,
      referredTo: 'family counselling',
    });
  }, 120_000);

  it("should show the other remarks to the coordinator of the case's organiser (logged as a read), erased once the case key is destroyed, and never to analysts", async () => {
    const records = await chain.until(
      () => chain.call('GET', '/reports/records', undefined, 'kaisa'),
      (r) => r.status === 200 && r.body.some((row: { remarks: unknown }) => JSON.stringify(row.remarks) === '{"erased":true}'),
      'the erased remarks',
      10_000,
    );
    const byMeeting = (id: string) => records.body.find((row: { meetingId: string }) => row.meetingId === id);
    expect(byMeeting(meetingIds.A[0]).remarks).toBe(REMARK);
    expect(byMeeting(meetingIds.D[0]).remarks).toEqual({ erased: true });
    expect(byMeeting(meetingIds.B[0]).remarks).toBeNull();
    expect(JSON.stringify(records.body)).not.toContain(ERASED_REMARK);
    // Sealed at rest in reporting's read model too: ciphertext as received, never the words.
    const pool = new Pool({ connectionString: chain.app.get(DatabaseConnection).connectionString, max: 1 });
    try {
      const { rows } = await pool.query<{ sealed: string; clear: string }>(
        `select count(*) filter (where remarks ? '$sealed') as sealed, count(*) filter (where remarks::text like '%Mallia%' or remarks::text like '%toivoi%') as clear from reporting_records.meeting_records`,
      );
      expect(rows[0]).toEqual({ sealed: '2', clear: '0' });
    } finally {
      await pool.end();
    }
    const csv = await fetch(`${chain.base}/reports/records?format=csv`, { headers: { authorization: `Bearer ${chain.tokens.kaisa}` } });
    const lines = (await csv.text()).trim().split('\n');
    expect(lines[0]).toBe(
      'recordId,meetingId,recordedAt,recordedDate,recordedTime,organizer,municipality,region,kind,participatingSectors,referred,referredTo,referredToAssessmentOrSocialWork,familyGotHelp,remarks',
    );
    expect(lines.find((l) => l.includes(meetingIds.A[0]))).toMatch(new RegExp(`,${REMARK}$`));
    expect(lines.find((l) => l.includes(meetingIds.D[0]))).toMatch(/,\[erased\]$/);

    // The family's processing history shows the coordinator's read of the remarks.
    const history = await chain.call('GET', `/cases/${caseIds.A}/processing-history`, undefined, 'kaisa');
    expect(history.body.entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ who: expect.objectContaining({ id: 'demo-kaisa' }), action: 'read', what: 'report record remarks' }),
      ]),
    );

    // Analysts get neither the records nor the remarks in any form: the annual report carries only how many there were.
    const refused = await chain.call('GET', '/reports/records', undefined, 'antti');
    expect([refused.status, refused.body.rule]).toEqual([403, 'records-for-coordinators-only']);
    for (const user of ['antti', 'kaisa']) {
      const annual = await chain.call('GET', '/reports/annual', undefined, user);
      expect(JSON.stringify(annual.body)).not.toContain(REMARK.slice(0, 20));
    }
    expect((await settled()).body.meetingsWithRemarks).toBe(2);
  }, 120_000);

  it('should count the zone at intake as the first rating (2), not the zone the concern grew to before routing (3)', async () => {
    const { body } = await settled();
    expect(body.intake.zones.counts).toEqual({ '1': 0, '2': 4, '3': 0, '4': 0 });
  }, 120_000);

  it("should compile what seed 003 lists: meetings per organiser, the records' referrals and their services", async () => {
    const { body } = await settled();
    expect(body.jointMeetingsByOrganizer).toEqual({ counts: { [KANGASALA]: 3, [KUOPIO]: 4 }, total: 7 });
    expect(body.referralsAtMeetings).toEqual({
      meetings: { counts: { referred: 1, 'not-referred': 6 }, total: 7 },
      families: 1,
      services: { counts: { 'family counselling': 1 }, total: 1 },
    });
    expect(body.municipalities).toEqual(
      expect.arrayContaining([expect.objectContaining({ municipality: 'Kangasala', county: PIRKANMAA, meetings: 3 })]),
    );
  }, 120_000);

  it('should give the effectiveness figures: star change per area, the outcome after one, two and three meetings, days from concern', async () => {
    const { body } = await settled();
    const { effectiveness } = body;
    expect(effectiveness.wellbeingStarChange).toEqual({
      // B's parenting 2 → 4, C's 4 → 2: one better, one worse, on average no change. B's self-view 3 → 3.
      parenting: { change: { counts: { improved: 1, unchanged: 0, worsened: 1 }, total: 2 }, meanChange: 0 },
      'self-view': { change: { counts: { improved: 0, unchanged: 1, worsened: 0 }, total: 1 }, meanChange: 0 },
    });
    expect(effectiveness.outcomesAfterMeetings).toEqual({
      '1': { counts: { sufficient: 1, continue: 2, 'stronger-support': 0 }, total: 3 },
      '2': { counts: { sufficient: 1, continue: 1, 'stronger-support': 0 }, total: 2 },
      '3': { counts: { sufficient: 0, continue: 0, 'stronger-support': 1 }, total: 1 },
      '4+': { counts: { sufficient: 0, continue: 0, 'stronger-support': 0 }, total: 0 },
    });
    // Everything happened today: no whole day lies between (one, if the walk crossed midnight in Helsinki).
    expect(effectiveness.daysFromConcern.toFirstMeeting).toEqual({ median: expect.any(Number), families: 4 });
    expect(effectiveness.daysFromConcern.toFirstMeeting.median).toBeLessThanOrEqual(1);
    expect(effectiveness.daysFromConcern.toEverydayLifeRunsSmoothly).toEqual({ median: expect.any(Number), families: 2 });
  }, 120_000);

  it('should give them per county, municipality and organiser, and filter the report by county', async () => {
    const { body } = await settled();
    expect(Object.keys(body.effectivenessBy.county).sort()).toEqual([PIRKANMAA, POHJOIS_SAVO]);
    expect(body.effectivenessBy.county[PIRKANMAA].outcomesAfterMeetings['2'].counts).toEqual({
      sufficient: 1,
      continue: 0,
      'stronger-support': 0,
    });
    expect(body.effectivenessBy.municipality.Kuopio.outcomesAfterMeetings['3'].counts['stronger-support']).toBe(1);
    expect(body.effectivenessBy.municipality['Siilinjärvi'].daysFromConcern.toFirstMeeting.families).toBe(1);
    expect(body.effectivenessBy.organizer[KUOPIO].wellbeingStarChange.parenting.change.counts).toEqual({
      improved: 0,
      unchanged: 0,
      worsened: 1,
    });

    const pirkanmaa = (await settled(`?county=${encodeURIComponent(PIRKANMAA)}`)).body;
    expect(pirkanmaa.filters.county).toBe(PIRKANMAA);
    expect([pirkanmaa.jointMeetings.total, pirkanmaa.intake.concerns]).toEqual([3, 2]);
    expect(pirkanmaa.effectiveness).toEqual(body.effectivenessBy.county[PIRKANMAA]);
    expect(pirkanmaa.municipalities.map((m: { municipality: string }) => m.municipality)).toEqual(['Kangasala']);
    // The organiser filter gives what the comparison gives for that organiser.
    expect((await settled(`?organizer=${encodeURIComponent(KUOPIO)}`)).body.effectiveness).toEqual(body.effectivenessBy.organizer[KUOPIO]);
    // From a terminal, as a coordinator.
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['tools/cli/perheverkko.js', 'report', 'annual', '--url', chain.base, '--county', PIRKANMAA, '--user', 'kaisa'],
      { cwd: join(__dirname, '../..') },
    );
    expect(JSON.parse(stdout)).toMatchObject({ filters: { county: PIRKANMAA }, effectiveness: pirkanmaa.effectiveness });
  }, 120_000);

  it('should suppress the figures for analysts like the rest, and give them in the CSV', async () => {
    await settled();
    const { body } = await chain.call('GET', '/reports/annual', undefined, 'antti');
    expect(body.effectiveness.outcomesAfterMeetings['1']).toEqual({
      counts: { sufficient: null, continue: null, 'stronger-support': 0 },
      total: null,
    });
    expect(body.effectiveness.wellbeingStarChange.parenting).toEqual({
      change: { counts: { improved: null, unchanged: 0, worsened: null }, total: null },
      meanChange: null,
    });
    expect(body.effectiveness.daysFromConcern.toFirstMeeting).toEqual({ median: null, families: null });
    expect(body.effectivenessBy.county[PIRKANMAA].daysFromConcern.toEverydayLifeRunsSmoothly).toEqual({ median: null, families: null });
    // Seven meetings: shown rounded to five; the organisers' three and four suppressed.
    expect(body.jointMeetingsByOrganizer).toEqual({ counts: { [KANGASALA]: null, [KUOPIO]: null }, total: 5 });
    // The service a record names is typed in at the meeting: not for analysts.
    expect(body.referralsAtMeetings).toEqual({
      meetings: { counts: { referred: null, 'not-referred': null }, total: 5 },
      families: null,
      services: null,
    });
    const csv = await (
      await fetch(`${chain.base}/reports/annual?format=csv`, { headers: { authorization: `Bearer ${chain.tokens.antti}` } })
    ).text();
    expect(csv).toContain('effectiveness,outcomesAfterMeetings/1/counts/sufficient,\n');
    expect(csv).toContain(`effectivenessBy,county/${PIRKANMAA}/daysFromConcern/toFirstMeeting/families,\n`);
    expect(csv).toContain('jointMeetingsByOrganizer,total,5\n');
  }, 120_000);

  it('should rebuild the figures from the archive to the same numbers (ADR 0008)', async () => {
    const before = (await settled()).body;
    type Status = { name: string; lastRebuild: { finishedAt: string } | null };
    const annual = (r: { body: unknown }) => (r.body as Status[]).find((p) => p.name === 'annual-report') as Status;
    const previous = annual(await chain.call('GET', '/projections', undefined, 'pekka')).lastRebuild;
    expect((await chain.call('POST', '/projections/annual-report/rebuild', undefined, 'pekka')).status).toBe(202);
    await chain.until(
      () => chain.call('GET', '/projections', undefined, 'pekka'),
      (r) => annual(r).lastRebuild?.finishedAt !== previous?.finishedAt,
      'the rebuild',
    );
    expect((await settled()).body).toEqual(before);
  }, 120_000);
});
