import { heldNow, plan, startServiceChain, terhiAsResponsibleWorker } from './standalone-chain';
import { onSharedServerOr, specsThroughKafka } from './chain-env';
import { familyConsent } from './fixtures';

/** What a person reads in the PDF: pdfkit writes text runs as hex-encoded WinAnsi bytes inside TJ arrays. */
function pdfText(pdf: Buffer): string {
  return [...pdf.toString('latin1').matchAll(/\[((?:<[0-9a-f]*>\s*-?\d*\s*)+)\]\s*TJ/gi)]
    .map((m) => [...m[1].matchAll(/<([0-9a-f]*)>/gi)].map((h) => Buffer.from(h[1], 'hex').toString('latin1')).join(''))
    .join('\n');
}

const terhi = terhiAsResponsibleWorker;

function meetingSpecs(label: string, env: () => Record<string, string | undefined>) {
  describe(label, () => {
    const saved = { ...process.env };
    let chain: Awaited<ReturnType<typeof startServiceChain>>;

    beforeAll(async () => {
      chain = await startServiceChain(env());
    }, 60_000);

    afterAll(async () => {
      await chain.close();
      process.env = { ...saved };
    });

    async function scheduledMeeting(share: string[]) {
      const caseId = await chain.routedCase();
      // The family agrees to the school, and to the nurse by name: she is the responsible worker it names.
      const consent = await chain.call(
        'POST',
        `/convenings/${caseId}/consents`,
        familyConsent([
          { kind: 'sector', value: 'school', share },
          { kind: 'person', value: 'demo-terhi', share: ['joint-plan'] },
        ]),
      );
      await chain.call('POST', `/convenings/${caseId}/invitations`, { kind: 'professional', directoryId: 'demo-olli' });
      // Held now: nothing is recorded of a meeting earlier than 15 minutes before its start.
      const scheduled = await chain.call('POST', `/convenings/${caseId}/meetings`, {
        kind: 'first',
        ...heldNow(90),
        roomId: await chain.room(),
      });
      expect(scheduled.status).toBe(201);
      const meeting = `/cases/${caseId}/meetings/${scheduled.body.meetingId}`;
      await chain.untilFound(meeting, 'the meeting to open from MeetingScheduled');
      return { caseId, meeting, consentId: consent.body.consentId as string };
    }

    it('should hold the joint meeting: attendance, consent form, Wellbeing Star, responsible worker, plan, report record', async () => {
      const { meeting, consentId } = await scheduledMeeting(['concern', 'joint-plan']);
      const mari = { name: 'Mari', role: 'family-member' };
      // Veera is in the directory, but neither convener, invited nor covered by the family's consent.
      const uncovered = await chain.call('POST', `${meeting}/attendance`, {
        participants: [mari, { name: 'Veera', role: 'professional', professionalId: 'dir-varhaiskasvatus' }],
        childTookPart: false,
      });
      expect([uncovered.status, uncovered.body.rule]).toEqual([409, 'attendee-not-covered-by-consent']);
      const unnamed = await chain.call('POST', `${meeting}/attendance`, {
        participants: [mari, { name: 'Mummo Liisa', role: 'professional', organisation: 'family' }],
        childTookPart: false,
      });
      expect([unnamed.status, unnamed.body.rule]).toEqual([422, 'attendee-not-in-directory']);
      const attendance = {
        participants: [
          mari,
          { name: 'Mummo Liisa', role: 'close-person', organisation: 'family', sector: 'family' },
          { name: 'Olli', role: 'professional', sector: 'school', professionalId: 'demo-olli' },
          { name: 'Terhi', role: 'professional', sector: 'child health clinic', professionalId: 'demo-terhi' },
        ],
        childTookPart: false,
      };
      expect((await chain.call('POST', `${meeting}/attendance`, attendance)).status).toBe(201);
      expect((await chain.call('POST', `${meeting}/plan`, { plan })).body.rule).toBe('consent-form-first');
      expect((await chain.call('POST', `${meeting}/consent-form`, { signedBy: ['Mari'] })).status).toBe(201);
      const badStar = await chain.call('POST', `${meeting}/wellbeing-star`, {
        configVersion: 'thl-2017-1',
        ratings: [{ area: 'parenting', score: 9 }],
      });
      expect([badStar.status, badStar.body.rule]).toEqual([422, 'star-scale']);
      // The versions are reference data: an unknown one is a 400 naming the nearest versions in force.
      const unknownStar = await chain.call('POST', `${meeting}/wellbeing-star`, {
        configVersion: 'thl-2017-3',
        ratings: [{ area: 'parenting', score: 4 }],
      });
      expect([unknownStar.status, unknownStar.body.violations]).toEqual([
        400,
        [{ field: 'configVersion', reason: expect.stringContaining('did you mean thl-2017-1, thl-2017-2?') }],
      ]);
      expect((await chain.call('GET', '/wellbeing-star/configs')).body.map((c: { version: string }) => c.version)).toEqual([
        'thl-2017-1',
        'thl-2017-2',
      ]);
      expect(
        (await chain.call('POST', `${meeting}/wellbeing-star`, { configVersion: 'thl-2017-1', ratings: [{ area: 'parenting', score: 4 }] }))
          .status,
      ).toBe(201);
      // Who the family may name: a professional of a public service in the directory, covered by its consent in force.
      const grandmother = await chain.call('POST', `${meeting}/responsible-workers`, {
        workers: [{ professionalId: 'mummo-liisa', name: 'Mummo Liisa', organisation: 'family', publicService: true }],
      });
      expect([grandmother.status, grandmother.body.rule]).toEqual([422, 'responsible-worker-unknown']);
      const notCovered = await chain.call('POST', `${meeting}/responsible-workers`, {
        workers: [{ professionalId: 'dir-varhaiskasvatus' }],
      });
      expect([notCovered.status, notCovered.body.rule]).toEqual([409, 'responsible-worker-not-covered-by-consent']);
      const otherConsent = await chain.call('POST', `${meeting}/responsible-workers`, {
        workers: [terhi],
        consentId: 'a consent of another case',
      });
      expect([otherConsent.status, otherConsent.body.rule]).toEqual([422, 'consent-unknown']);
      expect((await chain.call('POST', `${meeting}/responsible-workers`, { workers: [terhi] })).status).toBe(201);
      // No plan at all is bad input too (it was a 500 while nothing marked it required).
      const noPlan = await chain.call('POST', `${meeting}/plan`, {});
      expect([noPlan.status, noPlan.body.violations?.map((v: { field: string }) => v.field)]).toEqual([400, ['plan']]);
      const badPlan = await chain.call('POST', `${meeting}/plan`, {
        plan: { ...plan, actions: [{ arena: 'garden', what: 'x', who: 'y', by: 'soon' }] },
      });
      expect(badPlan.status).toBe(400);
      expect(badPlan.body.violations.map((v: { field: string }) => v.field)).toEqual(
        expect.arrayContaining(['plan.actions.0.arena', 'plan.actions.0.by']),
      );
      expect((await chain.call('POST', `${meeting}/plan`, { plan })).status).toBe(201);
      // The report names an organiser in force (reference data): a misspelt one is a 400 naming the nearest.
      const misspelt = await chain.call('POST', `${meeting}/closing`, {
        allMattersCovered: true,
        report: {
          organizer: 'Kangasala child helth clinic',
          referred: false,
          referredToAssessmentOrSocialWork: false,
          familyGotHelp: 'too-early',
        },
      });
      expect([misspelt.status, misspelt.body.violations]).toEqual([
        400,
        [{ field: 'report.organizer', reason: expect.stringContaining('did you mean Kangasala child health clinic') }],
      ]);
      // Named by its id, it is recorded under its name.
      const closed = await chain.call('POST', `${meeting}/closing`, {
        allMattersCovered: true,
        report: {
          organizer: 'kangasala-child-health-clinic',
          referred: false,
          referredToAssessmentOrSocialWork: false,
          familyGotHelp: 'too-early',
        },
      });
      expect(closed.body.events).toEqual(['MeetingClosed', 'MeetingReportRecorded']);
      const view = await chain.call('GET', meeting);
      // The grandmother is the family's own: recorded by name and role, counted in no sector.
      expect(view.body.report).toMatchObject({
        kind: 'first',
        participatingSectors: ['child health clinic', 'school'],
        familyGotHelp: 'too-early',
        recordedBy: 'demo-terhi',
        organizer: 'Kangasala child health clinic',
      });
      expect(view.body.attendance.participants).toEqual([
        mari,
        { name: 'Mummo Liisa', role: 'close-person' },
        expect.objectContaining({ name: 'Olli Opettaja', organisation: 'Kangasala school', sector: 'school' }),
        expect.objectContaining({ name: 'Terhi Terveydenhoitaja', sector: 'child health clinic' }),
      ]);
      expect(view.body).toMatchObject({
        status: 'closed',
        consentForm: { signedBy: ['Mari'], confirmedBy: 'demo-terhi' },
        wellbeingStar: [{ configVersion: 'thl-2017-1', ratings: [{ area: 'parenting', score: 4 }] }],
        closing: { allMattersCovered: true, agenda: 'unknown' },
        // The family named her under its consent, and the plan agreed carries it.
        responsibleWorkers: [
          {
            professionalId: 'demo-terhi',
            name: 'Terhi Terveydenhoitaja',
            organisation: 'Kangasala child health clinic',
            publicService: true,
          },
        ],
        responsibleWorkersConsentId: consentId,
        plan: { revision: 1, change: 'agreed', consentId, matters: plan.matters },
        withheld: [],
      });
      // The naming's event says so (ResponsibleWorkersNamed v2): the record's history.
      const history = await chain.call('GET', `${meeting}/history`);
      expect(history.body.revision).toBe(view.body.revision);
      const named = history.body.events.find((e: { type: string }) => e.type === 'ResponsibleWorkersNamed');
      expect(named.data).toMatchObject({ namedByFamily: true, consentId });
      expect((await chain.call('POST', `${meeting}/plan/revisions`, { plan, reason: 'x' })).body.rule).toBe('meeting-closed');
    }, 120_000);

    it('should print each plan revision the same every time, in Finnish and Swedish, and share it only as the consent allows', async () => {
      const { meeting, caseId, consentId } = await scheduledMeeting(['concern']);
      await chain.call('POST', `${meeting}/attendance`, { participants: [{ name: 'Mari', role: 'family-member' }], childTookPart: true });
      await chain.call('POST', `${meeting}/consent-form`, { signedBy: ['Mari'] });
      await chain.call('POST', `${meeting}/responsible-workers`, { workers: [terhi] });
      await chain.call('POST', `${meeting}/plan`, { plan });
      await chain.call('POST', `${meeting}/plan/revisions`, {
        plan: { ...plan, nextContactAt: '2031-03-24T10:00:00.000Z' },
        reason: 'away that week',
      });

      const raw = async (query: string, user = 'terhi') => {
        const url = `${await chain.app.getUrl()}${meeting}/plan${query}`.replace('[::1]', '127.0.0.1');
        const token = (await (
          await fetch(url.replace(/\/cases\/.*/, '/oidc/token'), {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ username: user, password: `demo-${user}` }),
          })
        ).json()) as { access_token: string };
        const response = await fetch(url, { headers: { authorization: `Bearer ${token.access_token}` } });
        return { status: response.status, type: response.headers.get('content-type'), bytes: Buffer.from(await response.arrayBuffer()) };
      };
      const first = await raw('?revision=1&lang=fi');
      expect(first.type).toBe('application/pdf');
      expect(pdfText(first.bytes).replace(/\s+/g, ' ')).toContain('Seuraava yhteydenotto 17.3.2031 klo 12.00'); // 10:00 UTC, printed in Finnish time
      expect((await raw('?revision=1&lang=fi')).bytes.equals(first.bytes)).toBe(true);
      expect(pdfText((await raw('?lang=fi')).bytes).replace(/\s+/g, ' ')).toContain('24.3.2031 klo 12.00');
      const swedish = await raw('?revision=2&lang=sv&format=html');
      expect(swedish.bytes.toString()).toContain('Gemensam plan');
      expect(swedish.bytes.toString()).toContain('Ansvarig arbetstagare');
      expect((await raw('?lang=de')).status).toBe(400);

      // The teacher was invited under a consent that shares the concern, not the plan.
      expect((await raw('?lang=fi', 'olli')).status).toBe(403);
      await chain.call('POST', `/convenings/${caseId}/consents/${consentId}/extensions`, {
        scopes: [{ kind: 'person', value: 'demo-olli', share: ['joint-plan'] }],
      });
      expect((await raw('?lang=fi', 'olli')).status).toBe(200);
    }, 120_000);
  });
}

meetingSpecs('the joint meeting (embedded transport)', () => ({
  KAFKA_BROKERS: undefined,
  ...onSharedServerOr({ DATABASE_URL: undefined }),
}));

specsThroughKafka('the joint meeting opened from convening over the real broker', 'the joint meeting over Kafka', (label, env) =>
  meetingSpecs(label, () => env),
);
