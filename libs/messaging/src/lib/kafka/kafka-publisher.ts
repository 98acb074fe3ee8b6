import { ROOT_CONTEXT, SpanKind, SpanStatusCode, context, propagation, trace, type Span } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { Partitioners, type Kafka, type Producer } from 'kafkajs';
import type { TransportMessage } from '../messages';
import type { MessagePublisher } from '../messages';

/**
 * An idempotent kafkajs producer that waits for all in-sync replicas (acks = -1): a broker retry never
 * duplicates a batch, and a resolved publish is durable.
 */
export class KafkaPublisher implements MessagePublisher {
  private constructor(private readonly producer: Producer) {}

  static async connect(kafka: Kafka): Promise<KafkaPublisher> {
    const producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    return new KafkaPublisher(producer);
  }

  async publish(messages: TransportMessage[]): Promise<void> {
    const sent = messages.map(sendSpanOf);
    const byTopic = new Map<string, TransportMessage[]>();
    for (const { message } of sent) byTopic.set(message.topic, [...(byTopic.get(message.topic) ?? []), message]);
    // The kafkajs instrumentation would start every message's span in the caller's one context (the relay's, no
    // trace) and overwrite each message's traceparent with it: the batch is sent untraced, its spans are the above.
    const sending = context.with(suppressTracing(context.active()), () =>
      this.producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, batch]) => ({
          topic,
          messages: batch.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
        })),
      }),
    );
    try {
      await sending;
    } catch (error) {
      for (const { span } of sent)
        span?.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      throw error;
    } finally {
      for (const { span } of sent) span?.end();
    }
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect();
  }
}

/**
 * A relay's batch holds events of many commands, each in its own trace (the `traceparent` the event was recorded
 * under): each such message gets a send span in that trace, and carries the span on to its consumers. No case id
 * (the message key) goes into the span.
 */
function sendSpanOf(message: TransportMessage): { message: TransportMessage; span?: Span } {
  if (!message.headers.traceparent) return { message };
  const parent = propagation.extract(ROOT_CONTEXT, message.headers);
  const span = trace.getTracer('perheverkko').startSpan(
    `send ${message.topic}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'send',
        'messaging.operation.name': 'send',
        'messaging.destination.name': message.topic,
      },
    },
    parent,
  );
  const headers = { ...message.headers };
  propagation.inject(trace.setSpan(parent, span), headers);
  return { message: { ...message, headers }, span };
}
