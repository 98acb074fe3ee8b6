import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { KAFKA_CONNECTION_VARIABLES } from '@perheverkko/messaging';

const WORKSPACE_ROOT = join(__dirname, '../../../..');

let compiled = false;

/**
 * The services run as they run in production, compiled (`npm start` and the images do the same): dist/node is brought up
 * to date once per test file, and at most one process compiles at a time (tools/build/ensure-compiled.mjs).
 */
function ensureCompiled(): void {
  if (compiled) return;
  execFileSync(process.execPath, [join(WORKSPACE_ROOT, 'tools/build/ensure-compiled.mjs')], { cwd: WORKSPACE_ROOT, stdio: 'pipe' });
  compiled = true;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** A service started as its own operating-system process, the way it runs in production. */
export class ServiceProcess {
  private output = '';
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    readonly name: string,
    readonly baseUrl: string,
    private readonly child: ChildProcess,
  ) {
    child.stdout?.on('data', (chunk) => (this.output += chunk));
    child.stderr?.on('data', (chunk) => (this.output += chunk));
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  /** Starts `apps/<app>/src/main.ts`, compiled (on `env.PORT`, or a free port), and waits until its /health answers 200. */
  static async start(app: string, env: Record<string, string> = {}, timeoutMs = 120_000, nodeArgs: string[] = []): Promise<ServiceProcess> {
    ensureCompiled();
    const port = env.PORT ? Number(env.PORT) : await freePort();
    // The embedded default as `npm start` runs it (package.json): its database's WebAssembly on V8's baseline compiler.
    const runtimeArgs = app === 'standalone' ? ['--enable-source-maps', '--liftoff-only'] : ['--enable-source-maps'];
    const child = spawn(process.execPath, [...nodeArgs, ...runtimeArgs, `dist/node/apps/${app}/src/main.js`], {
      cwd: WORKSPACE_ROOT,
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', ...kafkaSecurityOf(env), ...env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const service = new ServiceProcess(app, `http://127.0.0.1:${port}`, child);
    await service.waitUntilHealthy(timeoutMs);
    return service;
  }

  get log(): string {
    return this.output;
  }

  async get(path: string): Promise<{ status: number; body: string }> {
    const response = await fetch(`${this.baseUrl}${path}`);
    return { status: response.status, body: await response.text() };
  }

  /** SIGTERM, as an orchestrator sends it; resolves with how the process ended. */
  async stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.child.exitCode === null) this.child.kill('SIGTERM');
    return this.exited;
  }

  /** SIGKILL, as a crash or an out-of-memory kill ends it: nothing is flushed, nothing is handed back. */
  async kill(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
    return this.exited;
  }

  private async waitUntilHealthy(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let exitedEarly = false;
    void this.exited.then(() => (exitedEarly = true));
    while (Date.now() < deadline && !exitedEarly) {
      try {
        if ((await this.get('/health')).status === 200) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    this.child.kill('SIGKILL');
    throw new Error(`${this.name} did not become healthy${exitedEarly ? ' (it exited)' : ''}; its output:\n${this.output}`);
  }
}

/**
 * A process sent to a broker connects to it as the test environment does: the broker CI starts speaks SASL_SSL, and
 * its CA file and login are in this process's environment (KAFKA_SECURITY_PROTOCOL, KAFKA_SSL_*, KAFKA_SASL_*).
 */
function kafkaSecurityOf(env: Record<string, string>): Record<string, string> {
  if (!env.KAFKA_BROKERS) return {};
  return Object.fromEntries(
    KAFKA_CONNECTION_VARIABLES.filter((name) => name !== 'KAFKA_BROKERS').flatMap((name) =>
      process.env[name] ? [[name, process.env[name]]] : [],
    ),
  );
}
