import type { EventStore, RecordedEvent } from '@perheverkko/event-store';
import type { PersonalDataVault } from '@perheverkko/personal-data';

/** A stored event as the API shows it: personal fields opened (or read as erased), with who and when. */
export interface HistoryEntry {
  revision: number;
  type: string;
  occurredAt: string;
  actor: { id: string; role: string; organisation: string };
  data: unknown;
}

export function openedEntry(vault: PersonalDataVault, caseId: string) {
  return async (event: RecordedEvent): Promise<HistoryEntry> => ({
    revision: event.streamRevision,
    type: event.type,
    occurredAt: event.metadata.occurredAt,
    actor: event.metadata.actor,
    data: await vault.openFields(caseId, event.data),
  });
}

/** A case's stream for people to read: every event, opened with the case key. */
export async function openedHistory(
  store: EventStore,
  vault: PersonalDataVault,
  streamId: string,
  caseId: string,
): Promise<HistoryEntry[]> {
  return Promise.all((await store.readStream(streamId)).map(openedEntry(vault, caseId)));
}
