import { SHAREABLE_CATEGORIES, visibleHistory, type CaseDataCategory } from '@perheverkko/access-model';
import type { JointPlan, ResponsibleWorker } from '@perheverkko/meeting-domain';
import { meetingView, type SeenMeetingEvent } from './meeting-view';

const at = (hour: number, minute = 0) => `2026-11-26T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00.000Z`;
const everything: ReadonlySet<CaseDataCategory> = new Set([...SHAREABLE_CATEGORIES]);
const terhi: ResponsibleWorker = { professionalId: 'w-terhi', name: 'Terhi', organisation: 'Neuvola', publicService: true };
const olli: ResponsibleWorker = { professionalId: 'p-olli', name: 'Olli', organisation: 'Koulu', publicService: true };
const plan: JointPlan = {
  matters: ['sleep'],
  actions: [{ arena: 'home', what: 'a bedtime routine', who: 'the parents', by: '2026-12-15' }],
  followUp: { workerContactsFamily: 'by phone', familyContactsWorker: 'by message' },
  nextContactAt: '2026-12-15T10:00:00.000Z',
};

/** One joint meeting's record, as its stream holds it once opened: each event with the time it was recorded. */
const held: SeenMeetingEvent[] = [
  { type: 'MeetingOpened', data: { meetingId: 'm-1', kind: 'first', number: 1, startsAt: at(12), roomId: 'r-2' }, occurredAt: at(9) },
  { type: 'ConvenerNoted', data: { convenerId: 'w-terhi' }, occurredAt: at(9) },
  { type: 'MeetingRecordMoved', data: { meetingId: 'm-1', startsAt: at(13), roomId: 'r-3', previousStartsAt: at(12) }, occurredAt: at(10) },
  {
    type: 'AttendanceRecorded',
    data: {
      participants: [
        { name: 'Mari', role: 'family-member' },
        { name: 'Terhi', role: 'professional', organisation: 'Neuvola', sector: 'child health clinic', professionalId: 'w-terhi' },
      ],
      childTookPart: true,
    },
    occurredAt: at(13, 5),
  },
  { type: 'ConsentFormConfirmed', data: { signedBy: ['Mari'], confirmedBy: 'w-terhi', confirmedAt: at(13, 6) }, occurredAt: at(13, 6) },
  { type: 'ViewsRecorded', data: { views: [{ party: 'family', view: 'mornings are hard' }] }, occurredAt: at(13, 10) },
  {
    type: 'WellbeingStarRated',
    data: { configVersion: 'thl-2017-1', child: 1, ratedBy: 'family', ratings: [{ area: 'sleep', score: 2 }], ratedAt: at(13, 20) },
    occurredAt: at(13, 20),
  },
  {
    type: 'CloseWorkerTasksChecked',
    data: { tasks: [{ task: 'time-kept', done: true }], checkedBy: 'w-terhi', checkedAt: at(13, 30) },
    occurredAt: at(13, 30),
  },
  {
    type: 'ResponsibleWorkersNamed',
    data: { workers: [terhi], previous: [], namedAt: at(13, 40), namedByFamily: true, consentId: 'k-1' },
    occurredAt: at(13, 40),
  },
  {
    type: 'PlanAgreed',
    data: { meetingId: 'm-1', revision: 1, plan, responsibleWorkers: [terhi], agreedBy: 'w-terhi', agreedAt: at(13, 50) },
    occurredAt: at(13, 50),
  },
];
const closed: SeenMeetingEvent[] = [
  {
    type: 'MeetingClosed',
    data: {
      meetingId: 'm-1',
      kind: 'first',
      number: 1,
      allMattersCovered: true,
      agenda: [{ item: 'sleep', covered: true }],
      closeWorkerTasks: [{ task: 'time-kept', status: 'done' }],
      evaluationNote: 'a good start',
      closedAt: at(14),
    },
    occurredAt: at(14),
  },
  {
    type: 'MeetingReportRecorded',
    data: {
      organizer: 'Family centre',
      referred: false,
      referredToAssessmentOrSocialWork: false,
      familyGotHelp: 'too-early',
      meetingId: 'm-1',
      number: 1,
      startsAt: at(13),
      wellbeingStar: [{ configVersion: 'thl-2017-1', child: 1, ratedBy: 'family', scores: { sleep: 2 } }],
      kind: 'first',
      participatingSectors: ['child health clinic'],
      recordedBy: 'w-terhi',
      recordedAt: at(14),
    },
    occurredAt: at(14),
  },
];

const view = (events: SeenMeetingEvent[], readable = everything, withheld: string[] = []) =>
  meetingView({ caseId: 'case-1', meetingId: 'm-1', revision: events.length - 1, events, readable, withheld });

