import { DomainRuleViolation, unreachable, type Command, type Decider, type DomainEvent } from '@perheverkko/decider';
import { coveringConsent, type Consent, type ConsentScope, type Invitee } from './consent';

export interface Worker {
  id: string;
  name: string;
  organisation: string;
  sector: string;
}

export type Reply = 'accept' | 'decline' | 'propose-time';

export interface Invitation {
  invitationId: string;
  /** The directory id of an invited professional (not personal data of the family; kept plain for access checks). */
  inviteeId?: string;
  invitee: Invitee;
  consentId: string;
  status: 'pending' | 'accepted' | 'declined' | 'time-proposed' | 'cancelled';
}

export type ConveningCommand =
  | Command<'OpenConvening', { convener: Worker; zone: number; concernRegisteredAt: string; requestedAt: string }>
  | Command<'GrantConsent', { consentId: string; guardians: string[]; children: string[]; scopes: ConsentScope[]; validUntil: string; givenAs: 'paper-form' | 'electronic' }>
  | Command<'ExtendConsent', { consentId: string; scopes: ConsentScope[]; validUntil?: string }>
  | Command<'WithdrawConsent', { consentId: string; withdrawnBy: string }>
  | Command<'Invite', { invitationId: string; invitee: Invitee }>
  | Command<'RecordReply', { invitationId: string; reply: Reply; proposedTime?: string }>
  | Command<'NoteFollowUpRequest', { requestedBy: string; requestedAt: string; reason: string }>
  | Command<'ScheduleMeeting', { meetingId: string; kind: 'first' | 'follow-up'; startsAt: string; endsAt: string; roomId: string; followUpReason?: string }>;

export type ConveningEvent =
  | DomainEvent<'ConveningOpened', { convener: Worker; zone: number; concernRegisteredAt: string; requestedAt: string }>
  | DomainEvent<'ConsentGranted', Omit<Consent, 'withdrawn'>>
  | DomainEvent<'ConsentExtended', { consentId: string; scopes: ConsentScope[]; validUntil: string; recordedBy: string }>
  | DomainEvent<'ConsentWithdrawn', { consentId: string; withdrawnBy: string; withdrawnAt: string }>
  | DomainEvent<'InvitationSent', { invitationId: string; inviteeId?: string; invitee: Invitee; consentId: string; share: string[]; sentBy: string; sentAt: string }>
  | DomainEvent<'InvitationCancelled', { invitationId: string; reason: string; cancelledAt: string }>
  | DomainEvent<'InvitationReplied', { invitationId: string; reply: Reply; proposedTime?: string; repliedAt: string }>
  | DomainEvent<'FollowUpRequested', { requestedBy: string; requestedAt: string; reason: string }>
  | DomainEvent<'MeetingScheduled', { meetingId: string; kind: 'first' | 'follow-up'; number: number; startsAt: string; endsAt: string; roomId: string; daysFromConcern: number; invitationIds: string[]; followUpReason?: string }>;

export type ConveningState =
  | { status: 'none' }
  | { status: 'open'; convener: Worker; concernRegisteredAt: string; consents: Consent[]; invitations: Invitation[]; meetings: number; followUpRequested: boolean };

/** Personal data in convening's events (the family's names, the family's own invitees), stored sealed. */
export const CONVENING_PERSONAL_FIELDS = {
  ConsentGranted: ['guardians', 'children'],
  InvitationSent: ['invitee'],
  FollowUpRequested: ['reason'],
} as const;

const MAX_MEETINGS_WITHOUT_REASON = 3;

function refuse(rule: string, message: string, kind: 'conflict' | 'unprocessable' = 'unprocessable'): never {
  throw new DomainRuleViolation(rule, message, kind);
}

function open(state: ConveningState, what: string): Extract<ConveningState, { status: 'open' }> {
  if (state.status !== 'open') refuse('convening-must-be-open', `${what}: this case has not been routed to a joint meeting`, 'conflict');
  return state;
}

