import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { join } from 'node:path';
import { createLocalJWKSet, createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { PlatformConfig } from '@perheverkko/runtime';
import { type AuthenticatedUser, isRole } from '@perheverkko/http';
import { LocalIssuer } from './local-issuer';
import { messageOf } from '@perheverkko/decider';

export class InvalidTokenError extends Error {}

/** How far the issuer's clock may be ahead of or behind this process's (for exp, nbf and iat). */
const CLOCK_SKEW_SECONDS = 60;

/** Verifies bearer tokens against the configured issuer's keys, or the demo issuer's when none is configured. */
@Injectable()
export class TokenVerifier implements OnModuleInit {
  private keys?: Promise<{ issuer: string; getKey: JWTVerifyGetKey }>;
  private localIssuer?: Promise<LocalIssuer>;

  constructor(private readonly config: PlatformConfig) {}

  onModuleInit(): void {
    const shared = this.config.sharedServerSettings;
    if (!this.config.servesDemoIssuer || shared.length === 0) return;
    // Only reachable with DEMO_ISSUER=enabled: the configuration refuses it otherwise.
    new Logger('DemoIssuer').warn(
      `\n${'!'.repeat(100)}\n!! DEMO_ISSUER=enabled with ${shared.join(' and ')}: this process runs the built-in demo issuer at ${this.config.publicUrl}.\n` +
        `!! Anyone who can reach it can sign in as the README's demo users, an administrator (pekka/demo-pekka) and an auditor among them.\n` +
        `!! For demos and tests only: never with real families' data. Set OIDC_ISSUER to the county's identity provider.\n${'!'.repeat(100)}`,
    );
  }

  /** The built-in demo issuer, when this process is its own issuer (no OIDC_ISSUER, or OIDC_ISSUER naming it) and it is enabled. */
  demoIssuer(): Promise<LocalIssuer> | undefined {
    // OIDC_ISSUER naming this very process makes it the demo issuer for its peers (docker-compose does this).
    if (!this.config.servesDemoIssuer || !this.config.demoIssuerEnabled) return undefined;
    this.localIssuer ??= LocalIssuer.open(join(this.config.DATA_DIR, 'demo-issuer-key.json'), this.config.publicUrl);
    return this.localIssuer;
  }

  async verify(token: string): Promise<AuthenticatedUser> {
    const { issuer, getKey } = await this.resolveKeys();
    let payload: Record<string, unknown>;
    try {
      // jose checks exp (when present), nbf and the type of iat; how long a token lives is checked below.
      ({ payload } = await jwtVerify(token, getKey, { issuer, audience: this.config.OIDC_AUDIENCE, clockTolerance: CLOCK_SKEW_SECONDS }));
    } catch (error) {
      throw new InvalidTokenError(`the bearer token is not valid: ${messageOf(error)}`);
    }
    this.checkLifetime(payload);
    const roles = Array.isArray(payload.roles) ? payload.roles.filter(isRole) : [];
    if (typeof payload.sub !== 'string' || roles.length === 0) {
      throw new InvalidTokenError(
        'the token names no subject or no known role (professional, coordinator, auditor, analyst, administrator)',
      );
    }
    return {
      id: payload.sub,
      name: typeof payload.name === 'string' ? payload.name : payload.sub,
      roles,
      organisation: typeof payload.org === 'string' ? payload.org : 'unknown',
      sector: typeof payload.sector === 'string' ? payload.sector : undefined,
      // Coordinators answer for the organisations the identity provider lists (claim `coordinates`), else their own.
      ...(Array.isArray(payload.coordinates)
        ? { coordinates: payload.coordinates.filter((o): o is string => typeof o === 'string').slice(0, 50) }
        : {}),
    };
  }

  /** A token must expire, within TOKEN_MAX_LIFETIME_MINUTES of its issue, and must not be issued in the future. */
  private checkLifetime(payload: Record<string, unknown>): void {
    const now = Math.floor(Date.now() / 1000);
    const maxMinutes = this.config.TOKEN_MAX_LIFETIME_MINUTES;
    if (typeof payload.exp !== 'number') {
      throw new InvalidTokenError(
        `the bearer token is not valid: it has no expiry ("exp"); tokens must expire within ${maxMinutes} minutes (TOKEN_MAX_LIFETIME_MINUTES)`,
      );
    }
    const iat = typeof payload.iat === 'number' ? payload.iat : undefined;
    if (iat !== undefined && iat > now + CLOCK_SKEW_SECONDS) {
      throw new InvalidTokenError(
        `the bearer token is not valid: it is issued in the future ("iat" ${iat - now} s ahead of this server's clock; ${CLOCK_SKEW_SECONDS} s of skew are allowed)`,
      );
    }
    const lifetimeSeconds = payload.exp - (iat ?? now);
    if (lifetimeSeconds > maxMinutes * 60 + CLOCK_SKEW_SECONDS) {
      throw new InvalidTokenError(
        `the bearer token is not valid: it is valid for ${Math.round(lifetimeSeconds / 60)} minutes ("exp" − ${iat === undefined ? 'now' : '"iat"'}), longer than the ${maxMinutes} minutes TOKEN_MAX_LIFETIME_MINUTES allows`,
      );
    }
  }

  private resolveKeys() {
    this.keys ??= (async () => {
      const demo = this.demoIssuer();
      if (demo) {
        const issuer = await demo;
        return { issuer: issuer.issuer, getKey: createLocalJWKSet({ keys: [issuer.publicJwk] }) };
      }
      const issuer = (this.config.OIDC_ISSUER ?? '').replace(/\/$/, '');
      const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as {
        jwks_uri?: string;
        issuer?: string;
      };
      if (!discovery.jwks_uri) throw new Error(`${issuer} publishes no jwks_uri in its discovery document`);
      return { issuer: discovery.issuer ?? issuer, getKey: createRemoteJWKSet(new URL(discovery.jwks_uri)) };
    })();
    // A failed discovery is retried on the next request rather than cached for ever.
    this.keys.catch(() => (this.keys = undefined));
    return this.keys;
  }
}
