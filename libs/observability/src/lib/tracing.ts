import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, SimpleSpanProcessor, TracerProvider, type SpanExporter } from '@opentelemetry/sdk-trace';
import { connectInstrumentations, disconnectInstrumentations } from './instrumentations';
import { SpanRedaction } from './span-redaction';

let provider: TracerProvider | undefined;

/**
 * Registers OpenTelemetry once per process: W3C trace context, async-local context, the http, pg and kafkajs
 * instrumentations (instrumentations.ts), and an OTLP exporter when OTEL_EXPORTER_OTLP_ENDPOINT is set (spans are
 * otherwise only propagated, for the logs' trace ids). Libraries use only `@opentelemetry/api`; this is the one place
 * the SDK is configured.
 */
export function startTracing(serviceName: string, exporters: SpanExporter[] = []): void {
  if (provider) return;
  const processors = [
    new SpanRedaction(),
    ...exporters.map((exporter) => new SimpleSpanProcessor({ exporter })),
    ...(process.env.OTEL_EXPORTER_OTLP_ENDPOINT ? [new BatchSpanProcessor({ exporter: new OTLPTraceExporter() })] : []),
  ];
  // A test process may have registered another provider before: this one replaces it.
  trace.disable();
  context.disable();
  propagation.disable();
  provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': process.env.OTEL_SERVICE_NAME ?? serviceName }),
    spanProcessors: processors,
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  // The copies this module sees are the ones the process uses (under a test runner, its registry's).
  connectInstrumentations(provider, {
    http: () => require('node:http'),
    pg: () => require('pg'),
    kafkajs: () => require('kafkajs'),
  });
}

export async function stopTracing(): Promise<void> {
  disconnectInstrumentations();
  await provider?.shutdown();
  provider = undefined;
}

/** The active trace context as a `traceparent` value, to stamp on commands and the events they record. */
export function currentTraceparent(): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
}

/** The active trace id, for log lines. */
export function currentTraceId(): string | undefined {
  return trace.getSpan(context.active())?.spanContext().traceId;
}
