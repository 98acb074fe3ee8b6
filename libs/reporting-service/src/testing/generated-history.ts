import { v5 as uuidV5 } from 'uuid';
import type { NewEvent } from '@perheverkko/event-store';

/** A small seeded generator (mulberry32), so a generated history is the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMESPACE = '0b6f3d52-91a4-4f0e-8a57-3f2f8d1c6e21';
const SEALED = { $sealed: 1, iv: 'AAAAAAAAAAAAAAAA', ct: 'AAAA' };
export const GENERATED_MUNICIPALITIES = ['Kuopio', 'Siilinjärvi', 'Iisalmi', 'Varkaus', 'Pielavesi', 'Kangasala', 'Tampere', 'Lempäälä'];
const ORGANIZERS = ['Kuopio family centre', 'Iisalmi school health', 'Kangasala child health clinic', 'Tampere early childhood education'];
const SECTORS = ['child health clinic', 'school', 'early childhood education', 'family work', 'parish', 'sports club'];
const ROUTES = ['follow-concern', 'network-meeting', 'social-care-needs-assessment', 'child-protection-notification'];
const CHANNELS = ['close-worker', 'electronic-contact', 'phone-line'];
const STAR_AREAS = ['health-growth-development', 'relationships-safety', 'parenting', 'self-view', 'everyday-arenas', 'social-wellbeing'];

/** One family's published events, as the four services would have published them. */
export interface GeneratedFamily {
  caseId: string;
  events: NewEvent[];
}

/**
 * Families going through the model in 2026: most routed to a joint meeting (some withdraw consent midway, some
 * have follow-up meetings, a referral, an outcome, feedback), the rest routed elsewhere. Stops once `minEvents`
 * events were generated.
 */
