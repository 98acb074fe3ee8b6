import { formatFinnishDateTime } from '@perheverkko/decider';
import type { RecordedEvent } from '@perheverkko/event-store';
import type { PersonalDataVault } from '@perheverkko/personal-data';
import { asOfView, caseAsOf, type CaseSnapshot } from '@perheverkko/reporting-domain';
import { archivedMetadata, asReported, sourceEventIdOf, sourceOf } from '../archive/published-events';

interface CaseHistoryEntry {
  occurredAt: string;
  /** When reporting received it (the services' clocks and the broker may deliver out of order). */
  receivedAt: string;
  service: string;
  type: string;
  /** The contract version it was published at, or (private events) the version its service stored it at. */
  version: number;
  /** False for a service's private event (kept as recorded, reaching the archive through its audit record). */
  published: boolean;
  /** Where its service stores it (stream and place in it) and when it recorded it; null for events archived before origins were carried. */
  origin: { streamId: string; streamRevision: number; recordedAt: string } | null;
  actor: { id: string; role: string; organisation: string };
  /** The consent (or statute) the event relied on, where it disclosed or referred anything. */
  consentReliedOn: { basis: 'consent' | 'law'; reference: string } | null;
  /** Its id in its service (unique only there: two services' reactions to one event share it). */
  eventId: string;
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

/**
 * A case's complete history across the services as the archive holds it (published and private events), in causal
 * order (ADR 0013: each stream's order, an event after its cause, otherwise as things happened), as of `asOf`, and the
 * state it shows then. Personal fields are opened with the case key for the auditor (erased ones read as erased).
 */
export async function caseHistory(caseId: string, stored: RecordedEvent[], vault: PersonalDataVault, asOf: string): Promise<CaseHistory> {
  const audited = new Map(stored.map((e) => [asReported(e), e]));
  const shown = asOfView([...audited.keys()], asOf).flatMap((e) => audited.get(e) ?? []);
  const opened = await Promise.all(shown.map(async (event) => ({ event, data: await vault.openFields(caseId, event.data) })));
  // Folded opened: the state shows what only opened values tell (the star's scores, how many signed or took part).
  const state = caseAsOf(
    caseId,
    opened.map(({ event, data }) => asReported(event, data)),
    asOf,
  );
  return {
    caseId,
    asOf,
    state,
    events: opened.map(({ event, data }) => {
      const { origin, private: unpublished } = archivedMetadata(event);
      return {
        occurredAt: event.metadata.occurredAt,
        receivedAt: event.recordedAt,
        service: sourceOf(event),
        type: event.type,
        version: event.metadata.schemaVersion,
        published: !unpublished,
        origin: origin ? { streamId: origin.streamId, streamRevision: origin.streamRevision, recordedAt: origin.recordedAt } : null,
        actor: event.metadata.actor,
        consentReliedOn: consentOf(event),
        eventId: sourceEventIdOf(event),
        correlationId: event.metadata.correlationId,
        causationId: event.metadata.causationId,
        data,
      };
    }),
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
    `Raised with the family: ${s.raisings.length} times; concerns joined: ${s.joinedConcerns.length}; conveners: ${s.convenerIds.join(', ') || '—'}; responsible workers: ${s.responsibleWorkerIds.join(', ') || '—'}`,
    ...s.meetings.map((m) => {
      const steps = [
        m.attendance
          ? `attendance ${m.attendance.participants ?? '?'}${m.attendance.childTookPart ? ' (the child took part)' : ''}`
          : 'no attendance',
        m.consentForm ? `consent form signed by ${m.consentForm.signatures ?? '?'}` : 'no consent form',
        `views ${m.viewsRecorded}`,
        `Wellbeing Star ${m.wellbeingStar.length}`,
        m.closed ? `closed${m.allMattersCovered === false ? ' (not all matters covered)' : ''}` : 'open',
        ...(m.held ? ['held'] : []),
      ];
      return `Meeting ${m.number} (${m.kind}) ${m.startsAt ? readable(m.startsAt) : '—'}: ${steps.join('; ')}`;
    }),
    `Follow-up: revision tracked ${s.followUp.trackedRevision ?? '—'}; next contact ${s.followUp.nextContactAt ? readable(s.followUp.nextContactAt) : '—'}; actions progressed ${s.followUp.actions.map((a) => `${a.index + 1} ${a.status}`).join(', ') || '—'}; contacts ${s.followUp.contacts.length}; meetings held ${s.followUp.meetingsHeld}${s.closure ? `; closed: ${s.closure.reason}` : ''}`,
    '',
  ];
  for (const e of history.events) {
    lines.push(
      `${readable(e.occurredAt)}  ${e.service.padEnd(13)} ${e.type} v${e.version}${e.published ? '' : ' (private)'}  by ${e.actor.id} (${e.actor.role}, ${e.actor.organisation})`,
    );
    if (e.consentReliedOn) lines.push(`    relied on: ${e.consentReliedOn.basis} ${e.consentReliedOn.reference}`);
    lines.push(`    ${JSON.stringify(e.data)}`);
  }
  return `${lines.join('\n')}\n`;
}
