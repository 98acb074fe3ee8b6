import { DomainRuleViolation, type CommandMetadata } from '@perheverkko/decider';
import { deciderSpec } from '@perheverkko/decider/testing';
import { meetingDecider, type JointPlan, type MeetingCommand, type MeetingEvent, type ResponsibleWorker } from './meeting.decider';

const now = '2026-11-26T13:30:00.000Z';
const meta: CommandMetadata = { commandId: 'c', caseId: 'case-1', correlationId: 'k', actor: { id: 'w-terhi', role: 'professional', organisation: 'Neuvola' }, now };
const cmd = <T extends MeetingCommand['type']>(type: T, data: Extract<MeetingCommand, { type: T }>['data']) => ({ type, data, metadata: meta }) as MeetingCommand;

const opened: MeetingEvent = { type: 'MeetingOpened', data: { meetingId: 'm-1', kind: 'first', number: 1, startsAt: '2026-11-26T12:00:00.000Z', roomId: 'r-2' } };
const attended: MeetingEvent = {
  type: 'AttendanceRecorded',
  data: {
    participants: [
      { name: 'Mari', role: 'family-member' },
      { name: 'Olli', role: 'professional', organisation: 'Koulu', sector: 'school', professionalId: 'p-olli' },
      { name: 'Terhi', role: 'professional', organisation: 'Neuvola', sector: 'child health clinic', professionalId: 'w-terhi' },
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
const terhi: ResponsibleWorker = { professionalId: 'w-terhi', name: 'Terhi', organisation: 'Neuvola', publicService: true };
const named: MeetingEvent = { type: 'ResponsibleWorkersNamed', data: { workers: [terhi], previous: [], namedAt: now } };
const agreed: MeetingEvent = { type: 'PlanAgreed', data: { meetingId: 'm-1', revision: 1, plan, responsibleWorkers: [terhi], agreedBy: 'w-terhi', agreedAt: now } };
const given = deciderSpec(meetingDecider);

describe('the joint meeting', () => {
  it("should open once from convening's schedule, however often it is delivered", () => {
    const open = cmd('OpenMeeting', opened.data as Extract<MeetingCommand, { type: 'OpenMeeting' }>['data']);
    given([]).when(open).then([opened]);
    given([opened]).when(open).thenNothingHappens();
  });

  it('should note who convened it, privately, so the convener may run it where convening is another process', () => {
    const open = cmd('OpenMeeting', { ...(opened.data as Extract<MeetingCommand, { type: 'OpenMeeting' }>['data']), convenerId: 'w-terhi' });
    given([]).when(open).then([opened, { type: 'ConvenerNoted', data: { convenerId: 'w-terhi' } }]);
  });

  it('should record attendance with the family present and whether the child took part', () => {
    given([opened]).when(cmd('RecordAttendance', attended.data as never)).then([attended]);
    given([opened]).when(cmd('RecordAttendance', { participants: [{ name: 'Olli', role: 'professional' }], childTookPart: false })).thenThrows(DomainRuleViolation, /at least one family member/);
  });

  it('should rate the Wellbeing Star only with the areas and scale of the version it names', () => {
    given([opened]).when(cmd('RateWellbeingStar', { configVersion: 'thl-2017-1', ratings: [{ area: 'parenting', score: 4 }] })).then([
      { type: 'WellbeingStarRated', data: { configVersion: 'thl-2017-1', ratings: [{ area: 'parenting', score: 4 }], ratedAt: now } },
    ]);
    given([opened]).when(cmd('RateWellbeingStar', { configVersion: 'thl-2017-1', ratings: [{ area: 'parenting', score: 7 }] })).thenThrows(DomainRuleViolation, /score is 1–5/);
    given([opened]).when(cmd('RateWellbeingStar', { configVersion: 'thl-2017-1', ratings: [{ area: 'income', score: 3 }] })).thenThrows(DomainRuleViolation, /not an area/);
    given([opened]).when(cmd('RateWellbeingStar', { configVersion: 'v9', ratings: [] })).thenThrows(DomainRuleViolation, /unknown Wellbeing Star version/);
  });

  describe('the joint plan', () => {
    it('should be agreed only after attendance, the signed consent form and the responsible worker, following the template', () => {
      given([opened, attended, signed, named]).when(cmd('AgreePlan', { plan })).then([agreed]);
      given([opened, signed, named]).when(cmd('AgreePlan', { plan })).thenThrows(DomainRuleViolation, /who attended/);
      given([opened, attended, named]).when(cmd('AgreePlan', { plan })).thenThrows(DomainRuleViolation, /consent" form first/);
      given([opened, attended, signed]).when(cmd('AgreePlan', { plan })).thenThrows(DomainRuleViolation, /names its responsible worker/);
    });

    it.each<[string, Partial<JointPlan>, RegExp]>([
      ['no matters', { matters: [] }, /concrete matter/],
      ['no actions', { actions: [] }, /what is done next/],
      ['an action without who', { actions: [{ arena: 'home', what: 'x', who: ' ', by: '2026-12-01' }] }, /who does it and by when/],
      ['an action elsewhere without where', { actions: [{ arena: 'elsewhere', what: 'x', who: 'y', by: '2026-12-01' }] }, /say where/],
      ['no way for the family to reach the worker', { followUp: { workerContactsFamily: 'phone', familyContactsWorker: '' } }, /how the family contacts the worker/],
    ])('should refuse a plan with %s', (_what, change, reason) => {
      given([opened, attended, signed, named]).when(cmd('AgreePlan', { plan: { ...plan, ...change } })).thenThrows(DomainRuleViolation, reason);
    });

    it('should keep every later change as a new revision with who changed it and why', () => {
      const changed = { ...plan, nextContactAt: '2026-12-14T10:00:00.000Z' };
      given([opened, attended, signed, named, agreed]).when(cmd('RevisePlan', { plan: changed, reason: 'worker on leave that week' })).then([
        { type: 'PlanRevised', data: { meetingId: 'm-1', revision: 2, plan: changed, responsibleWorkers: [terhi], reason: 'worker on leave that week', revisedBy: 'w-terhi', revisedAt: now } },
      ]);
      given([opened, attended, signed, named, agreed]).when(cmd('AgreePlan', { plan })).thenThrows(DomainRuleViolation, /revise it instead/);
    });
  });

  describe('the responsible worker', () => {
    it('should be one professional of a public service, or a pair, and its change needs a reason', () => {
      given([opened]).when(cmd('NameResponsibleWorkers', { workers: [terhi] })).then([named]);
      given([opened]).when(cmd('NameResponsibleWorkers', { workers: [{ ...terhi, publicService: false, name: 'Parish worker' }] })).thenThrows(DomainRuleViolation, /not from a public service/);
      given([opened]).when(cmd('NameResponsibleWorkers', { workers: [terhi, terhi, terhi] })).thenThrows(DomainRuleViolation, /or a pair/);
      const olli = { professionalId: 'p-olli', name: 'Olli', organisation: 'Koulu', publicService: true };
      given([opened, named]).when(cmd('NameResponsibleWorkers', { workers: [olli] })).thenThrows(DomainRuleViolation, /needs a reason/);
      given([opened, named]).when(cmd('NameResponsibleWorkers', { workers: [terhi, olli], reason: 'family wants the school involved' })).then([
        { type: 'ResponsibleWorkersNamed', data: { workers: [terhi, olli], previous: ['w-terhi'], reason: 'family wants the school involved', namedAt: now } },
      ]);
      // After the plan is agreed, a change of responsible worker is a new revision of the plan as well.
      given([opened, attended, signed, named, agreed]).when(cmd('NameResponsibleWorkers', { workers: [olli], reason: 'Terhi moves' })).then([
        { type: 'ResponsibleWorkersNamed', data: { workers: [olli], previous: ['w-terhi'], reason: 'Terhi moves', namedAt: now } },
        { type: 'PlanRevised', data: { meetingId: 'm-1', revision: 2, plan, responsibleWorkers: [olli], reason: 'responsible worker changed: Terhi moves', revisedBy: 'w-terhi', revisedAt: now } },
      ]);
    });
  });

  describe('closing', () => {
    const report = { organizer: 'Kangasala child health clinic', referred: true, referredTo: 'family counselling', referredToAssessmentOrSocialWork: false, familyGotHelp: 'partly' as const };

    it('should close with the joint evaluation and exactly one report record, with the participating sectors', () => {
      given([opened, attended, signed, named, agreed]).when(cmd('CloseMeeting', { allMattersCovered: true, report })).then([
        { type: 'MeetingClosed', data: { allMattersCovered: true, closedAt: now } },
        { type: 'MeetingReportRecorded', data: { ...report, kind: 'first', participatingSectors: ['child health clinic', 'school'], recordedBy: 'w-terhi', recordedAt: now } },
      ]);
      const closed: MeetingEvent = { type: 'MeetingClosed', data: { allMattersCovered: true, closedAt: now } };
      given([opened, attended, signed, named, agreed, closed]).when(cmd('CloseMeeting', { allMattersCovered: true, report })).thenThrows(DomainRuleViolation, /the meeting is closed/);
    });

    it('should need an agreed plan and the service of a referral', () => {
      given([opened, attended, signed, named]).when(cmd('CloseMeeting', { allMattersCovered: true, report })).thenThrows(DomainRuleViolation, /agreed plan/);
      given([opened, attended, signed, named, agreed]).when(cmd('CloseMeeting', { allMattersCovered: false, report: { ...report, referredTo: undefined } })).thenThrows(DomainRuleViolation, /names the service/);
    });
  });
});
