import { DomainRuleViolation, fold } from '@perheverkko/decider';
import { commandsOf, deciderSpec, refusalBy, specMetadata } from '@perheverkko/decider/testing';
import { caseChildrenDecider, type CaseChildrenCommand } from './case-children';
import { CLOSE_WORKER_TASK_KEYS } from './close-worker-tasks';
import {
  MEETING_PERSONAL_FIELDS,
  MEETING_UPCASTERS,
  meetingDecider,
  upcastMeetingEvent,
  type JointPlan,
  type MeetingCommand,
  type MeetingEvent,
  type PlanInForce,
  type ReportRecord,
} from './meeting.decider';
import { opened, terhi } from './meeting.fixtures';
import { ReferenceBook } from '@perheverkko/reference-data';

/**
 * Issue 18, the steps the seeds name at the joint meeting: the Wellbeing Star with its sub-items, the child it
 * concerns and who rated (seed 002); the close worker's tasks as a checklist (seed 002); the closing check per
 * agenda item (seed 003). Older stored events read with these unknown.
 */
const now = '2026-11-26T13:30:00.000Z';
const meta = specMetadata(now);
const cmd = commandsOf<MeetingCommand>(meta);
const given = deciderSpec(meetingDecider);

const attended: MeetingEvent = {
  type: 'AttendanceRecorded',
  data: { participants: [{ name: 'Mari', role: 'family-member' }], childTookPart: true },
};
const plan: JointPlan = {
  matters: ['tired every morning'],
  actions: [{ arena: 'home', what: 'bedtime at 20:30', who: 'Mari', by: '2026-12-10' }],
  followUp: { workerContactsFamily: 'phone call every other Monday', familyContactsWorker: 'text message to the clinic' },
  nextContactAt: '2026-12-07T10:00:00.000Z',
};
const agreed: MeetingEvent = {
  type: 'PlanAgreed',
  data: { meetingId: 'm-1', revision: 1, plan, responsibleWorkers: [terhi], consentId: 'k-1', agreedBy: 'w-terhi', agreedAt: now },
};
const report: ReportRecord = { organizer: 'Neuvola', referred: false, referredToAssessmentOrSocialWork: false, familyGotHelp: 'too-early' };

/** The rule a refusal names, and whether it is a conflict (409) or unprocessable (422). */
const refusal = refusalBy(meetingDecider);

