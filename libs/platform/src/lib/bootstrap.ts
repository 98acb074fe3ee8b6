import { type INestApplication, Logger, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { PlatformConfig, secureDataDir } from '@perheverkko/runtime';
import { configureHttp, type HttpSurface } from '@perheverkko/http';
import { JsonLogger, startTracing } from '@perheverkko/observability';
import { QuietStartLogger } from './quiet-start-logger';

/**
 * Starts a Nest application with the shared HTTP conventions and says where it can be reached; resolves with the
 * application and that address, so a caller can say more.
 */
export async function bootstrapService(rootModule: Type, surface: HttpSurface): Promise<{ app: INestApplication; url: string }> {
  startTracing(surface.title);
  const app = await NestFactory.create(rootModule, {
    bufferLogs: false,
    logger: process.env.LOG_FORMAT === 'json' ? new JsonLogger() : new QuietStartLogger(),
  });
  configureHttp(app, surface);
  const config = app.get(PlatformConfig);
  await app.listen(config.PORT, config.listenHost);
  // Again now that start-up created its tables and keys (the embedded database writes its files world-readable).
  secureDataDir(config);
  const url = (await app.getUrl()).replace('[::1]', 'localhost').replace('0.0.0.0', 'localhost').replace('127.0.0.1', 'localhost');
  new Logger(surface.title).log(`HTTP API on ${url} — OpenAPI ${url}/openapi.json, browsable at ${url}/docs, health ${url}/health`);
  return { app, url };
}
