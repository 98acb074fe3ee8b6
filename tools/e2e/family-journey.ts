import { randomUUID } from 'node:crypto';
import type { Api } from './api';
import { expectOk, okOnceFactsArriveOver, okOver, pollUntil } from './commands';
import { JOINT_MEETING_FACTS as FACTS, ONE_ACTION_PLAN as PLAN, familyConsent } from './fixtures';
import { onceRoomKnown, recordRoom } from './rooms';

export type { Api } from './api';

/** How one generated family goes through the model: the answers the report must count. */
export interface FamilyScript {
  municipality: string;
  channel: 'close-worker' | 'electronic-contact' | 'phone-line';
  children: number;
  zone: 2 | 3;
  /** joint-meeting, or a route elsewhere at intake. */
  route: 'joint-meeting' | 'follow-concern' | 'social-care-needs-assessment';
  /** The family withdraws its consent after the invitations: no meeting is held. */
  withdrawsConsent: boolean;
  followUps: 0 | 1 | 2;
  organizer: string;
  /** Sectors of the professionals at each meeting. */
  sectors: string[];
  familyGotHelp: 'yes' | 'partly' | 'no' | 'too-early';
  referredToAssessment: boolean;
  outcome: 'sufficient' | 'continue' | 'stronger-support';
  referral: 'family-counselling' | null;
  feedback: [number, number] | null;
}

/** A reproducible population: the same seed gives the same families. */
export function scriptFamilies(count: number, municipalities: string[], organizer: string, seed = 1): FamilyScript[] {
  let state = seed;
  const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  return Array.from({ length: count }, () => {
    const route = random() < 0.7 ? 'joint-meeting' : pick(['follow-concern', 'social-care-needs-assessment'] as const);
    const outcome = pick(['sufficient', 'sufficient', 'continue', 'stronger-support'] as const);
    return {
      municipality: pick(municipalities),
      channel: pick(['close-worker', 'electronic-contact', 'phone-line'] as const),
      children: 1 + Math.floor(random() * 3),
      zone: pick([2, 3] as const),
      route,
      withdrawsConsent: route === 'joint-meeting' && random() < 0.2,
      followUps: pick([0, 0, 1, 2] as const),
      organizer,
      sectors: ['school', 'child health clinic', 'early childhood education'].filter(() => random() < 0.6),
      familyGotHelp: pick(['yes', 'yes', 'partly', 'no', 'too-early'] as const),
      referredToAssessment: random() < 0.2,
      outcome,
      // Stronger support always names the service the family is referred to.
      referral: outcome === 'stronger-support' || random() < 0.3 ? 'family-counselling' : null,
      feedback: random() < 0.7 ? [1 + Math.floor(random() * 5), 1 + Math.floor(random() * 5)] : null,
    };
  });
}

/**
 * When a journey's meetings start: a minute apart from when the journey begins (just before its concern is
 * registered), so days from concern to the first meeting can be worked out independently (0), and each meeting is
 * held (its record opens 15 minutes before its start) by the time the journey records it.
 */
export const meetingStart = (number: number, journeyBegins = Date.now()) => new Date(journeyBegins + number * 60_000).toISOString();

/** The next contact a meeting agrees: two weeks after it. */
const nextContactAfter = (startsAt: string) => new Date(Date.parse(startsAt) + 14 * 86_400_000).toISOString();
/** The family names the nurse who raised the concern: a professional of a public service in the directory, covered by its consent. */
const TERHI = { professionalId: 'demo-terhi' };
/** Who takes part for each sector of the script: professionals of the demo directory (GET /directory). */
const PROFESSIONAL_OF_SECTOR: Record<string, string> = {
  school: 'demo-olli',
  'child health clinic': 'demo-terhi',
  'early childhood education': 'dir-varhaiskasvatus',
};
/**
 * What the family agrees to: the school (the teacher is invited), the nurse by name (the responsible worker), the
 * day-care centre's sector (present at meetings) and family counselling (a referral's receiving service).
 */
const CONSENT_SCOPES = [
  { kind: 'sector', value: 'school', share: ['concern', 'joint-plan'] },
  { kind: 'person', value: 'demo-terhi', share: ['concern', 'joint-plan', 'follow-up'] },
  { kind: 'sector', value: 'early childhood education', share: ['concern'] },
  { kind: 'organisation', value: 'Family counselling', share: ['concern'] },
];
/**
 * Refusals that rest on the case's consents and invitations as another process knows them: with the services as
 * separate processes those facts arrive through Kafka, a consumer's lag after convening recorded them.
 */
const AWAITING_FACTS = ['attendee-not-covered-by-consent', 'responsible-worker-not-covered-by-consent', 'referral-consent-unknown'];

const until = <T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string, timeoutMs = 90_000) =>
  pollUntil(read, ok, what, timeoutMs, 150);

/**
 * Walks one family through the model over HTTP as the professionals would: concern and routing at intake, consent
 * and invitations at convening, the joint meeting with its plan and report record, follow-up meetings, the outcome,
 * a referral, closure and the family's feedback. Returns the case id.
 */
