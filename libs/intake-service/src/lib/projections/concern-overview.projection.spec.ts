import type { RecordedEvent } from '@perheverkko/event-store';
import { recordedEventsOf } from '@perheverkko/platform/testing';
import { concernOverviewTable, type ConcernOverviewRow } from './concern-overview.projection';

const caseId = 'c0ffee00-0000-4000-8000-000000000001';
/** Numbered in order, as the log would hand them over. */
const event = recordedEventsOf('Concern', caseId);

/** Folds events as the runner does: each event into the row its key names. */
function fold(events: RecordedEvent[]): Map<string, ConcernOverviewRow> {
  const rows = new Map<string, ConcernOverviewRow>();
  for (const e of events) {
    const key = concernOverviewTable.keyOf(e);
    if (key === undefined) continue;
    const row = concernOverviewTable.evolve(rows.get(key) ?? null, e);
    if (row) rows.set(key, row);
    else rows.delete(key);
  }
  return rows;
}

const registered = event('ConcernRegistered', {
  channel: 'close-worker',
  raisedBy: { id: 'terhi', name: 'sealed' },
  registeredAt: '2026-11-20T09:00:00.000Z',
  zone: 2,
});

describe('the concern overview rules', () => {
  it('should start a row when a concern is registered, with who raised it and when', () => {
    expect(fold([registered]).get(caseId)).toEqual({
      caseId,
      raisedById: 'terhi',
      registeredAt: '2026-11-20T09:00:00.000Z',
      currentZone: null,
      reRaiseAt: null,
      route: null,
    });
  });

  it('should keep the zone, the agreed re-raise time and the route as they are decided', () => {
    const row = fold([
      registered,
      event('ZoneRated', { zone: 2, ratedBy: 'worker' }),
      event('ConcernRaisedWithFamily', {
        raisedAt: '2026-11-21T09:00:00.000Z',
        present: [],
        familyResponse: 'sealed',
        nextStep: 'sealed',
        reRaiseAt: '2027-01-15T09:00:00.000Z',
      }),
      event('ZoneRated', { zone: 3, ratedBy: 'family' }),
      event('RouteDecided', { chosenRoute: 'joint-meeting', decidedBy: 'terhi', decidedAt: '2026-11-22T09:00:00.000Z' }),
    ]).get(caseId);
    expect(row).toMatchObject({ currentZone: 3, reRaiseAt: '2027-01-15T09:00:00.000Z', route: 'joint-meeting' });
  });

  it('should clear the re-raise time when a later discussion agrees none', () => {
    const row = fold([
      registered,
      event('ConcernRaisedWithFamily', {
        raisedAt: '2026-11-21T09:00:00.000Z',
        present: [],
        familyResponse: 'x',
        nextStep: 'x',
        reRaiseAt: '2027-01-15T09:00:00.000Z',
      }),
      event('ConcernRaisedWithFamily', { raisedAt: '2026-12-01T09:00:00.000Z', present: [], familyResponse: 'x', nextStep: 'x' }),
    ]).get(caseId);
    expect(row?.reRaiseAt).toBeNull();
  });

  it('should keep the first registration when one is seen again', () => {
    const again = event('ConcernRegistered', {
      channel: 'phone-line',
      raisedBy: { id: 'olli', name: 'sealed' },
      registeredAt: '2026-12-20T09:00:00.000Z',
      zone: 1,
    });
    expect(fold([registered, again]).get(caseId)).toMatchObject({ raisedById: 'terhi', registeredAt: '2026-11-20T09:00:00.000Z' });
  });

  it('should make no row from changes to a concern it never saw registered', () => {
    expect(fold([event('ZoneRated', { zone: 2 }), event('RouteDecided', { chosenRoute: 'services' })]).size).toBe(0);
  });

  it('should ignore events that do not change the overview', () => {
    expect(concernOverviewTable.keyOf(event('MandatoryNotificationMade', { kind: 'police' }))).toBeUndefined();
    expect(concernOverviewTable.keyOf(event('ReferenceDataRecorded', {}))).toBeUndefined();
  });
});
