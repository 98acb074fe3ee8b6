import { DomainRuleViolation } from './lib/domain-rule-violation';
import { eventIdFor } from './lib/event-ids';
import { commandsOf, deciderSpec, exampleConcernDecider, refusalBy, specMetadata, type ExampleCommand } from './testing';

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

    it('should check that a command delivered again once its events are recorded changes nothing', () => {
      const closed = { type: 'ConcernClosed' as const, data: { reason: 'resolved' } };
      given([])
        .when({ type: 'CloseConcern', data: { reason: 'resolved' }, metadata })
        .thenOnce([closed]);
      // Raising again is refused, not ignored: thenOnce fails.
      const raised = { type: 'ConcernRaised' as const, data: { zone: 2, raisedAt: metadata.now } };
      expect(() => given([]).when(raise(2)).thenOnce([raised])).toThrow();
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

describe('specMetadata and commandsOf', () => {
  it("should build a spec's command metadata, a professional of Neuvola by default", () => {
    expect(specMetadata('2026-11-23T09:00:00.000Z')).toEqual({
      commandId: 'c',
      caseId: 'case-1',
      correlationId: 'k',
      actor: { id: 'w-terhi', role: 'professional', organisation: 'Neuvola' },
      now: '2026-11-23T09:00:00.000Z',
    });
    expect(specMetadata(metadata.now, { id: 'w1' }, { commandId: 'cmd-1', correlationId: 'corr-1' })).toEqual(metadata);
  });

  it('should build commands with that metadata, or with a change to it for one command', () => {
    const cmd = commandsOf<ExampleCommand>(metadata);
    expect(cmd('RaiseConcern', { zone: 2 })).toEqual(raise(2));
    expect(cmd('RateZone', { zone: 3 }, { now: '2026-11-24T09:00:00.000Z' })).toEqual({
      type: 'RateZone',
      data: { zone: 3 },
      metadata: { ...metadata, now: '2026-11-24T09:00:00.000Z' },
    });
  });
});

describe('refusalBy', () => {
  const refusal = refusalBy(exampleConcernDecider);

  it("should give a refusal's rule and kind, its message when asked, and nothing for an accepted command", () => {
    expect(refusal([], rate(2))).toEqual({ rule: 'rate-open-only', kind: 'conflict' });
    expect(refusalBy(exampleConcernDecider, { message: true })([], raise(7))).toEqual({
      rule: 'zone-range',
      kind: 'unprocessable',
      message: 'zone must be 1–4 (no concern … very worried), got 7',
    });
    expect(refusal([], raise(2))).toBeUndefined();
  });
});
