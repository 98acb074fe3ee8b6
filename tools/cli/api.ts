import { signIn, type SignInOptions } from './sign-in';
import { CommandFailed } from './usage-error';

/** The connection options every command takes (see program.ts), with the environment's defaults applied. */
export type ConnectionOptions = SignInOptions;

export interface ApiAnswer {
  status: number;
  contentType: string;
  body: string;
}

/** An RFC 9457 problem (or the older Nest error) as one readable line, with each invalid field. */
function describeRefusal(status: number, body: string): string {
  try {
    const problem = JSON.parse(body) as {
      title?: string;
      detail?: string;
      message?: string | string[];
      rule?: string;
      violations?: Array<{ field?: string; property?: string; reason?: string; message?: string }>;
    };
    const detail = problem.detail ?? (Array.isArray(problem.message) ? problem.message.join('; ') : problem.message) ?? problem.title;
    const violations = (problem.violations ?? [])
      .map((v) => `\n  ${v.field ?? v.property ?? '?'}: ${v.reason ?? v.message ?? ''}`)
      .join('');
    return `${status}${problem.rule ? ` ${problem.rule}` : ''}: ${detail ?? ''}${violations}`;
  } catch {
    return `${status}: ${body.slice(0, 500)}`;
  }
}

/** One signed-in client of the API for a command; the token is fetched once, at the first request. */
export class Api {
  private token?: Promise<string>;

  constructor(
    private readonly options: ConnectionOptions,
    private readonly demoUser: string,
  ) {}

  get url(): string {
    return this.options.url;
  }

  /** `body`, when given, is sent as JSON. */
  async request(method: 'GET' | 'POST', path: string, headers: Record<string, string> = {}, body?: unknown): Promise<ApiAnswer> {
    this.token ??= signIn(this.options, this.demoUser);
    const token = await this.token;
    const json = body === undefined ? {} : { body: JSON.stringify(body), type: { 'content-type': 'application/json' } };
    let response: Response;
    try {
      response = await fetch(`${this.options.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...json.type, ...headers },
        ...(json.body === undefined ? {} : { body: json.body }),
      });
    } catch (error) {
      const cause = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
      throw new CommandFailed(`cannot reach the API at ${this.options.url} (${cause}); is the service running? (--url, PERHEVERKKO_URL)`);
    }
    const answer = await response.text();
    if (!response.ok) throw new CommandFailed(`${method} ${path.split('?')[0]} refused: ${describeRefusal(response.status, answer)}`);
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: answer };
  }

  async json<T>(method: 'GET' | 'POST', path: string, headers: Record<string, string> = {}, body?: unknown): Promise<T> {
    return JSON.parse((await this.request(method, path, headers, body)).body) as T;
  }
}

/** Writes an answer as the user asked for it: JSON pretty-printed, anything else (CSV, text) as it came. */
export function print(answer: ApiAnswer): void {
  process.stdout.write(answer.contentType.includes('json') ? `${JSON.stringify(JSON.parse(answer.body), null, 2)}\n` : answer.body);
}
