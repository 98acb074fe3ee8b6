import { randomUUID } from 'node:crypto';
import type { Api } from './api';

/** The demo organiser the specs' rooms belong to. */
export const TEST_ROOM_ORGANISER = 'kangasala-child-health-clinic';

/**
 * A meeting room of the spec's own (meetings in it clash with no other spec's), recorded through the reference-data
 * API as the coordinator, the way a county records its rooms: convening schedules meetings only in rooms in force.
 * Embedded, the room is known to every service at once; deployed apart it reaches convening over Kafka a moment
 * later, so a spec that schedules at once sends the meeting through `onceRoomKnown`.
 */
export async function recordRoom(api: Api, id = `room-${randomUUID().slice(0, 8)}`): Promise<string> {
  const recorded = await api('PUT', `/reference-data/rooms/${id}`, { name: `Test room ${id}`, organiser: TEST_ROOM_ORGANISER }, 'kaisa');
  if (recorded.status !== 201 && recorded.status !== 200)
    throw new Error(`recording room ${id}: HTTP ${recorded.status} ${JSON.stringify(recorded.body)}`);
  return id;
}

/**
 * A service refused a command because it does not know the reference data it names (yet): convening a meeting's
 * room, the meeting service or plan follow-up an organizer.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const referenceNotKnown = (answer: { status: number; body: any }, fields: readonly string[] = ['roomId']): boolean =>
  answer.status === 400 &&
  Array.isArray(answer.body?.violations) &&
  answer.body.violations.some((v: { field?: string }) => fields.includes(v.field ?? ''));

/** Convening refused a meeting because it does not know the room (yet). */
export const roomNotKnown = (answer: { status: number; body: any }): boolean => referenceNotKnown(answer); // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * An organiser of the run's own (reports filtered by it show only the run's meetings), recorded through the
 * reference-data API as the administrator (a coordinator keeps only the organisers they coordinate); `name` is what meeting reports and feedback then name.
 */
export async function recordOrganiser(api: Api, id: string, name: string, municipality = '211'): Promise<string> {
  const recorded = await api('PUT', `/reference-data/organisers/${id}`, { name, municipality }, 'pekka');
  if (recorded.status !== 201 && recorded.status !== 200)
    throw new Error(`recording organiser ${id}: HTTP ${recorded.status} ${JSON.stringify(recorded.body)}`);
  return name;
}

/**
 * Sends a scheduling or rescheduling again while convening answers that it does not know the room: a room just
 * recorded at intake reaches a convening deployed apart within its consumer's lag (nothing is recorded by a 400).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function onceRoomKnown<R extends { status: number; body: any }>(send: () => Promise<R>, timeoutMs = 60_000): Promise<R> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await send();
    if (!roomNotKnown(answer) || Date.now() > deadline) return answer;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
