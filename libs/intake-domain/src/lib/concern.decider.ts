import type { ENTRY_CHANNELS } from '@perheverkko/contracts';
import { refuse, unreachable, type Actor, type Command, type Decider, type DomainEvent } from '@perheverkko/decider';
import { birthDateOfIdentityCode, identityCodeProblem, TEMPORARY_ID } from './identity-code';
import { STATUTORY_ROUTES, recommendRoute, type ConcernZone, type Route, type RouteRecommendation, type RoutingFacts } from './routing';
import type { ContactWay, ServiceRelation, Zone2ServiceKind } from './service-contacts';

export type EntryChannel = (typeof ENTRY_CHANNELS)[number];

interface Person {
  name: string;
  /** A Finnish personal identity code, or a temporary identifier (TEMP-…) when none is known. */
  identifier: string;
  /**
   * YYYY-MM-DD. With a temporary identifier it lets intake find the child's open case (name and birth date); with an
   * identity code it must be the date the code gives. Absent in registrations made before it existed.
   */
  birthDate?: string;
}

export interface Worker {
  id: string;
  name: string;
  organisation: string;
  sector: string;
}

interface ZoneRating {
  zone: ConcernZone;
  ratedBy: 'worker' | 'family';
  ratedAt: string;
  raterId: string;
}

export type IntakeCommand =
  | Command<
      'RegisterConcern',
      {
        channel: EntryChannel;
        raisedBy: Worker;
        municipality: string;
        children: Person[];
        guardians: Person[];
        description: string;
        zone: ConcernZone;
        ratedBy: 'worker' | 'family';
      }
    >
  | Command<'RateZone', { zone: ConcernZone; ratedBy: 'worker' | 'family' }>
  | Command<
      'RecordRaisingWithFamily',
      { raisedAt: string; present: string[]; familyResponse: string; nextStep: string; reRaiseAt?: string }
    >
  | Command<'DecideRoute', { facts: RoutingFacts; chosenRoute: Route; deviationReason?: string }>
  | Command<'RecordMandatoryNotification', { kind: 'child-protection' | 'police'; madeAt: string; recipient: string }>
  | Command<'JoinConcern', ConcernJoinedRequest>
  | Command<'RecordNeedsAssessmentContact', NeedsAssessmentContactRequest>
  | Command<'RecordServiceContact', ServiceContactRequest>;

/**
 * The contact to social care to assess the child's need for support (seed 003: *yhteydenotto sosiaalihuoltoon lapsen
 * tuen tarpeen arvioimiseksi*), made on that form together with the parents: who of them took part, when, to whom,
 * and what it says (sealed). If the guardians will not make it together, a child-protection notification is made.
 */
interface NeedsAssessmentContactRequest {
  madeAt: string;
  /** The guardians who made the contact together with the worker (among those registered with the concern). */
  parents: string[];
  /** The social-care office or official the form went to. */
  recipient: string;
  /** What the contact says: the concern and the support wished, as written on the form. */
  content: string;
}

/**
 * In zone 2, a contact with a service the family already has or one named for the area (seed 000), made together
 * with the family or with its permission.
 */
interface ServiceContactRequest {
  service: { kind: Zone2ServiceKind; name?: string };
  relation: ServiceRelation;
  how: ContactWay;
  contactedAt: string;
  note?: string;
}

/**
 * Another worker's concern about a child who already has an open case, added to that case instead of a second
 * registration. The joining worker gains no access by it: the convener sees the concern, and brings the worker into
 * the network only with the family's consent (an invitation), as for anyone else.
 */
interface ConcernJoinedRequest {
  joinedBy: Worker;
  channel: EntryChannel;
  description: string;
  zone: ConcernZone;
  ratedBy: 'worker' | 'family';
}

interface ConcernJoinedData extends ConcernJoinedRequest {
  joinedAt: string;
}

/**
 * v2 added the family's home municipality and the number of children (not personal: reporting counts families
 * and children per municipality without opening the sealed names). `childCount` is null only for v1 events.
 */
interface ConcernRegisteredData {
  channel: EntryChannel;
  raisedBy: Worker;
  municipality: string;
  childCount: number | null;
  children: Person[];
  guardians: Person[];
  description: string;
  registeredAt: string;
}

