import { upcastShareWords, type ShareableCategory } from './categories';

/** Whom a consent scope names: one professional (by directory id), an organisation, or a sector. */
export interface AccessScope {
  kind: 'person' | 'organisation' | 'sector';
  value: string;
  share: ShareableCategory[];
}

export interface ConsentFacts {
  /** Scopes by the event that granted or extended them: re-applying an event changes nothing. */
  scopesByEvent: Record<string, AccessScope[]>;
  validUntil: string;
  /** When `validUntil` was last set (the later event wins). */
  validUntilSetAt: string;
  withdrawnAt?: string;
}

type InvitationStatus = 'pending' | 'accepted' | 'declined' | 'time-proposed' | 'cancelled';

interface InvitationFacts {
  inviteeId?: string;
  consentId?: string;
  status: InvitationStatus;
  statusAt: string;
}

/**
 * What access to one case rests on, folded from the events the services publish (and, in a service's own
 * process, from its own streams): who convened it, the family's consents and what each shares with whom, the
 * invitations, and the responsible workers the family named. Every fact is keyed by an id or set by the later
 * event, so folding the same event twice, or two sources in any order, gives the same facts.
 */
export interface CaseAccessFacts {
  conveners: string[];
  /** The organisation the case belongs to (the convener's): its coordinators act for it. */
  organiser?: string;
  /** When the organiser was set: the earliest convener event names it, whatever order events arrive in. */
  organiserAt?: string;
  consents: Record<string, ConsentFacts>;
  invitations: Record<string, InvitationFacts>;
  responsibleWorkers?: { ids: string[]; consentId?: string; namedAt: string };
}

/** An event as the fold needs it: a published integration event or a stored one. */
export interface AccessEvent {
  eventId: string;
  type: string;
  occurredAt: string;
  data: unknown;
}

export const NO_FACTS: CaseAccessFacts = { conveners: [], consents: {}, invitations: {} };

/** The event types that change access; the projection subscribes to exactly these. */
export const ACCESS_EVENT_TYPES = [
  'ConcernRegistered',
  'JointMeetingRequested',
  'ConveningOpened',
  'ConvenerNoted',
  'ConsentGranted',
  'ConsentExtended',
  'ConsentWithdrawn',
  'InvitationSent',
  'InvitationCancelled',
  'InvitationReplied',
  'ResponsibleWorkersNamed',
  'PlanAgreed',
  'PlanRevised',
  'PlanTrackingUpdated',
] as const;

type Data = Record<string, unknown>;

/** An event's data as the fold reads it: its fields, or none when it has none (the fold reads every field as unknown). */
function isData(value: unknown): value is Data {
  return typeof value === 'object' && value !== null;
}

/** A field that names something by string id; anything else names nothing. */
function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

const later = (a: string, b: string) => Date.parse(a) >= Date.parse(b);

function person(value: unknown): { id?: string; organisation?: string } {
  return isData(value) ? { id: text(value.id), organisation: text(value.organisation) } : {};
}

function withConvener(facts: CaseAccessFacts, convener: { id?: string; organisation?: string }, at: string): CaseAccessFacts {
  if (!convener.id) return facts;
  const names = convener.organisation !== undefined && (facts.organiserAt === undefined || Date.parse(at) < Date.parse(facts.organiserAt));
  return {
    ...facts,
    conveners: facts.conveners.includes(convener.id) ? facts.conveners : [...facts.conveners, convener.id].sort(),
    ...(names ? { organiser: convener.organisation, organiserAt: at } : {}),
  };
}

/** Scopes as stored in any version: share words of older consents become categories (unknown words open nothing). */
function scopesOf(value: unknown): AccessScope[] {
  if (!Array.isArray(value)) return [];
  // A scope naming someone only by name (sealed, v3) has no directory id: it opens nothing to anyone.
  return value
    .filter((scope: { value?: unknown }) => typeof scope.value === 'string')
    .map((scope: { kind: AccessScope['kind']; value: string; share?: string[] }) => ({
      kind: scope.kind,
      value: scope.value,
      share: upcastShareWords(scope.share ?? []).share,
    }));
}

function withScopes(facts: CaseAccessFacts, event: AccessEvent, data: Data): CaseAccessFacts {
  const consentId = String(data.consentId);
  const existing = facts.consents[consentId] ?? unknownConsent();
  const validUntil = text(data.validUntil);
  const validUntilChanges = validUntil !== undefined && later(event.occurredAt, existing.validUntilSetAt);
  const consent: ConsentFacts = {
    ...existing,
    scopesByEvent: { ...existing.scopesByEvent, [event.eventId]: scopesOf(data.scopes) },
    ...(validUntilChanges ? { validUntil, validUntilSetAt: event.occurredAt } : {}),
  };
  return { ...facts, consents: { ...facts.consents, [consentId]: consent } };
}

