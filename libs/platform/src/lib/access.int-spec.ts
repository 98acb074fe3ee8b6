import { Controller, Get, Inject, Injectable, Module, Param, type INestApplication, type OnApplicationBootstrap } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { SignJWT, generateKeyPair, importJWK, type JWK } from 'jose';
import type { EventStore } from '@perheverkko/event-store';
import { DatabaseConnection } from '@perheverkko/runtime';
import { AccessLog } from '@perheverkko/access';
import { EVENT_STORE, ServiceEventStoreModule } from '@perheverkko/service-host';
import { CaseData } from '@perheverkko/http';
import { onEmbeddedApp } from '../testing/embedded-app';
import { PlatformModule } from './platform.module';

const CASE_1 = '11111111-1111-4111-8111-111111111111';
const CASE_3 = '33333333-3333-4333-8333-333333333333';

/** A case-data endpoint like the services' own: the joint plan, read. */
@Controller('test-cases')
class JointPlanController {
  @Get(':caseId/plan')
  @CaseData({ category: 'joint-plan', action: 'read', what: 'joint plan' })
  plan(@Param('caseId') caseId: string) {
    return { caseId, actions: ['school: daily check-in'] };
  }

  /** Carries a case id and declares no category: the guard opens nothing. */
  @Get(':caseId/undeclared')
  undeclared(@Param('caseId') caseId: string) {
    return { caseId };
  }
}

/**
 * Terhi registered the concern of case 1 (so she convenes it); a family-centre worker registered case 3, so the
 * family centre's coordinator (kaisa) answers for it. Nobody else holds a role in any case. Real events in an
 * intake store, folded by the same case-access directory the services use.
 */
@Injectable()
class RegisteredConcerns implements OnApplicationBootstrap {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}
  async onApplicationBootstrap() {
    const register = (caseId: string, raisedBy: { id: string; organisation: string }) =>
      this.store.appendToStream(
        `Concern-${caseId}`,
        [
          {
            type: 'ConcernRegistered',
            data: { channel: 'close-worker', raisedBy: { ...raisedBy, name: 'x', sector: 'x' }, registeredAt: '2026-11-01T09:00:00.000Z' },
            metadata: {
              eventId: randomUUID(),
              caseId,
              correlationId: randomUUID(),
              causationId: randomUUID(),
              actor: { id: raisedBy.id, role: 'professional', organisation: raisedBy.organisation },
              occurredAt: '2026-11-01T09:00:00.000Z',
              schemaVersion: 2,
            },
          },
        ],
        { expectedRevision: 'no_stream' },
      );
    await register(CASE_1, { id: 'demo-terhi', organisation: 'Kangasala child health clinic' });
    await register(CASE_3, { id: 'demo-fiona', organisation: 'Family centre' });
    await register('22222222-2222-4222-8222-222222222222', { id: 'demo-tuula', organisation: 'Tampere child health clinic' });
  }
}

@Module({
  imports: [PlatformModule, ServiceEventStoreModule.forService({ service: 'intake', categories: ['Concern'] })],
  controllers: [JointPlanController],
  providers: [RegisteredConcerns],
})
class AccessTestApp {}

