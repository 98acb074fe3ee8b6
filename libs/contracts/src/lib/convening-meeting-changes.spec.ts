import { ContractRegistry } from './contract-registry';
import { CONVENING_CONTRACTS } from './convening.contracts';
import { envelopeOf, SEALED } from './contracts.fixtures';

/** Issue 18: convening publishes a meeting's booking, its moves and its cancellation; the person's reason only sealed. */
describe('a meeting moved or cancelled, on convening.events.v1', () => {
  const registry = new ContractRegistry(CONVENING_CONTRACTS);
  const envelope = (type: string, version: number, data: unknown) => envelopeOf(type, version, data, '2026-11-23T09:00:00.000Z');
  const scheduled = {
    meetingId: 'm-1',
    kind: 'first',
    number: 1,
    startsAt: '2026-11-26T12:00:00.000Z',
    endsAt: '2026-11-26T13:30:00.000Z',
    roomId: 'r-2',
    daysFromConcern: 10,
    invitationIds: ['i-1'],
  };
  const rescheduled = {
    ...scheduled,
    startsAt: '2026-11-27T10:00:00+02:00',
    endsAt: '2026-11-27T11:30:00+02:00',
    roomId: 'r-3',
    bookingId: 'b-2',
    previous: { startsAt: scheduled.startsAt, endsAt: scheduled.endsAt, roomId: 'r-2', bookingId: 'b-1' },
    daysFromConcern: 11,
    reason: SEALED,
    rescheduledBy: 'demo-terhi',
    rescheduledAt: '2026-11-23T09:00:00.000Z',
  };
  const cancelled = { ...scheduled, bookingId: 'b-1', reason: SEALED, cancelledBy: 'demo-terhi', cancelledAt: '2026-11-23T09:00:00.000Z' };

  it('should publish MeetingScheduled v3 with its booking, and read a v2 without one', () => {
    expect(registry.toIntegrationEvent(envelope('MeetingScheduled', 3, { ...scheduled, bookingId: 'b-1' }))).toMatchObject({
      version: 3,
      data: { bookingId: 'b-1' },
    });
    const v2 = registry.upcast(envelope('MeetingScheduled', 2, scheduled));
    expect(v2).toMatchObject({ version: 3, data: scheduled });
    expect(v2.data).not.toHaveProperty('bookingId');
  });

  it('should publish a move with where it was and the invitations that moved, and a cancellation with its booking', () => {
    expect(registry.toIntegrationEvent(envelope('MeetingRescheduled', 1, rescheduled))).toMatchObject({
      version: 1,
      data: { previous: { bookingId: 'b-1' }, invitationIds: ['i-1'] },
    });
    expect(registry.toIntegrationEvent(envelope('MeetingCancelled', 1, cancelled))).toMatchObject({
      version: 1,
      data: { bookingId: 'b-1' },
    });
    // A meeting scheduled before v3 may be cancelled with no booking known.
    const { bookingId: _none, ...withoutBooking } = cancelled;
    expect(registry.toIntegrationEvent(envelope('MeetingCancelled', 1, withoutBooking))).toMatchObject({ version: 1 });
  });

  it('should refuse a reason in clear text, and a move that does not say where the meeting was', () => {
    expect(() => registry.toIntegrationEvent(envelope('MeetingRescheduled', 1, { ...rescheduled, reason: 'the family asked' }))).toThrow(
      /reason must be object/,
    );
    expect(() => registry.toIntegrationEvent(envelope('MeetingCancelled', 1, { ...cancelled, reason: 'the family asked' }))).toThrow(
      /reason must be object/,
    );
    const { previous: _previous, ...nowhere } = rescheduled;
    expect(() => registry.toIntegrationEvent(envelope('MeetingRescheduled', 1, nowhere))).toThrow(/must have required property 'previous'/);
  });
});
