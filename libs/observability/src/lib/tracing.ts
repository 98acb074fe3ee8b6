import { ROOT_CONTEXT, SpanKind, SpanStatusCode, context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { NextFunction, Request, Response } from 'express';

let provider: BasicTracerProvider | undefined;

/**
 * Registers OpenTelemetry once per process: W3C trace context, async-local context, and an OTLP exporter when
 * OTEL_EXPORTER_OTLP_ENDPOINT is set (spans are otherwise only propagated, for the logs' trace ids). Libraries
 * use only `@opentelemetry/api`; this is the one place the SDK is configured.
 */
export function startTracing(serviceName: string, exporters: SpanExporter[] = []): void {
  if (provider) return;
  const processors = [
    ...exporters.map((exporter) => new SimpleSpanProcessor(exporter)),
    ...(process.env.OTEL_EXPORTER_OTLP_ENDPOINT ? [new BatchSpanProcessor(new OTLPTraceExporter())] : []),
  ];
  // A test process may have registered another provider before: this one replaces it.
  trace.disable();
  context.disable();
  propagation.disable();
  provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': process.env.OTEL_SERVICE_NAME ?? serviceName }),
    spanProcessors: processors,
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
}

export async function stopTracing(): Promise<void> {
  await provider?.shutdown();
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

/**
 * One server span per HTTP request, continuing the caller's `traceparent`; the rest of the request (the command,
 * the events it records) runs inside it. Named by the route template, never by ids in the path.
 */
export function traceRequests(request: Request, response: Response, next: NextFunction): void {
  const parent = propagation.extract(ROOT_CONTEXT, request.headers);
  const span = trace
    .getTracer('perheverkko')
    .startSpan(`HTTP ${request.method}`, { kind: SpanKind.SERVER, attributes: { 'http.request.method': request.method } }, parent);
  response.on('finish', () => {
    const route = (request.route as { path?: string } | undefined)?.path ?? 'unmatched';
    span.updateName(`${request.method} ${route}`);
    span.setAttributes({ 'http.route': route, 'http.response.status_code': response.statusCode });
    if (response.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
  context.with(trace.setSpan(parent, span), next);
}
