import { ApiError } from '../../api/client';
import { joinedTimeline, type TimelineEntry } from './timeline';

const entry = (occurredAt: string, type: string): TimelineEntry => ({
  service: 'intake',
  type,
  occurredAt,
  actor: { id: 'demo-terhi', role: 'professional', organisation: 'Kangasala child health clinic' },
  data: {},
});
const read = (...entries: TimelineEntry[]): PromiseSettledResult<TimelineEntry[]> => ({ status: 'fulfilled', value: entries });
const refused = (reason: unknown): PromiseSettledResult<TimelineEntry[]> => ({ status: 'rejected', reason });

describe("a case's timeline from the services' histories", () => {
  it('should join the histories oldest first', () => {
    const timeline = joinedTimeline([
      read(entry('2026-03-02T10:00:00Z', 'ConcernRaisedWithFamily'), entry('2026-03-01T10:00:00Z', 'ConcernRegistered')),
      read(entry('2026-03-01T12:00:00Z', 'ConveningOpened')),
    ]);
    expect(timeline.entries.map((e) => e.type)).toEqual(['ConcernRegistered', 'ConveningOpened', 'ConcernRaisedWithFamily']);
    expect(timeline).toMatchObject({ notShown: 0, failed: [] });
  });

  it('should leave out a history the consent does not let the person read (403), and count it as not shown', () => {
    const timeline = joinedTimeline([
      read(entry('2026-03-01T10:00:00Z', 'ConcernRegistered')),
      refused(new ApiError(403, 'Refused (consent-does-not-share)', [], 'consent-does-not-share')),
    ]);
    expect(timeline.entries).toHaveLength(1);
    expect(timeline.notShown).toBe(1);
    expect(timeline.failed).toEqual([]);
  });

  it('should leave out a history with nothing recorded yet (404) without calling it hidden', () => {
    const timeline = joinedTimeline([read(), refused(new ApiError(404, 'no joint plan is followed up'))]);
    expect(timeline).toEqual({ entries: [], notShown: 0, failed: [] });
  });

  it('should keep any other failure as an error: a 429, a 5xx, the network', () => {
    const network = new TypeError('Failed to fetch');
    const timeline = joinedTimeline([
      read(entry('2026-03-01T10:00:00Z', 'ConcernRegistered')),
      refused(new ApiError(429, 'Too many requests')),
      refused(new ApiError(503, 'Service unavailable')),
      refused(network),
    ]);
    expect(timeline.entries).toHaveLength(1);
    expect(timeline.notShown).toBe(0);
    expect(timeline.failed.map((error) => [error.status, error.message])).toEqual([
      [429, 'Too many requests'],
      [503, 'Service unavailable'],
      [0, 'Failed to fetch'],
    ]);
  });
});
