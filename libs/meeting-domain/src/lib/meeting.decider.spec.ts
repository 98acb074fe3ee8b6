import { foldAllAccessFacts, type AccessEvent, type DirectoryEntry } from '@perheverkko/access-model';
import { DomainRuleViolation } from '@perheverkko/decider';
import { commandsOf, deciderSpec, refusalBy, specMetadata } from '@perheverkko/decider/testing';
import { ReferenceBook } from '@perheverkko/reference-data';
import {
  MEETING_UPCASTERS,
  meetingDecider,
  planInForceOf,
  upcastMeetingEvent,
  type CaseAccessInput,
  type JointPlan,
  type MeetingCommand,
  type MeetingEvent,
  type PlanInForce,
  type ReportRecord,
  type ResponsibleWorker,
} from './meeting.decider';
import { opened, terhi } from './meeting.fixtures';

const now = '2026-11-26T13:30:00.000Z';
/** The Wellbeing Star version as the reference data ships it: the service hands the decider the version a rating names. */
const STAR_V1 = ReferenceBook.baseline('national').starConfig('thl-2017-1');
const meta = specMetadata(now);
const cmd = commandsOf<MeetingCommand>(meta);

/** The staff directory as the service hands it over: the entries of the professionals a command names. */
const TERHI: DirectoryEntry = {
  id: 'w-terhi',
  name: 'Terhi Terveydenhoitaja',
  organisation: 'Neuvola',
  sector: 'child health clinic',
  publicService: true,
};
const OLLI: DirectoryEntry = { id: 'p-olli', name: 'Olli Opettaja', organisation: 'Koulu', sector: 'school', publicService: true };
const VEERA: DirectoryEntry = {
  id: 'p-veera',
  name: 'Veera Varhaiskasvattaja',
  organisation: 'Päiväkoti Satakieli',
  sector: 'early childhood education',
  publicService: true,
};
const PARISH: DirectoryEntry = {
  id: 'p-parish',
  name: 'Parish worker',
  organisation: 'Parish',
  sector: 'parish family work',
  publicService: false,
};
const DIRECTORY = [TERHI, OLLI, VEERA, PARISH];

/** The case's access facts, folded from events as the case-access directory folds them. */
let n = 0;
const fact = (type: string, data: unknown, occurredAt = `2026-11-0${++n}T09:00:00.000Z`): AccessEvent => ({
  eventId: `e-${type}-${n}`,
  type,
  occurredAt,
  data,
});
const convened = fact('ConcernRegistered', { raisedBy: { id: 'w-terhi', organisation: 'Neuvola' } });
/** The family's consent k-1 covers Terhi by name and the school's sector; Olli is invited under it. */
const consentK1 = fact('ConsentGranted', {
  consentId: 'k-1',
  scopes: [
    { kind: 'person', value: 'w-terhi', share: ['joint-plan'] },
    { kind: 'sector', value: 'school', share: ['concern'] },
  ],
  validUntil: '2027-06-01T00:00:00.000Z',
});
const invitedOlli = fact('InvitationSent', { invitationId: 'i-1', inviteeId: 'p-olli', consentId: 'k-1', share: ['concern'] });
const consentK2 = fact('ConsentGranted', {
  consentId: 'k-2',
  scopes: [{ kind: 'organisation', value: 'Päiväkoti Satakieli', share: ['concern'] }],
  validUntil: '2027-06-01T00:00:00.000Z',
});
const withdrawnK1 = fact('ConsentWithdrawn', { consentId: 'k-1', withdrawnAt: '2026-11-20T09:00:00.000Z' }, '2026-11-20T09:00:00.000Z');
const expiredK3 = fact('ConsentGranted', {
  consentId: 'k-3',
  scopes: [{ kind: 'person', value: 'p-veera', share: ['concern'] }],
  validUntil: '2026-11-01T00:00:00.000Z',
});
const access = (...events: AccessEvent[]): CaseAccessInput => ({ facts: foldAllAccessFacts(events), directory: DIRECTORY });
const caseAccess = access(convened, consentK1, invitedOlli);