/**
 * v2 names the guardians registered with the concern (sealed), so convening can check that a consent is given by
 * the case's own guardians. Absent in v1 events and when intake cannot read them (erased): unknown, not checked.
 */
interface JointMeetingRequestedData {
  zone: ConcernZone;
  channel: EntryChannel;
  convener: Worker;
  concernRegisteredAt: string;
  requestedAt: string;
  guardians?: string[];
}

export type IntakeEvent =
  | DomainEvent<'ConcernRegistered', ConcernRegisteredData>
  | DomainEvent<'ZoneRated', ZoneRating>
  | DomainEvent<
      'ConcernRaisedWithFamily',
      { raisedAt: string; present: string[]; familyResponse: string; nextStep: string; reRaiseAt?: string }
    >
  | DomainEvent<
      'RouteDecided',
      {
        facts: RoutingFacts;
        recommended: RouteRecommendation;
        chosenRoute: Route;
        deviationReason?: string;
        decidedBy: string;
        decidedAt: string;
      }
    >
  | DomainEvent<'JointMeetingRequested', JointMeetingRequestedData>
  | DomainEvent<'MandatoryNotificationMade', { kind: 'child-protection' | 'police'; madeBy: string; madeAt: string; recipient: string }>
  | DomainEvent<'ConcernJoined', ConcernJoinedData>
  | DomainEvent<'NeedsAssessmentContactMade', NeedsAssessmentContactRequest & { madeBy: string; recordedAt: string }>
  | DomainEvent<'ServiceContactedAboutConcern', ServiceContactRequest & { contactedBy: string; recordedAt: string }>;

export type ConcernState =
  | { status: 'none' }
  | {
      status: 'registered';
      channel: EntryChannel;
      raisedBy: Worker;
      registeredAt: string;
      /** The guardians' names as registered (undefined once erased, or when read without the case key). */
      guardians?: string[];
      zones: ZoneRating[];
      reRaiseAt?: string;
      /** When the concern was first raised with the family (a zone-2 contact with services comes after it). */
      firstRaisedAt?: string;
      route?: Route;
      notifications: Array<'child-protection' | 'police'>;
    };

/** Current schema versions of intake's stored events, and how older stored versions read. */
export const INTAKE_SCHEMA_VERSIONS = { ConcernRegistered: 2, JointMeetingRequested: 2, MandatoryNotificationMade: 2 } as const;
export const INTAKE_UPCASTERS = {
  ConcernRegistered: { 1: (data: unknown) => ({ ...(data as object), municipality: 'unknown', childCount: null }) },
  // v1 did not name the guardians: unknown (absent).
  JointMeetingRequested: { 1: (data: unknown) => data },
  // v2 seals the recipient; a v1 event keeps the clear text it was written with.
  MandatoryNotificationMade: { 1: (data: unknown) => data },
};

/** Personal data in intake's events, stored only sealed with the case's key. */
export const INTAKE_PERSONAL_FIELDS = {
  ConcernRegistered: ['children', 'guardians', 'description'],
  ConcernRaisedWithFamily: ['present', 'familyResponse', 'nextStep'],
  RouteDecided: ['deviationReason'],
  JointMeetingRequested: ['guardians'],
  MandatoryNotificationMade: ['recipient'],
  ConcernJoined: ['description'],
  NeedsAssessmentContactMade: ['parents', 'recipient', 'content'],
  ServiceContactedAboutConcern: ['service', 'note'],
} as const;

/** The names of registered guardians, when they can be read (sealed or erased values cannot). */
function guardianNames(guardians: unknown): string[] | undefined {
  if (!Array.isArray(guardians)) return undefined;
  const names = guardians.map((g: Partial<Person> | undefined) => g?.name);
  return names.every((n): n is string => typeof n === 'string') ? names : undefined;
}

function checkZone(zone: number): asserts zone is ConcernZone {
  if (![1, 2, 3, 4].includes(zone))
    refuse('zone-range', `zone must be 1 (no concern), 2 (concern), 3 (growing concern) or 4 (very worried), got ${zone}`);
}

