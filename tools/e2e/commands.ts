import { randomUUID } from 'node:crypto';
import type { Api } from './api';

/** Throws unless the answer is a success (below 300), naming `what` and showing the answer. */
export function expectOk(response: { status: number; body: unknown }, what: string): void {
  if (response.status >= 300) throw new Error(`${what} answered ${response.status}: ${JSON.stringify(response.body)}`);
}

/** Commands over `api` (as `user`, terhi unless named) under an idempotency key of their own, each of which must succeed: the answer's body. */
export const okOver =
  (api: Api) =>
  async (what: string, method: string, path: string, body?: unknown, user = 'terhi') => {
    const response = await api(method, path, body, user, { 'idempotency-key': randomUUID() });
    expectOk(response, what);
    return response.body;
  };

/** How a journey waits: `read` again until `ok` holds of it, or fails naming `what` after `timeoutMs`. */
export type Until = <T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string, timeoutMs?: number) => Promise<T>;

/**
 * Commands as terhi whose rules read facts another process learns later (through Kafka, deployed apart): each is sent
 * again under the same key, waiting with `until` for up to 30 s, while it is refused with a rule `awaiting` lists;
 * then it must succeed: the answer's body.
 */
export const okOnceFactsArriveOver =
  (api: Api, awaiting: readonly string[], until: Until) => async (what: string, method: string, path: string, body?: unknown) => {
    const key = randomUUID();
    const response = await until(
      () => api(method, path, body, 'terhi', { 'idempotency-key': key }),
      (r) => !awaiting.includes(r.body?.rule),
      `${what}: the consents to reach its process`,
      30_000,
    );
    expectOk(response, what);
    return response.body;
  };

/** `read` again every `pollMs` until `ok` holds of its value (that value); after `timeoutMs`, fails naming `what` and the last value. */
export async function pollUntil<T>(
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  what: string,
  timeoutMs: number,
  pollMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value).slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
