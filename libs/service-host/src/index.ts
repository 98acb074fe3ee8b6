export { EVENT_STORE, ServiceEventStoreModule, schemaOf } from './lib/event-store/service-event-store.module';
export { MessagingHost, type DeadLetterShelf } from './lib/messaging/messaging-host';
export { DeadLettersController } from './lib/messaging/dead-letters.http';
export { reactionMetadata } from './lib/messaging/policy-metadata';
export { CommandingPolicy, ReactionPolicy } from './lib/messaging/reaction-policy';
export { ErasureController } from './lib/personal-data/erasure.controller';
export { PersonalDataHost } from './lib/personal-data/personal-data-host';
export { ProjectionsModule, ServiceReadModels, serviceReadModels } from './lib/read-model/service-read-models';
export { ReferenceData } from './lib/reference-data/reference-data';