function checkPeople(role: string, people: Person[], atLeastOne: boolean, today: string): void {
  if (atLeastOne && people.length === 0)
    refuse(`${role}-required`, `name at least one ${role === 'children' ? 'child' : role.replace(/s$/, '')}`);
  people.forEach((person, i) => {
    if (person.birthDate !== undefined) checkBirthDate(`${role}[${i}].birthDate`, person.birthDate, today);
    if (TEMPORARY_ID.test(person.identifier)) return;
    const problem = identityCodeProblem(person.identifier);
    if (problem)
      refuse('identity-code', `${role}[${i}].identifier: ${problem}; use a temporary identifier TEMP-… when the code is not known`);
    const encoded = birthDateOfIdentityCode(person.identifier);
    if (person.birthDate !== undefined && person.birthDate !== encoded) {
      refuse(
        'birth-date-mismatch',
        `${role}[${i}].birthDate ${person.birthDate} is not the date the identity code gives (${encoded}); correct one of them, or leave birthDate out`,
      );
    }
  });
}

function checkBirthDate(field: string, birthDate: string, today: string): void {
  const [year, month, day] = birthDate.split('-').map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  const real =
    /^\d{4}-\d{2}-\d{2}$/.test(birthDate) &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day;
  if (!real) refuse('birth-date', `${field}: ${birthDate} is not a date (YYYY-MM-DD)`);
  if (birthDate > today) refuse('birth-date', `${field}: ${birthDate} is in the future`);
}

function registered(state: ConcernState, commandName: string): Extract<ConcernState, { status: 'registered' }> {
  if (state.status !== 'registered')
    refuse('concern-must-exist', `${commandName}: no concern is registered for this case; register it first`, 'conflict');
  return state;
}

function actorIsWorker(actor: Actor): boolean {
  return actor.role === 'professional' || actor.role === 'coordinator';
}

/**
 * The worker who holds the concern makes the contacts it leads to (seed 003: the person to whom the concern became
 * known makes the contact; it cannot be delegated).
 */
function byConcernHolder(actor: Actor, concern: Extract<ConcernState, { status: 'registered' }>, what: string): void {
  if (!actorIsWorker(actor) || actor.id !== concern.raisedBy.id)
    refuse('contact-not-delegable', `only ${concern.raisedBy.name}, who holds the concern, can ${what}`, 'not-yours');
}

/** Clocks differ a little; a contact recorded as made later than that is not yet made. */
const CLOCK_SKEW_MS = 5 * 60_000;
function notLater(at: string, now: string, field: string): void {
  if (Date.parse(at) > Date.parse(now) + CLOCK_SKEW_MS)
    refuse('not-yet-made', `${field} ${at} is in the future: record a contact once it is made`);
}

const sameName = (a: string, b: string) => a.trim().toLocaleLowerCase('fi') === b.trim().toLocaleLowerCase('fi');