const attended: MeetingEvent = {
  type: 'AttendanceRecorded',
  data: {
    participants: [
      { name: 'Mari', role: 'family-member' },
      { name: 'Olli Opettaja', role: 'professional', organisation: 'Koulu', sector: 'school', professionalId: 'p-olli' },
      {
        name: 'Terhi Terveydenhoitaja',
        role: 'professional',
        organisation: 'Neuvola',
        sector: 'child health clinic',
        professionalId: 'w-terhi',
      },
    ],
    childTookPart: true,
  },
};
const signed: MeetingEvent = { type: 'ConsentFormConfirmed', data: { signedBy: ['Mari'], confirmedBy: 'w-terhi', confirmedAt: now } };
const plan: JointPlan = {
  matters: ['tired every morning'],
  actions: [
    { arena: 'home', what: 'bedtime at 20:30', who: 'Mari', by: '2026-12-10' },
    { arena: 'everyday-environment', what: 'daily check-in at school', who: 'Olli', by: '2026-12-01' },
    { arena: 'elsewhere', where: 'family counselling', what: 'first visit', who: 'Terhi', by: '2026-12-15' },
  ],
  followUp: { workerContactsFamily: 'phone call every other Monday', familyContactsWorker: 'text message to the clinic number' },
  nextContactAt: '2026-12-07T10:00:00.000Z',
};
const olli: ResponsibleWorker = { professionalId: 'p-olli', name: 'Olli Opettaja', organisation: 'Koulu', publicService: true };
const named: MeetingEvent = {
  type: 'ResponsibleWorkersNamed',
  data: { workers: [terhi], previous: [], namedAt: now, namedByFamily: true, consentId: 'k-1' },
};
const agreed: MeetingEvent = {
  type: 'PlanAgreed',
  data: { meetingId: 'm-1', revision: 1, plan, responsibleWorkers: [terhi], consentId: 'k-1', agreedBy: 'w-terhi', agreedAt: now },
};
type PlanRevisedData = Extract<MeetingEvent, { type: 'PlanRevised' }>['data'];
/** Terhi's revision 2 of the first meeting's plan, now, under consent k-1 (unless `data` says otherwise). */
const planRevised = (data: Partial<PlanRevisedData>): MeetingEvent => ({
  type: 'PlanRevised',
  data: {
    meetingId: 'm-1',
    revision: 2,
    plan,
    responsibleWorkers: [terhi],
    consentId: 'k-1',
    revises: { meetingId: 'm-1', revision: 1 },
    confirmed: false,
    revisedBy: 'w-terhi',
    revisedAt: now,
    ...data,
  },
});
const given = deciderSpec(meetingDecider);
/** A closing with the yes/no alone (as older clients close): the agenda is unknown, no task of the close worker ticked. */
const closedWithYesNo = {
  agenda: 'unknown' as const,
  closeWorkerTasks: (['introduction-round', 'time-kept', 'feedback-collected', 'plan-printed-and-handed-over'] as const).map((task) => ({
    task,
    status: 'not-recorded' as const,
  })),
};
/** What the report record of meeting m-1 (no star rated) says of its meeting. */
const meetingOne = { meetingId: 'm-1', number: 1, startsAt: '2026-11-26T12:00:00.000Z', wellbeingStar: [] };
/** Meeting m-1 closed now with all matters covered, by the yes/no alone. */
const closedFirst: MeetingEvent = {
  type: 'MeetingClosed',
  data: { meetingId: 'm-1', kind: 'first', number: 1, allMattersCovered: true, ...closedWithYesNo, closedAt: now },
};
/** Terhi's report record of meeting m-1, closed now: `report` as she gave it, with the sectors that took part. */
const reportOfFirst = (report: ReportRecord, participatingSectors: string[]): MeetingEvent => ({
  type: 'MeetingReportRecorded',
  data: { ...meetingOne, ...report, kind: 'first', participatingSectors, recordedBy: 'w-terhi', recordedAt: now },
});
/** The rule a refusal names, and whether it is a conflict (409) or unprocessable (422). */
const refusal = refusalBy(meetingDecider);
const attendance = (participants: Extract<MeetingCommand, { type: 'RecordAttendance' }>['data']['participants'], input = caseAccess) =>
  cmd('RecordAttendance', { participants, childTookPart: true, access: input });
const naming = (
  workers: Extract<MeetingCommand, { type: 'NameResponsibleWorkers' }>['data']['workers'],
  more: { reason?: string; consentId?: string; access?: CaseAccessInput; planOfOtherMeetings?: PlanInForce } = {},
) => cmd('NameResponsibleWorkers', { workers, access: caseAccess, ...more });

