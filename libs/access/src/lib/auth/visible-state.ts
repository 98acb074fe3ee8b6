import type { CaseDataCategory } from '@perheverkko/access-model';
import type { RecordedEvent } from '@perheverkko/event-store';
import type { PersonalDataVault } from '@perheverkko/personal-data';
import { visibleTo } from './visible-to';

/**
 * What a state view folds (`GET /convenings/{id}`, a meeting, plan follow-up): the stream's events this caller may
 * see, opened with the case key and read at their current schema (`read`: the domain's stored-event reader), with the
 * stream's revision (for everyone the same, so If-Match works whatever one may read), the categories the caller
 * reads and what was withheld.
 */
export async function visibleState<E>(
  request: { caseAccess?: { readable: ReadonlySet<CaseDataCategory> } },
  caseId: string,
  stored: readonly RecordedEvent[],
  vault: PersonalDataVault,
  read: (type: string, schemaVersion: number, data: unknown) => E,
): Promise<{ revision: number; events: Array<E & { occurredAt: string }>; readable: ReadonlySet<CaseDataCategory>; withheld: string[] }> {
  const visible = visibleTo(request, stored);
  const events = await Promise.all(
    visible.events.map(async (e) => ({
      ...read(e.type, e.metadata.schemaVersion, await vault.openFields(caseId, e.data)),
      occurredAt: e.metadata.occurredAt,
    })),
  );
  return {
    revision: stored[stored.length - 1].streamRevision,
    events,
    readable: request.caseAccess?.readable ?? new Set(),
    withheld: visible.withheld,
  };
}