describe('who may see what', () => {
  let app: INestApplication;
  let base: string;
  let tokens: Record<string, string>;
  let dataDir: string;
  onEmbeddedApp(AccessTestApp, { tempPrefix: 'access', nest: { logger: ['error'], abortOnError: false } }, (served) => {
    ({ app, base, tokens, dataDir } = served);
  });

  const call = (path: string, token?: string, headers: Record<string, string> = {}, method = 'GET') =>
    fetch(`${base}${path}`, { method, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } });

  describe('authentication', () => {
    it('should refuse a request without a token, saying how to get one', async () => {
      const response = await call('/test-cases/11111111-1111-4111-8111-111111111111/plan');
      expect(response.status).toBe(401);
      expect(((await response.json()) as { message: string }).message).toMatch(/Authorization: Bearer/);
    });

    it('should refuse a tampered token, a token from another issuer key, and a token for another audience', async () => {
      const [header, payload, signature] = tokens.terhi.split('.');
      const elevated = Buffer.from(
        JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), roles: ['administrator'] }),
      ).toString('base64url');
      expect((await call('/test-cases/11111111-1111-4111-8111-111111111111/plan', `${header}.${elevated}.${signature}`)).status).toBe(401);

      const { privateKey } = await generateKeyPair('ES256');
      const forged = await new SignJWT({ roles: ['auditor'] })
        .setProtectedHeader({ alg: 'ES256' })
        .setIssuer('http://localhost:3000')
        .setAudience('perheverkko')
        .setSubject('mallory')
        .setExpirationTime('1h')
        .sign(privateKey);
      expect((await call('/test-cases/11111111-1111-4111-8111-111111111111/plan', forged, { 'x-purpose': 'x' })).status).toBe(401);
    });

    it('should refuse, saying why, a token of the right key without exp, valid far too long, or issued a year ahead', async () => {
      // Signed with the demo issuer's own key (in DATA_DIR), so only the times are wrong.
      const key = await importJWK(JSON.parse(readFileSync(join(dataDir, 'demo-issuer-key.json'), 'utf8')) as JWK, 'ES256');
      const now = Math.floor(Date.now() / 1000);
      const signed = (times: { iat?: number; exp?: number }) =>
        new SignJWT({ roles: ['administrator'], ...times })
          .setProtectedHeader({ alg: 'ES256' })
          .setIssuer('http://localhost:3000')
          .setAudience('perheverkko')
          .setSubject('demo-pekka')
          .sign(key);
      const refusal = async (token: string) => {
        const response = await call(`/test-cases/${CASE_1}/plan`, token);
        return { status: response.status, message: ((await response.json()) as { message: string }).message };
      };
      expect(await refusal(await signed({ iat: now }))).toEqual({ status: 401, message: expect.stringMatching(/no expiry \("exp"\)/) });
      expect(await refusal(await signed({ iat: now, exp: now + 365 * 86_400 }))).toEqual({
        status: 401,
        message: expect.stringMatching(/longer than the 720 minutes TOKEN_MAX_LIFETIME_MINUTES allows/),
      });
      expect(await refusal(await signed({ iat: now + 365 * 86_400, exp: now + 365 * 86_400 + 3600 }))).toEqual({
        status: 401,
        message: expect.stringMatching(/issued in the future/),
      });
      // The same claims with sane times pass authentication (and an administrator has no role in the case: 403).
      expect((await refusal(await signed({ iat: now, exp: now + 3600 }))).status).toBe(403);
    });

    it('should let health and the demo issuer be reached without a token', async () => {
      expect((await call('/health')).status).toBe(200);
      expect((await call('/oidc/jwks')).status).toBe(200);
      expect(((await (await call('/.well-known/openid-configuration')).json()) as { jwks_uri: string }).jwks_uri).toMatch(/\/oidc\/jwks$/);
    });

    it('should refuse a wrong demo password with 401 and a malformed token request with 400 naming the field', async () => {
      const wrong = await fetch(`${base}/oidc/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'terhi', password: 'guess' }),
      });
      expect(wrong.status).toBe(401);
      const malformed = await fetch(`${base}/oidc/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'terhi' }),
      });
      expect(malformed.status).toBe(400);
      expect(((await malformed.json()) as { violations: Array<{ field: string }> }).violations.map((v) => v.field)).toContain('password');
    });
  });

  describe('need to know: role × endpoint × relation to the case', () => {
    // [user, path, extra headers, expected status]
    const matrix: Array<[string, string, Record<string, string>, number]> = [
      ['terhi', '/test-cases/11111111-1111-4111-8111-111111111111/plan', {}, 200], // convener of 11111111-1111-4111-8111-111111111111
      ['terhi', '/test-cases/22222222-2222-4222-8222-222222222222/plan', {}, 403], // no relation to 22222222-2222-4222-8222-222222222222
      ['terhi', '/test-cases/not-a-case%00/plan', {}, 400], // not a case id: refused before any lookup or log
      ['olli', '/test-cases/11111111-1111-4111-8111-111111111111/plan', {}, 403], // professional without relation
      ['aino', '/test-cases/11111111-1111-4111-8111-111111111111/plan', { 'x-purpose': 'complaint 2026/14 review' }, 200], // auditor with purpose
      ['aino', '/test-cases/11111111-1111-4111-8111-111111111111/plan', {}, 400], // auditor without purpose
      ['antti', '/test-cases/11111111-1111-4111-8111-111111111111/plan', {}, 403], // analyst: never case data
      ['kaisa', '/test-cases/33333333-3333-4333-8333-333333333333/plan', {}, 403], // coordinator of the organiser: not the plan
      ['pekka', '/test-cases/11111111-1111-4111-8111-111111111111/plan', {}, 403], // administrator: not case data
      ['terhi', '/test-cases/11111111-1111-4111-8111-111111111111/undeclared', {}, 403], // an endpoint declaring no category opens nothing
      ['kaisa', '/cases/33333333-3333-4333-8333-333333333333/processing-history', {}, 200], // coordinator of the organiser answers the family's request
      ['kaisa', '/cases/22222222-2222-4222-8222-222222222222/processing-history', {}, 403], // an organiser she does not coordinate
      ['aino', '/cases/11111111-1111-4111-8111-111111111111/processing-history', { 'x-purpose': 'audit' }, 200],
      ['terhi', '/cases/11111111-1111-4111-8111-111111111111/processing-history', {}, 403],
      ['antti', '/cases/11111111-1111-4111-8111-111111111111/processing-history', {}, 403],
    ];
    it.each(matrix)('%s GET %s %j → %i', async (user, path, headers, expected) => {
      expect((await call(path, tokens[user], headers)).status).toBe(expected);
    });

    it.each([
      ['aino', 200],
      ['pekka', 200],
      ['terhi', 403],
      ['kaisa', 403],
    ])('%s POST /audit/access-log/verify → %i', async (user, expected) => {
      expect((await call('/audit/access-log/verify', tokens[user], {}, 'POST')).status).toBe(expected);
    });
  });

  describe('the access log', () => {
    it('should record reads with who, what, which case and why, and refusals too; the family’s answer lists the reads', async () => {
      await call('/test-cases/33333333-3333-4333-8333-333333333333/plan', tokens.aino, { 'x-purpose': 'complaint 2026/15' });
      await call('/test-cases/33333333-3333-4333-8333-333333333333/plan', tokens.olli);
      const history = (await (await call('/cases/33333333-3333-4333-8333-333333333333/processing-history', tokens.kaisa)).json()) as {
        entries: Array<{ who: { id: string }; what: string; purpose: string; action: string }>;
      };
      expect(history.entries).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            who: expect.objectContaining({ id: 'demo-aino' }),
            what: 'joint plan',
            purpose: 'complaint 2026/15',
            action: 'read',
          }),
          expect.objectContaining({
            who: expect.objectContaining({ id: 'demo-olli' }),
            what: 'joint plan',
            action: 'refused',
            rule: 'no-relation-to-case',
          }),
        ]),
      );

      const pool = new Pool({ connectionString: app.get(DatabaseConnection).connectionString, max: 1 });
      try {
        const { rows } = await pool.query(
          `select actor_id, action, what from audit.access_log where case_id = '33333333-3333-4333-8333-333333333333' order by seq`,
        );
        expect(rows.slice(-3)).toEqual([
          { actor_id: 'demo-aino', action: 'read', what: 'joint plan' },
          { actor_id: 'demo-olli', action: 'refused', what: 'joint plan' },
          { actor_id: 'demo-kaisa', action: 'read', what: 'processing history' },
        ]);
      } finally {
        await pool.end();
      }
    });

    it('should verify an intact chain and find the entry that was changed behind its back', async () => {
      const pool = new Pool({ connectionString: app.get(DatabaseConnection).connectionString, max: 1 });
      try {
        const log = await AccessLog.open(pool);
        const before = await log.verify();
        expect(before).toMatchObject({ ok: true });
        expect(before.checked).toBeGreaterThan(10);
        await expect(pool.query(`update audit.access_log set purpose = 'nothing to see' where seq = 3`)).rejects.toThrow(/append-only/);
        // Someone with the power to disable the trigger edits an entry: the chain shows it.
        await pool.query('alter table audit.access_log disable trigger access_log_append_only');
        await pool.query(`update audit.access_log set actor_id = 'someone-else' where seq = 3`);
        await pool.query('alter table audit.access_log enable trigger access_log_append_only');
        expect(await log.verify()).toMatchObject({ ok: false, checked: 2, brokenAt: 3, findings: [{ kind: 'edited', seq: 3 }] });
      } finally {
        await pool.end();
      }
    });
  });

  describe('hardening', () => {
    it('should send security headers', async () => {
      const response = await call('/health');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
      expect(response.headers.get('x-powered-by')).toBeNull();
    });

    it('should refuse a body over the size limit with 413', async () => {
      const huge = JSON.stringify({ username: 'terhi', password: 'x'.repeat(300 * 1024) });
      const response = await fetch(`${base}/oidc/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: huge });
      expect(response.status).toBe(413);
    });

    it('should answer 429 once one address exceeds the rate limit', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 220; i++) statuses.push((await call('/.well-known/openid-configuration')).status);
      expect(statuses).toContain(429);
      // Probes and scrapes are never throttled: an orchestrator must always get an answer.
      expect((await call('/health/live')).status).toBe(200);
      expect((await call('/metrics')).status).toBe(200);
      expect(statuses.slice(0, 20).every((s) => s === 200 || s === 429)).toBe(true);
    }, 60_000);
  });
});