function withInvitation(
  facts: CaseAccessFacts,
  invitationId: string,
  change: Partial<InvitationFacts> & { statusAt: string },
): CaseAccessFacts {
  const existing = facts.invitations[invitationId];
  const statusChanges = !existing || later(change.statusAt, existing.statusAt);
  const invitation: InvitationFacts = {
    inviteeId: change.inviteeId ?? existing?.inviteeId,
    consentId: change.consentId ?? existing?.consentId,
    status: statusChanges ? (change.status ?? existing?.status ?? 'pending') : existing.status,
    statusAt: statusChanges ? change.statusAt : existing.statusAt,
  };
  return { ...facts, invitations: { ...facts.invitations, [invitationId]: invitation } };
}

function withResponsibleWorkers(facts: CaseAccessFacts, ids: string[], consentId: string | undefined, at: string): CaseAccessFacts {
  const previous = facts.responsibleWorkers;
  if (previous && !later(at, previous.namedAt)) return facts;
  // A plan that repeats the same workers keeps the consent they were named under.
  const sameWorkers = previous && previous.ids.length === ids.length && ids.every((id) => previous.ids.includes(id));
  const under = consentId ?? (sameWorkers ? previous.consentId : undefined);
  return { ...facts, responsibleWorkers: { ids, ...(under ? { consentId: under } : {}), namedAt: at } };
}

/** A consent seen first through a later event (order across sources is not guaranteed): any grant overrides it. */
const unknownConsent = (): ConsentFacts => ({ scopesByEvent: {}, validUntil: EPOCH, validUntilSetAt: EPOCH });
const EPOCH = '1970-01-01T00:00:00.000Z';

const REPLY_STATUS: Record<string, InvitationStatus> = { accept: 'accepted', decline: 'declined', 'propose-time': 'time-proposed' };

/** One event's effect on the facts; events that do not touch access leave them as they are. */
export function foldAccessFacts(facts: CaseAccessFacts, event: AccessEvent): CaseAccessFacts {
  const data: Data = isData(event.data) ? event.data : {};
  switch (event.type) {
    case 'ConcernRegistered':
      return withConvener(facts, person(data.raisedBy), event.occurredAt);
    case 'JointMeetingRequested':
    case 'ConveningOpened':
      return withConvener(facts, person(data.convener), event.occurredAt);
    case 'ConvenerNoted':
      return withConvener(facts, { id: text(data.convenerId) }, event.occurredAt);
    case 'ConsentGranted':
    case 'ConsentExtended':
      return withScopes(facts, event, data);
    case 'ConsentWithdrawn': {
      const consent = facts.consents[String(data.consentId)];
      const withdrawnAt = String(data.withdrawnAt ?? event.occurredAt);
      const known = consent ?? unknownConsent();
      return {
        ...facts,
        consents: { ...facts.consents, [String(data.consentId)]: { ...known, withdrawnAt: known.withdrawnAt ?? withdrawnAt } },
      };
    }
    case 'InvitationSent':
      return withInvitation(facts, String(data.invitationId), {
        inviteeId: text(data.inviteeId),
        consentId: text(data.consentId),
        status: 'pending',
        statusAt: event.occurredAt,
      });
    case 'InvitationCancelled':
      return withInvitation(facts, String(data.invitationId), { status: 'cancelled', statusAt: event.occurredAt });
    case 'InvitationReplied':
      return withInvitation(facts, String(data.invitationId), {
        status: REPLY_STATUS[String(data.reply)] ?? 'pending',
        statusAt: event.occurredAt,
      });
    case 'ResponsibleWorkersNamed':
      return withResponsibleWorkers(facts, idsOf(data.workers), text(data.consentId), event.occurredAt);
    case 'PlanAgreed':
    case 'PlanRevised':
      return Array.isArray(data.responsibleWorkers)
        ? withResponsibleWorkers(facts, idsOf(data.responsibleWorkers), text(data.consentId), event.occurredAt)
        : facts;
    case 'PlanTrackingUpdated':
      return Array.isArray(data.responsibleWorkerIds)
        ? withResponsibleWorkers(
            facts,
            data.responsibleWorkerIds.filter((id): id is string => typeof id === 'string'),
            text(data.consentId),
            event.occurredAt,
          )
        : facts;
    default:
      return facts;
  }
}

function idsOf(workers: unknown): string[] {
  return Array.isArray(workers)
    ? workers.map((w: { professionalId?: string }) => w.professionalId).filter((id): id is string => typeof id === 'string')
    : [];
}

export function foldAllAccessFacts(events: Iterable<AccessEvent>, start: CaseAccessFacts = NO_FACTS): CaseAccessFacts {
  let facts = start;
  for (const event of events) facts = foldAccessFacts(facts, event);
  return facts;
}
