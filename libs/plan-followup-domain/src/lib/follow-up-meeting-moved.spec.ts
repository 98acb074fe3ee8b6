import { commandsOf, deciderSpec, specMetadata } from '@perheverkko/decider/testing';
import { planTrackingDecider, type PlanCommand, type PlanEvent } from './plan-tracking.decider';

/** Issue 18: plan follow-up notes a follow-up meeting convening moved or called off, as it notes its scheduling. */
const now = '2026-11-23T09:00:00.000Z';
const cmd = commandsOf<PlanCommand>(specMetadata(now, { id: 'plan-followup', role: 'system', organisation: 'perheverkko' }));
const given = deciderSpec(planTrackingDecider);

const started: PlanEvent = {
  type: 'PlanTrackingUpdated',
  data: {
    meetingId: 'm-1',
    revision: 1,
    actions: [{ arena: 'home', what: 'bedtime', who: 'Mari', by: '2026-12-10' }],
    responsibleWorkerIds: ['w-terhi'],
    nextContactAt: '2026-12-07T10:00:00.000Z',
  },
};
const scheduled: PlanEvent = {
  type: 'FollowUpMeetingScheduled',
  data: { meetingId: 'm-2', number: 2, startsAt: '2026-12-10T10:00:00.000Z' },
};

describe('a follow-up meeting convening moves or calls off', () => {
  it('should note the new time of a follow-up meeting', () => {
    given([started, scheduled])
      .when(cmd('NoteMeetingRescheduled', { meetingId: 'm-2', number: 2, startsAt: '2026-12-11T08:00:00.000Z' }))
      .then([{ type: 'FollowUpMeetingRescheduled', data: { meetingId: 'm-2', number: 2, startsAt: '2026-12-11T08:00:00.000Z' } }]);
  });

  it('should note its cancellation, which the 1–3 rule does not count as a meeting held', () => {
    const cancelled: PlanEvent = { type: 'FollowUpMeetingCancelled', data: { meetingId: 'm-2', number: 2, cancelledAt: now } };
    given([started, scheduled])
      .when(cmd('NoteMeetingCancelled', { meetingId: 'm-2', number: 2 }))
      .then([cancelled]);
    const state = [started, scheduled, cancelled].reduce(planTrackingDecider.evolve, planTrackingDecider.initialState());
    expect(state).toMatchObject({ meetingsHeld: ['m-1'] });
  });

  it('should ignore the first meeting and a case not yet tracked, as when it was scheduled', () => {
    given([started])
      .when(cmd('NoteMeetingRescheduled', { meetingId: 'm-1', number: 1, startsAt: now }))
      .thenNothingHappens();
    given([started])
      .when(cmd('NoteMeetingCancelled', { meetingId: 'm-1', number: 1 }))
      .thenNothingHappens();
    given([])
      .when(cmd('NoteMeetingRescheduled', { meetingId: 'm-2', number: 2, startsAt: now }))
      .thenNothingHappens();
    given([])
      .when(cmd('NoteMeetingCancelled', { meetingId: 'm-2', number: 2 }))
      .thenNothingHappens();
  });
});
