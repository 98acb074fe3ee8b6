import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expectMeetingSections, expectedReport, scriptFamilies, walkFamily, type FamilyScript } from './family-journey';
import { holdsAuditorsHistoryRead } from './matchers';
import { startServiceChain } from './standalone-chain';

const ORGANIZER = 'Kuopio family centre';
const run = promisify(execFile);
/** The `perheverkko` command as a terminal user runs it (`npm run report -- …`, `npm run audit -- …`). */
const cli = (...args: string[]) => run(process.execPath, ['tools/cli/perheverkko.js', ...args], { cwd: join(__dirname, '../..') });
const withReporting = { withReporting: true };

/** Reporting in the embedded default: the same modules `npm start` hosts, on a fresh embedded database. */
describe('reporting: the annual report, analysts exports, auditors case histories', () => {
  const saved = { ...process.env };
  let chain: Awaited<ReturnType<typeof startServiceChain>>;
  let families: FamilyScript[];
  let caseIds: string[];
  const registeredAt = new Date();

  beforeAll(async () => {
    chain = await startServiceChain({ KAFKA_BROKERS: undefined, DATABASE_URL: undefined, MASTER_KEYS: undefined }, withReporting);
    families = scriptFamilies(8, ['Kuopio', 'Siilinjärvi'], ORGANIZER, 3);
    // One family of each kind the report must tell apart, whatever the seed gives.
    families[0] = { ...families[0], route: 'joint-meeting', withdrawsConsent: false, followUps: 2, feedback: [5, 4] };
    families[1] = { ...families[1], route: 'joint-meeting', withdrawsConsent: true };
    families[2] = { ...families[2], route: 'follow-concern', withdrawsConsent: false };
    caseIds = [];
    for (const family of families) caseIds.push(await walkFamily(chain.call, family));
  }, 240_000);

  afterAll(async () => {
    await chain.close();
    process.env = { ...saved };
  });

  const met = () => families.filter((f) => f.route === 'joint-meeting' && !f.withdrawsConsent);
  const meetingCount = () => met().reduce((sum, f) => sum + 1 + f.followUps, 0);
  const settledReport = (user = 'kaisa', query = '') =>
    chain.until(
      () => chain.call('GET', `/reports/annual?organizer=${encodeURIComponent(ORGANIZER)}${query}`, undefined, user),
      // A referral reaches the archive as its own event, possibly after the outcome recorded with it: wait for both.
      (r) =>
        r.status === 200 &&
        r.body.feedback.forms !== 0 &&
        r.body.outcomes.total === met().length &&
        (r.body.jointMeetings.total ?? meetingCount()) === meetingCount() &&
        (user !== 'kaisa' || r.body.referralsByService.total === met().filter((f) => f.referral).length),
      'the annual report to count every family',
      90_000,
    );

  it("should let a coordinator record each municipality's adoption stage, with the domain's rules", async () => {
    expect((await chain.call('POST', '/municipalities/Kuopio/adoption-stage', { region: 'Pohjois-Savo', stage: 4 }, 'kaisa')).status).toBe(
      201,
    );
    const siilinjarvi = await chain.call(
      'POST',
      `/municipalities/${encodeURIComponent('Siilinjärvi')}/adoption-stage`,
      { region: 'Pohjois-Savo', stage: 2 },
      'kaisa',
    );
    expect([siilinjarvi.status, siilinjarvi.body]).toEqual([201, expect.objectContaining({ municipality: 'Siilinjärvi' })]);
    // Municipalities are reference data (ADR 0014): any spelling or the code is the same one, a typo is refused naming the nearest.
    // (Kuopio's code, in lower case or not: the stage it already has.)
    for (const written of ['297', ' kuopio']) {
      const same = await chain.call(
        'POST',
        `/municipalities/${encodeURIComponent(written)}/adoption-stage`,
        { region: 'Pohjois-Savo', stage: 4 },
        'kaisa',
      );
      expect([same.status, same.body.rule]).toEqual([409, 'stage-unchanged']);
    }
    const typo = await chain.call('POST', '/municipalities/Kuopoi/adoption-stage', { region: 'Pohjois-Savo', stage: 3 }, 'kaisa');
    expect([typo.status, typo.body.violations]).toEqual([
      400,
      [{ field: 'municipality', reason: expect.stringContaining('did you mean Kuopio') }],
    ]);
    expect((await chain.call('POST', '/municipalities/Kuopio/adoption-stage', { region: 'Pohjois-Savo', stage: 5 }, 'kaisa')).status).toBe(
      201,
    );
    const same = await chain.call('POST', '/municipalities/Kuopio/adoption-stage', { region: 'Pohjois-Savo', stage: 5 }, 'kaisa');
    expect([same.status, same.body.rule]).toEqual([409, 'stage-unchanged']);
    const back = await chain.call('POST', '/municipalities/Kuopio/adoption-stage', { region: 'Pohjois-Savo', stage: 3 }, 'kaisa');
    expect([back.status, back.body.rule]).toEqual([422, 'step-back-reason']);
    const bad = await chain.call('POST', '/municipalities/Kuopio/adoption-stage', { region: '', stage: 6 }, 'kaisa');
    expect(bad.status).toBe(400);
    expect(bad.body.violations.map((v: { field: string }) => v.field).sort()).toEqual(['region', 'stage']);
    expect((await chain.call('POST', '/municipalities/Kuopio/adoption-stage', { region: 'Pohjois-Savo', stage: 4 }, 'terhi')).status).toBe(
      403,
    );
    // The projection applies events as they come: wait for the last one, not merely for both municipalities.
    const latest = (r: { body: unknown }) =>
      (r.body as Array<{ municipality: string; stage: number }>).map((s) => [s.municipality, s.stage]);
    const stages = await chain
      .until(
        () => chain.call('GET', '/municipalities/adoption', undefined, 'antti'),
        (r) =>
          JSON.stringify(latest(r)) ===
          JSON.stringify([
            ['Kuopio', 5],
            ['Siilinjärvi', 2],
          ]),
        'adoption stages',
        10_000,
      )
      .catch(() => undefined);
    expect(stages && latest(stages)).toEqual([
      ['Kuopio', 5],
      ['Siilinjärvi', 2],
    ]);
  });

  it('should count the population in the annual report exactly as worked out from the families themselves (coordinator)', async () => {
    const expected = expectedReport(families, registeredAt);
    const { body: report } = await settledReport();
    expect(report.protection.suppressedBelow).toBeNull();
    expect(report.jointMeetings.total).toBe(meetingCount());
    expectMeetingSections(report, expected);
    // Seed 003's yearly list: meetings per organiser, and each record's referral with its service.
    expect(report.jointMeetingsByOrganizer.counts).toEqual({ [ORGANIZER]: meetingCount() });
    const referredMeetings = met().reduce((sum, f) => sum + (f.referredToAssessment ? 1 + f.followUps : 0), 0);
    expect(report.referralsAtMeetings.meetings.counts).toEqual({
      referred: referredMeetings,
      'not-referred': meetingCount() - referredMeetings,
    });
    expect(report.referralsAtMeetings.families).toBe(met().filter((f) => f.referredToAssessment).length);
    // Counted in the period of the first meeting (the journeys hold their meetings as they walk: this year).
    const thisYear = new Date().getFullYear();
    const median = (await chain.call('GET', `/reports/annual?from=${thisYear}-01-01&to=${thisYear + 1}-01-01`, undefined, 'kaisa')).body
      .effectiveness.daysFromConcern.toFirstMeeting;
    expect(median.families).toBe(expected.familiesReached);
    expect(Math.abs(median.median - expected.daysToFirstMeeting)).toBeLessThanOrEqual(1);
    expect(report.municipalities).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          municipality: 'Kuopio',
          region: 'Pohjois-Savo',
          county: 'Pohjois-Savon hyvinvointialue',
          adoptionStage: 5,
          meetings: expected.meetingsByMunicipality.Kuopio ?? 0,
        }),
      ]),
    );

    // Intake counts every concern, met or not (the organizer filter is about meetings: ask without it).
    const all = await chain.call('GET', '/reports/annual', undefined, 'kaisa');
    expect(all.body.intake.concerns).toBe(expected.concerns);
    expect(all.body.intake.zones.counts).toEqual(expected.zones);
    expect(all.body.intake.channels.counts).toEqual(expected.channels);
    expect(all.body.intake.routes.counts).toEqual(expect.objectContaining(expected.routes));
    const region = await chain.call('GET', '/reports/annual?region=Pohjois-Savo&municipality=Kuopio', undefined, 'kaisa');
    expect(region.body.intake.concerns).toBe(families.filter((f) => f.municipality === 'Kuopio').length);
    const elsewhere = await chain.call('GET', '/reports/annual?from=2020-01-01&to=2021-01-01', undefined, 'kaisa');
    expect([elsewhere.body.jointMeetings.total, elsewhere.body.intake.concerns]).toEqual([0, 0]);
  }, 120_000);

  it('should give analysts only protected numbers: small counts suppressed, with complementary suppression', async () => {
    const exact = (await settledReport()).body;
    const { body: report } = await chain.call('GET', `/reports/annual?organizer=${encodeURIComponent(ORGANIZER)}`, undefined, 'antti');
    expect(report.protection.suppressedBelow).toBe(5);
    for (const [name, breakdown] of Object.entries({
      jointMeetings: report.jointMeetings,
      familyGotHelp: report.familyGotHelp,
      outcomes: report.outcomes,
    })) {
      const counts = Object.values((breakdown as { counts: Record<string, number | null> }).counts);
      expect({ name, small: counts.filter((n) => n !== null && n > 0 && n < 5) }).toEqual({ name, small: [] });
      // Never exactly one hidden cell next to a shown total.
      if ((breakdown as { total: number | null }).total !== null)
        expect({ name, hidden: counts.filter((n) => n === null).length === 1 }).toEqual({ name, hidden: false });
    }
    // Shown counts are rounded to the threshold, so that no suppressed one follows from subtracting two reports.
    expect(report.familiesReached).toBe(
      exact.familiesReached >= 5 ? Math.round(exact.familiesReached / 5) * 5 : exact.familiesReached || null,
    );
    expect(report.feedback.forms === null || report.feedback.forms >= 5).toBe(true);
    if (exact.feedback.forms < 5) expect(report.feedback.items.heard.meanScore).toBeNull();
  }, 120_000);

  it('should export the report and the per-meeting records as CSV with documented columns, and records as JSON', async () => {
    await settledReport();
    const csv = await fetch(`${chain.base}/reports/annual?format=csv`, { headers: { authorization: `Bearer ${chain.tokens.antti}` } });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trim().split('\n');
    expect(lines[0]).toBe('section,category,value');
    expect(lines).toContain(`intake,concerns,${families.length >= 5 ? Math.round(families.length / 5) * 5 : ''}`);

    // Per-meeting records are microdata: coordinators only; analysts get them aggregated in the annual report.
    const refused = await chain.call('GET', `/reports/records?organizer=${encodeURIComponent(ORGANIZER)}`, undefined, 'antti');
    expect([refused.status, refused.body.rule]).toEqual([403, 'records-for-coordinators-only']);
    const records = await chain.call('GET', `/reports/records?organizer=${encodeURIComponent(ORGANIZER)}`, undefined, 'kaisa');
    expect(records.body).toHaveLength(meetingCount());
    expect(records.body[0]).toEqual(expect.objectContaining({ recordedAt: expect.any(String), organizer: ORGANIZER, kind: 'first' }));
    const recordsCsv = await fetch(`${chain.base}/reports/records`, {
      headers: { authorization: `Bearer ${chain.tokens.kaisa}`, accept: 'text/csv' },
    });
    const header = (await recordsCsv.text()).split('\n')[0];
    expect(header).toBe(
      'recordId,meetingId,recordedAt,recordedDate,recordedTime,organizer,municipality,region,kind,participatingSectors,referred,referredTo,referredToAssessmentOrSocialWork,familyGotHelp,remarks',
    );

    expect((await chain.call('GET', '/reports/annual?from=2026-13-01', undefined, 'antti')).body.violations).toEqual([
      expect.objectContaining({ field: 'from' }),
    ]);
    expect((await chain.call('GET', '/reports/annual?from=2026-05-01&to=2026-01-01', undefined, 'antti')).body.violations).toEqual([
      { field: 'to', reason: 'must be after from' },
    ]);
    expect((await chain.call('GET', '/reports/annual', undefined, 'terhi')).status).toBe(403);
  }, 120_000);

  it('should give analysts whole months only; coordinators may keep exact dates', async () => {
    const finer = await chain.call('GET', '/reports/annual?from=2031-03-03&to=2031-04-01', undefined, 'antti');
    expect([finer.status, finer.body.violations]).toEqual([400, [{ field: 'from', reason: expect.stringContaining('whole months') }]]);
    // Months are Finnish: midnight UTC is 02:00 in Helsinki, not the start of the month; local midnight with its offset is.
    const both = await chain.call(
      'GET',
      `/reports/annual?from=${encodeURIComponent('2031-03-01T00:00:00Z')}&to=2031-04-15`,
      undefined,
      'antti',
    );
    expect(both.body.violations.map((v: { field: string }) => v.field)).toEqual(['from', 'to']);
    expect((await chain.call('GET', '/reports/annual?from=2031-03&to=2031-04-01', undefined, 'antti')).status).toBe(200);
    const local = await chain.call(
      'GET',
      `/reports/annual?from=${encodeURIComponent('2031-03-01T00:00:00+02:00')}&to=2031-04`,
      undefined,
      'antti',
    );
    expect([local.status, local.body.period]).toEqual([
      200,
      { from: '2031-03-01T00:00:00.000+02:00', to: '2031-04-01T00:00:00.000+03:00' },
    ]);
    expect((await chain.call('GET', '/reports/annual?from=2031-03-03&to=2031-04-01', undefined, 'kaisa')).status).toBe(200);
  });

  it('should not let an analyst work out a suppressed count by subtracting reports: overlapping periods, a total and its parts', async () => {
    await settledReport();
    const year = new Date().getUTCFullYear();
    const month = new Date().getUTCMonth() + 1;
    const at = (y: number, m: number) => (m > 12 ? `${y + 1}-01-01` : `${y}-${String(m).padStart(2, '0')}-01`);
    /** A period and the same period cut around one month: the month, and what lies before and after it. */
    const periodSplits = (y: number, m: number) => {
      const whole = [at(y, 1), at(y + 1, 1)] as const;
      const parts = [[at(y, m), at(y, m + 1)], ...(m > 1 ? [[at(y, 1), at(y, m)]] : []), ...(m < 12 ? [[at(y, m + 1), at(y + 1, 1)]] : [])];
      return { whole, parts };
    };
    const county = 'Pohjois-Savon hyvinvointialue';
    const areas = [{}, { municipality: 'Kuopio' }, { municipality: 'Siilinjärvi' }, { region: 'Pohjois-Savo' }, { county }];
    type Q = { from: string; to: string; municipality?: string; region?: string; county?: string };
    const splits: Array<{ whole: Q; parts: Q[] }> = [];
    // The concerns, meetings and outcomes of this year (recorded now; the meetings are held as the journeys walk).
    for (const [y, m] of [
      [year, month],
      [year, 1],
      [year, 12],
    ]) {
      const { whole, parts } = periodSplits(y, m);
      for (const area of areas)
        splits.push({ whole: { from: whole[0], to: whole[1], ...area }, parts: parts.map(([from, to]) => ({ from, to, ...area })) });
      // A total and its municipalities: all of them, the region, the wellbeing services county.
      for (const total of [{}, { region: 'Pohjois-Savo' }, { county }]) {
        splits.push({
          whole: { from: whole[0], to: whole[1], ...total },
          parts: ['Kuopio', 'Siilinjärvi'].map((municipality) => ({ from: whole[0], to: whole[1], municipality })),
        });
      }
    }
    const leaves = (report: Record<string, unknown>) => {
      const out: Record<string, number | null> = {};
      const walk = (path: string, value: unknown) => {
        if (value === null || typeof value === 'number') out[path] = value as number | null;
        else if (Array.isArray(value)) for (const m of value) walk(`${path}/${m.municipality}`, { meetings: m.meetings });
        else if (typeof value === 'object')
          for (const [key, inner] of Object.entries(value as object)) walk(path ? `${path}/${key}` : key, inner);
      };
      for (const [section, value] of Object.entries(report))
        if (!['period', 'filters', 'protection'].includes(section)) walk(section, value);
      // Counts only: means and medians are statistics, shown over enough families and coarsened, not counts to subtract.
      return Object.fromEntries(Object.entries(out).filter(([path]) => !/(mean|median|meanScore|meanChange)$/.test(path)));
    };
    const cache = new Map<string, Record<string, number | null>>();
    const ask = async (q: Q, user: 'antti' | 'kaisa') => {
      const key = `${user} ${JSON.stringify(q)}`;
      if (!cache.has(key)) {
        const answer = await chain.call('GET', `/reports/annual?${new URLSearchParams(q as Record<string, string>)}`, undefined, user);
        expect([key, answer.status]).toEqual([key, 200]);
        cache.set(key, leaves(answer.body));
      }
      return cache.get(key) as Record<string, number | null>;
    };
    let attacked = 0;
    let exactWouldLeak = 0;
    for (const { whole, parts } of splits) {
      const [exactWhole, shownWhole] = [await ask(whole, 'kaisa'), await ask(whole, 'antti')];
      const exactParts = await Promise.all(parts.map((q) => ask(q, 'kaisa')));
      const shownParts = await Promise.all(parts.map((q) => ask(q, 'antti')));
      const paths = new Set([exactWhole, ...exactParts].flatMap((r) => Object.keys(r)));
      for (const path of paths) {
        for (const [i, target] of parts.entries()) {
          const hidden = exactParts[i][path] ?? 0;
          if (hidden < 1 || hidden >= 5) continue;
          // A path missing from an answer is a zero there (a category nobody fell into); null is suppressed, and so is
          // everything under a section an analyst is given as null (the records' free-text services).
          const shown = (r: Record<string, number | null>) =>
            path in r ? r[path] : Object.keys(r).some((p) => r[p] === null && path.startsWith(`${p}/`)) ? null : 0;
          expect({ target, path, shown: shown(shownParts[i]) }).toEqual({ target, path, shown: null });
          const others = shownParts.filter((_, j) => j !== i).map(shown);
          const total = shown(shownWhole);
          if (total === null || others.some((n) => n === null)) continue;
          attacked++;
          const difference = total - (others as number[]).reduce((a, b) => a + b, 0);
          expect({ whole, target, path, difference }).not.toEqual({ whole, target, path, difference: hidden });
          const exactOthers = exactParts.filter((_, j) => j !== i).map((r) => r[path] ?? 0);
          if ((exactWhole[path] ?? 0) - exactOthers.reduce((a, b) => a + b, 0) === hidden && exactOthers.every((n) => n === 0 || n >= 5))
            exactWouldLeak++;
        }
      }
    }
    // The population puts the protection to work: with exact counts above the threshold, subtraction would have given cells away.
    expect(attacked).toBeGreaterThan(0);
    expect(exactWouldLeak).toBeGreaterThan(0);
  }, 180_000);

  it("should give an auditor a case's whole history across the services in order, with actor and consent, as of any moment", async () => {
    const withdrawn = caseIds[1];
    const path = `/audit/cases/${withdrawn}/history`;
    await chain.until(
      () => chain.call('GET', path, undefined, 'aino', { 'x-purpose': 'spec' }),
      (r) => r.status === 200 && r.body.events.some((e: { type: string }) => e.type === 'InvitationCancelled'),
      'the history',
    );
    expect((await chain.call('GET', path, undefined, 'aino')).body.violations).toEqual([
      { field: 'X-Purpose', reason: 'required for auditors' },
    ]);
    expect((await chain.call('GET', path, undefined, 'antti', { 'x-purpose': 'curious' })).status).toBe(403);

    const { body: history } = await chain.call('GET', path, undefined, 'aino', { 'x-purpose': 'complaint 2026/17' });
    const types = history.events.map((e: { type: string }) => e.type);
    // Intake's in its stream's order; the other services' events (private ones too, ADR 0013) follow their causes.
    expect(
      history.events
        .filter((e: { service: string }) => e.service === 'intake')
        .map((e: { type: string }) => e.type)
        .slice(0, 4),
    ).toEqual(['ConcernRegistered', 'ZoneRated', 'RouteDecided', 'JointMeetingRequested']);
    expect(types[0]).toBe('ConcernRegistered');
    expect(types).toEqual(
      expect.arrayContaining(['ConveningOpened', 'ConsentGranted', 'InvitationSent', 'ConsentWithdrawn', 'InvitationCancelled']),
    );
    const invitation = history.events.find((e: { type: string }) => e.type === 'InvitationSent');
    const granted = history.events.find((e: { type: string }) => e.type === 'ConsentGranted');
    expect(invitation).toMatchObject({
      service: 'convening',
      actor: { id: 'demo-terhi', role: 'professional' },
      consentReliedOn: { basis: 'consent', reference: granted.data.consentId },
    });
    expect(history.events[0]).toMatchObject({
      service: 'intake',
      version: 2,
      data: {
        municipality: families[1].municipality,
        childCount: families[1].children,
        children: expect.arrayContaining([expect.objectContaining({ name: 'Lapsi 1' })]),
      },
    });
    expect(history.state).toMatchObject({ phase: 'convening', consents: [expect.objectContaining({ status: 'withdrawn' })] });
    // Which guardian withdrew it travels sealed; the auditor reads it opened with the case key.
    expect(history.events.find((e: { type: string }) => e.type === 'ConsentWithdrawn')).toMatchObject({
      version: 2,
      data: { withdrawnBy: 'Mari' },
    });
    expect(invitation).toMatchObject({ version: 2, data: { share: ['concern', 'joint-plan'] } });

    const before = await chain.call('GET', `${path}?asOf=${encodeURIComponent(invitation.occurredAt)}`, undefined, 'aino', {
      'x-purpose': 'complaint 2026/17',
    });
    expect(before.body.state.consents).toEqual([expect.objectContaining({ status: 'in force' })]);
    expect(before.body.events.map((e: { type: string }) => e.type)).not.toContain('ConsentWithdrawn');

    const text = await fetch(`${chain.base}${path}?format=text`, {
      headers: { authorization: `Bearer ${chain.tokens.aino}`, 'x-purpose': 'complaint 2026/17' },
    });
    expect(text.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await text.text()).toMatch(/InvitationSent v2 {2}by demo-terhi \(professional, .*\)\n {4}relied on: consent /);

    const log = await chain.call('GET', `/cases/${withdrawn}/processing-history`, undefined, 'kaisa');
    expect(log.body.entries).toEqual(holdsAuditorsHistoryRead('complaint 2026/17'));
    expect(
      (await chain.call('GET', `/audit/cases/00000000-0000-4000-8000-000000000000/history`, undefined, 'aino', { 'x-purpose': 'x' }))
        .status,
    ).toBe(404);
  }, 120_000);

  it('should rebuild a projection on request while the report keeps answering, to the same numbers', async () => {
    const before = (await settledReport()).body;
    expect((await chain.call('POST', '/projections/annual-report/rebuild', undefined, 'kaisa')).status).toBe(403);
    expect((await chain.call('POST', '/projections/nonsense/rebuild', undefined, 'pekka')).status).toBe(404);
    type Status = { name: string; state: string; lastRebuild: { finishedAt: string } | null };
    const annual = (r: { body: unknown }) => (r.body as Status[]).find((p) => p.name === 'annual-report') as Status;
    const previous = annual(await chain.call('GET', '/projections', undefined, 'pekka')).lastRebuild;
    const started = await chain.call('POST', '/projections/annual-report/rebuild', undefined, 'pekka');
    expect(started.status).toBe(202);
    expect((await chain.call('GET', '/reports/annual', undefined, 'kaisa')).status).toBe(200);
    const status = await chain.until(
      () => chain.call('GET', '/projections', undefined, 'pekka'),
      (r) => annual(r).lastRebuild?.finishedAt !== previous?.finishedAt,
      'the rebuild',
    );
    expect(annual(status)).toMatchObject({ state: 'live', lastRebuild: { events: expect.any(Number) } });
    expect((await settledReport()).body).toEqual(before);
  }, 120_000);

  it('should give the same report and history through the command-line tool', async () => {
    await settledReport();
    const { stdout: csv } = await cli(
      'report',
      'annual',
      '--url',
      chain.base,
      '--format',
      'csv',
      '--from',
      `${new Date().getUTCFullYear()}-01-01`,
      '--user',
      'antti',
    );
    expect(csv.split('\n')[0]).toBe('section,category,value');
    const { stdout: json } = await cli('report', 'records', '--url', chain.base, '--organizer', ORGANIZER, '--user', 'kaisa');
    expect(JSON.parse(json)).toHaveLength(meetingCount());
    const { stdout: text } = await cli(
      'audit',
      'case',
      caseIds[0],
      '--url',
      chain.base,
      '--purpose',
      'cli spec',
      '--as-of',
      new Date().toISOString(),
      '--user',
      'aino',
    );
    expect(text).toMatch(new RegExp(`^Case ${caseIds[0]}: \\d+ events across the services`));
    await expect(cli('audit', 'case', caseIds[0], '--url', chain.base, '--user', 'aino')).rejects.toMatchObject({
      stderr: expect.stringContaining('--purpose'),
    });
    await expect(cli('report', 'annual', '--url', chain.base, '--from', 'yesterday', '--user', 'antti')).rejects.toMatchObject({
      stderr: expect.stringContaining('400'),
    });
  }, 120_000);
});
