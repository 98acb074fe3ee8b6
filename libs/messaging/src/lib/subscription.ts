import type { EventContract } from '@perheverkko/contracts';
import type { IntegrationEventHandler } from './message-processor';

/** Which of a source's two publications a consumer reads: its integration events, or its audit record. */
export type SourcePublication = 'events' | 'audit';

/** What a consumer in a process follows: the host runs it over Kafka or, embedded, over the publishing stores. */
export interface Subscription {
  schema: string;
  handler: IntegrationEventHandler;
  /** The services whose events it consumes. */
  sources: string[];
  contracts: EventContract[];
  /** Embedded default: follow only the sources this process hosts (a process hosting one service reads its own). */
  onlyHostedSourcesWhenEmbedded?: boolean;
  /** Default `events`; `audit` only for the auditor's archive (reporting's). */
  reads?: SourcePublication;
}