function activeConsent(state: Extract<ConveningState, { status: 'open' }>, consentId: string): Consent {
  const consent = state.consents.find((c) => c.consentId === consentId);
  if (!consent) refuse('consent-unknown', `no consent ${consentId} has been recorded for this case`, 'conflict');
  if (consent.withdrawn) refuse('consent-withdrawn', `consent ${consentId} was withdrawn; record a new consent with the family`, 'conflict');
  return consent;
}

function checkScopes(scopes: ConsentScope[]): void {
  if (scopes.length === 0) refuse('consent-scope-required', 'a consent names at least one participant, organisation or sector that may be invited');
  for (const scope of scopes) if (!scope.value.trim()) refuse('consent-scope-value', 'every consent scope names who it covers');
}

export const conveningDecider: Decider<ConveningCommand, ConveningEvent, ConveningState> = {
  initialState: () => ({ status: 'none' }),

  evolve(state, event) {
    if (event.type === 'ConveningOpened') {
      return { status: 'open', convener: event.data.convener, concernRegisteredAt: event.data.concernRegisteredAt, consents: [], invitations: [], meetings: 0, followUpRequested: false };
    }
    if (state.status !== 'open') return state;
    switch (event.type) {
      case 'ConsentGranted':
        return { ...state, consents: [...state.consents, { ...event.data, withdrawn: false }] };
      case 'ConsentExtended':
        return {
          ...state,
          consents: state.consents.map((c) => (c.consentId === event.data.consentId ? { ...c, scopes: [...c.scopes, ...event.data.scopes], validUntil: event.data.validUntil } : c)),
        };
      case 'ConsentWithdrawn':
        return { ...state, consents: state.consents.map((c) => (c.consentId === event.data.consentId ? { ...c, withdrawn: true } : c)) };
      case 'InvitationSent':
        return {
          ...state,
          invitations: [...state.invitations, { invitationId: event.data.invitationId, inviteeId: event.data.inviteeId, invitee: event.data.invitee, consentId: event.data.consentId, status: 'pending' }],
        };
      case 'InvitationCancelled':
        return { ...state, invitations: state.invitations.map((i) => (i.invitationId === event.data.invitationId ? { ...i, status: 'cancelled' } : i)) };
      case 'InvitationReplied': {
        const status = ({ accept: 'accepted', decline: 'declined', 'propose-time': 'time-proposed' } as const)[event.data.reply];
        return { ...state, invitations: state.invitations.map((i) => (i.invitationId === event.data.invitationId ? { ...i, status } : i)) };
      }
      case 'FollowUpRequested':
        return { ...state, followUpRequested: true };
      case 'MeetingScheduled':
        return { ...state, meetings: state.meetings + 1, followUpRequested: event.data.kind === 'follow-up' ? false : state.followUpRequested };
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
        if (s.consents.some((c) => c.consentId === command.data.consentId)) refuse('consent-id-used', `consent ${command.data.consentId} is already recorded`, 'conflict');
        if (command.data.guardians.length === 0) refuse('guardian-required', 'name the guardian(s) who consent');
        if (command.data.children.length === 0) refuse('child-required', 'name the child(ren) the consent is for');
        checkScopes(command.data.scopes);
        if (Date.parse(command.data.validUntil) <= Date.parse(now)) refuse('consent-validity', 'validUntil must be in the future');
        return [{ type: 'ConsentGranted', data: { ...command.data, recordedBy: actor.id } }];
      }
      case 'ExtendConsent': {
        const consent = activeConsent(open(state, 'ExtendConsent'), command.data.consentId);
        checkScopes(command.data.scopes);
        const validUntil = command.data.validUntil ?? consent.validUntil;
        if (Date.parse(validUntil) < Date.parse(consent.validUntil)) refuse('extension-shortens', 'an extension cannot shorten the consent; withdraw it instead');
        return [{ type: 'ConsentExtended', data: { consentId: consent.consentId, scopes: command.data.scopes, validUntil, recordedBy: actor.id } }];
      }
      case 'WithdrawConsent': {
        const s = open(state, 'WithdrawConsent');
        const consent = activeConsent(s, command.data.consentId);
        const remaining = s.consents.filter((c) => c.consentId !== consent.consentId);
        // Takes effect at once: pending invitations that no other consent covers are cancelled with it.
        const cancelled = s.invitations
          .filter((i) => i.status === 'pending' || i.status === 'time-proposed' || i.status === 'accepted')
          .filter((i) => i.consentId === consent.consentId && !coveringConsent(remaining, i.invitee, now));
        return [
          { type: 'ConsentWithdrawn', data: { consentId: consent.consentId, withdrawnBy: command.data.withdrawnBy, withdrawnAt: now } },
          ...cancelled.map((i): ConveningEvent => ({ type: 'InvitationCancelled', data: { invitationId: i.invitationId, reason: 'the consent it relied on was withdrawn', cancelledAt: now } })),
        ];
      }
      case 'Invite': {
        const s = open(state, 'Invite');
        if (actor.id !== s.convener.id) refuse('convener-invites', `only the convener ${s.convener.name} sends the invitations`, 'conflict');
        if (s.invitations.some((i) => i.invitationId === command.data.invitationId)) refuse('invitation-id-used', `invitation ${command.data.invitationId} already exists`, 'conflict');
        const covered = coveringConsent(s.consents, command.data.invitee, now);
        if (!covered) refuse('outside-consent', `${command.data.invitee.name} is not covered by the family's consent; nothing was sent`, 'conflict');
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
        if (invitation.status === 'cancelled') refuse('invitation-cancelled', 'the invitation was cancelled; its reply cannot be recorded', 'conflict');
        if (command.data.reply === 'propose-time' && !command.data.proposedTime) refuse('proposed-time-required', 'a proposal of another time names the time');
        return [{ type: 'InvitationReplied', data: { ...command.data, repliedAt: now } }];
      }
      case 'NoteFollowUpRequest': {
        const s = open(state, 'NoteFollowUpRequest');
        if (s.meetings === 0) refuse('first-meeting-first', 'a follow-up is requested after the first joint meeting', 'conflict');
        return [{ type: 'FollowUpRequested', data: command.data }];
      }
      case 'ScheduleMeeting': {
        const s = open(state, 'ScheduleMeeting');
        const { meetingId, kind, startsAt, endsAt, roomId, followUpReason } = command.data;
        if (Date.parse(endsAt) <= Date.parse(startsAt)) refuse('meeting-times', 'endsAt must be after startsAt');
        if (kind === 'first' && s.meetings > 0) refuse('first-meeting-once', 'the first meeting has already been scheduled; schedule a follow-up', 'conflict');
        if (kind === 'follow-up' && s.meetings === 0) refuse('first-meeting-first', 'schedule the first joint meeting before any follow-up', 'conflict');
        if (s.meetings >= MAX_MEETINGS_WITHOUT_REASON && !followUpReason?.trim()) {
          refuse('follow-up-reason', `the model plans 1–${MAX_MEETINGS_WITHOUT_REASON} meetings; a further one needs followUpReason`);
        }
        const invitationIds = s.invitations.filter((i) => i.status !== 'cancelled' && i.status !== 'declined').map((i) => i.invitationId);
        if (invitationIds.length === 0) refuse('no-participants', 'invite the participants the family wants before scheduling');
        const daysFromConcern = Math.floor((Date.parse(startsAt) - Date.parse(s.concernRegisteredAt)) / 86_400_000);
        return [
          { type: 'MeetingScheduled', data: { meetingId, kind, number: s.meetings + 1, startsAt, endsAt, roomId, daysFromConcern, invitationIds, ...(followUpReason ? { followUpReason } : {}) } },
        ];
      }
      default:
        return unreachable(command);
    }
  },
};
