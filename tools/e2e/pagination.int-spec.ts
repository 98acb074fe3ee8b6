import { runSurname, scriptPopulation, walkToPhase } from './case-view-population';
import { startServiceChain, type ServiceChain } from './standalone-chain';

/** Where a list's rows are in its answer: a bare array (lists that answered one before paging) or a member beside `next`. */
type Rows = 'bare' | 'items' | 'events' | 'entries';

interface PagedList {
  path: string;
  user: string;
  rows: Rows;
  /** The largest `limit` it takes: 100 for lists paged from the start, 1000 for those that answered whole before. */
  max: number;
  /** Rows per page for the walk: small enough that it takes several pages. */
  limit: number;
  headers?: Record<string, string>;
}

interface Answer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  headers: Headers;
}

const PURPOSE = { 'x-purpose': 'pagination spec' };

const rowsOf = (list: PagedList, body: Record<string, unknown> | unknown[]): unknown[] => {
  const rows = list.rows === 'bare' ? body : (body as Record<string, unknown>)[list.rows];
  if (!Array.isArray(rows)) throw new Error(`${list.path}: no ${list.rows} in ${JSON.stringify(body).slice(0, 200)}`);
  return rows;
};

const withQuery = (path: string, query: string) => `${path}${path.includes('?') ? '&' : '?'}${query}`;

/** The cursor `Link: <…>; rel="next"` names, or undefined on the last page. */
function linkedCursor(answer: Answer): string | undefined {
  const target = /<([^>]*)>;\s*rel="next"/.exec(answer.headers.get('link') ?? '')?.[1];
  return target === undefined ? undefined : (new URL(target, 'http://here').searchParams.get('cursor') ?? undefined);
}

/**
 * Every list pages the same way (issue 22 item 3, ADR 0020), on the embedded default: `limit` (a default and a
 * maximum, 400 on `limit` above it), an opaque `cursor` (400 on `cursor` when it is not one the list gave, or is
 * another list's), `next` in the body where the body is an object, and `Link: <…>; rel="next"` on every page but the
 * last. Walked a few rows at a time, each list gives every row of its whole read exactly once, in the same order.
 */
