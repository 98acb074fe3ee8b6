import { handleCommand } from '@perheverkko/command-handling';
import { roomDayStreams, roomDecider } from '@perheverkko/convening-domain';
import type { CommandMetadata } from '@perheverkko/decider';
import type { EventStore } from '@perheverkko/event-store';
import { messageOf } from '@perheverkko/decider';

export interface RoomBooking {
  bookingId: string;
  roomId: string;
  startsAt: string;
  endsAt: string;
  caseId: string;
  /** The same case's booking this one takes over (a moved meeting): the two may overlap until it is released. */
  replaces?: string;
}

type Store = Pick<EventStore, 'readStream' | 'appendToStream'>;

/** The room's day streams, its id made safe for a stream name. */
const streamsOf = (booking: Pick<RoomBooking, 'roomId' | 'startsAt' | 'endsAt'>) =>
  roomDayStreams(booking.roomId.replace(/[^A-Za-z0-9._-]/g, '-'), booking.startsAt, booking.endsAt);

/**
 * The command id of a booking's record in its n-th day: the first keeps the booking's own id (and its release
 * `<id>:release`), as when a booking was recorded in one day only, so a resent request finds what it recorded.
 */
const commandIdIn = (bookingId: string, index: number, streamId: string, step: 'book' | 'release') =>
  `${index === 0 ? bookingId : `${bookingId}:${streamId}`}${step === 'release' ? ':release' : ''}`;

/** Books or releases a booking in one of its days, under the command id that step has there. */
async function decideInDay(
  store: Store,
  streamId: string,
  index: number,
  step: { type: 'BookRoom'; data: RoomBooking } | { type: 'ReleaseRoom'; data: { bookingId: string; reason: string } },
  metadata: CommandMetadata,
): Promise<void> {
  const commandId = commandIdIn(step.data.bookingId, index, streamId, step.type === 'BookRoom' ? 'book' : 'release');
  await handleCommand({ store, decider: roomDecider, streamId, command: { ...step, metadata: { ...metadata, commandId } } });
}

async function releaseIn(store: Store, streams: string[], bookingId: string, reason: string, metadata: CommandMetadata): Promise<void> {
  for (const [index, streamId] of streams.entries())
    await decideInDay(store, streamId, index, { type: 'ReleaseRoom', data: { bookingId, reason } }, metadata);
}

/**
 * Books the room in every UTC day the booking touches, first day first. Each day's stream refuses an overlap
 * (409 double-booking) by its expected revision; if a later day refuses, the days already booked are released
 * again, so a refused booking holds no day.
 */
export async function bookRoom(store: Store, booking: RoomBooking, metadata: CommandMetadata): Promise<void> {
  const streams = streamsOf(booking);
  const booked: string[] = [];
  try {
    for (const [index, streamId] of streams.entries()) {
      await decideInDay(store, streamId, index, { type: 'BookRoom', data: booking }, metadata);
      booked.push(streamId);
    }
  } catch (error) {
    await releaseIn(store, booked, booking.bookingId, `the room could not be booked for the whole meeting: ${messageOf(error)}`, metadata);
    throw error;
  }
}

/** Releases a booking in every day it was recorded in (a day that does not hold it records nothing). */
export async function releaseRoom(store: Store, booking: RoomBooking, reason: string, metadata: CommandMetadata): Promise<void> {
  await releaseIn(store, streamsOf(booking), booking.bookingId, reason, metadata);
}
