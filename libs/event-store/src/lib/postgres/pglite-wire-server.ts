import { timingSafeEqual } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';

const SSL_REQUEST = 80877103;
const CANCEL_REQUEST = 80877102;
/** A simple query, a Sync closing an extended-query cycle, or Terminate: the points a connection may yield. */
const CYCLE_END = new Set(['Q', 'S', 'X']);

/**
 * Serves one PGlite backend to many PostgreSQL clients over the wire protocol.
 *
 * PGlite has a single backend session, so two connections must never interleave inside one extended-query
 * cycle (Parse/Bind/Execute/Sync) nor inside one transaction. A connection therefore holds the backend from
 * the first message of a cycle to its end, and on past it while the backend reports an open transaction.
 * (pglite-socket 0.2.17 queues message by message, which interleaves concurrent cycles: see docs/adr/0003.)
 *
 * Every connection signs in with `password` (cleartext over loopback, PostgreSQL's `password` method) before PGlite
 * sees its startup: the port is open to every user of the machine, and PGlite would take anyone as its superuser.
 */
export class PgliteWireServer {
  private server?: Server;
  private owner?: Connection;
  private readonly waiting: Array<() => void> = [];
  private readonly connections = new Set<Connection>();

  constructor(
    private readonly db: PGlite,
    private readonly password: string,
  ) {}

  async listen(host = '127.0.0.1', port = 0): Promise<{ host: string; port: number }> {
    const server = createServer((socket) => this.connections.add(new Connection(socket, this)));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('embedded PostgreSQL did not get a TCP port');
    return { host: address.address, port: address.port };
  }

  async close(): Promise<void> {
    for (const connection of this.connections) connection.socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** @internal */
  forget(connection: Connection): void {
    this.connections.delete(connection);
  }

  /** @internal Waits until no other connection holds the backend. */
  async acquire(connection: Connection): Promise<void> {
    while (this.owner && this.owner !== connection) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.owner = connection;
  }

  /** @internal Releases the backend unless the connection is still inside a transaction. */
  release(connection: Connection, force = false): void {
    if (this.owner !== connection) return;
    if (!force && this.db.isInTransaction()) return;
    this.owner = undefined;
    this.waiting.splice(0).forEach((wake) => wake());
  }

  /** @internal The password a client sent, compared in constant time. */
  admits(sent: Buffer): boolean {
    const expected = Buffer.from(this.password);
    return sent.length === expected.length && timingSafeEqual(sent, expected);
  }

  /** @internal */
  async execute(message: Uint8Array, write: (data: Uint8Array) => void): Promise<void> {
    await this.db.execProtocolRawStream(message, { onRawData: write });
  }

  /** @internal A client vanished mid-transaction: undo its work so the next connection starts clean. */
  async abandon(connection: Connection): Promise<void> {
    if (this.owner !== connection) return;
    if (this.db.isInTransaction()) await this.db.exec('rollback');
    this.release(connection, true);
  }
}

class Connection {
  private buffer = Buffer.alloc(0);
  private started = false;
  /** The client's startup message, held until its password is checked. */
  private startup?: Uint8Array;
  private signedIn = false;
  private cycle: Uint8Array[] = [];
  private work: Promise<void> = Promise.resolve();

  constructor(
    readonly socket: Socket,
    private readonly server: PgliteWireServer,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk) => this.receive(chunk));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      this.work = this.work.then(() => this.server.abandon(this)).finally(() => this.server.forget(this));
    });
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const message = this.nextMessage();
      if (!message) return;
      if (message.kind === 'ssl') {
        this.socket.write('N');
        continue;
      }
      if (message.kind === 'cancel') continue;
      if (!this.signedIn) {
        this.signIn(message);
        continue;
      }
      this.cycle.push(message.bytes);
      if (message.kind === 'startup' || CYCLE_END.has(message.kind)) {
        const cycle = this.cycle;
        this.cycle = [];
        this.work = this.work
          .then(() => this.run(cycle))
          .catch(() => {
            this.socket.destroy();
          });
      }
    }
  }

  /** Startup: ask for the password (AuthenticationCleartextPassword). The password: pass the startup on, or refuse. */
  private signIn(message: { kind: string; bytes: Uint8Array }): void {
    if (message.kind === 'startup' && !this.startup) {
      this.startup = message.bytes;
      const askForPassword = Buffer.alloc(9);
      askForPassword.write('R', 0);
      askForPassword.writeInt32BE(8, 1);
      askForPassword.writeInt32BE(3, 5);
      this.socket.write(askForPassword);
      return;
    }
    // PasswordMessage: 'p', length, the password as a NUL-terminated string.
    const sent = message.kind === 'p' ? Buffer.from(message.bytes.subarray(5, Math.max(5, message.bytes.length - 1))) : Buffer.alloc(0);
    if (!this.startup || !this.server.admits(sent)) {
      this.socket.end(refusal('28P01', 'password authentication failed for user "postgres"'));
      this.buffer = Buffer.alloc(0);
      return;
    }
    this.signedIn = true;
    const startup = this.startup;
    this.work = this.work
      .then(() => this.run([startup]))
      .catch(() => {
        this.socket.destroy();
      });
  }

  private async run(cycle: Uint8Array[]): Promise<void> {
    await this.server.acquire(this);
    try {
      for (const message of cycle) {
        await this.server.execute(message, (data) => {
          // Copied: PGlite reuses the memory behind `data` once this callback returns.
          if (data.length > 0 && this.socket.writable) this.socket.write(Buffer.from(data));
        });
      }
    } finally {
      this.server.release(this);
    }
  }

  private nextMessage(): { kind: string; bytes: Uint8Array } | undefined {
    if (!this.started) {
      if (this.buffer.length < 8) return undefined;
      const length = this.buffer.readInt32BE(0);
      if (this.buffer.length < length) return undefined;
      const code = this.buffer.readInt32BE(4);
      const bytes = this.take(length);
      if (code === SSL_REQUEST) return { kind: 'ssl', bytes };
      if (code === CANCEL_REQUEST) return { kind: 'cancel', bytes };
      this.started = true;
      return { kind: 'startup', bytes };
    }
    if (this.buffer.length < 5) return undefined;
    const length = 1 + this.buffer.readInt32BE(1);
    if (this.buffer.length < length) return undefined;
    const kind = String.fromCharCode(this.buffer[0]);
    return { kind, bytes: this.take(length) };
  }

  private take(length: number): Uint8Array {
    const bytes = new Uint8Array(this.buffer.subarray(0, length));
    this.buffer = this.buffer.subarray(length);
    return bytes;
  }
}

/** An ErrorResponse of severity FATAL: the client reads it, and the connection ends. */
function refusal(code: string, message: string): Buffer {
  const fields = Buffer.concat(
    [`SFATAL`, `VFATAL`, `C${code}`, `M${message}`].map((field) => Buffer.from(`${field}\0`)).concat([Buffer.from('\0')]),
  );
  const header = Buffer.alloc(5);
  header.write('E', 0);
  header.writeInt32BE(4 + fields.length, 1);
  return Buffer.concat([header, fields]);
}