export const concernDecider: Decider<IntakeCommand, IntakeEvent, ConcernState> = {
  initialState: () => ({ status: 'none' }),

  evolve(state, event) {
    switch (event.type) {
      case 'ConcernRegistered':
        return {
          status: 'registered',
          channel: event.data.channel,
          raisedBy: event.data.raisedBy,
          registeredAt: event.data.registeredAt,
          guardians: guardianNames(event.data.guardians),
          zones: [],
          notifications: [],
        };
      case 'ZoneRated':
        return state.status === 'registered' ? { ...state, zones: [...state.zones, event.data] } : state;
      case 'ConcernRaisedWithFamily': {
        if (state.status !== 'registered') return state;
        const { raisedAt, reRaiseAt } = event.data;
        const first =
          state.firstRaisedAt === undefined || Date.parse(raisedAt) < Date.parse(state.firstRaisedAt) ? raisedAt : state.firstRaisedAt;
        return { ...state, reRaiseAt, firstRaisedAt: first };
      }
      case 'RouteDecided':
        return state.status === 'registered' ? { ...state, route: event.data.chosenRoute } : state;
      case 'MandatoryNotificationMade':
        return state.status === 'registered' ? { ...state, notifications: [...state.notifications, event.data.kind] } : state;
      default:
        return state;
    }
  },

  decide(command, state) {
    const { now, actor } = command.metadata;
    switch (command.type) {
      case 'RegisterConcern': {
        if (state.status !== 'none')
          refuse('registered-once', 'a concern is already registered for this case; rate it or record the discussion instead', 'conflict');
        const { channel, raisedBy, municipality, children, guardians, description, zone, ratedBy } = command.data;
        checkZone(zone);
        if (!municipality.trim()) refuse('municipality-required', "give the family's home municipality");
        // The date in Finland is at most a day ahead of UTC's: a child born today in Helsinki is not refused.
        const latestBirthDate = new Date(Date.parse(now) + 24 * 3600 * 1000).toISOString().slice(0, 10);
        checkPeople('children', children, true, latestBirthDate);
        checkPeople('guardians', guardians, false, latestBirthDate);
        if (!description.trim()) refuse('description-required', 'say what the concern is about');
        return [
          {
            type: 'ConcernRegistered',
            data: {
              channel,
              raisedBy,
              municipality: municipality.trim(),
              childCount: children.length,
              children,
              guardians,
              description,
              registeredAt: now,
            },
          },
          { type: 'ZoneRated', data: { zone, ratedBy, ratedAt: now, raterId: actor.id } },
        ];
      }
      case 'RateZone': {
        registered(state, 'RateZone');
        checkZone(command.data.zone);
        return [{ type: 'ZoneRated', data: { zone: command.data.zone, ratedBy: command.data.ratedBy, ratedAt: now, raterId: actor.id } }];
      }
      case 'RecordRaisingWithFamily': {
        const concern = registered(state, 'RecordRaisingWithFamily');
        const zone = concern.zones[concern.zones.length - 1]?.zone;
        const { reRaiseAt } = command.data;
        if (zone === 2 && !reRaiseAt)
          refuse('re-raise-time-for-zone-2', 'in zone 2 agree with the family when the concern is raised again (reRaiseAt)');
        if (reRaiseAt && Date.parse(reRaiseAt) <= Date.parse(command.data.raisedAt))
          refuse('re-raise-after-raising', 'reRaiseAt must be after the discussion');
        return [{ type: 'ConcernRaisedWithFamily', data: command.data }];
      }
      case 'DecideRoute': {
        const concern = registered(state, 'DecideRoute');
        const { facts, chosenRoute, deviationReason } = command.data;
        checkZone(facts.zone);
        const recommended = recommendRoute(facts);
        const suspicion = facts.suspectedViolence || facts.suspectedSexualAbuse || facts.suspectedSubstanceAbuse;
        if ((facts.zone === 4 || suspicion) && !STATUTORY_ROUTES.includes(chosenRoute)) {
          refuse(
            'statutory-route',
            'zone 4 or a suspected crime against the child can never be handled in the model alone: notify child protection (and the police)',
          );
        }
        if (chosenRoute === 'joint-meeting' && !facts.familyWishesSupport)
          refuse('family-wish-required', 'a joint meeting is convened only when the family wishes support');
        if (chosenRoute !== recommended.route && !deviationReason?.trim()) {
          refuse('deviation-reason', `the recommendation is ${recommended.route}; give deviationReason to choose ${chosenRoute}`);
        }
        const decided: IntakeEvent[] = [
          {
            type: 'RouteDecided',
            data: { facts, recommended, chosenRoute, ...(deviationReason ? { deviationReason } : {}), decidedBy: actor.id, decidedAt: now },
          },
        ];
        if (chosenRoute === 'joint-meeting') {
          decided.push({
            type: 'JointMeetingRequested',
            data: {
              zone: facts.zone,
              channel: concern.channel,
              convener: concern.raisedBy,
              concernRegisteredAt: concern.registeredAt,
              requestedAt: now,
              ...(concern.guardians ? { guardians: concern.guardians } : {}),
            },
          });
        }
        return decided;
      }
      case 'RecordMandatoryNotification': {
        const concern = registered(state, 'RecordMandatoryNotification');
        // The person to whom the concern became known makes the notification: it cannot be delegated.
        if (!actorIsWorker(actor) || actor.id !== concern.raisedBy.id) {
          refuse(
            'notification-not-delegable',
            `only ${concern.raisedBy.name}, who noticed the concern, can record having made the notification`,
            'not-yours',
          );
        }
        return [
          {
            type: 'MandatoryNotificationMade',
            data: { kind: command.data.kind, madeBy: actor.id, madeAt: command.data.madeAt, recipient: command.data.recipient },
          },
        ];
      }
      case 'JoinConcern': {
        const concern = registered(state, 'JoinConcern');
        const { joinedBy, channel, description, zone, ratedBy } = command.data;
        if (!actorIsWorker(actor) || actor.id !== joinedBy.id)
          refuse('joined-by-caller', 'a concern is joined to a case only by the worker who has it');
        if (joinedBy.id === concern.raisedBy.id)
          refuse('own-case', 'this is your own case: rate the zone or record the discussion on it instead of joining it', 'conflict');
        checkZone(zone);
        if (!description.trim()) refuse('description-required', 'say what the concern is about');
        return [{ type: 'ConcernJoined', data: { joinedBy, channel, description, zone, ratedBy, joinedAt: now } }];
      }
      case 'RecordNeedsAssessmentContact': {
        const concern = registered(state, 'RecordNeedsAssessmentContact');
        byConcernHolder(actor, concern, 'make the contact to social care for a needs assessment');
        if (concern.route !== 'social-care-needs-assessment') {
          refuse(
            'route-not-needs-assessment',
            `the concern's route is ${concern.route ?? 'not decided yet'}: decide the route social-care-needs-assessment (POST …/route-decision) before recording the contact`,
            'conflict',
          );
        }
        const { madeAt, parents, recipient, content } = command.data;
        notLater(madeAt, now, 'madeAt');
        if (parents.length === 0) {
          refuse(
            'needs-assessment-with-parents',
            'the contact is made together with the parents: name who of them took part. If the guardians will not make it together, make a child-protection notification instead',
          );
        }
        const known = concern.guardians ?? [];
        parents.forEach((parent, i) => {
          if (known.length > 0 && !known.some((g) => sameName(g, parent))) {
            refuse(
              'parent-not-guardian',
              `parents[${i}] is not a guardian registered with the concern: the contact is made together with the child's guardians`,
            );
          }
        });
        if (!recipient.trim()) refuse('needs-assessment-recipient', 'name the social-care office the contact was made to');
        if (!content.trim()) refuse('needs-assessment-content', 'record what the contact says');
        return [{ type: 'NeedsAssessmentContactMade', data: { madeAt, parents, recipient, content, madeBy: actor.id, recordedAt: now } }];
      }
      case 'RecordServiceContact': {
        const concern = registered(state, 'RecordServiceContact');
        byConcernHolder(actor, concern, 'contact the services about the concern');
        const zone = concern.zones[concern.zones.length - 1]?.zone;
        if (zone !== 2) {
          refuse(
            'service-contact-zone-2',
            `contacting the services the family already has, or the area's named services, is the zone 2 step; the concern is in zone ${zone}: in zone 3 the network is convened, in zone 4 act at once`,
            'conflict',
          );
        }
        if (concern.firstRaisedAt === undefined)
          refuse(
            'raise-with-family-first',
            'raise the concern with the family first (POST …/raisings): the services are contacted together with the family or with its permission',
            'conflict',
          );
        const { service, relation, how, contactedAt, note } = command.data;
        notLater(contactedAt, now, 'contactedAt');
        if (Date.parse(contactedAt) < Date.parse(concern.firstRaisedAt))
          refuse('contact-after-raising', `contactedAt is before the concern was raised with the family (${concern.firstRaisedAt})`);
        if (service.kind === 'other' && !service.name?.trim())
          refuse('service-name', 'name the service (service.name) when its kind is other');
        return [
          {
            type: 'ServiceContactedAboutConcern',
            data: { service, relation, how, contactedAt, ...(note ? { note } : {}), contactedBy: actor.id, recordedAt: now },
          },
        ];
      }
      default:
        return unreachable(command);
    }
  },
};
