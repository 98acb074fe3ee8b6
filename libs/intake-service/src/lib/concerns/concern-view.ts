import type { PersonalDataVault } from '@perheverkko/personal-data';
import type { EventStore, RecordedEvent } from '@perheverkko/event-store';
import { concernStream } from './intake-command.handler';

/** A stored event as the API shows it: personal fields opened (or erased), with who and when. */
export interface HistoryEntry {
  revision: number;
  type: string;
  occurredAt: string;
  actor: { id: string; role: string; organisation: string };
  data: unknown;
}

export async function concernHistory(store: EventStore, vault: PersonalDataVault, caseId: string): Promise<HistoryEntry[]> {
  const events = await store.readStream(concernStream(caseId));
  return Promise.all(
    events.map(async (event: RecordedEvent) => ({
      revision: event.streamRevision,
      type: event.type,
      occurredAt: event.metadata.occurredAt,
      actor: event.metadata.actor,
      data: await vault.openFields(caseId, event.data),
    })),
  );
}

/** The concern's current picture, folded from its opened history for people (not for deciding). */
export function concernView(caseId: string, history: HistoryEntry[]) {
  const view: Record<string, unknown> & { zones: unknown[]; raisings: unknown[]; routeDecisions: unknown[]; notifications: unknown[] } = {
    caseId,
    revision: history.length ? history[history.length - 1].revision : null,
    zones: [],
    raisings: [],
    routeDecisions: [],
    notifications: [],
  };
  for (const entry of history) {
    const data = entry.data as Record<string, unknown>;
    switch (entry.type) {
      case 'ConcernRegistered':
        Object.assign(view, data);
        break;
      case 'ZoneRated':
        view.zones.push(data);
        view.currentZone = data.zone;
        break;
      case 'ConcernRaisedWithFamily':
        view.raisings.push(data);
        view.reRaiseAt = data.reRaiseAt ?? null;
        break;
      case 'RouteDecided':
        view.routeDecisions.push(data);
        view.route = data.chosenRoute;
        break;
      case 'MandatoryNotificationMade':
        view.notifications.push(data);
        break;
    }
  }
  return view;
}
