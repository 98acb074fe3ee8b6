import type { INestApplication, NestApplicationOptions, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveWithDemoUsers } from './api-client';

/** A served app, its data folder, and its demo users as `serveWithDemoUsers` hands them over. */
export type ServedApp = { app: INestApplication; dataDir: string } & Awaited<ReturnType<typeof serveWithDemoUsers>>;

/**
 * A platform app for a spec, served in this process on an embedded database in a temp folder of its own (whatever
 * TEST_DATABASE_URL says). Before the spec's tests the environment is set for it (no DATABASE_URL, OIDC issuer or
 * broker; a budget of 200 requests a minute; then `env`), the app created with `nest` options, served with the demo
 * users and handed to `opened`. After them the app is closed, the environment restored and the folder removed: also
 * when the app never started or does not close cleanly.
 */
export function onEmbeddedApp(
  module: Type<unknown>,
  { tempPrefix, env = {}, nest }: { tempPrefix: string; env?: Record<string, string>; nest: NestApplicationOptions },
  opened: (served: ServedApp) => void,
): void {
  const saved = { ...process.env };
  const dataDir = mkdtempSync(join(tmpdir(), `perheverkko-${tempPrefix}-`));
  let app: INestApplication | undefined;

  beforeAll(async () => {
    delete process.env.DATABASE_URL;
    delete process.env.OIDC_ISSUER;
    delete process.env.KAFKA_BROKERS;
    process.env.DATA_DIR = dataDir;
    Object.assign(process.env, { RATE_LIMIT_PER_MINUTE: '200', ...env });
    app = await NestFactory.create(module, nest);
    opened({ app, dataDir, ...(await serveWithDemoUsers(app)) });
    // Generous: a start takes seconds, but on a loaded two-core machine PGlite alone has taken 40.
  }, 180_000);

  afterAll(async () => {
    try {
      await app?.close();
    } finally {
      process.env = { ...saved };
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
}
