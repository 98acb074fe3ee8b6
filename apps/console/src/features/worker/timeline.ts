import { ApiError, type ApiClient } from '../../api/client';
import type { ServiceName } from '../../config';
import type { Overview } from './types';

/** One event of a case as the person may see it, from one of the services' histories. */
export interface TimelineEntry {
  service: ServiceName;
  type: string;
  occurredAt: string;
  actor: { id: string; role: string; organisation: string };
  data: unknown;
}

interface History {
  events: Array<Omit<TimelineEntry, 'service'>>;
}

/** The timeline, and what of it could not be read: refused under the consent (403), or failed (anything but a 404). */
export interface Timeline {
  entries: TimelineEntry[];
  /** Histories the consent does not let the person read (403): a part of the case the page says is not shown. */
  notShown: number;
  /** Histories that failed otherwise (a 429, a 5xx, the network): an error, never read as "nothing happened". */
  failed: ApiError[];
}

const statusOf = (error: unknown) => (error instanceof ApiError ? error.status : 0);

/**
 * The histories' answers as one timeline, oldest first. A 403 (not the person's to read under the consent) is left
 * out and counted; a 404 (nothing recorded there yet: the case not routed, no plan followed up) is left out, there
 * being nothing to show; any other failure is kept as an error.
 */
export function joinedTimeline(answers: Array<PromiseSettledResult<TimelineEntry[]>>): Timeline {
  const timeline: Timeline = { entries: [], notShown: 0, failed: [] };
  for (const answer of answers) {
    if (answer.status === 'fulfilled') timeline.entries.push(...answer.value);
    else if (statusOf(answer.reason) === 403) timeline.notShown++;
    else if (statusOf(answer.reason) !== 404)
      timeline.failed.push(
        answer.reason instanceof ApiError ? answer.reason : new ApiError(0, String((answer.reason as Error)?.message ?? answer.reason)),
      );
  }
  timeline.entries.sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
  return timeline;
}

/**
 * The case's timeline: the histories of each service's streams about it (concern, convening, each meeting, plan
 * tracking), each only as far as the person may see it; a history the consent does not let them read is left out,
 * and the page says a part is not shown; one that failed is shown as an error.
 */
export async function timelineOf(api: ApiClient, overview: Overview): Promise<Timeline> {
  const id = encodeURIComponent(overview.caseId);
  const sources: Array<[ServiceName, string]> = [
    ['intake', `/concerns/${id}/history`],
    ['convening', `/convenings/${id}/history`],
    ...(overview.consents?.meetings ?? []).map((m): [ServiceName, string] => [
      'meeting',
      `/cases/${id}/meetings/${encodeURIComponent(m.meetingId)}/history`,
    ]),
    ['planFollowup', `/cases/${id}/plan-tracking/history`],
  ];
  return joinedTimeline(
    await Promise.allSettled(
      sources.map(([service, path]) =>
        api.get<History>(service, path).then((history) => history.events.map((event) => ({ ...event, service }))),
      ),
    ),
  );
}
