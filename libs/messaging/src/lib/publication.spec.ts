import type { RecordedEvent } from '@perheverkko/event-store';
import { registryFor, stepEvent } from '../testing/backbone-fixtures';
import { Publication } from './publication';

const stored = (schemaVersion: number, data: unknown): RecordedEvent => {
  const event = stepEvent('case-1', 0);
  return {
    ...event,
    data,
    metadata: { ...event.metadata, schemaVersion, consent: { basis: 'consent', reference: 'k1' } },
    streamId: 'Plan-case-1',
    streamRevision: 0,
    position: { commit: 1n, prepare: 1n },
    recordedAt: '2026-11-23T10:00:00.000Z',
  };
};

describe('publishing stored events', () => {
  const publication = new Publication('plan.events.v1', registryFor('plan.events.v1'));

  it('should publish an event stored at an older version upcast to the current one', () => {
    const decision = publication.decide(stored(1, { n: 7 }));
    expect(decision).toMatchObject({ kind: 'publish', event: { version: 2, data: { seq: 7, note: '' } } });
  });

  it("should carry the actor and the consent relied on in the envelope, for reporting's auditors", () => {
    const decision = publication.decide(stored(2, { seq: 1, note: 'x' }));
    expect(decision).toMatchObject({
      kind: 'publish',
      event: { actor: { id: 'backbone-test', role: 'system' }, consent: { basis: 'consent', reference: 'k1' } },
    });
  });

  it('should set aside a stored event that breaks its contract at the version it was stored at', () => {
    expect(publication.decide(stored(2, { n: 7 })).kind).toBe('unpublishable');
    expect(publication.decide({ ...stored(2, {}), type: 'SomethingPrivate' }).kind).toBe('private');
  });
});
