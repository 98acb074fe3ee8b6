import type { ConsoleConfig, ServiceName } from '../config';

/** One field the API refused, and why (the API's `violations[]`). */
export interface Violation {
  field: string;
  reason: string;
}

/** An answer other than 2xx, read from the API's problem body (RFC 9457 or Nest's shape: both carry these). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly violations: Violation[] = [],
    readonly rule?: string,
    readonly type?: string,
    /** A 429's or 503's Retry-After, in seconds: when the same request may be sent again. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  /**
   * Someone else changed what the request was based on: reload and try again. A 409 that names another rule is a
   * refusal of the model (say, a responsible worker the consent does not cover), which a reload would not change.
   */
  get isConflict(): boolean {
    if (this.status === 412) return true;
    if (this.status !== 409) return false;
    return !this.rule || /(concurrent-change|stale-version)$/.test(this.type ?? '') || this.rule === 'stale-version';
  }

  /** The API's reason for this field: by its exact path (`children.0.identifier`), or by a last segment only one field ends in. */
  reasonFor(field: string): string | undefined {
    const exact = this.violations.find((v) => v.field === field);
    if (exact) return exact.reason;
    const bySuffix = this.violations.filter((v) => v.field.endsWith(`.${field}`));
    return bySuffix.length === 1 ? bySuffix[0].reason : undefined;
  }
}

export interface Request {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined>;
  /** The ETag the change is based on: a stale one is answered 409/412 instead of overwriting. */
  ifMatch?: string;
  /** Why the caller reads (auditors, coordinators): logged with every read. */
  purpose?: string;
  accept?: string;
}

export interface Answer<T> {
  status: number;
  body: T;
  etag?: string;
  location?: string;
}

/** Calls the services' public HTTP APIs with the person's token: the console has no other way in. */
export class ApiClient {
  constructor(
    private readonly config: ConsoleConfig,
    private readonly token: () => string | undefined,
    private readonly onUnauthorized: () => void = () => undefined,
  ) {}

  url(service: ServiceName, path: string, query?: Request['query']): string {
    const base = this.config.api[service] || window.location.origin;
    const url = new URL(path.replace(/^\//, ''), base.endsWith('/') ? base : `${base}/`);
    for (const [key, value] of Object.entries(query ?? {}))
      if (value !== undefined && value !== '') url.searchParams.set(key, String(value));
    return url.toString();
  }

  /**
   * One request; a GET of a paged list that names no `limit` reads the whole list, following `Link: rel="next"` (the
   * API pages every list: ADR 0020) and joining the pages' rows. A screen that pages visibly sends `limit` and a cursor.
   */
  async call<T>(service: ServiceName, path: string, request: Request = {}): Promise<Answer<T>> {
    const first = await this.once<T>(service, path, request);
    const whole = (request.method ?? (request.body === undefined ? 'GET' : 'POST')) === 'GET' && request.query?.['limit'] === undefined;
    let { cursor } = first;
    let body: unknown = first.answer.body;
    for (let pages = 1; whole && cursor !== undefined && pages < MAX_PAGES_JOINED; pages++) {
      const page = await this.once<unknown>(service, path, { ...request, query: { ...request.query, cursor } });
      body = joinedPages(body, page.answer.body);
      cursor = page.cursor;
    }
    return { ...first.answer, body: body as T };
  }

  private async once<T>(service: ServiceName, path: string, request: Request): Promise<{ answer: Answer<T>; cursor?: string }> {
    const headers: Record<string, string> = { Accept: request.accept ?? 'application/json' };
    const token = this.token();
    if (token) headers['Authorization'] = `Bearer ${token}`;
    if (request.body !== undefined) headers['Content-Type'] = 'application/json';
    if (request.ifMatch) headers['If-Match'] = request.ifMatch;
    if (request.purpose) headers['X-Purpose'] = request.purpose;
    const response = await fetch(this.url(service, path, request.query), {
      method: request.method ?? (request.body === undefined ? 'GET' : 'POST'),
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
    });
    if (response.status === 401) this.onUnauthorized();
    const type = response.headers.get('content-type') ?? '';
    const body = type.includes('json') ? await response.json().catch(() => undefined) : await response.text();
    if (!response.ok) throw problemOf(response.status, body, response.headers.get('retry-after'));
    return {
      answer: {
        status: response.status,
        body: body as T,
        etag: response.headers.get('etag') ?? undefined,
        location: response.headers.get('location') ?? undefined,
      },
      cursor: nextCursorOf(response.headers.get('link')),
    };
  }

  get<T>(service: ServiceName, path: string, request: Omit<Request, 'method' | 'body'> = {}): Promise<T> {
    return this.call<T>(service, path, request).then((answer) => answer.body);
  }

  /** A file the API renders (a printable plan, a CSV), fetched with the token and handed to the browser. */
  async download(service: ServiceName, path: string, request: Omit<Request, 'method' | 'body'> & { filename: string }): Promise<void> {
    const token = this.token();
    const response = await fetch(this.url(service, path, request.query), {
      headers: {
        Accept: request.accept ?? '*/*',
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(request.purpose ? { 'X-Purpose': request.purpose } : {}),
      },
    });
    if (!response.ok) throw problemOf(response.status, await response.json().catch(() => undefined));
    const link = document.createElement('a');
    link.href = URL.createObjectURL(await response.blob());
    link.download = request.filename;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  }
}

/** No list the console reads whole is longer than this many pages (of up to 1000 rows): a guard, not a limit met. */
const MAX_PAGES_JOINED = 50;

/** The cursor of the next page a `Link` header names (RFC 8288 `rel="next"`), if any. */
export function nextCursorOf(link: string | null): string | undefined {
  const target = /<([^>]*)>\s*;\s*rel="?next"?/.exec(link ?? '')?.[1];
  return target === undefined ? undefined : (new URL(target, 'http://link.invalid').searchParams.get('cursor') ?? undefined);
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Two pages of one list as one: a bare array's rows, or the rows of a page's `items`, `events` or `entries`. */
export function joinedPages(before: unknown, page: unknown): unknown {
  if (Array.isArray(before) && Array.isArray(page)) return [...before, ...page];
  if (!isRecord(before) || !isRecord(page)) return page;
  const joined: Record<string, unknown> = { ...before, next: page['next'] ?? null };
  for (const rows of ['items', 'events', 'entries']) {
    const earlier = before[rows];
    const later = page[rows];
    if (Array.isArray(earlier) && Array.isArray(later)) joined[rows] = [...earlier, ...later];
  }
  return joined;
}

function problemOf(status: number, body: unknown, retryAfter: string | null = null): ApiError {
  const problem = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const message = [problem['detail'], problem['message'], problem['title'], problem['error']].find(
    (m): m is string => typeof m === 'string' && m.length > 0,
  );
  const violations = Array.isArray(problem['violations']) ? (problem['violations'] as Violation[]) : [];
  return new ApiError(
    status,
    message ?? `HTTP ${status}`,
    violations,
    typeof problem['rule'] === 'string' ? problem['rule'] : undefined,
    typeof problem['type'] === 'string' ? problem['type'] : undefined,
    retryAfter !== null && /^\d+$/.test(retryAfter) ? Number(retryAfter) : undefined,
  );
}