describe('the joint meeting', () => {
  it("should open once from convening's schedule, however often it is delivered", () => {
    const open = cmd('OpenMeeting', opened.data as Extract<MeetingCommand, { type: 'OpenMeeting' }>['data']);
    given([]).when(open).thenOnce([opened]);
  });

  it('should note who convened it, privately, so the convener may run it where convening is another process', () => {
    const open = cmd('OpenMeeting', {
      ...(opened.data as Extract<MeetingCommand, { type: 'OpenMeeting' }>['data']),
      convenerId: 'w-terhi',
    });
    given([])
      .when(open)
      .then([opened, { type: 'ConvenerNoted', data: { convenerId: 'w-terhi' } }]);
  });

  it('should record attendance with the family present and whether the child took part', () => {
    given([opened])
      .when(cmd('RecordAttendance', { ...(attended.data as { participants: never; childTookPart: boolean }), access: caseAccess }))
      .then([attended]);
    given([opened])
      .when(
        cmd('RecordAttendance', {
          participants: [{ name: 'Olli', role: 'professional', professionalId: 'p-olli' }],
          childTookPart: false,
          access: caseAccess,
        }),
      )
      .thenThrows(DomainRuleViolation, /at least one family member/);
  });

  describe('who may be recorded as present (issue 16)', () => {
    const mari = { name: 'Mari', role: 'family-member' as const };
    type Participant = Extract<MeetingEvent, { type: 'AttendanceRecorded' }>['data']['participants'][number];
    /** Attendance recorded: Mari, the child, and the professional as recorded. */
    const presentWithMari = (professional: Participant): MeetingEvent => ({
      type: 'AttendanceRecorded',
      data: { participants: [mari, professional], childTookPart: true },
    });
    const olliAsKnown: Participant = {
      name: 'Olli Opettaja',
      role: 'professional',
      organisation: 'Koulu',
      sector: 'school',
      professionalId: 'p-olli',
    };

    it('should record a professional as the directory knows them, whatever the caller says of their organisation and sector', () => {
      given([opened])
        .when(
          attendance([mari, { name: 'Olli', role: 'professional', organisation: 'Family', sector: 'family', professionalId: 'p-olli' }]),
        )
        .then([presentWithMari(olliAsKnown)]);
    });

    it('should take the convener, an invitee, and a professional covered by a consent in force', () => {
      given([opened])
        .when(attendance([mari, { name: 'Terhi', role: 'professional', professionalId: 'w-terhi' }]))
        .then([
          presentWithMari({
            name: 'Terhi Terveydenhoitaja',
            role: 'professional',
            organisation: 'Neuvola',
            sector: 'child health clinic',
            professionalId: 'w-terhi',
          }),
        ]);
      // Veera is neither convener nor invited: the family's consent k-2 covers her day-care centre.
      given([opened])
        .when(attendance([mari, { name: 'Veera', role: 'professional', professionalId: 'p-veera' }], access(convened, consentK2)))
        .then([
          presentWithMari({
            name: 'Veera Varhaiskasvattaja',
            role: 'professional',
            organisation: 'Päiväkoti Satakieli',
            sector: 'early childhood education',
            professionalId: 'p-veera',
          }),
        ]);
    });

    it('should refuse a professional who is neither convener, invited nor covered by a consent in force (409)', () => {
      const veera = { name: 'Veera', role: 'professional' as const, professionalId: 'p-veera' };
      given([opened])
        .when(attendance([mari, veera]))
        .thenThrows(
          DomainRuleViolation,
          /Veera Varhaiskasvattaja \(Päiväkoti Satakieli\) is neither the convener, invited, nor covered by a consent/,
        );
      // Her consent expired; the school's consent was withdrawn and the invitation under it cancelled.
      given([opened])
        .when(attendance([mari, veera], access(convened, expiredK3)))
        .thenThrows(DomainRuleViolation, /nor covered by a consent/);
      const cancelled = fact('InvitationCancelled', { invitationId: 'i-1' }, '2026-11-20T09:00:01.000Z');
      given([opened])
        .when(
          attendance(
            [mari, { name: 'Olli', role: 'professional', professionalId: 'p-olli' }],
            access(convened, consentK1, invitedOlli, withdrawnK1, cancelled),
          ),
        )
        .thenThrows(DomainRuleViolation, /Olli Opettaja .* is neither/);
      const declined = fact('InvitationReplied', { invitationId: 'i-1', reply: 'decline' }, '2026-11-21T09:00:00.000Z');
      const schoolOnlyByInvitation = fact('ConsentGranted', {
        consentId: 'k-9',
        scopes: [{ kind: 'person', value: 'Olli Opettaja', share: ['concern'] }],
        validUntil: '2027-06-01T00:00:00.000Z',
      });
      const invitedByName = fact('InvitationSent', { invitationId: 'i-9', inviteeId: 'p-olli', consentId: 'k-9', share: ['concern'] });
      // Invited (the consent named him by name, which the access model does not read as his identity): present.
      given([opened])
        .when(
          attendance(
            [mari, { name: 'Olli', role: 'professional', professionalId: 'p-olli' }],
            access(convened, schoolOnlyByInvitation, invitedByName),
          ),
        )
        .then([presentWithMari(olliAsKnown)]);
      const invitedI9Declined = { ...declined, data: { invitationId: 'i-9', reply: 'decline' } };
      given([opened])
        .when(
          attendance(
            [mari, { name: 'Olli', role: 'professional', professionalId: 'p-olli' }],
            access(convened, schoolOnlyByInvitation, invitedByName, invitedI9Declined),
          ),
        )
        .thenThrows(DomainRuleViolation, /is neither/);
      expect(refusal([opened], attendance([mari, veera]))).toEqual({ rule: 'attendee-not-covered-by-consent', kind: 'conflict' });
      expect(refusal([opened], attendance([mari, { name: 'Ammattilainen', role: 'professional' }]))).toEqual({
        rule: 'attendee-not-in-directory',
        kind: 'unprocessable',
      });
    });

    it('should refuse a professional the directory does not know, or named without a directory id (422)', () => {
      given([opened])
        .when(attendance([mari, { name: 'Ammattilainen', role: 'professional', sector: 'school' }]))
        .thenThrows(DomainRuleViolation, /name them by their directory id/);
      given([opened])
        .when(attendance([mari, { name: 'Mummo Liisa', role: 'professional', organisation: 'family', professionalId: 'mummo-liisa' }]))
        .thenThrows(DomainRuleViolation, /mummo-liisa is not in it/);
    });

    it("should record the family's own people by name and role only, and count them in no sector of the report", () => {
      const mummo = { name: 'Mummo Liisa', role: 'close-person' as const, organisation: 'family', sector: 'family' };
      const recorded: MeetingEvent = {
        type: 'AttendanceRecorded',
        data: { participants: [mari, { name: 'Mummo Liisa', role: 'close-person' }], childTookPart: true },
      };
      given([opened])
        .when(attendance([mari, mummo]))
        .then([recorded]);
      const report = { organizer: 'Neuvola', referred: false, referredToAssessmentOrSocialWork: false, familyGotHelp: 'yes' as const };
      given([opened, recorded, signed, named, agreed])
        .when(cmd('CloseMeeting', { allMattersCovered: true, report }))
        .then([closedFirst, reportOfFirst(report, [])]);
    });
  });

  it('should rate the Wellbeing Star only with the areas and scale of the version it names', () => {
    given([opened])
      .when(cmd('RateWellbeingStar', { configVersion: 'thl-2017-1', config: STAR_V1, ratings: [{ area: 'parenting', score: 4 }] }))
      .then([
        {
          type: 'WellbeingStarRated',
          data: {
            configVersion: 'thl-2017-1',
            child: 'unknown',
            ratedBy: 'unknown',
            ratings: [{ area: 'parenting', score: 4 }],
            ratedAt: now,
          },
        },
      ]);
    given([opened])
      .when(cmd('RateWellbeingStar', { configVersion: 'thl-2017-1', config: STAR_V1, ratings: [{ area: 'parenting', score: 7 }] }))
      .thenThrows(DomainRuleViolation, /score is 1–5/);
    given([opened])
      .when(cmd('RateWellbeingStar', { configVersion: 'thl-2017-1', config: STAR_V1, ratings: [{ area: 'income', score: 3 }] }))
      .thenThrows(DomainRuleViolation, /not an area/);
    given([opened])
      .when(cmd('RateWellbeingStar', { configVersion: 'v9', config: undefined, ratings: [] }))
      .thenThrows(DomainRuleViolation, /unknown Wellbeing Star version/);
  });

  describe('the joint plan', () => {
    it('should be agreed only after attendance, the signed consent form and the responsible worker, following the template', () => {
      given([opened, attended, signed, named]).when(cmd('AgreePlan', { plan })).then([agreed]);
      given([opened, signed, named])
        .when(cmd('AgreePlan', { plan }))
        .thenThrows(DomainRuleViolation, /who attended/);
      given([opened, attended, named])
        .when(cmd('AgreePlan', { plan }))
        .thenThrows(DomainRuleViolation, /consent" form first/);
      given([opened, attended, signed])
        .when(cmd('AgreePlan', { plan }))
        .thenThrows(DomainRuleViolation, /names its responsible worker/);
    });

    it.each<[string, Partial<JointPlan>, RegExp]>([
      ['no matters', { matters: [] }, /concrete matter/],
      ['no actions', { actions: [] }, /what is done next/],
      ['an action without who', { actions: [{ arena: 'home', what: 'x', who: ' ', by: '2026-12-01' }] }, /who does it and by when/],
      ['an action elsewhere without where', { actions: [{ arena: 'elsewhere', what: 'x', who: 'y', by: '2026-12-01' }] }, /say where/],
      [
        'no way for the family to reach the worker',
        { followUp: { workerContactsFamily: 'phone', familyContactsWorker: '' } },
        /how the family contacts the worker/,
      ],
    ])('should refuse a plan with %s', (_what, change, reason) => {
      given([opened, attended, signed, named])
        .when(cmd('AgreePlan', { plan: { ...plan, ...change } }))
        .thenThrows(DomainRuleViolation, reason);
    });

    it('should keep every later change as a new revision with who changed it and why', () => {
      const changed = { ...plan, nextContactAt: '2026-12-14T10:00:00.000Z' };
      given([opened, attended, signed, named, agreed])
        .when(cmd('RevisePlan', { plan: changed, reason: 'worker on leave that week' }))
        .then([planRevised({ plan: changed, reason: 'worker on leave that week' })]);
      given([opened, attended, signed, named, agreed])
        .when(cmd('AgreePlan', { plan }))
        .thenThrows(DomainRuleViolation, /revise it instead/);
    });
  });

  describe('the responsible worker', () => {
    it('should be one professional of a public service, or a pair, and its change needs a reason', () => {
      given([opened])
        .when(naming([{ professionalId: 'w-terhi' }]))
        .then([named]);
      given([opened])
        .when(naming([terhi, terhi, terhi]))
        .thenThrows(DomainRuleViolation, /or a pair/);
      given([opened])
        .when(naming([terhi, terhi]))
        .thenThrows(DomainRuleViolation, /two different professionals/);
      given([opened, named])
        .when(naming([olli]))
        .thenThrows(DomainRuleViolation, /needs a reason/);
      given([opened, named])
        .when(naming([terhi, olli], { reason: 'family wants the school involved' }))
        .then([
          {
            type: 'ResponsibleWorkersNamed',
            data: {
              workers: [terhi, olli],
              previous: ['w-terhi'],
              reason: 'family wants the school involved',
              namedAt: now,
              namedByFamily: true,
              consentId: 'k-1',
            },
          },
        ]);
      // After the plan is agreed, a change of responsible worker is a new revision of the plan as well, under its consent.
      given([opened, attended, signed, named, agreed])
        .when(naming([olli], { reason: 'Terhi moves' }))
        .then([
          {
            type: 'ResponsibleWorkersNamed',
            data: { workers: [olli], previous: ['w-terhi'], reason: 'Terhi moves', namedAt: now, namedByFamily: true, consentId: 'k-1' },
          },
          planRevised({ responsibleWorkers: [olli], reason: 'responsible worker changed: Terhi moves' }),
        ]);
      // Named again as they are, nothing changes: no reason is asked, nothing is recorded.
      given([opened, named])
        .when(naming([terhi]))
        .thenNothingHappens();
      given([opened, attended, signed, named, agreed])
        .when(naming([{ professionalId: 'w-terhi' }]))
        .thenNothingHappens();
    });

    it("should be a professional the directory knows, recorded as it knows them: the caller's name, organisation and public-service flag are not relied on", () => {
      given([opened])
        .when(naming([{ professionalId: 'w-terhi', name: 'T', organisation: 'family', publicService: false }]))
        .then([named]);
      given([opened])
        .when(naming([{ professionalId: 'mummo-liisa', name: 'Mummo Liisa', organisation: 'family', publicService: true }]))
        .thenThrows(DomainRuleViolation, /mummo-liisa is not a professional in the staff directory/);
    });

    it('should be of a public service as the directory says, whatever the caller says', () => {
      const parishConsent = fact('ConsentGranted', {
        consentId: 'k-p',
        scopes: [{ kind: 'person', value: 'p-parish', share: ['joint-plan'] }],
        validUntil: '2027-06-01T00:00:00.000Z',
      });
      given([opened])
        .when(naming([{ professionalId: 'p-parish', publicService: true }], { access: access(convened, parishConsent) }))
        .thenThrows(DomainRuleViolation, /Parish worker \(Parish, parish family work\) is not from a public service/);
    });

    it('should be covered by a consent of the family in force, and the naming records which (409 otherwise)', () => {
      given([opened])
        .when(naming([{ professionalId: 'p-veera' }]))
        .thenThrows(DomainRuleViolation, /Veera Varhaiskasvattaja \(Päiväkoti Satakieli\): no consent of the family in force covers them/);
      given([opened])
        .when(naming([{ professionalId: 'p-veera' }], { access: access(convened, expiredK3) }))
        .thenThrows(DomainRuleViolation, /no consent of the family in force/);
      given([opened])
        .when(naming([terhi], { access: access(convened, consentK1, withdrawnK1) }))
        .thenThrows(DomainRuleViolation, /no consent of the family in force covers them/);
      given([opened])
        .when(naming([{ professionalId: 'p-veera' }], { access: access(convened, consentK1, consentK2) }))
        .then([
          {
            type: 'ResponsibleWorkersNamed',
            data: {
              workers: [
                { professionalId: 'p-veera', name: 'Veera Varhaiskasvattaja', organisation: 'Päiväkoti Satakieli', publicService: true },
              ],
              previous: [],
              namedAt: now,
              namedByFamily: true,
              consentId: 'k-2',
            },
          },
        ]);
      // A pair rests on one consent that covers both.
      given([opened])
        .when(naming([terhi, { professionalId: 'p-veera' }], { access: access(convened, consentK1, consentK2) }))
        .thenThrows(DomainRuleViolation, /no one consent of the family in force covers both/);
      expect(refusal([opened], naming([{ professionalId: 'p-veera' }]))).toEqual({
        rule: 'responsible-worker-not-covered-by-consent',
        kind: 'conflict',
      });
      expect(refusal([opened], naming([{ professionalId: 'mummo-liisa' }]))).toEqual({
        rule: 'responsible-worker-unknown',
        kind: 'unprocessable',
      });
    });

    it('should check the consent the family names them under', () => {
      given([opened])
        .when(naming([olli], { consentId: 'k-1' }))
        .then([
          { type: 'ResponsibleWorkersNamed', data: { workers: [olli], previous: [], namedAt: now, namedByFamily: true, consentId: 'k-1' } },
        ]);
      given([opened])
        .when(naming([olli], { consentId: 'k-404' }))
        .thenThrows(DomainRuleViolation, /no consent k-404/);
      given([opened])
        .when(naming([olli], { consentId: 'k-2', access: access(convened, consentK1, consentK2) }))
        .thenThrows(DomainRuleViolation, /consent k-2 does not cover Olli Opettaja/);
      given([opened])
        .when(naming([olli], { consentId: 'k-1', access: access(convened, consentK1, withdrawnK1) }))
        .thenThrows(DomainRuleViolation, /consent k-1 is withdrawn/);
    });

    it('should carry its consent into the plan; a naming recorded before v2 (no consent) reads as named by the family', () => {
      given([opened, attended, signed, named]).when(cmd('AgreePlan', { plan })).then([agreed]);
      const v1: MeetingEvent = {
        type: 'ResponsibleWorkersNamed',
        data: MEETING_UPCASTERS.ResponsibleWorkersNamed[1]({ workers: [terhi], previous: [], namedAt: now }) as never,
      };
      expect(v1.data).toEqual({ workers: [terhi], previous: [], namedAt: now, namedByFamily: true });
      const { consentId: _none, ...agreedWithoutConsent } = agreed.data as { consentId?: string };
      given([opened, attended, signed, v1])
        .when(cmd('AgreePlan', { plan }))
        .then([{ type: 'PlanAgreed', data: agreedWithoutConsent } as MeetingEvent]);
    });
  });

  describe('closing', () => {
    const report = {
      organizer: 'Kangasala child health clinic',
      referred: true,
      referredTo: 'family counselling',
      referredToAssessmentOrSocialWork: false,
      familyGotHelp: 'partly' as const,
    };

    it('should close with the joint evaluation and exactly one report record, with the participating sectors', () => {
      given([opened, attended, signed, named, agreed])
        .when(cmd('CloseMeeting', { allMattersCovered: true, report }))
        .then([closedFirst, reportOfFirst(report, ['child health clinic', 'school'])]);
      const closed = closedFirst;
      given([opened, attended, signed, named, agreed, closed])
        .when(cmd('CloseMeeting', { allMattersCovered: true, report }))
        .thenThrows(DomainRuleViolation, /the meeting is closed/);
    });

    it('should name its meeting in the report record and carry the latest star score of each area per child and rater (issue 18)', () => {
      const rated = (
        child: number | 'unknown',
        ratedBy: 'family' | 'worker' | 'unknown',
        ratings: Array<{ area: string; score: number }>,
        configVersion = 'thl-2017-1',
      ): MeetingEvent => ({
        type: 'WellbeingStarRated',
        data: { configVersion, child, ratedBy, ratings, ratedAt: now },
      });
      const star = [
        rated(1, 'family', [
          { area: 'parenting', score: 2 },
          { area: 'self-view', score: 3 },
        ]),
        rated(1, 'worker', [{ area: 'parenting', score: 3 }]),
        rated(1, 'family', [{ area: 'parenting', score: 4 }], 'thl-2017-2'),
      ];
      const closing = (history: MeetingEvent[]) =>
        meetingDecider.decide(
          cmd('CloseMeeting', { allMattersCovered: true, report }),
          history.reduce(meetingDecider.evolve, meetingDecider.initialState()),
        )[1];
      expect(closing([opened, attended, ...star, signed, named, agreed])).toEqual({
        type: 'MeetingReportRecorded',
        data: expect.objectContaining({
          meetingId: 'm-1',
          number: 1,
          startsAt: opened.data.startsAt,
          wellbeingStar: [
            { configVersion: 'thl-2017-1', child: 1, ratedBy: 'worker', scores: { parenting: 3 } },
            { configVersion: 'thl-2017-2', child: 1, ratedBy: 'family', scores: { parenting: 4, 'self-view': 3 } },
          ],
        }),
      });
      // Ratings whose case key was destroyed read as erased: they add no score.
      const erased: MeetingEvent = {
        type: 'WellbeingStarRated',
        data: { configVersion: 'thl-2017-1', child: 1, ratedBy: 'family', ratings: { erased: true } as never, ratedAt: now },
      };
      expect(closing([opened, attended, erased, signed, named, agreed]).data).toMatchObject({ wellbeingStar: [] });
    });

    it('should read a v1 report record with its meeting unknown', () => {
      const v1 = { ...report, kind: 'first', participatingSectors: [], recordedBy: 'w-terhi', recordedAt: now };
      expect(upcastMeetingEvent('MeetingReportRecorded', 1, v1)).toEqual({
        type: 'MeetingReportRecorded',
        data: { ...v1, meetingId: null, number: null, startsAt: null, wellbeingStar: null },
      });
    });

    it('should need an agreed plan and the service of a referral', () => {
      given([opened, attended, signed, named])
        .when(cmd('CloseMeeting', { allMattersCovered: true, report }))
        .thenThrows(DomainRuleViolation, /agreed plan/);
      given([opened, attended, signed, named, agreed])
        .when(cmd('CloseMeeting', { allMattersCovered: false, report: { ...report, referredTo: undefined } }))
        .thenThrows(DomainRuleViolation, /names the service/);
    });
  });

  describe('time order (issue 18): nothing is recorded of a meeting not yet held', () => {
    const at = (time: string) => ({ ...meta, now: time });
    const steps: Array<[string, MeetingCommand, MeetingEvent[]]> = [
      ['attendance', attendance([{ name: 'Mari', role: 'family-member' }]), [opened]],
      ['the consent form', cmd('ConfirmConsentForm', { signedBy: ['Mari'] }), [opened]],
      ['views', cmd('RecordViews', { views: [{ party: 'mother', view: 'tired' }] }), [opened]],
      [
        'the Wellbeing Star',
        cmd('RateWellbeingStar', { configVersion: 'thl-2017-1', config: STAR_V1, ratings: [{ area: 'parenting', score: 4 }] }),
        [opened],
      ],
      ['the responsible worker', naming([terhi]), [opened]],
      ['the plan', cmd('AgreePlan', { plan }), [opened, attended, signed, named]],
      ['a revision', cmd('RevisePlan', { plan, reason: 'x' }), [opened, attended, signed, named, agreed]],
      [
        'the closing',
        cmd('CloseMeeting', {
          allMattersCovered: true,
          report: { organizer: 'Neuvola', referred: false, referredToAssessmentOrSocialWork: false, familyGotHelp: 'yes' },
        }),
        [opened, attended, signed, named, agreed],
      ],
    ];

    it.each(steps)(
      'should refuse %s well before the meeting starts (409 meeting-not-started), and take it from 15 minutes before',
      (_what, command, history) => {
        // The meeting starts at 12:00.
        expect(refusal(history, { ...command, metadata: at('2026-11-25T12:00:00.000Z') })).toEqual({
          rule: 'meeting-not-started',
          kind: 'conflict',
        });
        expect(refusal(history, { ...command, metadata: at('2026-11-26T11:44:59.999Z') })).toEqual({
          rule: 'meeting-not-started',
          kind: 'conflict',
        });
        expect(refusal(history, { ...command, metadata: at('2026-11-26T11:45:00.000Z') })).toBeUndefined();
      },
    );

    it('should say when the record opens', () => {
      given([opened])
        .when({ ...cmd('ConfirmConsentForm', { signedBy: ['Mari'] }), metadata: at('2026-11-26T09:00:00.000Z') })
        .thenThrows(
          DomainRuleViolation,
          /starts at 2026-11-26T12:00:00.000Z; its record opens 15 minutes before \(2026-11-26T11:45:00.000Z\)/,
        );
    });
  });

  describe('a follow-up meeting (issue 18)', () => {
    /** The first meeting left revision 2 in force: Terhi responsible under consent k-1. */
    const inForce: PlanInForce = { meetingId: 'm-1', meetingNumber: 1, revision: 2, plan, responsibleWorkers: [terhi], consentId: 'k-1' };
    const followUp: MeetingEvent = {
      type: 'MeetingOpened',
      data: { meetingId: 'm-2', kind: 'follow-up', number: 2, startsAt: '2026-11-26T12:00:00.000Z', roomId: 'r-2' },
    };
    const attendedAgain: MeetingEvent = {
      type: 'AttendanceRecorded',
      data: { participants: [{ name: 'Mari', role: 'family-member' }], childTookPart: false },
    };
    const report = { organizer: 'Neuvola', referred: false, referredToAssessmentOrSocialWork: false, familyGotHelp: 'partly' as const };
    const nextContactAt = '2026-12-21T10:00:00.000Z';
    const confirm = (planOfOtherMeetings?: PlanInForce) =>
      cmd('ConfirmPlan', { nextContactAt, ...(planOfOtherMeetings ? { planOfOtherMeetings } : {}) });
    /** A revision at this meeting: revision 3 of the case, replacing the first meeting's revision 2 (unless `data` says otherwise). */
    const revisedHere = (data: Partial<PlanRevisedData>) =>
      planRevised({ meetingId: 'm-2', revision: 3, revises: { meetingId: 'm-1', revision: 2 }, ...data });
    const confirmed = revisedHere({ plan: { ...plan, nextContactAt }, confirmed: true });

    it('should start from the plan in force: the family confirms it, with the next contact the meeting agrees, without a new consent form or workers', () => {
      given([followUp, attendedAgain]).when(confirm(inForce)).then([confirmed]);
      given([followUp])
        .when(confirm(inForce))
        .thenThrows(DomainRuleViolation, /record who attended/);
      given([followUp, attendedAgain, confirmed])
        .when(confirm(inForce))
        .thenThrows(DomainRuleViolation, /already confirmed the plan at this meeting/);
      expect(refusal([followUp, attendedAgain], confirm())).toEqual({ rule: 'plan-not-agreed', kind: 'conflict' });
      // At the meeting that agreed it, there is nothing to confirm.
      expect(refusal([opened, attended, signed, named, agreed], confirm())).toEqual({ rule: 'plan-agreed-here', kind: 'conflict' });
    });

    it('should refuse a whole new plan while one is in force: confirm or revise it (409 plan-in-force)', () => {
      expect(refusal([followUp, attendedAgain], cmd('AgreePlan', { plan, planOfOtherMeetings: inForce }))).toEqual({
        rule: 'plan-in-force',
        kind: 'conflict',
      });
      // With no plan in force anywhere (the first meeting agreed none), it is agreed as at a first meeting.
      given([followUp, attendedAgain, signed, { ...named }])
        .when(cmd('AgreePlan', { plan }))
        .then([{ type: 'PlanAgreed', data: { ...(agreed.data as object), meetingId: 'm-2' } } as MeetingEvent]);
    });

    it('should revise the plan in force as a new revision of the case, naming the revision it replaces', () => {
      const changed = { ...plan, matters: ['sleep', 'school mornings'] };
      given([followUp, attendedAgain])
        .when(cmd('RevisePlan', { plan: changed, reason: 'mornings still hard', planOfOtherMeetings: inForce }))
        .then([revisedHere({ plan: changed, reason: 'mornings still hard' })]);
      // Revised after a confirmation at the same meeting: it builds on this meeting's own revision.
      given([followUp, attendedAgain, confirmed])
        .when(cmd('RevisePlan', { plan: changed, reason: 'one more action', planOfOtherMeetings: inForce }))
        .then([revisedHere({ revision: 4, plan: changed, reason: 'one more action', revises: { meetingId: 'm-2', revision: 3 } })]);
      given([followUp])
        .when(cmd('RevisePlan', { plan: changed, reason: 'x', planOfOtherMeetings: inForce }))
        .thenThrows(DomainRuleViolation, /record who attended/);
    });

    it('should carry the responsible workers over; a change needs its reason, and previous names who held it', () => {
      given([followUp, attendedAgain])
        .when(naming([olli], { planOfOtherMeetings: inForce }))
        .thenThrows(DomainRuleViolation, /needs a reason \(held now by Terhi Terveydenhoitaja\)/);
      expect(refusal([followUp], naming([olli], { planOfOtherMeetings: inForce }))).toEqual({
        rule: 'change-reason',
        kind: 'unprocessable',
      });
      given([followUp, attendedAgain])
        .when(naming([olli], { reason: 'the school takes over', planOfOtherMeetings: inForce }))
        .then([
          {
            type: 'ResponsibleWorkersNamed',
            data: {
              workers: [olli],
              previous: ['w-terhi'],
              reason: 'the school takes over',
              namedAt: now,
              namedByFamily: true,
              consentId: 'k-1',
            },
          },
          revisedHere({ responsibleWorkers: [olli], reason: 'responsible worker changed: the school takes over' }),
        ]);
      // The family names the same worker again: they carry over, nothing is recorded.
      given([followUp, attendedAgain])
        .when(naming([terhi], { planOfOtherMeetings: inForce }))
        .thenNothingHappens();
    });

    it('should confirm the plan after a change of worker with the new worker in it', () => {
      const changedWorker: MeetingEvent[] = [
        {
          type: 'ResponsibleWorkersNamed',
          data: { workers: [olli], previous: ['w-terhi'], reason: 'x', namedAt: now, namedByFamily: true, consentId: 'k-1' },
        },
        revisedHere({ responsibleWorkers: [olli], reason: 'responsible worker changed: x' }),
      ];
      given([followUp, attendedAgain, ...changedWorker])
        .when(confirm(inForce))
        .then([
          revisedHere({
            revision: 4,
            plan: { ...plan, nextContactAt },
            responsibleWorkers: [olli],
            revises: { meetingId: 'm-2', revision: 3 },
            confirmed: true,
          }),
        ]);
    });

    it('should close on the plan in force, with its report record as a follow-up meeting; only once held', () => {
      given([followUp, attendedAgain])
        .when(cmd('CloseMeeting', { allMattersCovered: true, report, planOfOtherMeetings: inForce }))
        .then([
          {
            type: 'MeetingClosed',
            data: { meetingId: 'm-2', kind: 'follow-up', number: 2, allMattersCovered: true, ...closedWithYesNo, closedAt: now },
          },
          {
            type: 'MeetingReportRecorded',
            data: {
              meetingId: 'm-2',
              number: 2,
              startsAt: followUp.data.startsAt,
              wellbeingStar: [],
              ...report,
              kind: 'follow-up',
              participatingSectors: [],
              recordedBy: 'w-terhi',
              recordedAt: now,
            },
          },
        ]);
      expect(refusal([followUp], cmd('CloseMeeting', { allMattersCovered: true, report, planOfOtherMeetings: inForce }))).toEqual({
        rule: 'attendance-first',
        kind: 'conflict',
      });
      expect(refusal([followUp, attendedAgain], cmd('CloseMeeting', { allMattersCovered: true, report }))).toEqual({
        rule: 'plan-before-closing',
        kind: 'conflict',
      });
    });

    it('should leave the plan to the later meeting once it has taken it on: the earlier one no longer changes it', () => {
      const takenOn: PlanInForce = { ...inForce, meetingId: 'm-2', meetingNumber: 2, revision: 3 };
      const history = [opened, attended, signed, named, agreed];
      expect(refusal(history, cmd('RevisePlan', { plan, reason: 'late change', planOfOtherMeetings: takenOn }))).toEqual({
        rule: 'plan-taken-on-by-later-meeting',
        kind: 'conflict',
      });
      expect(refusal(history, naming([olli], { reason: 'x', planOfOtherMeetings: takenOn }))).toEqual({
        rule: 'plan-taken-on-by-later-meeting',
        kind: 'conflict',
      });
      // Closing it is still possible: it changes no plan.
      expect(refusal(history, cmd('CloseMeeting', { allMattersCovered: true, report, planOfOtherMeetings: takenOn }))).toBeUndefined();
    });
  });

  describe('the plan in force across the case (planInForceOf)', () => {
    const meeting = (meetingId: string, number: number, ...events: MeetingEvent[]): MeetingEvent[] => [
      { type: 'MeetingOpened', data: { meetingId, kind: number === 1 ? 'first' : 'follow-up', number, startsAt: now, roomId: 'r' } },
      ...events,
    ];
    const revised = (meetingId: string, revision: number, workers: ResponsibleWorker[]) =>
      planRevised({
        meetingId,
        revision,
        responsibleWorkers: workers,
        reason: 'r',
        revises: { meetingId, revision: revision - 1 },
        revisedBy: 'w',
      });

    it('should be the latest revision of the highest-numbered meeting that has a plan', () => {
      const first = meeting('m-1', 1, named, agreed, revised('m-1', 2, [terhi]));
      const second = meeting('m-2', 2, revised('m-2', 3, [olli]));
      expect(planInForceOf([second, first])).toEqual({
        meetingId: 'm-2',
        meetingNumber: 2,
        revision: 3,
        plan,
        responsibleWorkers: [olli],
        consentId: 'k-1',
      });
      expect(planInForceOf([first, meeting('m-2', 2)])).toEqual({
        meetingId: 'm-1',
        meetingNumber: 1,
        revision: 2,
        plan,
        responsibleWorkers: [terhi],
        consentId: 'k-1',
      });
      expect(planInForceOf([meeting('m-1', 1)])).toBeUndefined();
    });

    it('should read a follow-up meeting stored before issue 18 (a whole new plan, revision 1) as the plan in force', () => {
      const oldFollowUp = meeting(
        'm-2',
        2,
        { ...named, data: { ...(named.data as object), workers: [olli] } } as MeetingEvent,
        { ...agreed, data: { ...(agreed.data as object), meetingId: 'm-2', responsibleWorkers: [olli] } } as MeetingEvent,
      );
      expect(planInForceOf([meeting('m-1', 1, named, agreed, revised('m-1', 2, [terhi])), oldFollowUp])).toMatchObject({
        meetingId: 'm-2',
        revision: 1,
        responsibleWorkers: [olli],
      });
    });
  });

  describe('stored versions', () => {
    it('should read a v1 revision as revising its own meeting with a reason, and a v1 closure without its meeting', () => {
      const v1 = { meetingId: 'm-1', revision: 3, plan, responsibleWorkers: [terhi], reason: 'away', revisedBy: 'w', revisedAt: now };
      expect(upcastMeetingEvent('PlanRevised', 1, v1)).toEqual({
        type: 'PlanRevised',
        data: { ...v1, confirmed: false, revises: { meetingId: 'm-1', revision: 2 } },
      });
      expect(MEETING_UPCASTERS.MeetingClosed[1]({ allMattersCovered: true, closedAt: now })).toEqual({
        allMattersCovered: true,
        closedAt: now,
      });
      expect(upcastMeetingEvent('PlanRevised', 2, { x: 1 })).toEqual({ type: 'PlanRevised', data: { x: 1 } });
    });
  });
});
