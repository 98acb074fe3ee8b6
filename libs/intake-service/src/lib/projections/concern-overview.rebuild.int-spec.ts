import type { NewEvent } from '@perheverkko/event-store';
import { generatedHistory, itRebuildsAsLive, type GeneratedCase } from '@perheverkko/platform/testing';
import { concernOverviewProjection } from './concern-overview.projection';

const WORKERS = ['demo-terhi', 'demo-olli', 'demo-aino'];

/** A concern as intake records it: registered, rated, raised with the family (a re-raise time or none), routed; now and then ignored events. */
function concernEvents({ next, pick, at, event }: GeneratedCase): NewEvent[] {
  const raisedBy = pick(WORKERS);
  const events = [
    event(
      'ConcernRegistered',
      {
        channel: 'close-worker',
        raisedBy: { id: raisedBy, name: 'sealed' },
        municipality: 'Kangasala',
        childCount: 1,
        registeredAt: at(0),
      },
      0,
    ),
  ];
  if (next() < 0.7) events.push(event('ZoneRated', { zone: 1 + Math.floor(next() * 3), ratedBy: 'worker', ratedAt: at(1) }, 1));
  if (next() < 0.6)
    events.push(
      event(
        'ConcernRaisedWithFamily',
        { raisedAt: at(2), present: [], familyResponse: 'sealed', nextStep: 'sealed', ...(next() < 0.7 ? { reRaiseAt: at(30) } : {}) },
        2,
      ),
    );
  if (next() < 0.3)
    events.push(event('ConcernRaisedWithFamily', { raisedAt: at(31), present: [], familyResponse: 'sealed', nextStep: 'sealed' }, 31));
  if (next() < 0.5)
    events.push(
      event(
        'RouteDecided',
        { chosenRoute: pick(['joint-meeting', 'services', 'child-protection']), decidedBy: raisedBy, decidedAt: at(3) },
        3,
      ),
    );
  if (next() < 0.2)
    events.push(event('MandatoryNotificationMade', { kind: 'police', madeBy: raisedBy, madeAt: at(3), recipient: 'sealed' }, 3));
  return events;
}

describe('rebuilding intake’s concern overview from position 0', () => {
  const concerns = () =>
    generatedHistory(400, { seed: 7, start: '2026-01-01T09:00:00.000Z', workers: WORKERS, streamType: 'Concern' }, concernEvents);
  itRebuildsAsLive(concernOverviewProjection, concerns, (live) => {
    expect(live.concern_overview).toHaveLength(400);
    expect(live.concern_overview.filter((row) => (row as { re_raise_at: unknown }).re_raise_at !== null).length).toBeGreaterThan(50);
  });
});
