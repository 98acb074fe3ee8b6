import type { TracerProvider } from '@opentelemetry/api';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { KafkaJsInstrumentation } from '@opentelemetry/instrumentation-kafkajs';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { isRecord } from '@perheverkko/decider';

/**
 * Spans from the libraries themselves: a server span per HTTP request, a span per PostgreSQL query made while a
 * request or a message is handled, and Kafka send/process spans. They patch `http`, `pg` and `kafkajs` as those are
 * `require`d, so a process registers them before anything loads those modules: the first import of each app's
 * main.ts is `@perheverkko/observability/instrument` (in the compiled JavaScript too, its first `require`).
 */
type LibraryInstrumentation = HttpInstrumentation | PgInstrumentation | KafkaJsInstrumentation;
let registered: LibraryInstrumentation[] | undefined;

/** The route template of an Express request (`/cases/:caseId`), never the path with its ids; `unmatched` for unknown paths. */
export function routeTemplateOf(request: unknown): string {
  const route = isRecord(request) && isRecord(request.route) ? request.route.path : undefined;
  return typeof route === 'string' ? route : 'unmatched';
}

/** Registers (and enables) the instrumentations once per process; their spans go to the provider tracing sets later. */
export function instrumentLibraries(): LibraryInstrumentation[] {
  registered ??= [
    new HttpInstrumentation({
      // Named and labelled by the route template once Express has routed the request (ids stay out of span names).
      applyCustomAttributesOnSpan: (span, request) => {
        if (!isRecord(request) || !('route' in request)) return;
        const route = routeTemplateOf(request);
        span.setAttribute('http.route', route);
        span.updateName(`${String(request.method)} ${route}`);
      },
    }),
    // Statement text only, with its $1 placeholders: bound values are never recorded (enhancedDatabaseReporting off).
    // Queries outside a request or a message (relay and projection polling) make no spans of their own.
    new PgInstrumentation({ enhancedDatabaseReporting: false, requireParentSpan: true, ignoreConnectSpans: true }),
    new KafkaJsInstrumentation(),
  ];
  return registered;
}

/** Gives the instrumentations the process's tracer provider, and patches what was loaded before they were registered. */
export function connectInstrumentations(provider: TracerProvider, loadedEarlier: Record<string, () => unknown>): void {
  for (const instrumentation of instrumentLibraries()) {
    instrumentation.setTracerProvider(provider);
    instrumentation.enable();
    patchLoadedEarlier(instrumentation, loadedEarlier);
  }
}

/**
 * A module loaded before the instrumentation's `require` hook was in place (a test runner's own module registry, or a
 * tool that imports the platform first) was never patched: patch the loaded copy now, once.
 */
function patchLoadedEarlier(instrumentation: LibraryInstrumentation, loadedEarlier: Record<string, () => unknown>): void {
  for (const definition of instrumentation.getModuleDefinitions()) {
    const load = loadedEarlier[definition.name];
    if (definition.moduleExports !== undefined || !load) continue;
    const loaded = load();
    // Loading a core module through Node's `require` may have let the hook patch it just now.
    if (definition.moduleExports !== undefined) continue;
    definition.moduleExports = loaded;
    definition.patch?.(loaded, definition.moduleVersion);
  }
}

/** Removes the patches (a test process that stops tracing leaves the libraries as they were). */
export function disconnectInstrumentations(): void {
  for (const instrumentation of registered ?? []) instrumentation.disable();
}
