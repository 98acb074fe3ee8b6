import { SHAREABLE_CATEGORIES, visibleHistory, type CaseDataCategory } from '@perheverkko/access-model';
import type { TrackedAction } from '@perheverkko/plan-followup-domain';
import { planTrackingView, type SeenPlanEvent } from './plan-tracking-view';

const at = (day: number) => `2026-12-${String(day).padStart(2, '0')}T09:00:00.000Z`;
const everything: ReadonlySet<CaseDataCategory> = new Set([...SHAREABLE_CATEGORIES]);
const routine: TrackedAction = { arena: 'home', what: 'a bedtime routine', who: 'the parents', by: '2026-12-15' };
const mornings: TrackedAction = { arena: 'everyday-environment', what: 'a calm start at school', who: 'Olli', by: '2026-12-20' };

const tracked = (revision: number, actions: TrackedAction[], day: number, meetingId = 'm-1'): SeenPlanEvent => ({
  type: 'PlanTrackingUpdated',
  data: {
    meetingId,
    revision,
    actions,
    responsibleWorkerIds: ['w-terhi'],
    consentId: 'k-1',
    nextContactAt: at(day + 14),
  },
  occurredAt: at(day),
});

/** A case's plan follow-up, as its stream holds it once opened: each event with the time it was recorded. */
const followed: SeenPlanEvent[] = [
  tracked(1, [routine], 1),
  {
    type: 'ActionProgressed',
    data: { actionIndex: 0, status: 'under-way', note: 'most evenings', by: 'w-terhi', at: at(5) },
    occurredAt: at(5),
  },
  {
    type: 'ContactRecorded',
    data: { at: at(8), method: 'phone', summary: 'sleep is better', nextContactAt: at(22), by: 'w-terhi' },
    occurredAt: at(8),
  },
  { type: 'FollowUpMeetingRequested', data: { requestedBy: 'w-terhi', requestedAt: at(9), reason: 'check the plan' }, occurredAt: at(9) },
  { type: 'FollowUpMeetingScheduled', data: { meetingId: 'm-2', number: 2, startsAt: at(12) }, occurredAt: at(10) },
  { type: 'FollowUpMeetingRescheduled', data: { meetingId: 'm-2', number: 2, startsAt: at(13) }, occurredAt: at(11) },
  { type: 'MeetingHeld', data: { meetingId: 'm-2', number: 2, kind: 'follow-up', heldAt: at(13) }, occurredAt: at(13) },
  tracked(2, [routine, mornings], 13, 'm-2'),
];

const view = (events: SeenPlanEvent[], readable = everything) =>
  planTrackingView({ caseId: 'case-1', revision: events.length - 1, events, readable, withheld: [] });

describe('plan follow-up as a person reads it (planTrackingView)', () => {
  it('should give the plan revision tracked, its actions and their progress, the contacts, the next contact and the follow-up meetings', () => {
    expect(view(followed)).toEqual({
      caseId: 'case-1',
      revision: 7,
      status: 'tracking',
      plan: {
        meetingId: 'm-2',
        revision: 2,
        responsibleWorkerIds: ['w-terhi'],
        consentId: 'k-1',
        nextContactAt: at(27),
        trackedAt: at(13),
      },
      // The same action keeps its progress in the new revision; a new one starts not started.
      actions: [
        { ...routine, index: 0, status: 'under-way' },
        { ...mornings, index: 1, status: 'not-started' },
      ],
      progress: [{ actionIndex: 0, status: 'under-way', note: 'most evenings', by: 'w-terhi', at: at(5) }],
      nextContactAt: at(27),
      contacts: [{ at: at(8), method: 'phone', summary: 'sleep is better', nextContactAt: at(22), by: 'w-terhi' }],
      followUpMeetings: [{ meetingId: 'm-2', number: 2, startsAt: at(13), status: 'held', cancelledAt: null, heldAt: at(13) }],
      followUpMeetingRequests: [{ requestedBy: 'w-terhi', requestedAt: at(9), reason: 'check the plan' }],
      outcome: null,
      referrals: [],
      closure: null,
      reopenings: [],
      withheld: [],
    });
  });

  it('should record the outcome, the referral and the closure, and a reopening ends the closure', () => {
    const closing: SeenPlanEvent[] = [
      ...followed,
      { type: 'OutcomeRecorded', data: { outcome: 'stronger-support', recordedBy: 'w-terhi', recordedAt: at(20) }, occurredAt: at(20) },
      {
        type: 'ReferralMade',
        data: {
          serviceId: 'family-counselling',
          consent: { basis: 'consent', reference: 'k-1' },
          referredBy: 'w-terhi',
          referredAt: at(20),
        },
        occurredAt: at(20),
      },
      {
        type: 'CaseClosed',
        data: { reason: 'stronger-support-arranged', closedBy: 'w-terhi', closedAt: at(21) },
        occurredAt: at(21),
      },
    ];
    expect(view(closing)).toMatchObject({
      status: 'closed',
      outcome: { outcome: 'stronger-support', recordedAt: at(20) },
      referrals: [{ serviceId: 'family-counselling', consent: { reference: 'k-1' } }],
      closure: { reason: 'stronger-support-arranged', closedAt: at(21) },
    });
    const reopened = view([
      ...closing,
      { type: 'CaseReopened', data: { reason: 'a new concern', reopenedBy: 'w-terhi', reopenedAt: at(28) }, occurredAt: at(28) },
    ]);
    expect(reopened).toMatchObject({ status: 'tracking', closure: null, reopenings: [{ reason: 'a new concern', reopenedAt: at(28) }] });
  });

  it('should note a cancelled follow-up meeting, and erased actions as erased', () => {
    const cancelled = view([
      followed[0],
      { type: 'FollowUpMeetingScheduled', data: { meetingId: 'm-2', number: 2, startsAt: at(12) }, occurredAt: at(10) },
      { type: 'FollowUpMeetingCancelled', data: { meetingId: 'm-2', number: 2, cancelledAt: at(11) }, occurredAt: at(11) },
    ]);
    expect(cancelled.followUpMeetings).toEqual([
      { meetingId: 'm-2', number: 2, startsAt: at(12), status: 'cancelled', cancelledAt: at(11), heldAt: null },
    ]);
    // Once the case key is destroyed, the sealed actions read `{ erased: true }` whatever their type says.
    expect(view([tracked(1, JSON.parse('{"erased":true}'), 1)])).toMatchObject({ actions: [], actionsErased: true, plan: { revision: 1 } });
  });

  it('should leave out the plan and its actions for a caller who reads the follow-up but not the joint plan', () => {
    const readable: ReadonlySet<CaseDataCategory> = new Set(['identity', 'follow-up']);
    // As the service shows it: what the caller may see of the stream (visibleTo), then folded.
    const shown = visibleHistory(followed, readable);
    const partial = planTrackingView({ caseId: 'case-1', revision: 7, events: shown.events, readable, withheld: shown.withheld });
    expect(partial).not.toHaveProperty('plan');
    expect(partial).not.toHaveProperty('actions');
    expect(partial.withheld).toEqual(['concern', 'routing', 'consents', 'meeting-record', 'joint-plan']);
    // The next contact is the one a contact agreed; the plan's is not theirs to read. A meeting held is follow-up.
    expect(partial).toMatchObject({
      revision: 7,
      nextContactAt: at(22),
      progress: [{ actionIndex: 0, status: 'under-way' }],
      followUpMeetings: [{ meetingId: 'm-2', status: 'held' }],
    });
  });
});