export async function walkFamily(api: Api, family: FamilyScript): Promise<string> {
  const ok = okOver(api);
  /** A command whose rules read the consents: sent again (same key) while the facts have not yet reached its process. */
  const okOnceFactsArrive = okOnceFactsArriveOver(api, AWAITING_FACTS, until);
  // A room of its own for each meeting, recorded early: deployed apart, it reaches convening by the time it is needed.
  const rooms =
    family.route === 'joint-meeting' && !family.withdrawsConsent
      ? await Promise.all(Array.from({ length: 1 + family.followUps }, () => recordRoom(api)))
      : [];
  const journeyBegins = Date.now();
  const children = Array.from({ length: family.children }, (_, i) => ({
    name: `Lapsi ${i + 1}`,
    identifier: `TEMP-${randomUUID().slice(0, 8)}`,
  }));
  const { caseId } = await ok('registering the concern', 'POST', '/concerns', {
    channel: family.channel,
    sector: 'child health clinic',
    municipality: family.municipality,
    children,
    guardians: [{ name: 'Mari', identifier: `TEMP-${randomUUID().slice(0, 8)}` }],
    description: 'väsynyt aamuisin',
    zone: family.zone,
    ratedBy: 'worker',
  });
  const deviation = family.route === 'joint-meeting' ? {} : { deviationReason: 'the family prefers another way' };
  await ok('deciding the route', 'POST', `/concerns/${caseId}/route-decision`, {
    facts: { ...FACTS, zone: family.zone },
    chosenRoute: family.route,
    ...deviation,
  });
  if (family.route !== 'joint-meeting') return caseId;

  await until(
    () => api('GET', `/convenings/${caseId}`),
    (r) => r.status === 200,
    `convening of ${caseId}`,
  );
  const consent = await ok(
    'recording consent',
    'POST',
    `/convenings/${caseId}/consents`,
    familyConsent(
      CONSENT_SCOPES,
      children.map((c) => c.name),
    ),
  );
  await ok('inviting', 'POST', `/convenings/${caseId}/invitations`, { kind: 'professional', directoryId: 'demo-olli' });
  if (family.withdrawsConsent) {
    await ok('withdrawing consent', 'POST', `/convenings/${caseId}/consents/${consent.consentId}/withdrawal`, { withdrawnBy: 'Mari' });
    return caseId;
  }
  for (let number = 1; number <= 1 + family.followUps; number++) {
    if (number > 1) {
      await ok('requesting a follow-up meeting', 'POST', `/cases/${caseId}/plan-tracking/follow-up-requests`, {
        reason: 'katsotaan miten on mennyt',
      });
      await until(
        () => api('GET', `/convenings/${caseId}`),
        (r) => r.body.followUpRequests?.length >= number - 1,
        'convening to note the follow-up request',
      );
    }
    const startsAt = meetingStart(number, journeyBegins);
    const slot = {
      kind: number === 1 ? 'first' : 'follow-up',
      startsAt,
      endsAt: new Date(Date.parse(startsAt) + 3_600_000).toISOString(),
      roomId: rooms[number - 1],
    };
    const key = randomUUID();
    const answer = await onceRoomKnown(() => api('POST', `/convenings/${caseId}/meetings`, slot, 'terhi', { 'idempotency-key': key }));
    expectOk(answer, 'scheduling the meeting');
    const scheduled = answer.body;
    const meeting = `/cases/${caseId}/meetings/${scheduled.meetingId}`;
    await until(
      () => api('GET', meeting),
      (r) => r.status === 200,
      `meeting ${number} of ${caseId}`,
    );
    await okOnceFactsArrive('attendance', 'POST', `${meeting}/attendance`, {
      participants: [
        { name: 'Mari', role: 'family-member' },
        // The family's own people are recorded, and counted in no sector.
        { name: 'Mummo Liisa', role: 'close-person', organisation: 'family', sector: 'family' },
        ...family.sectors.map((sector, i) => ({
          name: `Ammattilainen ${i}`,
          role: 'professional',
          sector,
          professionalId: PROFESSIONAL_OF_SECTOR[sector],
        })),
      ],
      childTookPart: true,
    });
    if (number === 1) {
      await ok('consent form', 'POST', `${meeting}/consent-form`, { signedBy: ['Mari'] });
      await okOnceFactsArrive('responsible worker', 'POST', `${meeting}/responsible-workers`, { workers: [TERHI] });
      await ok('plan', 'POST', `${meeting}/plan`, { plan: PLAN });
    } else {
      // A follow-up meeting starts from the plan in force: the family confirms it, with the next contact agreed now.
      await ok('plan confirmed', 'POST', `${meeting}/plan/confirmation`, { nextContactAt: nextContactAfter(startsAt) });
    }
    await ok('closing', 'POST', `${meeting}/closing`, {
      allMattersCovered: true,
      report: {
        organizer: family.organizer,
        referred: family.referredToAssessment,
        ...(family.referredToAssessment ? { referredTo: 'social-care-needs-assessment' } : {}),
        referredToAssessmentOrSocialWork: family.referredToAssessment,
        familyGotHelp: family.familyGotHelp,
      },
    });
    if (number === 1)
      await until(
        () => api('GET', `/cases/${caseId}/plan-tracking`),
        (r) => r.status === 200,
        'plan tracking',
      );
  }
  const tracking = `/cases/${caseId}/plan-tracking`;
  await okOnceFactsArrive('outcome', 'POST', `${tracking}/outcome`, {
    outcome: family.outcome,
    ...(family.referral ? { referral: { serviceId: family.referral, consent: { basis: 'consent', reference: consent.consentId } } } : {}),
  });
  await ok('closure', 'POST', `${tracking}/closure`, { reason: 'everyday-life-runs-smoothly' });
  if (family.feedback) {
    await ok('feedback', 'POST', '/feedback', {
      formVersion: 'kangasala-2024-1',
      answers: [
        { item: 'heard', score: family.feedback[0] },
        { item: 'helped', score: family.feedback[1] },
      ],
      month: new Date().toISOString().slice(0, 7),
      organizer: family.organizer,
    });
  }
  return caseId;
}

