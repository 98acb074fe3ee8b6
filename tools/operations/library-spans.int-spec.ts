import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { startTracing, stopTracing } from '@perheverkko/observability';
import { specsThroughKafka } from '../e2e/chain-env';
import { JOINT_MEETING_FACTS } from '../e2e/fixtures';
import { startServiceChain } from '../e2e/standalone-chain';
import { DrillKafka, DrillPostgres } from './drill-infrastructure';

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
/** What the family is called in this spec's concern: none of it may appear in any span. */
const CHILD = { name: 'Vertti Spanström', identifier: 'TEMP-SPAN1' };

/** Every attribute value and the name of a span, as text, to look for what must not be there. */
const textsOf = (span: ReadableSpan): string[] => [span.name, ...Object.values(span.attributes).map(String)];

/**
 * The libraries' own spans, through the real PostgreSQL server and a real broker: an HTTP command is one trace with the
 * http instrumentation's server span, a pg span per query it made (statement text with placeholders only) and the
 * relay's send span for the event it recorded, continued by the consumer at convening; nothing personal in any span.
 */
specsThroughKafka('spans of http, pg and Kafka publishing', 'the library spans spec', (label, env) => {
  describe(label, () => {
    const saved = { ...process.env };
    const spans = new InMemorySpanExporter();
    let chain: Awaited<ReturnType<typeof startServiceChain>>;
    let caseId: string;
    let postgres: DrillPostgres | undefined;
    let kafka: DrillKafka | undefined;

    beforeAll(async () => {
      startTracing('library-spans-spec', [spans]);
      // A server and a broker of its own: its services in this process share no consumer group with a suite that runs
      // the services apart at the same time on the shared ones (a rolling restart's cases went to this one's consumers).
      postgres = await DrillPostgres.start();
      kafka = await DrillKafka.start();
      chain = await startServiceChain({ ...env, DATABASE_URL: postgres.url, KAFKA_BROKERS: kafka.brokers });
      const registered = await chain.call('POST', '/concerns', {
        channel: 'close-worker',
        sector: 'school',
        municipality: 'Kuopio',
        children: [CHILD],
        guardians: [{ name: 'Maija Spanström', identifier: 'TEMP-SPAN2' }],
        description: 'väsynyt aamuisin',
        zone: 2,
        ratedBy: 'worker',
      });
      expect([registered.status, registered.body.violations]).toEqual([201, undefined]);
      caseId = registered.body.caseId as string;
      const decided = await chain.call(
        'POST',
        `/concerns/${caseId}/route-decision`,
        { facts: JOINT_MEETING_FACTS, chosenRoute: 'joint-meeting' },
        'terhi',
        { traceparent: `00-${TRACE_ID}-b7ad6b7169203331-01` },
      );
      expect(decided.status).toBe(201);
      await chain.untilFound(`/convenings/${caseId}`, 'convening to open the case through Kafka');
      // A query string the API ignores, that a span must not keep either.
      expect((await chain.call('GET', `/concerns/${caseId}?who=Spanstr%C3%B6m`)).status).toBe(200);
      await chain.until(
        async () => spans.getFinishedSpans().filter((s) => s.spanContext().traceId === TRACE_ID),
        (inTrace) => inTrace.some((s) => s.kind === SpanKind.CONSUMER && s.name.includes('JointMeetingRequested')),
        "convening's consumer span in the request's trace",
      );
    }, 240_000);

    afterAll(async () => {
      try {
        await chain?.close();
        await stopTracing();
      } finally {
        process.env = { ...saved };
        kafka?.stop();
        postgres?.stop();
      }
    }, 120_000);

    const inTrace = () => spans.getFinishedSpans().filter((s) => s.spanContext().traceId === TRACE_ID);

    it("should make the request's trace of its server span, its queries and the publishing of its event", () => {
      const server = inTrace().find((s) => s.kind === SpanKind.SERVER);
      expect(server).toMatchObject({
        name: 'POST /concerns/:caseId/route-decision',
        attributes: expect.objectContaining({ 'http.route': '/concerns/:caseId/route-decision', 'http.response.status_code': 201 }),
      });
      expect(server?.parentSpanContext?.spanId).toBe('b7ad6b7169203331');

      const queries = inTrace().filter((s) => s.attributes['db.system.name'] === 'postgresql');
      expect(queries.length).toBeGreaterThan(0);
      // The event store's append, under the server span: the statement as written, its values bound apart.
      const append = queries.find((s) => String(s.attributes['db.query.text']).match(/insert into .*events/i));
      expect(append?.attributes['db.query.text']).toMatch(/\$1/);
      expect(queries.every((s) => s.parentSpanContext !== undefined)).toBe(true);

      const send = inTrace().find((s) => s.kind === SpanKind.PRODUCER && s.name === 'send intake.events.v1');
      expect(send?.attributes).toMatchObject({ 'messaging.system': 'kafka', 'messaging.destination.name': 'intake.events.v1' });
      // Convening's reaction continues from the send span the message carried.
      const consumer = inTrace().find((s) => s.kind === SpanKind.CONSUMER && s.name.includes('JointMeetingRequested'));
      const sendIds = inTrace()
        .filter((s) => s.kind === SpanKind.PRODUCER)
        .map((s) => s.spanContext().spanId);
      expect(sendIds).toContain(consumer?.parentSpanContext?.spanId);
    });

    it('should keep the case id, the family and the query string out of every span, and bound values out of every statement', () => {
      const all = spans.getFinishedSpans();
      expect(all.length).toBeGreaterThan(10);
      const leaks = all.flatMap((span) =>
        textsOf(span)
          .filter((text) =>
            [caseId, CHILD.name, CHILD.identifier, 'Spanstr', 'TEMP-SPAN', 'väsynyt', 'who='].some((secret) => text.includes(secret)),
          )
          .map((text) => `${span.name}: ${text}`),
      );
      expect(leaks).toEqual([]);
      // No server span keeps the concrete path or the caller's address.
      const servers = all.filter((s) => s.kind === SpanKind.SERVER);
      expect(servers.length).toBeGreaterThan(2);
      for (const server of servers) expect(Object.keys(server.attributes)).not.toEqual(expect.arrayContaining(['url.path']));
      for (const server of servers) expect(Object.keys(server.attributes)).not.toContain('client.address');
      // Statement text only: no parameter values recorded beside it.
      const attributeNames = all.flatMap((s) => Object.keys(s.attributes));
      expect(attributeNames.filter((name) => name.startsWith('db.query.parameter') || name === 'db.statement.values')).toEqual([]);
    });
  });
});
