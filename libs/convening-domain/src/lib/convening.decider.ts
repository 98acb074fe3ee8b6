import { isShareableCategory, SHAREABLE_CATEGORIES, type ShareableCategory } from '@perheverkko/access-model';
import {
  upcastConsentScopesV1,
  upcastConsentScopesV2,
  upcastConsentWithdrawnV1,
  upcastConveningOpenedV1,
  upcastInvitationShareV1,
  upcastMeetingScheduledV1,
  upcastMeetingScheduledV2,
} from '@perheverkko/contracts';
import {
  finnishDateOf,
  formatFinnishDateTime,
  formatFinnishTime,
  refuse,
  storedEventReader,
  unreachable,
  type Command,
  type Decider,
  type DomainEvent,
} from '@perheverkko/decider';
import { coveringConsent, sameName, type Consent, type ConsentScope, type Invitee } from './consent';

export interface Worker {
  id: string;
  name: string;
  organisation: string;
  sector: string;
}

type Reply = 'accept' | 'decline' | 'propose-time';

interface Invitation {
  invitationId: string;
  /** The directory id of an invited professional (not personal data of the family; kept plain for access checks). */
  inviteeId?: string;
  invitee: Invitee;
  consentId: string;
  status: 'pending' | 'accepted' | 'declined' | 'time-proposed' | 'cancelled';
}

/** Which meeting of the case, and when and where it is. */
export interface MeetingSlot {
  meetingId: string;
  kind: 'first' | 'follow-up';
  number: number;
  startsAt: string;
  endsAt: string;
  roomId: string;
}

/** Only the slot's fields of an event's data that has more. */
function slotOf(data: MeetingSlot): MeetingSlot {
  const { meetingId, kind, number, startsAt, endsAt, roomId } = data;
  return { meetingId, kind, number, startsAt, endsAt, roomId };
}

/** A meeting as convening keeps it: its time and room, the booking that holds the room, the invitations it brings together. */
interface ScheduledMeeting extends MeetingSlot {
  /** The room booking (MeetingScheduled v3, MeetingRescheduled); unknown for a meeting scheduled before v3. */
  bookingId?: string;
  invitationIds: string[];
  cancelled: boolean;
}

/** Where and when a meeting was before it moved, and the booking that held the room then. */
interface MeetingPlace {
  startsAt: string;
  endsAt: string;
  roomId: string;
  bookingId?: string;
}

/**
 * Intake's request. `guardians`: the names of the case's guardians registered at intake; absent when intake did
 * not say (its JointMeetingRequested v1) or registered none, and then consents are not checked against them.
 */
export interface ConveningOpenedData {
  convener: Worker;
  zone: number;
  concernRegisteredAt: string;
  requestedAt: string;
  guardians?: string[];
}

export type ConveningCommand =
  | Command<'OpenConvening', ConveningOpenedData>
  | Command<'GrantConsent', Omit<Consent, 'recordedBy' | 'withdrawn'>>
  | Command<'ExtendConsent', { consentId: string; scopes: ConsentScope[]; validUntil?: string }>
  | Command<'WithdrawConsent', { consentId: string; withdrawnBy: string }>
  | Command<'Invite', { invitationId: string; invitee: Invitee }>
  | Command<'RecordReply', { invitationId: string; reply: Reply; proposedTime?: string }>
  | Command<'NoteFollowUpRequest', { requestedBy: string; requestedAt: string; reason: string }>
  /** `bookingId`: the room booking the service made for it (room-booking.ts), recorded with the meeting. */
  | Command<
      'ScheduleMeeting',
      {
        meetingId: string;
        kind: 'first' | 'follow-up';
        startsAt: string;
        endsAt: string;
        roomId: string;
        bookingId?: string;
        followUpReason?: string;
      }
    >
  /**
   * `bookingId`: the new booking the service made (it may overlap the meeting's own booking, which it replaces).
   * `derivedBookingId`: for a meeting scheduled before MeetingScheduled v3 (which did not record its booking), the
   * id the service derives from the command that scheduled it; ignored when the meeting's events record one.
   */
  | Command<
      'RescheduleMeeting',
      { meetingId: string; startsAt: string; endsAt: string; roomId: string; bookingId: string; derivedBookingId?: string; reason: string }
    >
  | Command<'CancelMeeting', { meetingId: string; derivedBookingId?: string; reason: string }>;

