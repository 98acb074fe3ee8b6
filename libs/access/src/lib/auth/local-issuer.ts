import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { SignJWT, exportJWK, generateKeyPair, importJWK, type JWK, type KeyLike } from 'jose';
import type { AuthenticatedUser } from '@perheverkko/http';

const ALGORITHM = 'ES256';

/**
 * The demo OpenID Connect issuer of the zero-install default: one signing key kept in DATA_DIR (so tokens
 * survive a restart), a JWKS, and tokens for the demo users. Real deployments point OIDC_ISSUER elsewhere.
 */
export class LocalIssuer {
  private constructor(
    readonly issuer: string,
    private readonly privateKey: KeyLike,
    readonly publicJwk: JWK,
  ) {}

  static async open(keyFile: string, issuer: string): Promise<LocalIssuer> {
    let privateJwk: JWK;
    if (existsSync(keyFile)) {
      privateJwk = JSON.parse(readFileSync(keyFile, 'utf8')) as JWK;
    } else {
      const { privateKey } = await generateKeyPair(ALGORITHM, { extractable: true });
      privateJwk = { ...(await exportJWK(privateKey)), kid: `demo-${Date.now().toString(36)}`, alg: ALGORITHM, use: 'sig' };
      mkdirSync(dirname(keyFile), { recursive: true, mode: 0o700 });
      writeFileSync(keyFile, JSON.stringify(privateJwk), { mode: 0o600 });
    }
    const { d: _private, ...publicJwk } = privateJwk;
    return new LocalIssuer(issuer, (await importJWK(privateJwk, ALGORITHM)) as KeyLike, publicJwk);
  }

  async issue(user: AuthenticatedUser, audience: string, lifetimeSeconds = 3600): Promise<string> {
    return new SignJWT({
      name: user.name,
      roles: user.roles,
      org: user.organisation,
      sector: user.sector,
      ...(user.coordinates ? { coordinates: user.coordinates } : {}),
    })
      .setProtectedHeader({ alg: ALGORITHM, kid: this.publicJwk.kid })
      .setIssuer(this.issuer)
      .setAudience(audience)
      .setSubject(user.id)
      .setIssuedAt()
      .setExpirationTime(`${lifetimeSeconds}s`)
      .sign(this.privateKey);
  }

  /**
   * The OpenID Connect ID token of a sign-in: who signed in, for the client (its audience), echoing the client's
   * nonce; with the claims a console shows (name, roles, organisation, sector). Same key and lifetime as the access token.
   */
  async issueIdToken(user: AuthenticatedUser, clientId: string, nonce: string | undefined, lifetimeSeconds: number): Promise<string> {
    return new SignJWT({
      name: user.name,
      roles: user.roles,
      organisation: user.organisation,
      ...(user.sector ? { sector: user.sector } : {}),
      ...(nonce ? { nonce } : {}),
    })
      .setProtectedHeader({ alg: ALGORITHM, kid: this.publicJwk.kid, typ: 'JWT' })
      .setIssuer(this.issuer)
      .setAudience(clientId)
      .setSubject(user.id)
      .setIssuedAt()
      .setExpirationTime(`${lifetimeSeconds}s`)
      .sign(this.privateKey);
  }
}