describe('the Wellbeing Star: sub-items, the child it concerns, who rated', () => {
  const twoChildren = { childCount: 2 };
  /** The versions as shipped in the reference data: the service hands the decider the version a rating names. */
  const book = ReferenceBook.baseline('national');
  const rate = (data: Partial<Extract<MeetingCommand, { type: 'RateWellbeingStar' }>['data']>) => {
    const configVersion = data.configVersion ?? 'thl-2017-2';
    return cmd('RateWellbeingStar', {
      configVersion,
      config: book.starConfig(configVersion),
      ratings: [{ area: 'parenting', score: 3 }],
      ratedBy: 'family',
      caseChildren: twoChildren,
      child: 2,
      ...data,
    });
  };

  it('should rate the sub-items seed 002 lists for an area, for the child named, as the family or the worker rated', () => {
    const ratings = [
      {
        area: 'parenting',
        score: 3,
        subItems: [
          { subItem: 'parenting-strengths', score: 4 },
          { subItem: 'parent-understands-child', score: 2, note: 'väsynyt' },
        ],
      },
      { area: 'social-wellbeing', score: 4, subItems: [{ subItem: 'services', score: 5 }] },
      { area: 'self-view', score: 4 },
    ];
    given([opened])
      .when(rate({ ratings }))
      .then([{ type: 'WellbeingStarRated', data: { configVersion: 'thl-2017-2', child: 2, ratedBy: 'family', ratings, ratedAt: now } }]);
    given([opened])
      .when(rate({ ratings, ratedBy: 'worker', child: 1 }))
      .then([{ type: 'WellbeingStarRated', data: { configVersion: 'thl-2017-2', child: 1, ratedBy: 'worker', ratings, ratedAt: now } }]);
  });

  it('should keep the configuration as data: every area of thl-2017-2 is an area of thl-2017-1, so ratings compare area by area', () => {
    const [older, newer] = [book.starConfig('thl-2017-1')!, book.starConfig('thl-2017-2')!];
    expect(newer.areas.map((a) => a.key)).toEqual(older.areas.map((a) => a.key));
    expect(newer.scale).toEqual(older.scale);
    expect(newer.areas.filter((a) => a.subItems).map((a) => [a.key, a.subItems?.length])).toEqual([
      ['health-growth-development', 3],
      ['parenting', 4],
      ['social-wellbeing', 3],
    ]);
  });

  it.each<[string, string, Partial<Extract<MeetingCommand, { type: 'RateWellbeingStar' }>['data']>, RegExp]>([
    [
      'a sub-item of another area',
      'star-sub-item',
      { ratings: [{ area: 'parenting', score: 3, subItems: [{ subItem: 'family-history', score: 3 }] }] },
      /family-history is not a sub-item of parenting in thl-2017-2; its sub-items are parenting-strengths, /,
    ],
    [
      'a sub-item of an area that has none',
      'star-sub-item',
      { ratings: [{ area: 'self-view', score: 3, subItems: [{ subItem: 'services', score: 3 }] }] },
      /that area has no sub-items/,
    ],
    [
      'sub-items under a version without them',
      'star-sub-item',
      { configVersion: 'thl-2017-1', ratings: [{ area: 'parenting', score: 3, subItems: [{ subItem: 'parenting-strengths', score: 3 }] }] },
      /not a sub-item of parenting in thl-2017-1/,
    ],
    [
      'a sub-item off the scale',
      'star-scale',
      { ratings: [{ area: 'parenting', score: 3, subItems: [{ subItem: 'parenting-strengths', score: 6 }] }] },
      /parenting \/ parenting-strengths: the score is 1–5/,
    ],
    [
      'a sub-item rated twice',
      'star-sub-item-once',
      {
        ratings: [
          {
            area: 'parenting',
            score: 3,
            subItems: [
              { subItem: 'parenting-strengths', score: 3 },
              { subItem: 'parenting-strengths', score: 4 },
            ],
          },
        ],
      },
      /rated twice/,
    ],
    [
      'an area rated twice',
      'star-area-once',
      {
        ratings: [
          { area: 'parenting', score: 3 },
          { area: 'parenting', score: 4 },
        ],
      },
      /parenting is rated twice/,
    ],
  ])('should refuse %s (422 %s)', (_what, rule, data, message) => {
    expect(refusal([opened], rate(data))).toEqual({ rule, kind: 'unprocessable' });
    given([opened]).when(rate(data)).thenThrows(DomainRuleViolation, message);
  });

  it('should refuse a child the case does not have (409 star-child-not-in-case)', () => {
    expect(refusal([opened], rate({ child: 3 }))).toEqual({ rule: 'star-child-not-in-case', kind: 'conflict' });
    given([opened])
      .when(rate({ child: 3 }))
      .thenThrows(DomainRuleViolation, /child 3 is not a child of this case: it concerns 2 children \(1–2\)/);
    given([opened])
      .when(rate({ child: 2, caseChildren: { childCount: 1 } }))
      .thenThrows(DomainRuleViolation, /it concerns one child \(child 1\)/);
  });

  it('should take the only child when none is named, and record unknowns it cannot know rather than guess', () => {
    const ratings = [{ area: 'parenting', score: 3 }];
    given([opened])
      .when(rate({ child: undefined, caseChildren: { childCount: 1 } }))
      .then([{ type: 'WellbeingStarRated', data: { configVersion: 'thl-2017-2', child: 1, ratedBy: 'family', ratings, ratedAt: now } }]);
    // Several children and none named (an older client): which one is not known.
    given([opened])
      .when(rate({ child: undefined }))
      .then([
        { type: 'WellbeingStarRated', data: { configVersion: 'thl-2017-2', child: 'unknown', ratedBy: 'family', ratings, ratedAt: now } },
      ]);
    // Meeting has not (yet) noted the case's children, or the registration did not say: the number given is taken.
    given([opened])
      .when(rate({ child: 4, caseChildren: undefined }))
      .then([{ type: 'WellbeingStarRated', data: { configVersion: 'thl-2017-2', child: 4, ratedBy: 'family', ratings, ratedAt: now } }]);
    given([opened])
      .when(rate({ child: undefined, caseChildren: { childCount: null }, ratedBy: undefined }))
      .then([
        { type: 'WellbeingStarRated', data: { configVersion: 'thl-2017-2', child: 'unknown', ratedBy: 'unknown', ratings, ratedAt: now } },
      ]);
  });

  it('should be refused before the meeting, like every step of it', () => {
    expect(refusal([opened], { ...rate({}), metadata: { ...meta, now: '2026-11-25T12:00:00.000Z' } })).toEqual({
      rule: 'meeting-not-started',
      kind: 'conflict',
    });
  });

  it('should read a rating stored as v1 as concerning an unknown child, rated by someone unknown', () => {
    const v1 = { configVersion: 'thl-2017-1', ratings: [{ area: 'parenting', score: 4 }], ratedAt: now };
    expect(upcastMeetingEvent('WellbeingStarRated', 1, v1)).toEqual({
      type: 'WellbeingStarRated',
      data: { ...v1, child: 'unknown', ratedBy: 'unknown' },
    });
    expect(upcastMeetingEvent('WellbeingStarRated', 2, { ...v1, child: 1, ratedBy: 'worker' })).toEqual({
      type: 'WellbeingStarRated',
      data: { ...v1, child: 1, ratedBy: 'worker' },
    });
  });
});

