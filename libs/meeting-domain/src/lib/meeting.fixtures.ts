/** What the meeting specs share: the first meeting's record opened, and Terhi as a responsible worker. */
import type { MeetingEvent, ResponsibleWorker } from './meeting.decider';

export const opened: Extract<MeetingEvent, { type: 'MeetingOpened' }> = {
  type: 'MeetingOpened',
  data: { meetingId: 'm-1', kind: 'first', number: 1, startsAt: '2026-11-26T12:00:00.000Z', roomId: 'r-2' },
};
export const terhi: ResponsibleWorker = {
  professionalId: 'w-terhi',
  name: 'Terhi Terveydenhoitaja',
  organisation: 'Neuvola',
  publicService: true,
};
