import { seenRevision, type CaseDataCategory, type HistoryLike } from '@perheverkko/access-model';
import type { EventStore, RecordedEvent } from '@perheverkko/event-store';
import { openedHistory, type HistoryEntry } from '@perheverkko/http';
import type { PersonalDataVault } from '@perheverkko/personal-data';
import { visibleTo } from './visible-to';

/**
 * What a state view folds (`GET /convenings/{id}`, a meeting, plan follow-up): the stream's events this caller may
 * see, opened with the case key and read at their current schema (`read`: the domain's stored-event reader), with the
 * stream's revision as they see it (what their If-Match is compared with), the categories the caller reads and the
 * categories withheld.
 */
export async function visibleState<E>(
  request: { caseAccess?: { readable: ReadonlySet<CaseDataCategory> } },
  caseId: string,
  stored: readonly RecordedEvent[],
  vault: PersonalDataVault,
  read: (type: string, schemaVersion: number, data: unknown) => E,
): Promise<{
  revision: number | 'no_stream';
  events: Array<E & { occurredAt: string }>;
  readable: ReadonlySet<CaseDataCategory>;
  withheld: string[];
}> {
  const visible = visibleTo(request, stored);
  const events = await Promise.all(
    visible.events.map(async (e) => ({
      ...read(e.type, e.metadata.schemaVersion, await vault.openFields(caseId, e.data)),
      occurredAt: e.metadata.occurredAt,
    })),
  );
  return {
    revision: seenRevisionOf(request, stored),
    events,
    readable: request.caseAccess?.readable ?? new Set(),
    withheld: visible.withheld,
  };
}

/**
 * A history as the caller sees it: the events they may see, numbered as they see the stream (0, 1, 2…, no gap where
 * one they cannot see stands), the revision that numbering ends at, and the categories withheld.
 */
export function seenHistory<E extends HistoryLike & { revision: number }>(
  request: { caseAccess?: { readable: ReadonlySet<CaseDataCategory> } },
  entries: readonly E[],
): { revision: number | 'no_stream'; events: E[]; withheld: string[] } {
  const visible = visibleTo(request, entries);
  const events = visible.events.map((event, seen) => ({ ...event, revision: seen }));
  return { revision: events.length > 0 ? events.length - 1 : 'no_stream', events, withheld: visible.withheld };
}

/** A stream's events as this caller may see them, opened (`…/history`), with its revision; undefined for no stream. */
export async function visibleHistoryOf(
  request: { caseAccess?: { readable: ReadonlySet<CaseDataCategory> } },
  store: EventStore,
  vault: PersonalDataVault,
  streamId: string,
  caseId: string,
): Promise<{ revision: number | 'no_stream'; events: HistoryEntry[]; withheld: string[] } | undefined> {
  const events = await openedHistory(store, vault, streamId, caseId);
  return events.length === 0 ? undefined : seenHistory(request, events);
}

/**
 * The stream's revision as this caller sees it (`seenRevision`): what their read answers as revision and ETag, and
 * what their If-Match is compared with, so an event they cannot see tells them nothing.
 */
export function seenRevisionOf(
  request: { caseAccess?: { readable: ReadonlySet<CaseDataCategory> } },
  stream: ReadonlyArray<{ type: string }>,
): number | 'no_stream' {
  return seenRevision(stream, request.caseAccess?.readable ?? new Set());
}
