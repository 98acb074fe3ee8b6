import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT, importJWK, type JWK, type KeyLike } from 'jose';
import { loadPlatformConfig } from '@perheverkko/runtime';
import { InvalidTokenError, TokenVerifier } from './token-verifier';

const HOUR = 3600;
const now = () => Math.floor(Date.now() / 1000);

describe('bearer token lifetime', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'perheverkko-tokens-'));
  let verifier: TokenVerifier;
  let key: KeyLike;
  let issuer: string;

  /** A token from the demo issuer's own key with the given times (`undefined` leaves the claim out). */
  const token = (times: { iat?: number; exp?: number }) => {
    const jwt = new SignJWT({ roles: ['professional'], ...(times.iat === undefined ? {} : { iat: times.iat }) })
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer(issuer)
      .setAudience('perheverkko')
      .setSubject('demo-terhi');
    if (times.exp !== undefined) jwt.setExpirationTime(times.exp);
    return jwt.sign(key);
  };

  beforeAll(async () => {
    const config = loadPlatformConfig({ DATA_DIR: dataDir, TOKEN_MAX_LIFETIME_MINUTES: '720' });
    verifier = new TokenVerifier(config);
    issuer = (await verifier.demoIssuer()!).issuer;
    key = (await importJWK(JSON.parse(readFileSync(join(dataDir, 'demo-issuer-key.json'), 'utf8')) as JWK, 'ES256')) as KeyLike;
  });

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('should accept a token that expires within the bound, with or without iat, and the demo issuer’s own', async () => {
    await expect(verifier.verify(await token({ iat: now(), exp: now() + HOUR }))).resolves.toMatchObject({ id: 'demo-terhi' });
    await expect(verifier.verify(await token({ exp: now() + 12 * HOUR }))).resolves.toMatchObject({ id: 'demo-terhi' });
    // An issuer clock a little ahead is tolerated.
    await expect(verifier.verify(await token({ iat: now() + 30, exp: now() + HOUR }))).resolves.toMatchObject({ id: 'demo-terhi' });
    const issued = await (
      await verifier.demoIssuer()!
    ).issue({ id: 'demo-aino', name: 'Aino', roles: ['auditor'], organisation: 'county' }, 'perheverkko');
    await expect(verifier.verify(issued)).resolves.toMatchObject({ id: 'demo-aino' });
  });

  it('should refuse a token without exp', async () => {
    await expect(verifier.verify(await token({ iat: now() }))).rejects.toThrow(
      new InvalidTokenError(
        'the bearer token is not valid: it has no expiry ("exp"); tokens must expire within 720 minutes (TOKEN_MAX_LIFETIME_MINUTES)',
      ),
    );
  });

  it('should refuse a token valid for longer than TOKEN_MAX_LIFETIME_MINUTES', async () => {
    await expect(verifier.verify(await token({ iat: now(), exp: now() + 365 * 24 * HOUR }))).rejects.toThrow(
      /valid for 525600 minutes \("exp" − "iat"\), longer than the 720 minutes/,
    );
    await expect(verifier.verify(await token({ exp: now() + 13 * HOUR }))).rejects.toThrow(
      /valid for 780 minutes \("exp" − now\), longer than the 720 minutes/,
    );
    // Issued long ago and still valid for an hour: the lifetime counts from iat.
    await expect(verifier.verify(await token({ iat: now() - 12 * HOUR, exp: now() + HOUR }))).rejects.toThrow(
      /longer than the 720 minutes/,
    );
  });

  it('should refuse a token issued in the future beyond the clock skew', async () => {
    await expect(verifier.verify(await token({ iat: now() + 365 * 24 * HOUR, exp: now() + 365 * 24 * HOUR + HOUR }))).rejects.toThrow(
      /it is issued in the future \("iat" \d+ s ahead of this server's clock; 60 s of skew are allowed\)/,
    );
    await expect(verifier.verify(await token({ iat: now() + 5 * 60, exp: now() + HOUR }))).rejects.toThrow(/issued in the future/);
  });

  it('should still refuse an expired token', async () => {
    await expect(verifier.verify(await token({ iat: now() - 2 * HOUR, exp: now() - HOUR }))).rejects.toThrow(
      /"exp" claim timestamp check failed/,
    );
  });

  it('should hold the demo issuer’s own tokens to a shorter bound too (its token endpoint issues no longer ones)', async () => {
    const shortDir = mkdtempSync(join(tmpdir(), 'perheverkko-tokens-'));
    try {
      const short = new TokenVerifier(loadPlatformConfig({ DATA_DIR: shortDir, TOKEN_MAX_LIFETIME_MINUTES: '30' }));
      const issued = await (
        await short.demoIssuer()!
      ).issue({ id: 'demo-olli', name: 'Olli', roles: ['professional'], organisation: 'school' }, 'perheverkko', 3600);
      await expect(short.verify(issued)).rejects.toThrow(/valid for 60 minutes .*longer than the 30 minutes/);
    } finally {
      rmSync(shortDir, { recursive: true, force: true });
    }
  });
});
