import { STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { problemOf } from './problem';

/** What Node's HTTP parser refuses before any route sees the request, by its error code. */
const REFUSALS: Record<string, { status: number; detail: string }> = {
  HPE_HEADER_OVERFLOW: { status: 431, detail: "The request's header fields are larger than this API accepts (16 kB in all)." },
  HPE_HEADERS_TIMEOUT: { status: 408, detail: "The request's header fields did not arrive in time." },
};
const NOT_HTTP = { status: 400, detail: 'The request is not valid HTTP/1.1.' };

/**
 * Node answers what its parser refuses (headers over 16 kB, broken HTTP) with a bare status line and no body; here
 * as a problem (application/problem+json) like every other refusal, then the connection is closed.
 */
export function answerParserRefusals(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const { status, detail } = REFUSALS[error.code ?? ''] ?? NOT_HTTP;
    const body = JSON.stringify(problemOf({ status, detail }));
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