/** What the annual report must say about a population, worked out from the scripts alone (exact counts). */
export function expectedReport(families: FamilyScript[], registeredAt = new Date()) {
  const met = families.filter((f) => f.route === 'joint-meeting' && !f.withdrawsConsent);
  const meetingsOf = (f: FamilyScript) => 1 + f.followUps;
  const tally = <T extends string | number>(items: T[], categories: T[] = []) => {
    const counts: Record<string, number> = Object.fromEntries(categories.map((c) => [String(c), 0]));
    for (const item of items) counts[String(item)] = (counts[String(item)] ?? 0) + 1;
    return counts;
  };
  const perMeeting = <T>(pick: (f: FamilyScript) => T[]) => met.flatMap((f) => Array.from({ length: meetingsOf(f) }, () => pick(f)).flat());
  const mean = (xs: number[]) => (xs.length ? Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 100) / 100 : null);
  const scores = met.flatMap((f) => (f.feedback ? [f.feedback] : []));
  return {
    jointMeetings: tally(
      met.flatMap((f) => ['first', ...Array<string>(f.followUps).fill('follow-up')]),
      ['first', 'follow-up'],
    ),
    familiesReached: met.length,
    childrenReached: met.reduce((sum, f) => sum + f.children, 0),
    participatingSectors: tally(perMeeting((f) => f.sectors)),
    familiesReferredToAssessmentOrSocialWork: met.filter((f) => f.referredToAssessment).length,
    familyGotHelp: tally(
      perMeeting((f) => [f.familyGotHelp]),
      ['yes', 'partly', 'no', 'too-early'],
    ),
    meetingsPerFamily: tally(met.map(meetingsOf)),
    referralsByService: tally(met.flatMap((f) => (f.referral ? [f.referral] : []))),
    concerns: families.length,
    zones: tally(
      families.map((f) => f.zone),
      [1, 2, 3, 4],
    ),
    channels: tally(
      families.map((f) => f.channel),
      ['close-worker', 'electronic-contact', 'phone-line'],
    ),
    routes: tally(families.map((f) => f.route)),
    daysToFirstMeeting: (Date.parse(meetingStart(1)) - registeredAt.getTime()) / 86_400_000,
    outcomes: tally(
      met.map((f) => f.outcome),
      ['sufficient', 'continue', 'stronger-support'],
    ),
    feedback: { forms: scores.length, heard: mean(scores.map(([heard]) => heard)), helped: mean(scores.map(([, helped]) => helped)) },
    meetingsByMunicipality: met.reduce<Record<string, number>>(
      (acc, f) => ({ ...acc, [f.municipality]: (acc[f.municipality] ?? 0) + meetingsOf(f) }),
      {},
    ),
  };
}

/** The report's meeting-based sections (coordinator's exact copy) against the numbers worked out from the scripts. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the report body is checked field by field
export function expectMeetingSections(report: any, expected: ReturnType<typeof expectedReport>): void {
  expect(report.jointMeetings.counts).toEqual(expected.jointMeetings);
  expect(report.familiesReached).toBe(expected.familiesReached);
  expect(report.childrenReached).toBe(expected.childrenReached);
  expect(report.participatingSectors).toEqual(expected.participatingSectors);
  expect(report.familiesReferredToAssessmentOrSocialWork).toBe(expected.familiesReferredToAssessmentOrSocialWork);
  expect(report.familyGotHelp.counts).toEqual(expected.familyGotHelp);
  expect(report.meetingsPerFamily.distribution.counts).toEqual(expected.meetingsPerFamily);
  expect(report.referralsByService.counts).toEqual(expected.referralsByService);
  expect(report.outcomes.counts).toEqual(expected.outcomes);
  expect(report.feedback.forms).toBe(expected.feedback.forms);
  expect(report.feedback.items.heard.meanScore).toBe(expected.feedback.heard);
  expect(report.feedback.items.helped.meanScore).toBe(expected.feedback.helped);
}
