/** One HTTP call as a demo user (routed to whichever service owns the path): one process or five behind a gateway. */
export type Api = (
  method: string,
  path: string,
  body?: unknown,
  user?: string,
  headers?: Record<string, string>,
) => Promise<{ status: number; body: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any