describe('paged lists (embedded default)', () => {
  const saved = { ...process.env };
  let chain: ServiceChain;
  let closedCase: string;
  let followUpCase: string;
  let othersCase: string;
  let meetingId: string;
  const lists: PagedList[] = [];

  const call = (method: string, path: string, user: string, headers: Record<string, string> = {}, body?: unknown): Promise<Answer> =>
    chain.call(method, path, body, user, headers);

  /** Until `path` shows what `enough` asks (a projection a moment behind the command). */
  async function untilRows(path: string, user: string, enough: (body: Answer['body']) => boolean): Promise<void> {
    const deadline = Date.now() + 60_000;
    while (!enough((await call('GET', path, user)).body)) {
      if (Date.now() > deadline) throw new Error(`${path} never showed enough rows`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** A list walked page by page, following the Link header, checking `next` against it on each page. */
  async function walked(list: PagedList): Promise<{ rows: unknown[]; pages: number }> {
    const rows: unknown[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const path = withQuery(list.path, `limit=${list.limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      const page = await call('GET', path, list.user, list.headers);
      expect([path, page.status]).toEqual([path, 200]);
      const shown = rowsOf(list, page.body);
      expect(shown.length).toBeLessThanOrEqual(list.limit);
      rows.push(...shown);
      cursor = linkedCursor(page);
      if (list.rows !== 'bare') expect([path, page.body.next ?? undefined]).toEqual([path, cursor]);
      pages++;
    } while (cursor && pages < 200);
    return { rows, pages };
  }

  beforeAll(async () => {
    chain = await startServiceChain({ KAFKA_BROKERS: undefined, DATABASE_URL: undefined, MASTER_KEYS: undefined }, { withReporting: true });
    const population = scriptPopulation(runSurname());
    const ollis = (phase: string) => population.find((f) => f.phase === phase && f.convener === 'olli')!;
    closedCase = (
      await walkToPhase(
        chain.call,
        population.find((f) => f.phase === 'closed')!,
      )
    ).caseId;
    followUpCase = (
      await walkToPhase(
        chain.call,
        population.find((f) => f.phase === 'follow-up')!,
      )
    ).caseId;
    await walkToPhase(
      chain.call,
      population.find((f) => f.phase === 'plan-in-force')!,
    );
    // Olli's two concerns are due to be raised again already (a minute ago): two rows of /concerns/re-raise-due.
    const dueAlready = new Date(Date.now() - 60_000).toISOString();
    othersCase = (await walkToPhase(chain.call, { ...ollis('concern'), reRaiseAt: dueAlready })).caseId;
    await walkToPhase(chain.call, { ...ollis('routed'), reRaiseAt: dueAlready });
    // Intake's overview is a projection: wait until it shows what was recorded.
    await untilRows('/concerns/re-raise-due?limit=100', 'olli', (body) => body.items.length >= 2);
    for (const [municipality, region] of [
      ['Orivesi', 'Pirkanmaa'],
      ['Kuopio', 'Pohjois-Savo'],
      ['Tampere', 'Pirkanmaa'],
    ]) {
      const recorded = await call('POST', `/municipalities/${municipality}/adoption-stage`, 'kaisa', {}, { region, stage: 1 });
      expect(recorded.status).toBeLessThan(300);
    }
    const convening = await call('GET', `/convenings/${closedCase}`, 'terhi');
    meetingId = convening.body.meetings[0].meetingId;
    const meeting = `/cases/${closedCase}/meetings/${meetingId}`;
    const whole = { max: 1000 };
    lists.push(
      { path: '/reference-data', user: 'terhi', rows: 'bare', limit: 2, ...whole },
      { path: '/reference-data/municipalities', user: 'terhi', rows: 'entries', limit: 90, ...whole },
      { path: '/reference-data/municipalities?includeRetired=true', user: 'kaisa', rows: 'entries', limit: 120, ...whole },
      { path: '/reference-data/services', user: 'terhi', rows: 'entries', limit: 3, ...whole },
      { path: '/directory', user: 'terhi', rows: 'bare', limit: 2, ...whole },
      { path: '/wellbeing-star/configs', user: 'terhi', rows: 'bare', limit: 1, ...whole },
      { path: '/service-catalogue', user: 'terhi', rows: 'bare', limit: 3, ...whole },
      { path: '/feedback-forms', user: 'terhi', rows: 'bare', limit: 1, ...whole },
      { path: '/projections', user: 'pekka', rows: 'bare', limit: 2, ...whole },
      { path: '/municipalities/adoption', user: 'kaisa', rows: 'bare', limit: 2, ...whole },
      { path: '/reports/records', user: 'kaisa', rows: 'bare', limit: 1, ...whole },
      { path: `/concerns/${closedCase}/history`, user: 'terhi', rows: 'events', limit: 2, ...whole },
      { path: `/convenings/${closedCase}/history`, user: 'terhi', rows: 'events', limit: 2, ...whole },
      { path: `${meeting}/history`, user: 'terhi', rows: 'events', limit: 3, ...whole },
      { path: `/cases/${closedCase}/plan-tracking/history`, user: 'terhi', rows: 'events', limit: 2, ...whole },
      { path: `/audit/cases/${closedCase}/history`, user: 'aino', rows: 'events', limit: 5, headers: PURPOSE, ...whole },
      { path: '/worklist', user: 'terhi', rows: 'items', limit: 1, max: 100 },
      { path: '/cases', user: 'terhi', rows: 'items', limit: 1, max: 100 },
      { path: '/tasks', user: 'terhi', rows: 'items', limit: 1, max: 100 },
      { path: '/concerns/re-raise-due', user: 'olli', rows: 'items', limit: 1, max: 100 },
    );
  }, 300_000);

  afterAll(async () => {
    await chain?.close();
    process.env = { ...saved };
  }, 180_000);

  it('should give every row of each list exactly once, in the order of its whole read, a few rows a page', async () => {
    const onOnePage: string[] = [];
    for (const list of lists) {
      const whole = await call('GET', withQuery(list.path, `limit=${list.max}`), list.user, list.headers);
      expect([list.path, whole.status, linkedCursor(whole)]).toEqual([list.path, 200, undefined]);
      const expected = rowsOf(list, whole.body).map((row) => JSON.stringify(row));
      const { rows, pages } = await walked(list);
      expect([list.path, rows.map((row) => JSON.stringify(row))]).toEqual([list.path, expected]);
      expect([list.path, pages]).toEqual([list.path, Math.max(1, Math.ceil(expected.length / list.limit))]);
      if (pages === 1) onOnePage.push(list.path);
    }
    // All but the one-form catalogue and the records (no meeting of this population is closed with its report) span pages.
    expect(onOnePage).toEqual(['/feedback-forms', '/reports/records']);
  }, 180_000);

  it('should answer a list that answered whole before paging still whole when no limit is given', async () => {
    for (const list of lists.filter((l) => l.max === 1000)) {
      const answer = await call('GET', list.path, list.user, list.headers);
      const all = await call('GET', withQuery(list.path, 'limit=1000'), list.user, list.headers);
      expect([list.path, rowsOf(list, answer.body).length, linkedCursor(answer)]).toEqual([
        list.path,
        rowsOf(list, all.body).length,
        undefined,
      ]);
    }
  }, 180_000);

  it('should refuse a limit above the maximum (or below one) with 400 on limit', async () => {
    for (const list of lists) {
      for (const limit of [list.max + 1, 0, -1]) {
        const refused = await call('GET', withQuery(list.path, `limit=${limit}`), list.user, list.headers);
        expect([list.path, limit, refused.status, refused.body.violations?.map((v: { field: string }) => v.field)]).toEqual([
          list.path,
          limit,
          400,
          ['limit'],
        ]);
      }
    }
  }, 180_000);

  it('should refuse a tampered cursor with 400 on cursor', async () => {
    const untried: string[] = [];
    for (const list of lists) {
      const first = await call('GET', withQuery(list.path, `limit=${list.limit}`), list.user, list.headers);
      const cursor = linkedCursor(first);
      if (cursor === undefined) {
        untried.push(list.path);
        continue;
      }
      const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
      const tampered = [
        cursor.slice(0, -3),
        Buffer.from(JSON.stringify([...key, 'more'])).toString('base64url'),
        Buffer.from(JSON.stringify(key.map((part) => (typeof part === 'string' ? 7 : 'seven')))).toString('base64url'),
        Buffer.from(JSON.stringify({ after: key })).toString('base64url'),
      ];
      for (const forged of tampered) {
        const refused = await call('GET', withQuery(list.path, `cursor=${encodeURIComponent(forged)}`), list.user, list.headers);
        expect([list.path, forged, refused.status, refused.body.violations?.[0]?.field]).toEqual([list.path, forged, 400, 'cursor']);
      }
    }
    expect(untried).toEqual(['/feedback-forms', '/reports/records']);
  }, 180_000);

  it("should not let a cursor of one case's history carry anyone into another's", async () => {
    const histories = (caseId: string) => [
      { path: `/concerns/${caseId}/history`, user: 'terhi', headers: {} },
      { path: `/convenings/${caseId}/history`, user: 'terhi', headers: {} },
      { path: `/cases/${caseId}/plan-tracking/history`, user: 'terhi', headers: {} },
      { path: `/audit/cases/${caseId}/history`, user: 'aino', headers: PURPOSE },
      { path: `/cases/${caseId}/processing-history`, user: 'aino', headers: PURPOSE },
    ];
    const mine = histories(closedCase);
    const another = histories(followUpCase);
    for (const [i, list] of mine.entries()) {
      const page = await call('GET', withQuery(list.path, 'limit=1'), list.user, list.headers);
      const cursor = linkedCursor(page)!;
      expect([list.path, typeof cursor]).toEqual([list.path, 'string']);
      // The same reader, who may read both cases: the cursor is another list's, refused, not followed.
      const across = await call('GET', withQuery(another[i].path, `cursor=${encodeURIComponent(cursor)}`), list.user, list.headers);
      expect([another[i].path, across.status, across.body.violations?.[0]?.field]).toEqual([another[i].path, 400, 'cursor']);
    }
    // A worker with no part in olli's case: a cursor of her own case's history is refused before any page (403).
    const own = await call('GET', `/concerns/${closedCase}/history?limit=1`, 'terhi');
    const cursor = linkedCursor(own)!;
    const outside = await call('GET', `/concerns/${othersCase}/history?limit=1&cursor=${encodeURIComponent(cursor)}`, 'terhi');
    expect(outside.status).toBe(403);
    expect(outside.body.events).toBeUndefined();
    // Nor does a cursor someone else was given open a case to a role that reads none (an analyst).
    const walkedByTerhi = await call('GET', `/convenings/${closedCase}/history?limit=1`, 'terhi');
    const analyst = await call(
      'GET',
      `/convenings/${closedCase}/history?cursor=${encodeURIComponent(linkedCursor(walkedByTerhi)!)}`,
      'antti',
    );
    expect(analyst.status).toBe(403);
    // A worker's list is filtered to what they may read before it is paged: terhi's cursor gives olli only olli's.
    const terhisWorklist = await call('GET', '/cases?limit=1', 'terhi');
    const ollisCases = await call('GET', '/cases?limit=100', 'olli');
    const ollisTail = await call('GET', `/cases?limit=100&cursor=${encodeURIComponent(terhisWorklist.body.next)}`, 'olli');
    const ollis = new Set(ollisCases.body.items.map((c: { caseId: string }) => c.caseId));
    for (const row of ollisTail.body.items) expect(ollis.has(row.caseId)).toBe(true);
  }, 180_000);

  it("should walk the auditor's history as of one moment, whole and in one order, and log every page read", async () => {
    const path = `/audit/cases/${closedCase}/history`;
    const whole = await call('GET', path, 'aino', PURPOSE);
    const asOf = whole.body.asOf as string;
    const read = async (query: string) => (await call('GET', `${path}?${query}`, 'aino', PURPOSE)).body;
    const first = await read('limit=4');
    // A page read later keeps the first page's asOf: a cursor given with another asOf is refused.
    const other = await call('GET', `${path}?asOf=2020-01-01&cursor=${encodeURIComponent(first.next)}`, 'aino', PURPOSE);
    expect([other.status, other.body.violations?.[0]?.field]).toEqual([400, 'cursor']);
    const events: unknown[] = [...first.events];
    let next = first.next as string | null;
    while (next) {
      const page = await read(`limit=4&cursor=${encodeURIComponent(next)}`);
      expect(page.state).toEqual(first.state);
      expect(page.asOf).toBe(first.asOf);
      events.push(...page.events);
      next = page.next;
    }
    const atThatMoment = await read(`asOf=${encodeURIComponent(first.asOf)}&limit=1000`);
    expect(events).toEqual(atThatMoment.events);
    expect(Date.parse(first.asOf)).toBeGreaterThanOrEqual(Date.parse(asOf));
    // Every page was a read of the case, logged with the auditor's purpose like the whole read.
    const log = await call('GET', `/cases/${closedCase}/processing-history?limit=1000`, 'aino', PURPOSE);
    const auditorsReads = log.body.entries.filter(
      (e: { who: { id: string }; what: string; action: string }) =>
        e.who.id === 'demo-aino' && e.action === 'read' && /case history/.test(e.what),
    );
    expect(auditorsReads.length).toBeGreaterThanOrEqual(2 + Math.ceil(events.length / 4));
  }, 180_000);

  it("should walk the family's processing history by the log's order, each page's own read joining its end", async () => {
    const path = `/cases/${closedCase}/processing-history`;
    const seen: string[] = [];
    let next: string | null = null;
    do {
      const page = await call('GET', `${path}?limit=3${next ? `&cursor=${encodeURIComponent(next)}` : ''}`, 'aino', PURPOSE);
      expect(page.status).toBe(200);
      seen.push(...page.body.entries.map((e: unknown) => JSON.stringify(e)));
      next = page.body.next;
    } while (next);
    const after = await call('GET', `${path}?limit=1000`, 'aino', PURPOSE);
    const all = after.body.entries.map((e: unknown) => JSON.stringify(e));
    expect(new Set(seen).size).toBe(seen.length);
    expect(all.slice(0, seen.length)).toEqual(seen);
    // The print is the whole history, as the family is given it, whatever the page asked.
    const printed = await call('GET', `${path}?format=html&limit=1`, 'aino', PURPOSE);
    expect(printed.status).toBe(200);
  });
});
