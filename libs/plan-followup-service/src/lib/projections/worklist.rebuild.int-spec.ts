import { randomUUID } from 'node:crypto';
import type { NewEvent } from '@perheverkko/event-store';
import { generatedHistory, itRebuildsAsLive, type GeneratedCase } from '@perheverkko/platform/testing';
import { worklistProjection } from './worklist.projection';

const WORKERS = ['demo-terhi', 'demo-olli', 'demo-aino'];

/** A plan followed up as plan follow-up records it: tracked, contacts (a next one agreed or not), revised, closed, reopened. */
function planEvents({ next, pick, at, event }: GeneratedCase): NewEvent[] {
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
  return events;
}

describe('rebuilding plan follow-up’s worklist from position 0', () => {
  const plans = () =>
    generatedHistory(400, { seed: 11, start: '2030-01-01T10:00:00.000Z', workers: WORKERS, streamType: 'Plan' }, planEvents);
  itRebuildsAsLive(worklistProjection, plans, (live) => {
    expect(live.worklist).toHaveLength(400);
    expect(new Set(live.worklist.map((row) => (row as { status: string }).status))).toEqual(new Set(['tracking', 'closed']));
  });
});
