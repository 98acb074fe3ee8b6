import { SpanKind } from '@opentelemetry/api';
import type { Span, SpanProcessor } from '@opentelemetry/sdk-trace';

/** What a server span says about the caller and the path beyond the route template: addresses, agent, ids in the path, the query. */
const SERVER_DETAILS = ['url.path', 'url.query', 'client.address', 'network.peer.address', 'network.peer.port', 'user_agent.original'];
/** A Kafka message's key is the case id. */
const MESSAGE_KEY = 'messaging.kafka.message.key';

/**
 * Nothing personal leaves the process in a span, whichever library made it: before a span ends, a server span keeps
 * its route template (`http.route`) but not the concrete path (case ids), the query string (search terms), the
 * client's address or agent; a Kafka span drops the message key (the case id). pg spans carry statement text with
 * placeholders only (see instrumentations.ts).
 */
export class SpanRedaction implements SpanProcessor {
  onStart(): void {
    // Spans change until they end: only their last state is checked.
  }

  onEnding(span: Span): void {
    const remove = [...(span.kind === SpanKind.SERVER ? SERVER_DETAILS : []), MESSAGE_KEY];
    // The SDK offers no way to unset an attribute; the span is still ours to change until it has ended.
    for (const key of remove) delete span.attributes[key];
  }

  onEnd(): void {
    // Exporting is the other processors' job.
  }

  async forceFlush(): Promise<void> {
    // Holds nothing.
  }

  async shutdown(): Promise<void> {
    // Holds nothing.
  }
}