export type ConveningEvent =
  | DomainEvent<'ConveningOpened', ConveningOpenedData>
  | DomainEvent<'ConsentGranted', Omit<Consent, 'withdrawn'>>
  | DomainEvent<'ConsentExtended', { consentId: string; scopes: ConsentScope[]; validUntil: string; recordedBy: string }>
  /** `withdrawnBy`: one of the guardians who gave the consent, as the consent names them (sealed since v2). */
  | DomainEvent<'ConsentWithdrawn', { consentId: string; withdrawnBy: string; withdrawnAt: string }>
  /** `unrecognisedShare` only in invitations sent before v2 (see ConsentScope). */
  | DomainEvent<
      'InvitationSent',
      {
        invitationId: string;
        inviteeId?: string;
        invitee: Invitee;
        consentId: string;
        share: ShareableCategory[];
        unrecognisedShare?: string[];
        sentBy: string;
        sentAt: string;
      }
    >
  | DomainEvent<'InvitationCancelled', { invitationId: string; reason: string; cancelledAt: string }>
  | DomainEvent<'InvitationReplied', { invitationId: string; reply: Reply; proposedTime?: string; repliedAt: string }>
  | DomainEvent<'FollowUpRequested', { requestedBy: string; requestedAt: string; reason: string }>
  /** v3: `bookingId`, the room booking that holds the room (absent in older events: derived from the command that scheduled it). */
  | DomainEvent<
      'MeetingScheduled',
      MeetingSlot & {
        bookingId?: string;
        daysFromConcern: number;
        invitationIds: string[];
        followUpReason?: string;
      }
    >
  /**
   * The meeting moved to another time or room before it started: the invitations in `invitationIds` move with it
   * (their replies are asked again), `previous` is where and when it was and the booking released. `reason` sealed.
   */
  | DomainEvent<
      'MeetingRescheduled',
      MeetingSlot & {
        bookingId: string;
        previous: MeetingPlace;
        daysFromConcern: number;
        invitationIds: string[];
        reason: string;
        rescheduledBy: string;
        rescheduledAt: string;
      }
    >
  /**
   * The meeting was called off before it started; its booking (`bookingId`) is released. The invitations no other
   * meeting of the case brings together are cancelled with it (InvitationCancelled follows). `reason` sealed.
   */
  | DomainEvent<
      'MeetingCancelled',
      MeetingSlot & {
        bookingId?: string;
        invitationIds: string[];
        reason: string;
        cancelledBy: string;
        cancelledAt: string;
      }
    >;

export type ConveningState =
  | { status: 'none' }
  | {
      status: 'open';
      convener: Worker;
      concernRegisteredAt: string;
      /** The case's guardians registered at intake; undefined when not known (then consents are not checked against them). */
      caseGuardians?: string[];
      consents: Consent[];
      invitations: Invitation[];
      /** Every meeting scheduled, cancelled ones too (they keep their place in the history, not in the count). */
      meetings: ScheduledMeeting[];
      followUpRequested: boolean;
    };

/** Personal data in convening's events (the family's names, the family's own invitees), stored sealed. */
export const CONVENING_PERSONAL_FIELDS = {
  ConveningOpened: ['guardians'],
  ConsentGranted: ['guardians', 'children', 'scopes.*.name'],
  ConsentExtended: ['scopes.*.name'],
  ConsentWithdrawn: ['withdrawnBy'],
  InvitationSent: ['invitee'],
  FollowUpRequested: ['reason'],
  MeetingScheduled: ['followUpReason'],
  MeetingRescheduled: ['reason'],
  MeetingCancelled: ['reason'],
} as const;

