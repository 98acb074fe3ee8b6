export { JsonLogger } from './lib/json-logger';
export { Metrics, eventsAfter, measuredEventStore } from './lib/metrics';
export { routeTemplateOf } from './lib/instrumentations';
export { currentTraceId, currentTraceparent, startTracing, stopTracing } from './lib/tracing';
