import { formatFinnishDateTime } from '@perheverkko/decider';
import type { RecordedEvent } from '@perheverkko/event-store';
import type { PersonalDataVault } from '@perheverkko/personal-data';
import { caseAsOf, inDomainOrder, type CaseSnapshot } from '@perheverkko/reporting-domain';
import { serviceOf } from '../archive/published-events';
import { reported } from '../projections/reporting-projections';

export interface CaseHistoryEntry {
  occurredAt: string;
  /** When reporting received it (the services' clocks and the broker may deliver out of order). */
  receivedAt: string;
  service: string;
  type: string;
  version: number;
  actor: { id: string; role: string; organisation: string };
  /** The consent (or statute) the event relied on, where it disclosed or referred anything. */
  consentReliedOn: { basis: 'consent' | 'law'; reference: string } | null;
  correlationId: string;
  causationId: string;
  data: unknown;
}

export interface CaseHistory {
  caseId: string;
  asOf: string;
  state: CaseSnapshot;
  events: CaseHistoryEntry[];
}

function consentOf(event: RecordedEvent): CaseHistoryEntry['consentReliedOn'] {
  const data = event.data as { consentId?: string; consent?: { basis: 'consent' | 'law'; reference: string } };
  if (event.metadata.consent) return event.metadata.consent;
  if (data.consent) return { basis: data.consent.basis, reference: data.consent.reference };
  if (typeof data.consentId === 'string' && event.type !== 'ConsentGranted') return { basis: 'consent', reference: data.consentId };
  return null;
}

/** A case's complete published history across the services, in the order things happened, up to `asOf`. */
export async function caseHistory(caseId: string, stored: RecordedEvent[], vault: PersonalDataVault, asOf: string): Promise<CaseHistory> {
  const until = Date.parse(asOf);
  const byId = new Map(stored.map((e) => [e.metadata.eventId, e]));
  const ordered = inDomainOrder(stored.map(reported))
    .filter((e) => Date.parse(e.occurredAt) <= until)
    .map((e) => byId.get(e.eventId) as RecordedEvent);
  const state = caseAsOf(caseId, stored.map(reported), asOf);
  // Consent scopes may name the family's own people (sealed): the state shows them opened, as the events do.
  state.consents = await Promise.all(state.consents.map(async (c) => ({ ...c, scopes: (await vault.openFields(caseId, c.scopes)) as typeof c.scopes })));
  return {
    caseId,
    asOf,
    state,
    events: await Promise.all(
      ordered.map(async (event) => ({
        occurredAt: event.metadata.occurredAt,
        receivedAt: event.recordedAt,
        service: serviceOf(event.type),
        type: event.type,
        version: event.metadata.schemaVersion,
        actor: event.metadata.actor,
        consentReliedOn: consentOf(event),
        correlationId: event.metadata.correlationId,
        causationId: event.metadata.causationId,
        data: await vault.openFields(caseId, event.data),
      })),
    ),
  };
}

/** A moment as the auditor reads it: Finnish time, British English (`26/11/2026, 14:00:05`). */
const readable = (at: string) => formatFinnishDateTime(at, 'en', { seconds: true });

/**
 * The same history as text for reading on screen or printing into an audit file. Times are Finnish time; the
 * JSON form keeps each event's ISO 8601 time as it was recorded.
 */
export function historyAsText(history: CaseHistory): string {
  const s = history.state;
  const lines = [
    `Case ${history.caseId}: ${history.events.length} events across the services, as of ${readable(history.asOf)} (times in Finnish time, Europe/Helsinki)`,
    `State: ${s.phase}; municipality ${s.municipality ?? '—'}; zone ${s.zone ?? '—'}; route ${s.route ?? '—'}; meetings ${s.meetings.length}; plan revision ${s.plan?.revision ?? '—'}; outcome ${s.outcome ?? '—'}`,
    `Consents: ${s.consents.map((c) => `${c.consentId} ${c.status}`).join(', ') || '—'}`,
    '',
  ];
  for (const e of history.events) {
    lines.push(`${readable(e.occurredAt)}  ${e.service.padEnd(13)} ${e.type} v${e.version}  by ${e.actor.id} (${e.actor.role}, ${e.actor.organisation})`);
    if (e.consentReliedOn) lines.push(`    relied on: ${e.consentReliedOn.basis} ${e.consentReliedOn.reference}`);
    lines.push(`    ${JSON.stringify(e.data)}`);
  }
  return `${lines.join('\n')}\n`;
}