/**
 * Current schema versions of convening's stored events, and how older stored versions read (the same steps as
 * the published contracts': they touch only plain fields). Stored events are never rewritten.
 * - ConveningOpened v2: the case's guardians from intake (v1: unknown).
 * - ConsentGranted, ConsentExtended, InvitationSent v2: `share` holds categories; v1 words are read with
 *   `upcastShareWords`, and words naming no category are kept in `unrecognisedShare`, opening nothing.
 * - ConsentWithdrawn v2: `withdrawnBy` sealed; v1 events keep the clear text they were written with.
 * - ConsentGranted, ConsentExtended v3: a person scope naming someone by name has it in `name`, sealed; v2 scopes
 *   keep their clear `value`.
 * - MeetingScheduled v2: `followUpReason` sealed; v1 events keep the clear text they were written with.
 * - MeetingScheduled v3: `bookingId` of the room booking; older events have none (the service derives it from the
 *   command that scheduled the meeting, convening-service's `meetingBooking`).
 */
export const CONVENING_SCHEMA_VERSIONS = {
  ConveningOpened: 2,
  ConsentGranted: 3,
  ConsentExtended: 3,
  ConsentWithdrawn: 2,
  InvitationSent: 2,
  MeetingScheduled: 3,
} as const;
export const CONVENING_UPCASTERS = {
  ConveningOpened: { 1: upcastConveningOpenedV1 },
  ConsentGranted: { 1: upcastConsentScopesV1, 2: upcastConsentScopesV2 },
  ConsentExtended: { 1: upcastConsentScopesV1, 2: upcastConsentScopesV2 },
  ConsentWithdrawn: { 1: upcastConsentWithdrawnV1 },
  InvitationSent: { 1: upcastInvitationShareV1 },
  MeetingScheduled: { 1: upcastMeetingScheduledV1, 2: upcastMeetingScheduledV2 },
};

/** A stored convening event of any version in the current shape (the same steps `handleCommand` takes). */
export const upcastConveningEvent = storedEventReader<ConveningEvent>(CONVENING_SCHEMA_VERSIONS, CONVENING_UPCASTERS);

/** Names that can be compared: a value sealed without its key, or erased, is not a list of names. */
function namesOf(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((name) => typeof name === 'string') ? value : undefined;
}

const MAX_MEETINGS_WITHOUT_REASON = 3;

/**
 * The meeting service opens a meeting's record this many minutes before its start (meeting-domain's
 * MEETING_RECORD_OPENS_MINUTES_BEFORE; a service does not import another's domain, tools/e2e checks they agree).
 * From then on the meeting may be under way: convening no longer moves or cancels it.
 */
export const MEETING_OPENS_MINUTES_BEFORE = 15;

/** A time as a person reads it in a refusal: Helsinki's wall clock, in English like the rest of the message. */
function inFinnishWords(at: string): string {
  return `${formatFinnishDateTime(at, 'en')} Finnish time`;
}

/** An interval as a person reads it: the end's date only when it is another day in Helsinki. */
function intervalInFinnishWords(startsAt: string, endsAt: string): string {
  const end = finnishDateOf(startsAt) === finnishDateOf(endsAt) ? formatFinnishTime(endsAt, 'en') : formatFinnishDateTime(endsAt, 'en');
  return `${formatFinnishDateTime(startsAt, 'en')}–${end} Finnish time`;
}

/** Meetings that count: scheduled and not cancelled (held ones included). */
const liveMeetings = (s: Extract<ConveningState, { status: 'open' }>) => s.meetings.filter((m) => !m.cancelled);

/** Invitations that still stand: neither cancelled nor declined. */
const standing = (i: Invitation) => i.status !== 'cancelled' && i.status !== 'declined';

