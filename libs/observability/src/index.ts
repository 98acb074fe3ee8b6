export { JsonLogger } from './lib/json-logger';
export { Metrics, eventsAfter, measuredEventStore } from './lib/metrics';
export { currentTraceparent, startTracing, stopTracing, traceRequests } from './lib/tracing';