export function generateHistory(minEvents: number, seed = 42): GeneratedFamily[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const families: GeneratedFamily[] = [];
  let total = 0;
  for (let index = 0; total < minEvents; index++) {
    const caseId = uuidV5(`family-${seed}-${index}`, NAMESPACE);
    const events: NewEvent[] = [];
    let clock = Date.UTC(2026, 0, 1) + Math.floor(random() * 300) * 86_400_000;
    const at = (days = 0) => new Date((clock += days * 86_400_000 + 3_600_000)).toISOString();
    const add = (type: string, data: Record<string, unknown>, occurredAt: string, version = 1, forCase = caseId) =>
      events.push({
        type,
        data,
        metadata: {
          eventId: uuidV5(`${caseId}-${events.length}`, NAMESPACE),
          caseId: forCase,
          correlationId: caseId,
          causationId: caseId,
          actor: { id: 'demo-terhi', role: 'professional', organisation: 'generated' },
          occurredAt,
          schemaVersion: version,
        },
      });
    const worker = { id: 'demo-terhi', name: 'Terhi', organisation: pick(ORGANIZERS), sector: 'child health clinic' };
    const registeredAt = at();
    add(
      'ConcernRegistered',
      {
        channel: pick(CHANNELS),
        raisedBy: worker,
        municipality: pick(GENERATED_MUNICIPALITIES),
        childCount: 1 + Math.floor(random() * 3),
        children: SEALED,
        guardians: SEALED,
        description: SEALED,
        registeredAt,
      },
      registeredAt,
      2,
    );
    const zone = 2 + Math.floor(random() * 2);
    add('ZoneRated', { zone, ratedBy: 'worker', ratedAt: registeredAt, raterId: 'demo-terhi' }, registeredAt);
    const jointMeeting = random() < 0.65;
    const decidedAt = at(1 + Math.floor(random() * 5));
    const route = jointMeeting ? 'joint-meeting' : pick(ROUTES);
    add(
      'RouteDecided',
      { facts: { zone }, recommended: { route, reasons: ['generated'] }, chosenRoute: route, decidedBy: 'demo-terhi', decidedAt },
      decidedAt,
    );
    if (jointMeeting) {
      add(
        'JointMeetingRequested',
        { zone, channel: 'close-worker', convener: worker, concernRegisteredAt: registeredAt, requestedAt: decidedAt, guardians: SEALED },
        decidedAt,
        2,
      );
      add(
        'ConveningOpened',
        { convener: worker, zone, concernRegisteredAt: registeredAt, requestedAt: decidedAt, guardians: SEALED },
        at(),
        2,
      );
      const consentId = uuidV5(`${caseId}-consent`, NAMESPACE);
      const granted = at(2);
      add(
        'ConsentGranted',
        {
          consentId,
          guardians: SEALED,
          children: SEALED,
          scopes: [{ kind: 'sector', value: 'school', share: ['concern', 'joint-plan'] }],
          validUntil: '2028-01-01T00:00:00.000Z',
          givenAs: 'paper-form',
          recordedBy: 'demo-terhi',
        },
        granted,
        2,
      );
      for (const n of [1, 2])
        add(
          'InvitationSent',
          {
            invitationId: `${caseId}-i${n}`,
            inviteeId: `demo-${n}`,
            invitee: SEALED,
            consentId,
            share: ['concern'],
            sentBy: 'demo-terhi',
            sentAt: granted,
          },
          at(),
          2,
        );
      if (random() < 0.12) {
        const withdrawnAt = at(3);
        add('ConsentWithdrawn', { consentId, withdrawnBy: SEALED, withdrawnAt }, withdrawnAt, 2);
        for (const n of [1, 2])
          add(
            'InvitationCancelled',
            { invitationId: `${caseId}-i${n}`, reason: 'consent withdrawn', cancelledAt: withdrawnAt },
            withdrawnAt,
          );
      } else {
        const organizer = worker.organisation;
        const meetings = 1 + (random() < 0.5 ? 1 : 0) + (random() < 0.2 ? 1 : 0);
        for (let number = 1; number <= meetings; number++) {
          const kind = number === 1 ? 'first' : 'follow-up';
          if (number > 1) add('FollowUpMeetingRequested', { requestedBy: 'demo-terhi', requestedAt: at(20), reason: SEALED }, at());
          const startsAt = at(5 + Math.floor(random() * 20));
          const meetingId = `${caseId}-m${number}`;
          add(
            'MeetingScheduled',
            {
              meetingId,
              kind,
              number,
              startsAt,
              endsAt: startsAt,
              roomId: 'room-1',
              daysFromConcern: Math.round((Date.parse(startsAt) - Date.parse(registeredAt)) / 86_400_000),
              invitationIds: [],
            },
            at(),
          );
          add('MeetingOpened', { meetingId, kind, number, startsAt, roomId: 'room-1' }, startsAt);
          if (number === 1)
            add(
              'PlanAgreed',
              {
                meetingId,
                revision: 1,
                plan: SEALED,
                responsibleWorkers: [{ professionalId: 'demo-terhi', name: 'Terhi', organisation: organizer, publicService: true }],
                agreedBy: 'demo-terhi',
                agreedAt: startsAt,
              },
              at(),
            );
          add('MeetingClosed', { allMattersCovered: random() < 0.8, closedAt: at() }, at());
          const assessed = random() < 0.1;
          // Most records name their meeting and carry the star (v2); some were made before (v1).
          const v2 = random() < 0.9;
          const star = [
            {
              configVersion: 'thl-2017-1',
              child: 1,
              ratedBy: 'family',
              scores: Object.fromEntries(STAR_AREAS.map((area) => [area, 1 + Math.floor(random() * 5)])),
            },
          ];
          add(
            'MeetingReportRecorded',
            {
              ...(v2 ? { meetingId, number, startsAt, wellbeingStar: star } : {}),
              organizer,
              kind,
              participatingSectors: SECTORS.filter(() => random() < 0.5).concat('family'),
              referred: assessed,
              ...(assessed ? { referredTo: 'social-care-needs-assessment' } : {}),
              referredToAssessmentOrSocialWork: assessed,
              familyGotHelp: pick(['yes', 'yes', 'partly', 'no', 'too-early']),
              ...(random() < 0.2 ? { remarks: SEALED } : {}),
              recordedBy: 'demo-terhi',
              recordedAt: at(),
            },
            at(),
            v2 ? 2 : 1,
          );
        }
        if (random() < 0.3)
          add(
            'ReferralMade',
            {
              serviceId: pick(['family-counselling', 'family-work', 'youth-work']),
              consent: { basis: 'consent', reference: consentId },
              referredBy: 'demo-terhi',
              referredAt: at(2),
            },
            at(),
          );
        const outcomeAt = at(30);
        add(
          'OutcomeRecorded',
          { outcome: pick(['sufficient', 'sufficient', 'continue', 'stronger-support']), recordedBy: 'demo-terhi', recordedAt: outcomeAt },
          outcomeAt,
        );
        const closedAt = at(1);
        add('CaseClosed', { reason: 'everyday-life-runs-smoothly', closedBy: 'demo-terhi', closedAt }, closedAt);
        const month = closedAt.slice(0, 7);
        add(
          'FeedbackReceived',
          {
            formVersion: 'kangasala-2024-1',
            answers: [
              { item: 'heard', score: 1 + Math.floor(random() * 5) },
              { item: 'helped', score: 1 + Math.floor(random() * 5) },
            ],
            month,
            organizer,
          },
          `${month}-01T00:00:00.000Z`,
          1,
          'feedback',
        );
      }
    }
    families.push({ caseId, events });
    total += events.length;
  }
  return families;
}
