/** The services' own state views the step forms are based on (their ETag is what a command's If-Match takes). */

/** What every case command answers (and, for some, the id it made). */
export interface CommandAnswer {
  caseId?: string;
  revision?: number;
  alreadyHandled?: boolean;
  events?: string[];
  consentId?: string;
  invitationId?: string;
  meetingId?: string;
  feedbackId?: string;
}

export interface NamedPerson {
  name: string;
  identifier?: string;
  birthDate?: string;
}

/** GET /concerns/{caseId} (intake). */
export interface ConcernState {
  caseId: string;
  revision: number;
  currentZone: number | null;
  children?: NamedPerson[] | { withheld: string };
  guardians?: NamedPerson[] | { withheld: string };
  raisings: Array<{ raisedAt: string; reRaiseAt?: string | null }>;
  routeDecisions: Array<{ chosenRoute: string }>;
  raisedBy?: { id: string };
}

export const SHAREABLE_CATEGORIES = ['identity', 'concern', 'routing', 'consents', 'meeting-record', 'joint-plan', 'follow-up'] as const;

export interface ConsentScope {
  kind: 'person' | 'organisation' | 'sector';
  value?: string;
  name?: string;
  share: string[];
}

export interface ConsentState {
  consentId: string;
  status: 'in-force' | 'expired' | 'withdrawn';
  guardians: string[] | { withheld: string };
  children: string[] | { withheld: string };
  scopes: ConsentScope[];
  validUntil: string;
}

export interface InvitationState {
  invitationId: string;
  invitee: { kind: string; name?: string; id?: string } | { withheld: string };
  inviteeId: string | null;
  consentId: string;
  share: string[];
  status: 'pending' | 'accepted' | 'declined' | 'time-proposed' | 'cancelled';
}

export interface ConveningMeeting {
  meetingId: string;
  kind: 'first' | 'follow-up';
  number: number;
  startsAt: string;
  endsAt: string;
  roomId: string;
  cancelled: boolean;
}

/** GET /convenings/{caseId} (convening). */
export interface ConveningState {
  caseId: string;
  revision: number;
  convener: { id: string; name: string } | null;
  guardians?: string[] | { withheld: string };
  consents: ConsentState[];
  invitations: InvitationState[];
  meetings: ConveningMeeting[];
  followUpPending?: boolean;
}

export interface PlanAction {
  arena: 'home' | 'everyday-environment' | 'elsewhere';
  where?: string;
  what: string;
  who: string;
  by: string;
}

export interface JointPlan {
  matters: string[];
  actions: PlanAction[];
  followUp: { workerContactsFamily: string; familyContactsWorker: string };
  nextContactAt: string;
}

export interface StarRating {
  area: string;
  score: number;
  note?: string;
}

/** GET /cases/{caseId}/meetings/{meetingId} (meeting). */
export interface MeetingState {
  caseId: string;
  meetingId: string;
  revision: number;
  kind: 'first' | 'follow-up';
  number: number;
  startsAt: string;
  status: 'open' | 'closed' | 'cancelled';
  attendance: { participants: Array<{ name: string; role: string; professionalId?: string }>; childTookPart: boolean } | null;
  consentForm: { signedBy: string[] } | null;
  views: Array<{ party: string; view: string }>;
  wellbeingStar: Array<{ child?: number | null; ratedBy?: string | null; ratedAt: string; configVersion: string; ratings: StarRating[] }>;
  closeWorkerTasks: Array<{ task: string; fi: string; sv: string; en: string; done: boolean | null }>;
  closing: unknown;
  plan?: (JointPlan & { revision: number; change: string }) | null;
  planRevisions?: unknown[];
  responsibleWorkers?: Array<{ professionalId: string; name: string }>;
}

/** GET /cases/{caseId}/plan-tracking (plan follow-up). */
export interface PlanTrackingState {
  caseId: string;
  revision: number;
  status: 'tracking' | 'closed';
  plan?: { meetingId: string; revision: number; responsibleWorkerIds: string[]; consentId: string | null };
  actions?: Array<PlanAction & { index: number; status: string }>;
  nextContactAt: string | null;
  outcome: { outcome: string } | null;
  closure: { reason: string } | null;
}

export interface DirectoryPerson {
  id: string;
  name: string;
  organisation: string;
  sector: string;
  team?: string;
  publicService: boolean;
}

/** Words the reference data gives in each language. */
export interface Localised {
  fi: string;
  sv: string;
  en?: string;
}

export interface ReferenceList<V> {
  kind: string;
  version: number;
  entries: Array<{ key: string; value: V; retired: boolean }>;
}

export interface StarConfig {
  version: string;
  scale: { min: number; max: number };
  areas: Array<Localised & { key: string; subItems?: Array<Localised & { key: string }> }>;
}

export interface FeedbackForm {
  version: string;
  scale: { min: number; max: number };
  items: Array<Localised & { key: string }>;
}

export interface CatalogueService extends Localised {
  id: string;
  requiresConsent: boolean;
  organisation: string;
  sector: string;
}

/** Identity the caller does not read arrives as `{ withheld: 'identity' }`: then there is no list to offer. */
export function listOf<T>(value: T[] | { withheld: string } | undefined | null): T[] {
  return Array.isArray(value) ? value : [];
}
