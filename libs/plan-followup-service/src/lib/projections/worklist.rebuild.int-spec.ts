import { randomUUID } from 'node:crypto';
import type { NewEvent } from '@perheverkko/event-store';
import { caseEventsBy, itRebuildsAsLive, seededRandom } from '@perheverkko/platform/testing';
import { worklistProjection } from './worklist.projection';

const WORKERS = ['demo-terhi', 'demo-olli', 'demo-aino'];

/** Plans followed up as plan follow-up records them: tracked, contacts (a next one agreed or not), revised, closed, reopened. */
function history(cases: number): Array<{ streamId: string; events: NewEvent[] }> {
  const next = seededRandom(11);
  const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)];
  const streams = [];
  for (let i = 0; i < cases; i++) {
    const caseId = randomUUID();
    const at = (day: number) => new Date(Date.UTC(2030, 0, 1 + (i % 300) + day, 10)).toISOString();
    const recorded = caseEventsBy(caseId, WORKERS[i % 3]);
    const event = (type: string, data: unknown, day: number) => recorded(type, data, at(day));
    const tracked = (day: number) =>
      event(
        'PlanTrackingUpdated',
        {
          meetingId: randomUUID(),
          revision: 1,
          actions: [],
          responsibleWorkerIds: next() < 0.3 ? [...WORKERS].slice(0, 2) : [pick(WORKERS)],
          nextContactAt: at(day + 30),
        },
        day,
      );
    const events = [tracked(0)];
    if (next() < 0.6)
      events.push(
        event(
          'ContactRecorded',
          { at: at(30), method: 'phone', summary: 'sealed', ...(next() < 0.6 ? { nextContactAt: at(60) } : {}), by: WORKERS[0] },
          30,
        ),
      );
    if (next() < 0.3) events.push(event('CaseClosed', { reason: 'other', closedBy: WORKERS[0], closedAt: at(61) }, 61));
    if (next() < 0.3) events.push(tracked(62));
    if (next() < 0.2) events.push(event('CaseReopened', { reason: 'sealed', reopenedBy: WORKERS[0], reopenedAt: at(63) }, 63));
    if (next() < 0.2) events.push(event('ActionStatusChanged', { actionId: 'a', status: 'done' }, 64));
    streams.push({ streamId: `Plan-${caseId}`, events });
  }
  return streams;
}

describe('rebuilding plan follow-up’s worklist from position 0', () => {
  itRebuildsAsLive(
    worklistProjection,
    () => history(400),
    (live) => {
      expect(live.worklist).toHaveLength(400);
      expect(new Set(live.worklist.map((row) => (row as { status: string }).status))).toEqual(new Set(['tracking', 'closed']));
    },
  );
});