describe("the close worker's tasks at the meeting", () => {
  const tick = (tasks: Array<{ task: string; done: boolean }>, planOfOtherMeetings?: PlanInForce) =>
    cmd('CheckCloseWorkerTasks', { tasks, planOfOtherMeetings });
  const checked = (tasks: Array<{ task: string; done: boolean }>): MeetingEvent => ({
    type: 'CloseWorkerTasksChecked',
    data: { tasks, checkedBy: 'w-terhi', checkedAt: now } as never,
  });

  it('should tick the tasks as they are done, and record nothing when ticked again as they stand', () => {
    given([opened])
      .when(tick([{ task: 'introduction-round', done: true }]))
      .then([checked([{ task: 'introduction-round', done: true }])]);
    given([opened, checked([{ task: 'introduction-round', done: true }])])
      .when(tick([{ task: 'introduction-round', done: true }]))
      .thenNothingHappens();
    given([opened, checked([{ task: 'introduction-round', done: true }])])
      .when(
        tick([
          { task: 'introduction-round', done: true },
          { task: 'time-kept', done: false },
        ]),
      )
      .then([
        checked([
          { task: 'introduction-round', done: true },
          { task: 'time-kept', done: false },
        ]),
      ]);
  });

  it.each<[string, string, Array<{ task: string; done: boolean }>, RegExp]>([
    [
      'a task the checklist does not have',
      'close-worker-task-unknown',
      [{ task: 'made-coffee', done: true }],
      /tasks\[0\]: made-coffee is not a task of the close worker; the tasks are introduction-round, time-kept, feedback-collected, plan-printed-and-handed-over/,
    ],
    [
      'a task ticked twice at once',
      'close-worker-task-once',
      [
        { task: 'time-kept', done: true },
        { task: 'time-kept', done: false },
      ],
      /ticked twice/,
    ],
    ['no task', 'close-worker-tasks-required', [], /at least one task/],
  ])('should refuse %s (422 %s)', (_what, rule, tasks, message) => {
    expect(refusal([opened], tick(tasks))).toEqual({ rule, kind: 'unprocessable' });
    given([opened]).when(tick(tasks)).thenThrows(DomainRuleViolation, message);
  });

  it('should hand over a printed plan only once there is one: agreed here, or the plan in force a follow-up meeting starts from', () => {
    const printed = [{ task: 'plan-printed-and-handed-over', done: true }];
    expect(refusal([opened, attended], tick(printed))).toEqual({ rule: 'plan-before-printing', kind: 'conflict' });
    given([opened, attended, agreed])
      .when(tick(printed))
      .then([checked(printed)]);
    const followUp: MeetingEvent = {
      type: 'MeetingOpened',
      data: { meetingId: 'm-2', kind: 'follow-up', number: 2, startsAt: '2026-11-26T12:00:00.000Z', roomId: 'r-2' },
    };
    const inForce: PlanInForce = { meetingId: 'm-1', meetingNumber: 1, revision: 1, plan, responsibleWorkers: [terhi], consentId: 'k-1' };
    given([followUp])
      .when(tick(printed, inForce))
      .then([checked(printed)]);
    // Not handing it over needs no plan.
    given([opened])
      .when(tick([{ task: 'plan-printed-and-handed-over', done: false }]))
      .then([checked([{ task: 'plan-printed-and-handed-over', done: false }])]);
  });

  it('should carry the checklist into the closing: done, not done, or not recorded', () => {
    const history = [
      opened,
      attended,
      agreed,
      checked([
        { task: 'introduction-round', done: true },
        { task: 'feedback-collected', done: true },
      ]),
      checked([{ task: 'feedback-collected', done: false }]),
    ];
    const [closed] = meetingDecider.decide(
      cmd('CloseMeeting', { agenda: [{ item: 'mornings', covered: true }], report }),
      fold(meetingDecider, history),
    );
    expect(closed).toMatchObject({
      type: 'MeetingClosed',
      data: {
        closeWorkerTasks: [
          { task: 'introduction-round', status: 'done' },
          { task: 'time-kept', status: 'not-recorded' },
          { task: 'feedback-collected', status: 'not-done' },
          { task: 'plan-printed-and-handed-over', status: 'not-recorded' },
        ],
      },
    });
    expect(refusal([...history, closed as MeetingEvent], tick([{ task: 'time-kept', done: true }]))).toEqual({
      rule: 'meeting-closed',
      kind: 'conflict',
    });
  });
});