function open(state: ConveningState, what: string): Extract<ConveningState, { status: 'open' }> {
  if (state.status !== 'open') refuse('convening-must-be-open', `${what}: this case has not been routed to a joint meeting`, 'conflict');
  return state;
}

function activeConsent(state: Extract<ConveningState, { status: 'open' }>, consentId: string): Consent {
  const consent = state.consents.find((c) => c.consentId === consentId);
  if (!consent) refuse('consent-unknown', `no consent ${consentId} has been recorded for this case`, 'conflict');
  if (consent.withdrawn)
    refuse('consent-withdrawn', `consent ${consentId} was withdrawn; record a new consent with the family`, 'conflict');
  return consent;
}

function checkScopes(scopes: ConsentScope[]): void {
  if (scopes.length === 0)
    refuse('consent-scope-required', 'a consent names at least one participant, organisation or sector that may be invited');
  scopes.forEach((scope, i) => {
    if (!(scope.value ?? scope.name ?? '').trim()) refuse('consent-scope-value', 'every consent scope names who it covers');
    if (!scope.share.every(isShareableCategory))
      refuse(
        'consent-share-category',
        `scopes[${i}].share names what may be shared in these words only: ${SHAREABLE_CATEGORIES.join(', ')}`,
      );
  });
}

/** Consent is given by the case's own guardians, as intake registered them (when it said who they are). */
function checkGuardiansOfCase(s: Extract<ConveningState, { status: 'open' }>, guardians: string[]): void {
  if (!s.caseGuardians) return;
  const known = s.caseGuardians;
  guardians.forEach((guardian, i) => {
    // The message names the position, not the name: refusals are logged, names are personal data.
    if (!known.some((g) => sameName(g, guardian)))
      refuse(
        'consent-guardian-of-case',
        `guardians[${i}] is not one of the guardians registered with the concern; consent is given by the child's own guardians`,
      );
  });
}

/**
 * The family's consent must be in force at the meeting's time, not only when it is scheduled: every invitation the
 * meeting brings together rests on a consent that is not withdrawn and is valid until the meeting ends. The
 * refusal names the positions of the invitations and the consents, never the people (refusals are logged).
 */
function checkConsentAtMeeting(
  s: Extract<ConveningState, { status: 'open' }>,
  invited: Invitation[],
  startsAt: string,
  endsAt: string,
  now: string,
): void {
  const until = Date.parse(endsAt) > Date.parse(now) ? endsAt : now;
  const uncovered = invited.filter((i) => !coveringConsent(s.consents, i.invitee, until));
  if (uncovered.length === 0) return;
  const consents = [...new Set(uncovered.map((i) => i.consentId))];
  const ending = consents.map((id) => s.consents.find((c) => c.consentId === id)).filter((c): c is Consent => c !== undefined);
  refuse(
    'consent-not-in-force-at-meeting',
    `the meeting (${intervalInFinnishWords(startsAt, endsAt)}) is after the family's consent ends for ${uncovered.length} of its ${invited.length} invitations: consent ${ending
      .map((c) => (c.withdrawn ? `${c.consentId} (withdrawn)` : `${c.consentId} (valid until ${c.validUntil})`))
      .join(', ')}; extend the consent with the family, or schedule the meeting while it is in force`,
    'conflict',
  );
}

/**
 * The meeting a reschedule or cancellation is about: scheduled in this case, not cancelled, and not yet under way
 * (convening knows a meeting's time, not what the meeting service recorded: from MEETING_OPENS_MINUTES_BEFORE
 * minutes before its start the meeting may be opened and held, and it stays where it is).
 */
