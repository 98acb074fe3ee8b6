import {
  DEAD_LETTER_HEADERS,
  EVENT_RECORDED,
  HEADERS,
  auditTopicOf,
  deadLetterTopicOf,
  topicOf,
  type EventContract,
} from '@perheverkko/contracts';
import { CONSUMER_GROUPS, type ConsumerGroup } from './consumers';
import { AUDIT_CONTRACT, ENVELOPE_SCHEMA_FILE, PUBLISHED, SCHEMA_DIR, eventSchemaFile } from './schema-files';

/**
 * The AsyncAPI 3.0 document of the Kafka backbone (docs/events/asyncapi.yaml): the topics as channels, each event
 * type as a message whose payload refers to the schema files, each relay's sends and each consumer group's receives.
 */

export const ASYNCAPI_FILE = 'docs/events/asyncapi.yaml';
/** Payloads are the schema files: written in keywords that mean the same in draft-07 (what AsyncAPI 3.0 parses) and 2020-12. */
const SCHEMA_FORMAT = 'application/schema+json;version=draft-07';
const BINDING_VERSION = '0.5.0';
const PARTITIONS = 6;
/** Events of no case are keyed by these words instead of a case id (docs/events.md). */
const KEY_OF_TYPE: Record<string, string> = {
  ReferenceEntryRecorded: 'reference-data',
  ReferenceEntryRetired: 'reference-data',
  FeedbackReceived: 'feedback',
};

const schemaRef = (file: string) => ({ $ref: `./${SCHEMA_DIR.replace('docs/events/', '')}/${file}` });
/** `intake.events.v1` → `intakeEvents`; ids only need to be unique and readable. */
const idOf = (topic: string) =>
  topic
    .replace(/\.v1/, '')
    .split(/[.-]/)
    .map((part, i) => (i === 0 ? part : part[0].toUpperCase() + part.slice(1)))
    .join('');

function headersOf(contract: EventContract) {
  return {
    type: 'object',
    required: [HEADERS.eventId, HEADERS.eventType, HEADERS.schemaVersion, HEADERS.correlationId, HEADERS.causationId, HEADERS.contentType],
    properties: {
      [HEADERS.eventId]: { type: 'string', format: 'uuid', description: 'eventId' },
      [HEADERS.eventType]: { const: contract.type, description: 'type' },
      [HEADERS.schemaVersion]: { const: String(contract.version), description: 'version, as text' },
      [HEADERS.correlationId]: { type: 'string', description: 'correlationId' },
      [HEADERS.causationId]: { type: 'string', description: 'causationId' },
      [HEADERS.contentType]: { const: 'application/json' },
      [HEADERS.traceparent]: { type: 'string', description: 'W3C trace context of the request that caused the event, when traced' },
    },
  };
}

function messageOf(contract: EventContract) {
  const key = KEY_OF_TYPE[contract.type];
  return {
    name: contract.type,
    title: `${contract.type} v${contract.version}`,
    summary: contract.description,
    contentType: 'application/json',
    headers: { schemaFormat: SCHEMA_FORMAT, schema: headersOf(contract) },
    payload: {
      schemaFormat: SCHEMA_FORMAT,
      schema: {
        allOf: [
          schemaRef(ENVELOPE_SCHEMA_FILE),
          {
            type: 'object',
            properties: {
              type: { const: contract.type },
              version: { const: contract.version },
              data: schemaRef(eventSchemaFile(contract.type, contract.version)),
            },
          },
        ],
      },
    },
    bindings: {
      kafka: {
        key: key
          ? { type: 'string', const: key, description: 'belongs to no case' }
          : { type: 'string', description: "caseId: a case's events stay on one partition, in order" },
        bindingVersion: BINDING_VERSION,
      },
    },
  };
}

const DEAD_LETTER_MESSAGE = {
  name: 'DeadLetter',
  title: 'A message a reader gave up on',
  summary:
    'The original key, bytes and headers (a message as received; or, from a relay, the stored event it could not publish), with why and where it failed.',
  headers: {
    schemaFormat: SCHEMA_FORMAT,
    schema: {
      type: 'object',
      required: [DEAD_LETTER_HEADERS.error, DEAD_LETTER_HEADERS.consumer, DEAD_LETTER_HEADERS.failedAt, DEAD_LETTER_HEADERS.sourceTopic],
      properties: {
        [DEAD_LETTER_HEADERS.error]: { type: 'string', maxLength: 2000, description: 'why it could not be used' },
        [DEAD_LETTER_HEADERS.consumer]: { type: 'string', description: 'the consumer group (or relay) that gave up' },
        [DEAD_LETTER_HEADERS.failedAt]: { type: 'string', format: 'date-time' },
        [DEAD_LETTER_HEADERS.sourceTopic]: { type: 'string' },
        [DEAD_LETTER_HEADERS.sourcePartition]: { type: 'string' },
        [DEAD_LETTER_HEADERS.sourceOffset]: { type: 'string' },
      },
    },
  },
  payload: { schemaFormat: SCHEMA_FORMAT, schema: { description: 'the original bytes, unchanged: they may be anything' } },
};

interface Channel {
  id: string;
  topic: string;
  description: string;
  messages: Record<string, unknown>;
}