describe('the closing check per agenda item', () => {
  const close = (data: Partial<Extract<MeetingCommand, { type: 'CloseMeeting' }>['data']>) => cmd('CloseMeeting', { report, ...data });
  const notRecorded = CLOSE_WORKER_TASK_KEYS.map((task) => ({ task, status: 'not-recorded' }));
  const closedData = (data: object) => ({
    meetingId: 'm-1',
    kind: 'first',
    number: 1,
    ...data,
    closeWorkerTasks: notRecorded,
    closedAt: now,
  });

  it('should record each matter and whether it was covered; all matters are covered exactly when every item was', () => {
    const agenda = [
      { item: 'mornings', covered: true },
      { item: 'the school way', covered: false, note: 'next time' },
    ];
    const [closed] = meetingDecider.decide(close({ agenda }), fold(meetingDecider, [opened, attended, agreed]));
    expect(closed).toEqual({ type: 'MeetingClosed', data: closedData({ allMattersCovered: false, agenda }) });
    const [allCovered] = meetingDecider.decide(
      close({ agenda: [agenda[0]], allMattersCovered: true }),
      fold(meetingDecider, [opened, attended, agreed]),
    );
    expect(allCovered).toEqual({ type: 'MeetingClosed', data: closedData({ allMattersCovered: true, agenda: [agenda[0]] }) });
  });

  it("should seal each matter and its note (the family's), and leave whether it was covered countable", () => {
    expect(MEETING_PERSONAL_FIELDS.MeetingClosed).toEqual(['evaluationNote', 'agenda.*.item', 'agenda.*.note']);
  });

  it('should take the yes/no alone from older clients, with the agenda unknown', () => {
    const [closed] = meetingDecider.decide(close({ allMattersCovered: true }), fold(meetingDecider, [opened, attended, agreed]));
    expect(closed).toEqual({ type: 'MeetingClosed', data: closedData({ allMattersCovered: true, agenda: 'unknown' }) });
  });

  it.each<[string, string, Partial<Extract<MeetingCommand, { type: 'CloseMeeting' }>['data']>, RegExp]>([
    ['neither the agenda nor the yes/no', 'closing-check', {}, /give each agenda item and whether it was covered/],
    ['an empty agenda', 'closing-check', { agenda: [] }, /at least one matter/],
    [
      'an agenda item without its matter',
      'closing-check-item',
      { agenda: [{ item: '  ', covered: true }] },
      /agenda\[0\]: name the matter/,
    ],
    [
      'a yes/no the agenda contradicts',
      'closing-check-contradicts',
      { agenda: [{ item: 'mornings', covered: false }], allMattersCovered: true },
      /allMattersCovered is true, but 1 agenda item\(s\) were not covered/,
    ],
  ])('should refuse %s (422 %s)', (_what, rule, data, message) => {
    expect(refusal([opened, attended, agreed], close(data))).toEqual({ rule, kind: 'unprocessable' });
    given([opened, attended, agreed]).when(close(data)).thenThrows(DomainRuleViolation, message);
  });

  it('should read a closure stored as v1 or v2 as a yes/no whose agenda items and checklist are unknown', () => {
    const v1 = { allMattersCovered: false, evaluationNote: 'x', closedAt: now };
    const v2 = { ...v1, meetingId: 'm-1', kind: 'first', number: 1 };
    expect(upcastMeetingEvent('MeetingClosed', 1, v1)).toEqual({
      type: 'MeetingClosed',
      data: { ...v1, agenda: 'unknown', closeWorkerTasks: 'unknown' },
    });
    expect(upcastMeetingEvent('MeetingClosed', 2, v2)).toEqual({
      type: 'MeetingClosed',
      data: { ...v2, agenda: 'unknown', closeWorkerTasks: 'unknown' },
    });
    expect(MEETING_UPCASTERS.MeetingClosed[2](v2)).toEqual({ ...v2, agenda: 'unknown', closeWorkerTasks: 'unknown' });
    // An old closure still closes the meeting it is in.
    expect(fold(meetingDecider, [opened, attended, agreed, upcastMeetingEvent('MeetingClosed', 2, v2)]).status).toBe('closed');
  });
});

describe("the case's children, as meeting notes them from intake", () => {
  const note = (childCount: number | null): CaseChildrenCommand => ({ type: 'NoteCaseChildren', data: { childCount }, metadata: meta });
  const noted = deciderSpec(caseChildrenDecider);

  it('should note how many children the case concerns once, however often the registration is delivered', () => {
    noted([])
      .when(note(2))
      .then([{ type: 'CaseChildrenNoted', data: { childCount: 2 } }]);
    noted([{ type: 'CaseChildrenNoted', data: { childCount: 2 } }])
      .when(note(2))
      .thenNothingHappens();
    noted([])
      .when(note(null))
      .then([{ type: 'CaseChildrenNoted', data: { childCount: null } }]);
  });
});
