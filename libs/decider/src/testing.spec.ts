import { DomainRuleViolation } from './lib/domain-rule-violation';
import { eventIdFor } from './lib/event-ids';
import { deciderSpec, exampleConcernDecider, type ExampleCommand } from './testing';

const metadata = {
  commandId: 'cmd-1',
  caseId: 'case-1',
  correlationId: 'corr-1',
  actor: { id: 'w1', role: 'professional', organisation: 'Neuvola' },
  now: '2026-11-23T09:00:00.000Z',
};
const raise = (zone: number): ExampleCommand => ({ type: 'RaiseConcern', data: { zone }, metadata });
const rate = (zone: number): ExampleCommand => ({ type: 'RateZone', data: { zone }, metadata });
const given = deciderSpec(exampleConcernDecider);

describe('deciderSpec', () => {
  describe('when nothing has happened', () => {
    it('should produce the events the decider decides', () => {
      given([])
        .when(raise(2))
        .then([{ type: 'ConcernRaised', data: { zone: 2, raisedAt: metadata.now } }]);
    });

    it('should fail the spec when the expected events differ', () => {
      expect(() =>
        given([])
          .when(raise(2))
          .then([{ type: 'ConcernRaised', data: { zone: 3, raisedAt: metadata.now } }]),
      ).toThrow();
    });

    it('should report a refused command with its error type and message', () => {
      given([])
        .when(rate(2))
        .thenThrows(DomainRuleViolation, /only an open concern/);
      given([]).when(raise(7)).thenThrows(DomainRuleViolation, 'zone must be 1–4');
    });

    it('should fail the spec when a command expected to be refused is accepted', () => {
      expect(() => given([]).when(raise(2)).thenThrows(DomainRuleViolation)).toThrow();
    });
  });

  describe('when history exists', () => {
    it('should fold the history before deciding', () => {
      given([{ type: 'ConcernRaised', data: { zone: 2, raisedAt: metadata.now } }])
        .when(raise(3))
        .thenThrows(DomainRuleViolation, /already raised/);
    });

    it('should accept an intentionally empty decision', () => {
      given([{ type: 'ConcernClosed', data: { reason: 'resolved' } }])
        .when({ type: 'CloseConcern', data: { reason: 'again' }, metadata })
        .thenNothingHappens();
    });
  });
});

describe('eventIdFor', () => {
  it('should derive the same UUID for the same command and index, and different ones otherwise', () => {
    expect(eventIdFor('cmd-1', 0)).toBe(eventIdFor('cmd-1', 0));
    expect(eventIdFor('cmd-1', 0)).not.toBe(eventIdFor('cmd-1', 1));
    expect(eventIdFor('cmd-1', 0)).not.toBe(eventIdFor('cmd-2', 0));
    expect(eventIdFor('cmd-1', 0)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
