import type { PersonalDataVault } from '@perheverkko/personal-data';
import type { EventStore } from '@perheverkko/event-store';
import { type HistoryEntry, openedHistory } from '@perheverkko/http';
import { concernStream } from './concern.commands';

export async function concernHistory(store: EventStore, vault: PersonalDataVault, caseId: string): Promise<HistoryEntry[]> {
  return openedHistory(store, vault, concernStream(caseId), caseId);
}

/** The concern's current picture, folded from its opened history for people (not for deciding). */
export function concernView(caseId: string, history: HistoryEntry[]) {
  const view: Record<string, unknown> & {
    zones: unknown[];
    raisings: unknown[];
    routeDecisions: unknown[];
    notifications: unknown[];
    joinedConcerns: unknown[];
    needsAssessmentContacts: unknown[];
    serviceContacts: unknown[];
  } = {
    caseId,
    revision: history.length ? history[history.length - 1].revision : null,
    zones: [],
    raisings: [],
    routeDecisions: [],
    notifications: [],
    // Other workers' concerns about the same child, joined to this case instead of a second registration.
    joinedConcerns: [],
    // Contacts to social care for a needs assessment, made together with the parents (routing).
    needsAssessmentContacts: [],
    // Zone 2: the services the family already has, or the area's named ones, contacted with the family (concern).
    serviceContacts: [],
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
      case 'ConcernJoined':
        view.joinedConcerns.push(data);
        break;
      case 'NeedsAssessmentContactMade':
        view.needsAssessmentContacts.push(data);
        break;
      case 'ServiceContactedAboutConcern':
        view.serviceContacts.push(data);
        break;
    }
  }
  return view;
}
