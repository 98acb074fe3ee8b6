import { originalOf, redactedPayload } from './dead-letters';

describe("a dead letter's payload as an operator sees it", () => {
  it('should show every sealed value as "[sealed]", at any depth, and leave the rest', () => {
    const sealed = { $sealed: 1, iv: 'aXYxMjM0NTY3ODkw', ct: 'Y2lwaGVydGV4dC1vZi1NYXR0aQ==' };
    const event = { type: 'ConcernRegistered', data: { zone: 3, children: [{ name: sealed, identifier: sealed }], description: sealed } };
    const shown = redactedPayload(Buffer.from(JSON.stringify(event)));
    expect(shown).toEqual({
      type: 'ConcernRegistered',
      data: { zone: 3, children: [{ name: '[sealed]', identifier: '[sealed]' }], description: '[sealed]' },
    });
    expect(JSON.stringify(shown)).not.toMatch(/Y2lwaGVy|aXYxMjM0/);
  });

  it('should only count bytes that are not JSON, and show no payload as null', () => {
    expect(redactedPayload(Buffer.from('not json: 010118A9988'))).toEqual({ notJson: true, bytes: 21 });
    expect(redactedPayload(null)).toBeNull();
  });

  it('should give back the message as its consumer first received it, without the dead-letter headers', () => {
    const original = originalOf({
      sourceTopic: 'intake.events.v1',
      key: 'case-1',
      value: Buffer.from('{}'),
      headers: { 'event-id': 'e1', 'dlq-error': 'boom', 'dlq-consumer': 'c', 'dlq-source-topic': 'intake.events.v1' },
    });
    expect(original).toEqual({ topic: 'intake.events.v1', key: 'case-1', value: Buffer.from('{}'), headers: { 'event-id': 'e1' } });
  });
});
