import { randomUUID } from 'node:crypto';
import { ContractRegistry, EVENT_RECORDED, auditRecordIdOf, eventRecordedContract } from '@perheverkko/contracts';
import type { RecordedEvent } from '@perheverkko/event-store';
import { registryFor, stepEvent } from '../testing/backbone-fixtures';
import { AuditPublication } from './audit-publication';
import { encodeIntegrationEvent } from './messages';
import { Publication } from './publication';

const caseId = randomUUID();
const SEALED = { $sealed: 1, iv: 'AAAA', ct: 'AAAA' };
const stored = (type: string, schemaVersion: number, data: unknown, revision = 3, onCase: string = caseId): RecordedEvent => {
  const event = stepEvent(onCase, 0, type);
  return {
    ...event,
    data,
    metadata: {
      ...event.metadata,
      schemaVersion,
      consent: { basis: 'consent', reference: 'k1' },
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    },
    streamId: `Plan-${onCase}`,
    streamRevision: revision,
    position: { commit: 1n, prepare: 1n },
    recordedAt: '2026-11-23T10:00:01.000Z',
  };
};

describe("a service's audit record (<service>.audit.v1)", () => {
  const events = new Publication('plan.events.v1', registryFor('plan.events.v1'), 'plan');
  const audit = new AuditPublication('plan', events);

  it('should carry a private event as recorded: its type, stored version and data unchanged, sealed fields sealed, with its origin', () => {
    const progressed = stored('ActionProgressed', 1, { actionIndex: 0, status: 'done', note: SEALED });
    const decision = audit.decide(progressed);
    expect(audit.topic).toBe('plan.audit.v1');
    expect(decision).toEqual({
      kind: 'publish',
      event: {
        eventId: auditRecordIdOf('plan', progressed.metadata.eventId),
        type: EVENT_RECORDED,
        version: 1,
        caseId,
        occurredAt: progressed.metadata.occurredAt,
        correlationId: progressed.metadata.correlationId,
        causationId: progressed.metadata.causationId,
        actor: progressed.metadata.actor,
        consent: { basis: 'consent', reference: 'k1' },
        traceparent: progressed.metadata.traceparent,
        origin: { service: 'plan', streamId: `Plan-${caseId}`, streamRevision: 3, recordedAt: '2026-11-23T10:00:01.000Z' },
        data: {
          eventId: progressed.metadata.eventId,
          type: 'ActionProgressed',
          version: 1,
          data: { actionIndex: 0, status: 'done', note: SEALED },
        },
      },
    });
    // Another service's event of the same id (its reaction to the same cause) is another record.
    expect(auditRecordIdOf('meeting', progressed.metadata.eventId)).not.toBe(auditRecordIdOf('plan', progressed.metadata.eventId));
    // What a consumer reads back from the bytes is the same record, validated by the one contract of every audit topic.
    if (decision.kind !== 'publish') throw new Error('published');
    const message = encodeIntegrationEvent(audit.topic, decision.event);
    expect(message.key).toBe(caseId);
    expect(new ContractRegistry([eventRecordedContract('plan')]).read(message.value)).toEqual(decision.event);
  });

  it('should leave to the events topic what it publishes, so each event leaves the service once', () => {
    const step = stored('StepRecorded', 1, { n: 7 });
    expect(events.decide(step)).toMatchObject({ kind: 'publish', event: { version: 2, origin: { service: 'plan', streamRevision: 3 } } });
    expect(audit.decide(step)).toEqual({ kind: 'private' });
  });

  it('should carry, as recorded, an event the events topic sets aside because it breaks its contract', () => {
    const broken = stored('StepRecorded', 2, { n: 7 });
    expect(events.decide(broken).kind).toBe('unpublishable');
    expect(audit.decide(broken)).toMatchObject({ kind: 'publish', event: { data: { type: 'StepRecorded', version: 2, data: { n: 7 } } } });
  });

  it('should keep events that belong to no case in the service (anonymous feedback)', () => {
    expect(audit.decide(stored('FeedbackCommentGiven', 2, { keyId: 'feedback:1', text: SEALED }, 0, 'feedback'))).toEqual({
      kind: 'private',
    });
  });

  it('should not name the origin on the events topic of a publication that does not know its service', () => {
    const anonymous = new Publication('plan.events.v1', registryFor('plan.events.v1'));
    const decision = anonymous.decide(stored('StepRecorded', 2, { seq: 1, note: '' }));
    expect(decision.kind === 'publish' && decision.event.origin).toBe(undefined);
  });
});
