import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CONVENING_CONTRACTS,
  DEAD_LETTER_HEADERS,
  EVENT_RECORDED,
  HEADERS,
  INTAKE_CONTRACTS,
  MEETING_CONTRACTS,
  PLAN_FOLLOWUP_CONTRACTS,
  auditTopicOf,
  deadLetterTopicOf,
  eventRecordedContract,
  topicOf,
} from '@perheverkko/contracts';

const doc = readFileSync(join(__dirname, '../../docs/events.md'), 'utf8');
const PUBLISHING_SERVICES = ['intake', 'convening', 'meeting', 'plan-followup'];

/** docs/events.md is what other teams read instead of our code: it must name what the code puts on the wire. */
describe('docs/events.md', () => {
  it.each(Object.values(HEADERS))('should document the header %s', (header) => {
    expect(doc).toContain(`\`${header}\``);
  });

  it.each(Object.values(DEAD_LETTER_HEADERS))('should document the dead-letter header %s', (header) => {
    expect(doc).toContain(`\`${header}\``);
  });

  it.each(PUBLISHING_SERVICES)("should document %s's topic", (service) => {
    expect(doc).toContain(`\`${topicOf(service)}\``);
  });

  it("should document the services' audit topics and their one message type (ADR 0013)", () => {
    expect(doc).toContain(`\`${auditTopicOf('<service>')}\``);
    for (const service of PUBLISHING_SERVICES) expect(eventRecordedContract(service).topic).toBe(auditTopicOf(service));
    expect(doc).toMatch(new RegExp(`\\| \`${EVENT_RECORDED}\` \\| ${eventRecordedContract('intake').version} \\|`));
    expect(doc).toContain('"origin"');
  });

  it('should document the dead-letter topic naming and the message key', () => {
    expect(deadLetterTopicOf('x.events.v1')).toBe('x.events.v1.dlq');
    expect(doc).toContain('`<topic>.dlq`');
    expect(doc).toMatch(/key is the case id/);
  });

  it.each(['eventId', 'type', 'version', 'caseId', 'occurredAt', 'correlationId', 'causationId', 'data'])(
    'should document the envelope field %s',
    (field) => {
      expect(doc).toContain(`"${field}"`);
    },
  );

  it.each(
    [...INTAKE_CONTRACTS, ...CONVENING_CONTRACTS, ...MEETING_CONTRACTS, ...PLAN_FOLLOWUP_CONTRACTS].map(
      (c) => [c.type, c.version] as const,
    ),
  )('should list the contract %s v%i in the payload catalogue', (type, version) => {
    expect(doc).toMatch(new RegExp(`\\| \`${type}\` \\| ${version} \\|`));
  });
});