function movableMeeting(s: Extract<ConveningState, { status: 'open' }>, meetingId: string, what: string, now: string): ScheduledMeeting {
  const meeting = s.meetings.find((m) => m.meetingId === meetingId);
  if (!meeting) refuse('meeting-unknown', `${what}: no meeting ${meetingId} has been scheduled in this case`, 'conflict');
  if (meeting.cancelled) refuse('meeting-cancelled', `${what}: meeting ${meetingId} was cancelled; schedule a new one`, 'conflict');
  const opensAt = new Date(Date.parse(meeting.startsAt) - MEETING_OPENS_MINUTES_BEFORE * 60_000).toISOString();
  if (Date.parse(now) >= Date.parse(opensAt)) {
    refuse(
      'meeting-under-way',
      `${what}: the meeting starts ${inFinnishWords(meeting.startsAt)}; its record opened ${MEETING_OPENS_MINUTES_BEFORE} minutes before (${inFinnishWords(opensAt)}), so it is under way or held and stays as it is: record at the meeting what happened, or schedule a follow-up`,
      'conflict',
    );
  }
  return meeting;
}

function reasonGiven(reason: string, rule: string, what: string): void {
  if (!reason.trim()) refuse(rule, `${what} needs its reason (for the invitees and the record)`);
}

