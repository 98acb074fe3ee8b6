import type { Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { type HttpSurface, openApiDocumentOf } from '@perheverkko/http';
import { AppModule as ConveningApp, SURFACE as CONVENING } from '../../apps/convening/src/app.module';
import { AppModule as IntakeApp, SURFACE as INTAKE } from '../../apps/intake/src/app.module';
import { AppModule as MeetingApp, SURFACE as MEETING } from '../../apps/meeting/src/app.module';
import { AppModule as PlanFollowupApp, SURFACE as PLAN_FOLLOWUP } from '../../apps/plan-followup/src/app.module';
import { AppModule as ReportingApp, SURFACE as REPORTING } from '../../apps/reporting/src/app.module';
import { StandaloneModule, SURFACE as STANDALONE } from '../../apps/standalone/src/standalone.module';

/** The six deployables whose OpenAPI documents are written to docs/api/<name>.openapi.json: the embedded default first. */
export const DEPLOYABLES: ReadonlyArray<{ name: string; module: Type; surface: HttpSurface }> = [
  { name: 'standalone', module: StandaloneModule, surface: STANDALONE },
  { name: 'intake', module: IntakeApp, surface: INTAKE },
  { name: 'convening', module: ConveningApp, surface: CONVENING },
  { name: 'meeting', module: MeetingApp, surface: MEETING },
  { name: 'plan-followup', module: PlanFollowupApp, surface: PLAN_FOLLOWUP },
  { name: 'reporting', module: ReportingApp, surface: REPORTING },
];

export const API_DOCS_DIR = resolve(__dirname, '../../docs/api');

export const writtenPathOf = (name: string) => join(API_DOCS_DIR, `${name}.openapi.json`);

/**
 * Each deployable's document as its `/openapi.json` serves it (`openApiDocumentOf`, which `configureHttp` also calls),
 * in its default set-up: the embedded database in a temp folder, its own demo issuer, no broker. The app is created,
 * never listens, and is closed again; the environment is restored.
 */
export async function openApiDocuments(): Promise<Map<string, OpenAPIObject>> {
  const saved = { ...process.env };
  const documents = new Map<string, OpenAPIObject>();
  // One data folder for the six: a fresh embedded database takes seconds to make, an existing one opens at once.
  const dataDir = mkdtempSync(join(tmpdir(), 'perheverkko-openapi-'));
  try {
    for (const { name, module, surface } of DEPLOYABLES) {
      for (const setting of ['DATABASE_URL', 'OIDC_ISSUER', 'KAFKA_BROKERS', 'EVENTSTOREDB_URL', 'DEMO_ISSUER', 'PUBLIC_URL', 'PORT']) {
        delete process.env[setting];
      }
      process.env.DATA_DIR = dataDir;
      const app = await NestFactory.create(module, { logger: false });
      try {
        documents.set(name, openApiDocumentOf(app, surface));
      } finally {
        await app.close();
      }
    }
  } finally {
    process.env = saved;
    rmSync(dataDir, { recursive: true, force: true });
  }
  return documents;
}

/** The text written for a document: JSON as the repository's Prettier formats it, so `npm run lint` accepts the file. */
export async function writtenTextOf(name: string, document: OpenAPIObject): Promise<string> {
  const path = writtenPathOf(name);
  return format(JSON.stringify(document, null, 2), { ...(await resolveConfig(path)), filepath: path });
}

export const currentlyWritten = (name: string): string | undefined => {
  try {
    return readFileSync(writtenPathOf(name), 'utf8');
  } catch {
    return undefined;
  }
};
