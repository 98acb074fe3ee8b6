import type { RecordedEvent } from '@perheverkko/event-store';
import { recordedEventsOf } from '@perheverkko/platform/testing';
import { worklistTable, type WorklistRow } from './worklist.projection';

const caseId = 'c0ffee00-0000-4000-8000-000000000002';
/** Numbered in order, as the log would hand them over. */
const event = recordedEventsOf('Plan', caseId);

/** Folds events as the runner does: each event into the row its key names. */
function fold(events: RecordedEvent[]): WorklistRow | undefined {
  let row: WorklistRow | null = null;
  for (const e of events) if (worklistTable.keyOf(e) !== undefined) row = worklistTable.evolve(row, e);
  return row ?? undefined;
}

const tracked = (workers: string[], nextContactAt: string) =>
  event('PlanTrackingUpdated', { meetingId: 'm', revision: 1, actions: [], responsibleWorkerIds: workers, nextContactAt });

describe('the worklist rules', () => {
  it('should track a case for its responsible workers from its plan', () => {
    expect(fold([tracked(['terhi'], '2031-03-31T10:00:00.000Z')])).toEqual({
      caseId,
      responsibleWorkerIds: ['terhi'],
      nextContactAt: '2031-03-31T10:00:00.000Z',
      status: 'tracking',
    });
  });

  it('should take the workers and next contact of a revised plan', () => {
    expect(fold([tracked(['terhi'], '2031-03-31T10:00:00.000Z'), tracked(['olli'], '2031-05-01T10:00:00.000Z')])).toMatchObject({
      responsibleWorkerIds: ['olli'],
      nextContactAt: '2031-05-01T10:00:00.000Z',
    });
  });

  it('should move the next contact when a contact agrees one, and keep it when it does not', () => {
    const agreed = event('ContactRecorded', {
      at: '2031-03-31T10:00:00.000Z',
      method: 'phone',
      summary: 'sealed',
      nextContactAt: '2031-04-30T10:00:00.000Z',
      by: 'terhi',
    });
    const none = event('ContactRecorded', { at: '2031-04-30T10:00:00.000Z', method: 'phone', summary: 'sealed', by: 'terhi' });
    expect(fold([tracked(['terhi'], '2031-03-31T10:00:00.000Z'), agreed, none])?.nextContactAt).toBe('2031-04-30T10:00:00.000Z');
  });

  it('should close and reopen a case, and keep a closed case closed when its plan is revised', () => {
    const closed = event('CaseClosed', { reason: 'other', closedBy: 'terhi', closedAt: '2031-06-01T10:00:00.000Z' });
    const reopened = event('CaseReopened', { reason: 'sealed', reopenedBy: 'terhi', reopenedAt: '2031-07-01T10:00:00.000Z' });
    expect(fold([tracked(['terhi'], '2031-03-31T10:00:00.000Z'), closed])?.status).toBe('closed');
    expect(fold([tracked(['terhi'], '2031-03-31T10:00:00.000Z'), closed, tracked(['olli'], '2031-08-01T10:00:00.000Z')])?.status).toBe(
      'closed',
    );
    expect(fold([tracked(['terhi'], '2031-03-31T10:00:00.000Z'), closed, reopened])?.status).toBe('tracking');
  });

  it('should make no row for a case whose plan it never saw', () => {
    expect(
      fold([event('ContactRecorded', { nextContactAt: '2031-04-30T10:00:00.000Z' }), event('CaseClosed', {}), event('CaseReopened', {})]),
    ).toBeUndefined();
  });

  it('should ignore events that do not change the worklist', () => {
    expect(worklistTable.keyOf(event('ActionStatusChanged', {}))).toBeUndefined();
  });
});
