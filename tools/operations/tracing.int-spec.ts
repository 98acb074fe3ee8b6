import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { startTracing, stopTracing } from '@perheverkko/observability';
import { JOINT_MEETING_FACTS, loadConcern } from '../e2e/fixtures';
import { startServiceChain } from '../e2e/standalone-chain';

/** One request is one trace: from intake's HTTP request through the stored event to convening's reaction. */
describe('tracing a request across services', () => {
  const saved = { ...process.env };
  const spans = new InMemorySpanExporter();
  let chain: Awaited<ReturnType<typeof startServiceChain>>;

  beforeAll(async () => {
    startTracing('tracing-spec', [spans]);
    chain = await startServiceChain({ KAFKA_BROKERS: undefined, DATABASE_URL: undefined, MASTER_KEYS: undefined });
  }, 60_000);

  afterAll(async () => {
    await chain.close();
    await stopTracing();
    process.env = { ...saved };
  });

  it("should continue the caller's trace through the route decision into convening opening the case", async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const registered = await chain.call('POST', '/concerns', loadConcern('TEMP-TRACE1'));
    expect([registered.status, registered.body.violations]).toEqual([201, undefined]);
    const caseId = registered.body.caseId as string;
    const decided = await chain.call(
      'POST',
      `/concerns/${caseId}/route-decision`,
      { facts: JOINT_MEETING_FACTS, chosenRoute: 'joint-meeting' },
      'terhi',
      {
        traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
      },
    );
    expect(decided.status).toBe(201);
    await chain.untilFound(`/convenings/${caseId}`, 'convening to open');
    const inTrace = () => spans.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
    await chain.until(
      async () => inTrace().map((s) => s.name),
      (names) => names.some((n) => n.includes('JointMeetingRequested')),
      'the consumer span',
    );
    const names = inTrace().map((s) => s.name);
    expect(names).toEqual(
      expect.arrayContaining(['POST /concerns/:caseId/route-decision', 'convening.joint-meeting-requested JointMeetingRequested']),
    );
    // The server span is the consumer span's ancestor through the stored event's traceparent.
    const server = inTrace().find((s) => s.name.startsWith('POST'))!;
    expect(server.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
  }, 60_000);
});