export const conveningDecider: Decider<ConveningCommand, ConveningEvent, ConveningState> = {
  initialState: () => ({ status: 'none' }),

  evolve(state, event) {
    if (event.type === 'ConveningOpened') {
      const caseGuardians = namesOf(event.data.guardians);
      return {
        status: 'open',
        convener: event.data.convener,
        concernRegisteredAt: event.data.concernRegisteredAt,
        ...(caseGuardians?.length ? { caseGuardians } : {}),
        consents: [],
        invitations: [],
        meetings: [],
        followUpRequested: false,
      };
    }
    if (state.status !== 'open') return state;
    switch (event.type) {
      case 'ConsentGranted':
        return { ...state, consents: [...state.consents, { ...event.data, withdrawn: false }] };
      case 'ConsentExtended':
        return {
          ...state,
          consents: state.consents.map((c) =>
            c.consentId === event.data.consentId
              ? { ...c, scopes: [...c.scopes, ...event.data.scopes], validUntil: event.data.validUntil }
              : c,
          ),
        };
      case 'ConsentWithdrawn':
        return { ...state, consents: state.consents.map((c) => (c.consentId === event.data.consentId ? { ...c, withdrawn: true } : c)) };
      case 'InvitationSent':
        return {
          ...state,
          invitations: [
            ...state.invitations,
            {
              invitationId: event.data.invitationId,
              inviteeId: event.data.inviteeId,
              invitee: event.data.invitee,
              consentId: event.data.consentId,
              status: 'pending',
            },
          ],
        };
      case 'InvitationCancelled':
        return {
          ...state,
          invitations: state.invitations.map((i) => (i.invitationId === event.data.invitationId ? { ...i, status: 'cancelled' } : i)),
        };
      case 'InvitationReplied': {
        const status = ({ accept: 'accepted', decline: 'declined', 'propose-time': 'time-proposed' } as const)[event.data.reply];
        return { ...state, invitations: state.invitations.map((i) => (i.invitationId === event.data.invitationId ? { ...i, status } : i)) };
      }
      case 'FollowUpRequested':
        return { ...state, followUpRequested: true };
      case 'MeetingScheduled': {
        const { bookingId, invitationIds, kind } = event.data;
        const meeting: ScheduledMeeting = { ...slotOf(event.data), ...(bookingId ? { bookingId } : {}), invitationIds, cancelled: false };
        return {
          ...state,
          meetings: [...state.meetings, meeting],
          followUpRequested: kind === 'follow-up' ? false : state.followUpRequested,
        };
      }
      case 'MeetingRescheduled': {
        const { meetingId, startsAt, endsAt, roomId, bookingId, invitationIds } = event.data;
        // A new time asks for a new reply: accepted or proposed-time invitations that moved are pending again.
        const moved = new Set(invitationIds);
        return {
          ...state,
          meetings: state.meetings.map((m) =>
            m.meetingId === meetingId ? { ...m, startsAt, endsAt, roomId, bookingId, invitationIds } : m,
          ),
          invitations: state.invitations.map((i) =>
            moved.has(i.invitationId) && (i.status === 'accepted' || i.status === 'time-proposed') ? { ...i, status: 'pending' } : i,
          ),
        };
      }
      case 'MeetingCancelled':
        return { ...state, meetings: state.meetings.map((m) => (m.meetingId === event.data.meetingId ? { ...m, cancelled: true } : m)) };
      default:
        return state;
    }
  },

  decide(command, state) {
    const { now, actor } = command.metadata;
    switch (command.type) {
      case 'OpenConvening':
        // Intake's request may arrive more than once (at-least-once delivery): a second one changes nothing.
        if (state.status === 'open') return [];
        return [{ type: 'ConveningOpened', data: command.data }];
      case 'GrantConsent': {
        const s = open(state, 'GrantConsent');
        if (s.consents.some((c) => c.consentId === command.data.consentId))
          refuse('consent-id-used', `consent ${command.data.consentId} is already recorded`, 'conflict');
        if (command.data.guardians.length === 0) refuse('guardian-required', 'name the guardian(s) who consent');
        if (command.data.children.length === 0) refuse('child-required', 'name the child(ren) the consent is for');
        checkGuardiansOfCase(s, command.data.guardians);
        checkScopes(command.data.scopes);
        if (Date.parse(command.data.validUntil) <= Date.parse(now)) refuse('consent-validity', 'validUntil must be in the future');
        return [{ type: 'ConsentGranted', data: { ...command.data, recordedBy: actor.id } }];
      }
      case 'ExtendConsent': {
        const consent = activeConsent(open(state, 'ExtendConsent'), command.data.consentId);
        checkScopes(command.data.scopes);
        const validUntil = command.data.validUntil ?? consent.validUntil;
        if (Date.parse(validUntil) < Date.parse(consent.validUntil))
          refuse('extension-shortens', 'an extension cannot shorten the consent; withdraw it instead');
        return [
          {
            type: 'ConsentExtended',
            data: { consentId: consent.consentId, scopes: command.data.scopes, validUntil, recordedBy: actor.id },
          },
        ];
      }
      case 'WithdrawConsent': {
        const s = open(state, 'WithdrawConsent');
        const consent = activeConsent(s, command.data.consentId);
        // Withdrawn by one of the guardians who gave it, named as the consent names them.
        const givenBy = namesOf(consent.guardians);
        if (!givenBy)
          refuse(
            'consent-guardians-unreadable',
            `the guardians of consent ${consent.consentId} can no longer be read (erased); nothing was recorded`,
            'conflict',
          );
        const withdrawnBy = givenBy.find((g) => sameName(g, command.data.withdrawnBy));
        if (!withdrawnBy)
          refuse('withdrawn-by-consenting-guardian', `withdrawnBy must name one of the guardians who gave consent ${consent.consentId}`);
        const remaining = s.consents.filter((c) => c.consentId !== consent.consentId);
        // Takes effect at once: pending invitations that no other consent covers are cancelled with it.
        const cancelled = s.invitations
          .filter((i) => i.status === 'pending' || i.status === 'time-proposed' || i.status === 'accepted')
          .filter((i) => i.consentId === consent.consentId && !coveringConsent(remaining, i.invitee, now));
        return [
          { type: 'ConsentWithdrawn', data: { consentId: consent.consentId, withdrawnBy, withdrawnAt: now } },
          ...cancelled.map((i): ConveningEvent => ({
            type: 'InvitationCancelled',
            data: { invitationId: i.invitationId, reason: 'the consent it relied on was withdrawn', cancelledAt: now },
          })),
        ];
      }
      case 'Invite': {
        const s = open(state, 'Invite');
        if (actor.id !== s.convener.id)
          refuse('convener-invites', `only the convener ${s.convener.name} sends the invitations`, 'not-yours');
        if (s.invitations.some((i) => i.invitationId === command.data.invitationId))
          refuse('invitation-id-used', `invitation ${command.data.invitationId} already exists`, 'conflict');
        const covered = coveringConsent(s.consents, command.data.invitee, now);
        if (!covered)
          refuse('outside-consent', `${command.data.invitee.name} is not covered by the family's consent; nothing was sent`, 'conflict');
        return [
          {
            type: 'InvitationSent',
            data: {
              invitationId: command.data.invitationId,
              ...(command.data.invitee.kind === 'professional' && command.data.invitee.id ? { inviteeId: command.data.invitee.id } : {}),
              invitee: command.data.invitee,
              consentId: covered.consent.consentId,
              share: covered.scope.share,
              sentBy: actor.id,
              sentAt: now,
            },
          },
        ];
      }
      case 'RecordReply': {
        const s = open(state, 'RecordReply');
        const invitation = s.invitations.find((i) => i.invitationId === command.data.invitationId);
        if (!invitation) refuse('invitation-unknown', `no invitation ${command.data.invitationId}`, 'conflict');
        if (invitation.status === 'cancelled')
          refuse('invitation-cancelled', 'the invitation was cancelled; its reply cannot be recorded', 'conflict');
        if (command.data.reply === 'propose-time' && !command.data.proposedTime)
          refuse('proposed-time-required', 'a proposal of another time names the time');
        return [{ type: 'InvitationReplied', data: { ...command.data, repliedAt: now } }];
      }
      case 'NoteFollowUpRequest': {
        const s = open(state, 'NoteFollowUpRequest');
        if (liveMeetings(s).length === 0)
          refuse('first-meeting-first', 'a follow-up is requested after the first joint meeting', 'conflict');
        return [{ type: 'FollowUpRequested', data: command.data }];
      }
      case 'ScheduleMeeting': {
        const s = open(state, 'ScheduleMeeting');
        const { meetingId, kind, startsAt, endsAt, roomId, bookingId, followUpReason } = command.data;
        const live = liveMeetings(s);
        const meetings = live.length;
        // The next number follows the highest meeting that stands: a cancelled meeting's number is taken again only if it was the last.
        const number = Math.max(0, ...live.map((m) => m.number)) + 1;
        if (Date.parse(endsAt) <= Date.parse(startsAt)) refuse('meeting-times', 'endsAt must be after startsAt');
        if (kind === 'first' && meetings > 0)
          refuse('first-meeting-once', 'the first meeting has already been scheduled; schedule a follow-up', 'conflict');
        if (kind === 'follow-up' && meetings === 0)
          refuse('first-meeting-first', 'schedule the first joint meeting before any follow-up', 'conflict');
        if (meetings >= MAX_MEETINGS_WITHOUT_REASON && !followUpReason?.trim()) {
          refuse('follow-up-reason', `the model plans 1–${MAX_MEETINGS_WITHOUT_REASON} meetings; a further one needs followUpReason`);
        }
        const invited = s.invitations.filter(standing);
        if (invited.length === 0) refuse('no-participants', 'invite the participants the family wants before scheduling');
        checkConsentAtMeeting(s, invited, startsAt, endsAt, now);
        const invitationIds = invited.map((i) => i.invitationId);
        const daysFromConcern = Math.floor((Date.parse(startsAt) - Date.parse(s.concernRegisteredAt)) / 86_400_000);
        return [
          {
            type: 'MeetingScheduled',
            data: {
              meetingId,
              kind,
              number,
              startsAt,
              endsAt,
              roomId,
              ...(bookingId ? { bookingId } : {}),
              daysFromConcern,
              invitationIds,
              ...(followUpReason ? { followUpReason } : {}),
            },
          },
        ];
      }
      case 'RescheduleMeeting': {
        const s = open(state, 'RescheduleMeeting');
        const { meetingId, startsAt, endsAt, roomId, bookingId, derivedBookingId, reason } = command.data;
        const meeting = movableMeeting(s, meetingId, 'RescheduleMeeting', now);
        if (Date.parse(endsAt) <= Date.parse(startsAt)) refuse('meeting-times', 'endsAt must be after startsAt');
        if (Date.parse(startsAt) < Date.parse(now))
          refuse(
            'meeting-times',
            `the new time (${intervalInFinnishWords(startsAt, endsAt)}) has already begun: a meeting moves to a time to come`,
          );
        const unchanged =
          Date.parse(startsAt) === Date.parse(meeting.startsAt) &&
          Date.parse(endsAt) === Date.parse(meeting.endsAt) &&
          roomId === meeting.roomId;
        if (unchanged)
          refuse('reschedule-changes-nothing', `the meeting already is ${intervalInFinnishWords(startsAt, endsAt)} in room ${roomId}`);
        reasonGiven(reason, 'reschedule-reason', 'Moving a meeting');
        // The invitations the meeting brought together move with it, those still standing.
        const moving = s.invitations.filter((i) => meeting.invitationIds.includes(i.invitationId) && standing(i));
        if (moving.length === 0)
          refuse(
            'no-participants',
            'every invitation to this meeting was cancelled or declined: invite the participants again and schedule a new meeting, or cancel this one',
            'conflict',
          );
        // The family's consent must hold at the new time, as when the meeting was scheduled.
        checkConsentAtMeeting(s, moving, startsAt, endsAt, now);
        const previousBooking = meeting.bookingId ?? derivedBookingId;
        const previous: MeetingPlace = {
          startsAt: meeting.startsAt,
          endsAt: meeting.endsAt,
          roomId: meeting.roomId,
          ...(previousBooking ? { bookingId: previousBooking } : {}),
        };
        const daysFromConcern = Math.floor((Date.parse(startsAt) - Date.parse(s.concernRegisteredAt)) / 86_400_000);
        return [
          {
            type: 'MeetingRescheduled',
            data: {
              meetingId,
              kind: meeting.kind,
              number: meeting.number,
              startsAt,
              endsAt,
              roomId,
              bookingId,
              previous,
              daysFromConcern,
              invitationIds: moving.map((i) => i.invitationId),
              reason,
              rescheduledBy: actor.id,
              rescheduledAt: now,
            },
          },
        ];
      }
      case 'CancelMeeting': {
        const s = open(state, 'CancelMeeting');
        const { meetingId, derivedBookingId, reason } = command.data;
        const meeting = movableMeeting(s, meetingId, 'CancelMeeting', now);
        reasonGiven(reason, 'cancellation-reason', 'Cancelling a meeting');
        // An invitation another meeting of the case also brings together (one held before, one to come) stays: the
        // invitee remains in the family's network. The others were for this meeting alone and end with it.
        const elsewhere = new Set(
          liveMeetings(s)
            .filter((m) => m.meetingId !== meetingId)
            .flatMap((m) => m.invitationIds),
        );
        const ending = s.invitations.filter(
          (i) => meeting.invitationIds.includes(i.invitationId) && standing(i) && !elsewhere.has(i.invitationId),
        );
        const bookingId = meeting.bookingId ?? derivedBookingId;
        return [
          {
            type: 'MeetingCancelled',
            data: {
              meetingId,
              kind: meeting.kind,
              number: meeting.number,
              startsAt: meeting.startsAt,
              endsAt: meeting.endsAt,
              roomId: meeting.roomId,
              ...(bookingId ? { bookingId } : {}),
              invitationIds: meeting.invitationIds,
              reason,
              cancelledBy: actor.id,
              cancelledAt: now,
            },
          },
          ...ending.map((i): ConveningEvent => ({
            type: 'InvitationCancelled',
            data: { invitationId: i.invitationId, reason: 'the meeting it was for was cancelled', cancelledAt: now },
          })),
        ];
      }
      default:
        return unreachable(command);
    }
  },
};
