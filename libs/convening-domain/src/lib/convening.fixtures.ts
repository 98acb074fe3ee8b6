/** The case the convening specs share: Terhi convenes, the family consents for school, the teacher Olli is invited. */
import type { CommandMetadata } from '@perheverkko/decider';
import type { ConsentScope, Invitee } from './consent';
import type { ConveningCommand, ConveningEvent, Worker } from './convening.decider';
import type { RoomEvent } from './room.decider';

type DataOf<E extends { type: string; data: unknown }, T extends E['type']> = Extract<E, { type: T }>['data'];

export const now = '2026-11-23T09:00:00.000Z';
export const terhi: Worker = { id: 'w-terhi', name: 'Terhi', organisation: 'Neuvola', sector: 'child health clinic' };

/** A command's metadata: Terhi's (or `actorId`'s) command on case-1, decided at `at` (by default `now`). */
export const commandMetadata = ({ actorId = terhi.id, at = now }: { actorId?: string; at?: string } = {}): CommandMetadata => ({
  commandId: 'c',
  caseId: 'case-1',
  correlationId: 'k',
  actor: { id: actorId, role: 'professional', organisation: 'Neuvola' },
  now: at,
});

/** A convening command with `commandMetadata(metadata)`. */
export const conveningCommand = <T extends ConveningCommand['type']>(
  type: T,
  data: Extract<ConveningCommand, { type: T }>['data'],
  metadata: { actorId?: string; at?: string } = {},
) => ({ type, data, metadata: commandMetadata(metadata) }) as ConveningCommand;

export const opened: ConveningEvent = {
  type: 'ConveningOpened',
  data: { convener: terhi, zone: 3, concernRegisteredAt: '2026-11-16T09:00:00.000Z', requestedAt: now },
};
export const schoolScope: ConsentScope = { kind: 'sector', value: 'school', share: ['concern', 'joint-plan'] };
/** The family's consent-1 as Terhi records it (GrantConsent's data). */
export const consentGiven = {
  consentId: 'consent-1',
  guardians: ['Mari'],
  children: ['Aada'],
  scopes: [schoolScope],
  validUntil: '2027-06-01T00:00:00.000Z',
  givenAs: 'paper-form' as const,
};
export const granted: ConveningEvent = { type: 'ConsentGranted', data: { ...consentGiven, recordedBy: terhi.id } };
/** The professionals Terhi may invite: the teacher (covered by consent-1), the principal of the same school, a family counsellor (not covered). */
export const teacher: Invitee = { kind: 'professional', id: 'p-olli', name: 'Olli', organisation: 'Koulu', sector: 'school' };
export const principal: Invitee = { kind: 'professional', id: 'p-rehtori', name: 'Rehtori', organisation: 'Koulu', sector: 'school' };
export const counsellor: Invitee = {
  kind: 'professional',
  id: 'p-pia',
  name: 'Pia',
  organisation: 'Perheneuvola',
  sector: 'family counselling',
};
/** Terhi invites a professional under consent-1. */
export const invitationSent = (invitationId: string, invitee: Invitee): ConveningEvent => ({
  type: 'InvitationSent',
  data: {
    invitationId,
    inviteeId: invitee.id,
    invitee,
    consentId: 'consent-1',
    share: ['concern', 'joint-plan'],
    sentBy: terhi.id,
    sentAt: now,
  },
});

/** The first meeting, Thursday 26 November 2026, 14:00–15:30 in Helsinki, in room neuvola-2, unless `data` says otherwise. */
export const meetingScheduled = (data: Partial<DataOf<ConveningEvent, 'MeetingScheduled'>> = {}): ConveningEvent => ({
  type: 'MeetingScheduled',
  data: {
    meetingId: 'm-1',
    kind: 'first',
    number: 1,
    startsAt: '2026-11-26T12:00:00.000Z',
    endsAt: '2026-11-26T13:30:00.000Z',
    roomId: 'neuvola-2',
    daysFromConcern: 10,
    invitationIds: ['inv-1'],
    ...data,
  },
});

/** Booking b-1 of room neuvola-2 for case-1 at the first meeting's time, unless `data` says otherwise. */
export const roomBooking = (data: Partial<DataOf<RoomEvent, 'RoomBooked'>> = {}): DataOf<RoomEvent, 'RoomBooked'> => ({
  bookingId: 'b-1',
  roomId: 'neuvola-2',
  startsAt: '2026-11-26T12:00:00.000Z',
  endsAt: '2026-11-26T13:30:00.000Z',
  caseId: 'case-1',
  ...data,
});
export const roomBooked = (data: Partial<DataOf<RoomEvent, 'RoomBooked'>> = {}): RoomEvent => ({
  type: 'RoomBooked',
  data: roomBooking(data),
});
