import { Injectable } from '@nestjs/common';
import { join } from 'node:path';
import { createLocalJWKSet, createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { PlatformConfig } from '../config/platform-config';
import { isRole, type AuthenticatedUser } from './authenticated-user';
import { LocalIssuer } from './local-issuer';

export class InvalidTokenError extends Error {}

/** Verifies bearer tokens against the configured issuer's keys, or the demo issuer's when none is configured. */
@Injectable()
export class TokenVerifier {
  private keys?: Promise<{ issuer: string; getKey: JWTVerifyGetKey }>;
  private localIssuer?: Promise<LocalIssuer>;

  constructor(private readonly config: PlatformConfig) {}

  /** The built-in demo issuer, when this process is its own issuer (no OIDC_ISSUER). */
  demoIssuer(): Promise<LocalIssuer> | undefined {
    // OIDC_ISSUER naming this very process makes it the demo issuer for its peers (docker-compose does this).
    const issuer = this.config.OIDC_ISSUER?.replace(/\/$/, '');
    if (issuer && issuer !== this.config.publicUrl) return undefined;
    this.localIssuer ??= LocalIssuer.open(join(this.config.DATA_DIR, 'demo-issuer-key.json'), this.config.publicUrl);
    return this.localIssuer;
  }

  async verify(token: string): Promise<AuthenticatedUser> {
    const { issuer, getKey } = await this.resolveKeys();
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, getKey, { issuer, audience: this.config.OIDC_AUDIENCE }));
    } catch (error) {
      throw new InvalidTokenError(`the bearer token is not valid: ${(error as Error).message}`);
    }
    const roles = Array.isArray(payload.roles) ? payload.roles.filter(isRole) : [];
    if (typeof payload.sub !== 'string' || roles.length === 0) {
      throw new InvalidTokenError('the token names no subject or no known role (professional, coordinator, auditor, analyst, administrator)');
    }
    return {
      id: payload.sub,
      name: typeof payload.name === 'string' ? payload.name : payload.sub,
      roles,
      organisation: typeof payload.org === 'string' ? payload.org : 'unknown',
      sector: typeof payload.sector === 'string' ? payload.sector : undefined,
      // Coordinators answer for the organisations the identity provider lists (claim `coordinates`), else their own.
      ...(Array.isArray(payload.coordinates) ? { coordinates: payload.coordinates.filter((o): o is string => typeof o === 'string').slice(0, 50) } : {}),
    };
  }

  private resolveKeys() {
    this.keys ??= (async () => {
      const demo = this.demoIssuer();
      if (demo) {
        const issuer = await demo;
        return { issuer: issuer.issuer, getKey: createLocalJWKSet({ keys: [issuer.publicJwk] }) };
      }
      const issuer = (this.config.OIDC_ISSUER ?? '').replace(/\/$/, '');
      const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as { jwks_uri?: string; issuer?: string };
      if (!discovery.jwks_uri) throw new Error(`${issuer} publishes no jwks_uri in its discovery document`);
      return { issuer: discovery.issuer ?? issuer, getKey: createRemoteJWKSet(new URL(discovery.jwks_uri)) };
    })();
    // A failed discovery is retried on the next request rather than cached for ever.
    this.keys.catch(() => (this.keys = undefined));
    return this.keys;
  }
}
