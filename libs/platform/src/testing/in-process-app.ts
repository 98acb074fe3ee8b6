import type { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { DatabaseConnection } from '@perheverkko/runtime';
import { serveWithDemoUsers } from './api-client';

/**
 * The master keys and access-log keys of every suite that runs on the shared PostgreSQL server and Kafka broker
 * (exported by testing.ts as SHARED_SERVER_MASTER_KEYS and SHARED_SERVER_ACCESS_LOG_KEYS).
 */
export const SHARED_KEYS = {
  MASTER_KEYS: `shared-servers:${Buffer.alloc(32, 42).toString('base64')}`,
  ACCESS_LOG_KEYS: `shared-servers:${Buffer.alloc(32, 43).toString('base64')}`,
};

/**
 * A service module (with the platform) served in this process, as a suite talks to it: on the PostgreSQL server
 * when TEST_DATABASE_URL is set (CI; its own demo issuer enabled explicitly), else embedded in a temp folder of its
 * own. `close` stops it, restores the environment and removes the folder.
 */
export async function serveInProcess(module: Type<unknown>, tempPrefix: string, env: Record<string, string | undefined> = {}) {
  const saved = { ...process.env };
  const dataDir = mkdtempSync(join(tmpdir(), `perheverkko-${tempPrefix}-`));
  let app: INestApplication | undefined;
  let pool: Pool | undefined;
  const close = async () => {
    await pool?.end();
    await app?.close();
    process.env = { ...saved };
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    delete process.env.KAFKA_BROKERS;
    delete process.env.OIDC_ISSUER;
    process.env.DATA_DIR = dataDir;
    if (process.env.TEST_DATABASE_URL) {
      Object.assign(process.env, { DATABASE_URL: process.env.TEST_DATABASE_URL, DEMO_ISSUER: 'enabled', ...SHARED_KEYS });
    } else delete process.env.DATABASE_URL;
    for (const [name, value] of Object.entries(env)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    app = await NestFactory.create(module, { logger: false });
    const { call } = await serveWithDemoUsers(app);
    pool = new Pool({ connectionString: app.get(DatabaseConnection).connectionString, max: 2 });
    return { app, pool, call, close };
  } catch (error) {
    await close();
    throw error;
  }
}
