/** `GET /audit/cases/{caseId}/history`: every event of every service about the case, and the state as of `asOf`. */
export interface CaseHistory {
  caseId: string;
  asOf: string;
  state: CaseState;
  events: HistoryEvent[];
}

export interface HistoryEvent {
  occurredAt: string;
  receivedAt: string;
  service: string;
  type: string;
  version: number;
  published: boolean;
  origin: { streamId: string; streamRevision: number; recordedAt: string } | null;
  actor: { id: string; role: string; organisation: string };
  consentReliedOn: { basis: 'consent' | 'law'; reference: string } | null;
  eventId: string;
  correlationId: string;
  causationId: string;
  data: unknown;
}

/** The parts of the folded state the screen names; the rest is shown as the API gives it. */
export interface CaseState {
  phase: string;
  eventsSoFar: number;
  municipality: string | null;
  channel: string | null;
  zone: number | null;
  route: string | null;
  consents: Array<{ consentId: string; status: string; validUntil: string }>;
  invitations: unknown[];
  meetings: Array<{ meetingId: string; number: number; kind: string; startsAt: string; cancelled: boolean; held?: boolean }>;
  plan: { revision: number; responsibleWorkerIds: string[] } | null;
  outcome: string | null;
  closure: { reason: string; closedAt: string } | null;
  [part: string]: unknown;
}

/** An event's identity across the services (two services' reactions to one event share its id). */
export const eventKey = (event: Pick<HistoryEvent, 'service' | 'eventId'>) => `${event.service}:${event.eventId}`;

/** `POST /audit/access-log/verify`. */
export interface ChainVerification {
  ok: boolean;
  checked: number;
  brokenAt?: number;
  findings: Array<{ kind: string; seq?: number; line?: number; detail: string }>;
  keyedFrom: number;
  anchors: { file?: string; valid: number; lastSeq?: number; lastAt?: string };
}
