import { randomUUID } from 'node:crypto';
import { ContractRegistry, ContractViolation, type EventContract } from './contract-registry';

const stepRecorded: EventContract = {
  type: 'StepRecorded',
  topic: 'example.events.v1',
  version: 3,
  schema: {
    type: 'object',
    required: ['seq', 'note', 'by'],
    additionalProperties: false,
    properties: { seq: { type: 'integer', minimum: 0 }, note: { type: 'string' }, by: { type: 'string' } },
  },
  upcasters: {
    1: (data) => ({ seq: (data as { n: number }).n, note: '' }),
    2: (data) => ({ ...(data as object), by: 'unknown' }),
  },
};

function envelope(version: number, data: unknown, overrides: object = {}) {
  return {
    eventId: randomUUID(),
    type: 'StepRecorded',
    version,
    caseId: 'case-1',
    occurredAt: '2026-11-23T10:00:00.000Z',
    correlationId: 'c',
    causationId: 'k',
    data,
    ...overrides,
  };
}

describe('ContractRegistry', () => {
  const registry = new ContractRegistry([stepRecorded]);

  it('should read a current-version event unchanged', () => {
    const event = envelope(3, { seq: 4, note: 'met the family', by: 'w1' });
    expect(registry.read(JSON.stringify(event))).toEqual(event);
  });

  it('should upcast every older version step by step to the current one', () => {
    expect(registry.read(JSON.stringify(envelope(1, { n: 7 }))).data).toEqual({ seq: 7, note: '', by: 'unknown' });
    expect(registry.read(JSON.stringify(envelope(2, { seq: 8, note: 'x' })))).toMatchObject({
      version: 3,
      data: { seq: 8, note: 'x', by: 'unknown' },
    });
  });

  it.each([
    ['bytes that are not JSON', '{"eventId":', /not JSON/],
    ['an empty message', '', /no value/],
    ['an envelope without an event id', JSON.stringify({ ...envelope(3, {}), eventId: undefined }), /eventId/],
    ['data that breaks the schema', JSON.stringify(envelope(3, { seq: -1, note: 'x', by: 'w' })), /data\/seq/],
    ['a version newer than the reader knows', JSON.stringify(envelope(4, {})), /newer than this reader knows/],
    ['an unknown event type', JSON.stringify(envelope(1, {}, { type: 'Unheard' })), /no contract for event type "Unheard"/],
  ])('should refuse %s with a contract violation that says why', (_what, bytes, reason) => {
    expect(() => registry.read(bytes)).toThrow(ContractViolation);
    expect(() => registry.read(bytes)).toThrow(reason);
  });

  it('should check what a service publishes before it leaves', () => {
    const { version: _v, ...unversioned } = envelope(3, { seq: 1, note: 'x' });
    expect(() => registry.toIntegrationEvent(unversioned)).toThrow(/must have required property 'by'/);
    expect(registry.toIntegrationEvent({ ...unversioned, data: { seq: 1, note: 'x', by: 'w' } }).version).toBe(3);
  });

  it('should refuse a contract whose older versions cannot be upcast', () => {
    expect(() => new ContractRegistry([{ ...stepRecorded, upcasters: { 1: (d) => d } }])).toThrow(/lacks the upcaster from v2/);
  });

  it('should compile a schema at its first use, and all at once when asked, refusing one strict JSON Schema does not allow', () => {
    const broken = { ...stepRecorded, type: 'Broken', schema: { type: 'object', properties: { seq: { type: 'integr' } } } };
    const lazy = new ContractRegistry([broken]);
    expect(() => lazy.compileAll()).toThrow(/schema is invalid: data\/properties\/seq\/type/);
    expect(() => lazy.toIntegrationEvent({ ...envelope(3, { seq: 1 }), type: 'Broken' })).toThrow(/type/);
  });
});
