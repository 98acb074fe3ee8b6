import { Module } from '@nestjs/common';
import { IntakeModule } from '@perheverkko/intake-service';
import { startTracing, stopTracing } from '@perheverkko/observability';
import { PlatformModule } from '@perheverkko/platform';
import { serveInProcess } from '@perheverkko/platform/testing';

@Module({ imports: [PlatformModule, IntakeModule] })
class IntakeApp {}

const FIELDS = ['context', 'durationMs', 'level', 'message', 'method', 'route', 'status', 'time', 'traceId', 'userId'];
const CHILD = { name: 'Vertti Lokinen', identifier: 'TEMP-LOG1' };

/** County IT's view of each request on stdout (LOG_FORMAT=json): one line, the route template, no one in the data. */
describe('request log lines', () => {
  let served: Awaited<ReturnType<typeof serveInProcess>>;
  const written: string[] = [];
  let caseId: string;

  beforeAll(async () => {
    startTracing('request-log-spec');
    served = await serveInProcess(IntakeApp, 'request-log', { LOG_FORMAT: 'json' });
    const registered = await served.call('POST', '/concerns', {
      channel: 'close-worker',
      sector: 'school',
      municipality: 'Kuopio',
      children: [CHILD],
      guardians: [],
      description: 'väsynyt aamuisin',
      zone: 2,
      ratedBy: 'worker',
    });
    expect(registered.status).toBe(201);
    caseId = registered.body.caseId as string;
    // The process's own stdout, where the lines go: what is written there is kept, and still written.
    const write = process.stdout.write.bind(process.stdout);
    jest
      .spyOn(process.stdout, 'write')
      .mockImplementation((chunk: string | Uint8Array, encoding?: BufferEncoding, done?: (error?: Error | null) => void) => {
        written.push(String(chunk));
        return write(chunk, encoding, done);
      });
  }, 60_000);

  afterAll(async () => {
    jest.restoreAllMocks();
    await served?.close();
    await stopTracing();
  });

  /** The request's answer and the request lines written for it (waiting a moment: a line is written once the answer is sent). */
  async function logged(send: () => Promise<{ status: number }>) {
    written.length = 0;
    const { status } = await send();
    const lines = () =>
      written
        .join('')
        .split('\n')
        .filter((line) => line.includes('"context":"HTTP"'));
    for (let waited = 0; lines().length === 0 && waited < 2_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    return { status, lines: lines().map((line) => JSON.parse(line) as Record<string, unknown>), text: written.join('') };
  }

  const traceparent = (traceId: string) => ({ traceparent: `00-${traceId}-00f067aa0ba902b7-01` });

  it("should write one line for a 200 with the route template, the caller's id and the trace id, nothing else", async () => {
    const traceId = '11111111111111111111111111111111';
    const { status, lines, text } = await logged(() =>
      served.call('GET', `/concerns/${caseId}?who=${encodeURIComponent(CHILD.name)}`, undefined, 'terhi', traceparent(traceId)),
    );
    expect(status).toBe(200);
    expect(lines).toHaveLength(1);
    expect(Object.keys(lines[0]).sort()).toEqual(FIELDS);
    expect(lines[0]).toMatchObject({
      level: 'info',
      method: 'GET',
      route: '/concerns/:caseId',
      status: 200,
      durationMs: expect.any(Number),
      traceId,
      userId: 'demo-terhi',
      message: 'GET /concerns/:caseId 200',
    });
    expect(Number.isNaN(Date.parse(String(lines[0].time)))).toBe(false);
    // Neither the case, nor the family, nor the query string.
    for (const secret of [caseId, 'Vertti', 'Lokinen', 'TEMP-LOG', 'who=']) expect(text).not.toContain(secret);
  });

  it('should write one line for a 400, without the refused input', async () => {
    const traceId = '22222222222222222222222222222222';
    const { status, lines, text } = await logged(() =>
      served.call(
        'POST',
        '/concerns',
        { channel: 'close-worker', children: [{ name: 'Vertti Lokinen', identifier: 'TEMP-LOG2' }], zone: 9 },
        'terhi',
        traceparent(traceId),
      ),
    );
    expect(status).toBe(400);
    expect(lines).toHaveLength(1);
    expect(Object.keys(lines[0]).sort()).toEqual(FIELDS);
    expect(lines[0]).toMatchObject({ method: 'POST', route: '/concerns', status: 400, traceId, userId: 'demo-terhi' });
    for (const secret of ['Vertti', 'Lokinen', 'TEMP-LOG']) expect(text).not.toContain(secret);
  });

  it('should write one line for a 403, naming the refused caller by id', async () => {
    const traceId = '33333333333333333333333333333333';
    const { status, lines, text } = await logged(() => served.call('GET', `/concerns/${caseId}`, undefined, 'antti', traceparent(traceId)));
    expect(status).toBe(403);
    expect(lines).toHaveLength(1);
    expect(Object.keys(lines[0]).sort()).toEqual(FIELDS);
    expect(lines[0]).toMatchObject({ method: 'GET', route: '/concerns/:caseId', status: 403, traceId, userId: 'demo-antti' });
    expect(text).not.toContain(caseId);
  });

  it('should write one line for a 401 and for an unknown path, with no caller and no path', async () => {
    const unauthenticated = await logged(() => served.call('GET', `/concerns/${caseId}`, undefined, 'nobody'));
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.lines).toEqual([expect.objectContaining({ route: '/concerns/:caseId', status: 401 })]);
    expect(Object.keys(unauthenticated.lines[0])).not.toContain('userId');
    const unknown = await logged(() => served.call('GET', `/no-such-place/${caseId}`));
    expect(unknown.status).toBe(404);
    expect(unknown.lines).toEqual([expect.objectContaining({ route: 'unmatched', status: 404 })]);
    expect(unknown.text).not.toContain(caseId);
  });
});