function channelsOf(): Channel[] {
  const channels: Channel[] = [];
  const withDeadLetters = (channel: Channel) => {
    channels.push(channel, {
      id: idOf(deadLetterTopicOf(channel.topic)),
      topic: deadLetterTopicOf(channel.topic),
      description: `Dead letters of ${channel.topic}: from its consumer groups, and from the relay for a stored event that breaks its contract.`,
      messages: { DeadLetter: { $ref: '#/components/messages/DeadLetter' } },
    });
  };
  for (const [service, contracts] of Object.entries(PUBLISHED)) {
    const events = topicOf(service);
    withDeadLetters({
      id: idOf(events),
      topic: events,
      description: `What ${service} publishes (its relay, from its event store).`,
      messages: Object.fromEntries(contracts.map((c) => [c.type, { $ref: `#/components/messages/${c.type}` }])),
    });
    const audit = auditTopicOf(service);
    withDeadLetters({
      id: idOf(audit),
      topic: audit,
      description: `${service}'s events about a case that ${events} does not carry, as recorded (ADR 0013): for the auditor's archive only.`,
      messages: { [EVENT_RECORDED]: { $ref: `#/components/messages/${EVENT_RECORDED}` } },
    });
  }
  return channels;
}

const groupBinding = (group: string) => ({ kafka: { groupId: { type: 'string', enum: [group] }, bindingVersion: BINDING_VERSION } });

function operationsOf(): Record<string, unknown> {
  const operations: Record<string, unknown> = {};
  const channelRef = (topic: string) => ({ $ref: `#/channels/${idOf(topic)}` });
  const messagesOf = (topic: string, types: readonly string[]) =>
    types.map((type) => ({ $ref: `#/channels/${idOf(topic)}/messages/${type}` }));
  for (const [service, contracts] of Object.entries(PUBLISHED)) {
    operations[`${idOf(topicOf(service))}Relay`] = {
      action: 'send',
      channel: channelRef(topicOf(service)),
      summary: `${service}'s relay publishes its events at their current versions (checkpoint relay:${service}).`,
      messages: messagesOf(
        topicOf(service),
        contracts.map((c) => c.type),
      ),
    };
    operations[`${idOf(auditTopicOf(service))}Relay`] = {
      action: 'send',
      channel: channelRef(auditTopicOf(service)),
      summary: `${service}'s audit relay (checkpoint relay:${service}:audit).`,
      messages: messagesOf(auditTopicOf(service), [EVENT_RECORDED]),
    };
    for (const topic of [topicOf(service), auditTopicOf(service)]) {
      operations[`${idOf(topic)}DeadLetter`] = {
        action: 'send',
        channel: channelRef(deadLetterTopicOf(topic)),
        summary: `A consumer group of ${topic} that gives up on a message, or ${service}'s relay on a stored event that breaks its contract.`,
        messages: [{ $ref: `#/channels/${idOf(deadLetterTopicOf(topic))}/messages/DeadLetter` }],
      };
    }
  }
  for (const consumer of CONSUMER_GROUPS) {
    for (const source of consumer.sources) Object.assign(operations, receiveOf(consumer, source, messagesOf));
  }
  return operations;
}

function receiveOf(
  consumer: ConsumerGroup,
  source: string,
  messagesOf: (topic: string, types: readonly string[]) => unknown[],
): Record<string, unknown> {
  const topic = consumer.reads === 'audit' ? auditTopicOf(source) : topicOf(source);
  const published = consumer.reads === 'audit' ? [AUDIT_CONTRACT] : PUBLISHED[source];
  const types = published.map((c) => c.type).filter((type) => consumer.handles === 'all' || consumer.handles.includes(type));
  // Subscribed to the topic all the same (it commits its offsets there): say so rather than leave it out.
  const ignores = types.length === 0 ? ' Subscribed to this topic, it acts on none of its types today.' : '';
  return {
    [`${consumer.group}@${topic}`.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c?: string) => (c ? c.toUpperCase() : ''))]: {
      action: 'receive',
      channel: { $ref: `#/channels/${idOf(topic)}` },
      summary: `${consumer.group}: ${consumer.description}${ignores}`,
      bindings: groupBinding(consumer.group),
      messages: messagesOf(topic, types),
    },
  };
}

export function asyncApiDocument(): Record<string, unknown> {
  const channels = channelsOf();
  const messages = Object.fromEntries(
    [...Object.values(PUBLISHED).flat(), AUDIT_CONTRACT].map((contract) => [contract.type, messageOf(contract)]),
  );
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Perheverkko integration events',
      version: '1.0.0',
      description:
        'The Kafka topics the services talk through. Generated by `npm run contracts:write` from libs/contracts; docs/events.md explains them. Each message is the envelope (schemas/envelope.v1.json) with `data` following the schema of its type at its version.',
    },
    defaultContentType: 'application/json',
    channels: Object.fromEntries(
      channels.map((c) => [
        c.id,
        {
          address: c.topic,
          description: c.description,
          messages: c.messages,
          bindings: { kafka: { topic: c.topic, partitions: PARTITIONS, bindingVersion: BINDING_VERSION } },
        },
      ]),
    ),
    operations: operationsOf(),
    components: { messages: { ...messages, DeadLetter: DEAD_LETTER_MESSAGE } },
  };
}