describe('a joint meeting as a person reads it (meetingView)', () => {
  it('should give its time and room, attendance, consent form, views, Wellbeing Star, plan, responsible workers and closing', () => {
    const record = view([...held, ...closed]);
    expect(record).toMatchObject({
      caseId: 'case-1',
      meetingId: 'm-1',
      revision: 11,
      kind: 'first',
      number: 1,
      startsAt: at(13),
      roomId: 'r-3',
      status: 'closed',
      convenerId: 'w-terhi',
      moves: [{ previousStartsAt: at(12), startsAt: at(13), roomId: 'r-3', movedAt: at(10) }],
      cancelledAt: null,
      attendance: { participants: [{ name: 'Mari' }, { professionalId: 'w-terhi' }], childTookPart: true, recordedAt: at(13, 5) },
      consentForm: { signedBy: ['Mari'], confirmedBy: 'w-terhi', confirmedAt: at(13, 6) },
      views: [{ views: [{ party: 'family', view: 'mornings are hard' }], recordedAt: at(13, 10) }],
      wellbeingStar: [{ configVersion: 'thl-2017-1', child: 1, ratedBy: 'family', ratings: [{ area: 'sleep', score: 2 }] }],
      plan: {
        ...plan,
        revision: 1,
        change: 'agreed',
        decidedBy: 'w-terhi',
        decidedAt: at(13, 50),
        reason: null,
        revises: null,
        consentId: null,
      },
      planRevisions: [{ revision: 1, change: 'agreed', decidedAt: at(13, 50) }],
      responsibleWorkers: [terhi],
      // The plan names the workers the family named under k-1: they stay named under it.
      responsibleWorkersConsentId: 'k-1',
      closing: {
        allMattersCovered: true,
        agenda: [{ item: 'sleep', covered: true }],
        closeWorkerTasks: [{ task: 'time-kept', status: 'done' }],
        evaluationNote: 'a good start',
        closedAt: at(14),
      },
      report: { organizer: 'Family centre', familyGotHelp: 'too-early', recordedBy: 'w-terhi' },
      withheld: [],
    });
    expect(record.closeWorkerTasks.find((t) => t.task === 'time-kept')).toMatchObject({ done: true, checkedBy: 'w-terhi' });
    expect(record.closeWorkerTasks.find((t) => t.task === 'introduction-round')).toMatchObject({ done: null });
  });

  it('should follow the plan to its latest revision, with the workers that revision names', () => {
    const revised = view([
      ...held,
      {
        type: 'PlanRevised',
        data: {
          meetingId: 'm-1',
          revision: 2,
          plan: { ...plan, matters: ['sleep', 'school mornings'] },
          responsibleWorkers: [olli],
          consentId: 'k-2',
          reason: 'the school joins',
          revises: { meetingId: 'm-1', revision: 1 },
          confirmed: false,
          revisedBy: 'w-terhi',
          revisedAt: at(13, 55),
        },
        occurredAt: at(13, 55),
      },
    ]);
    expect(revised).toMatchObject({
      status: 'open',
      plan: { revision: 2, change: 'revised', matters: ['sleep', 'school mornings'], reason: 'the school joins' },
      planRevisions: [{ revision: 1 }, { revision: 2, revises: { meetingId: 'm-1', revision: 1 } }],
      responsibleWorkers: [olli],
      responsibleWorkersConsentId: 'k-2',
      closing: null,
      report: null,
    });
  });

  it('should read a meeting called off before it was held as cancelled', () => {
    expect(
      view([held[0], { type: 'MeetingRecordCancelled', data: { meetingId: 'm-1', cancelledAt: at(11) }, occurredAt: at(11) }]),
    ).toMatchObject({ status: 'cancelled', cancelledAt: at(11), attendance: null, plan: null, responsibleWorkers: [] });
  });

  it('should leave out the plan and the responsible workers, and the identity fields, for a caller who does not read them', () => {
    const readable: ReadonlySet<CaseDataCategory> = new Set(['concern', 'meeting-record']);
    // As the service shows it: what the caller may see of the stream (visibleTo), then folded.
    const shown = visibleHistory([...held, ...closed], readable);
    const partial = meetingView({
      caseId: 'case-1',
      meetingId: 'm-1',
      revision: 11,
      events: shown.events,
      readable,
      withheld: shown.withheld,
    });
    for (const part of ['plan', 'planRevisions', 'responsibleWorkers', 'responsibleWorkersConsentId'])
      expect(partial).not.toHaveProperty(part);
    // Every category the caller does not read, whether or not anything of it was recorded.
    expect(partial.withheld).toEqual(['identity', 'routing', 'consents', 'joint-plan', 'follow-up']);
    expect(partial.attendance).toMatchObject({ participants: { withheld: 'identity' }, childTookPart: true });
    expect(partial.consentForm).toMatchObject({ signedBy: { withheld: 'identity' } });
    expect(partial).toMatchObject({ revision: 11, status: 'closed', views: [{ views: [{ party: 'family' }] }] });
  });

  it('should say the joint plan is withheld even when none has been agreed', () => {
    expect(view(held.slice(0, 3), new Set(['meeting-record', 'identity'])).withheld).toEqual(['joint-plan']);
  });
});
