import { Injectable } from '@nestjs/common';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AuthenticatedUser } from '@perheverkko/http';

/** What a sign-in at the demo issuer was for: the code is redeemed only by the same client, redirect and PKCE verifier. */
export interface AuthorizationGrant {
  clientId: string;
  redirectUri: string;
  /** base64url(SHA-256(code_verifier)), RFC 7636 S256. */
  codeChallenge: string;
  nonce?: string;
  scope: string;
  user: AuthenticatedUser;
}

/** Codes waiting at once; far more than a demo has, so a flood of sign-ins cannot grow the process without bound. */
const MAX_PENDING = 10_000;

/**
 * The demo issuer's authorization codes (RFC 6749 §4.1): 256 random bits, single use, short-lived, bound to the
 * sign-in they came from. Kept in this process's memory: the demo issuer is one process, and a code lost to a
 * restart only means signing in again.
 */
@Injectable()
export class AuthorizationCodes {
  /** How long a code may wait for its token request. RFC 6749 recommends at most 10 minutes; a browser needs seconds. */
  lifetimeMs = 60_000;
  /** The time, replaceable so that a spec can let a code expire without waiting. */
  clock: () => number = Date.now;
  private readonly pending = new Map<string, { grant: AuthorizationGrant; expiresAt: number }>();

  issue(grant: AuthorizationGrant): string {
    this.forgetExpired();
    // Oldest first (a Map keeps insertion order): only reached under a flood.
    for (const code of this.pending.keys()) {
      if (this.pending.size < MAX_PENDING) break;
      this.pending.delete(code);
    }
    const code = randomBytes(32).toString('base64url');
    this.pending.set(code, { grant, expiresAt: this.clock() + this.lifetimeMs });
    return code;
  }

  /** The grant behind a code, once: a code is spent by its first use, whether that use succeeds or not (RFC 6749 §4.1.2). */
  redeem(code: string): AuthorizationGrant | undefined {
    const entry = this.pending.get(code);
    this.pending.delete(code);
    if (!entry || entry.expiresAt <= this.clock()) return undefined;
    return entry.grant;
  }

  private forgetExpired(): void {
    const now = this.clock();
    for (const [code, { expiresAt }] of this.pending) if (expiresAt <= now) this.pending.delete(code);
  }
}

/** RFC 7636 §4.1: 43 to 128 characters of the unreserved set. */
export const CODE_VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;
/** An S256 challenge is the base64url of a SHA-256 digest: 43 characters, no padding. */
export const S256_CODE_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

/** RFC 7636 §4.6: the verifier's SHA-256, base64url-encoded, equals the challenge the sign-in was bound to. */
export function verifierMatches(codeVerifier: string, codeChallenge: string): boolean {
  const computed = Buffer.from(createHash('sha256').update(codeVerifier, 'ascii').digest('base64url'));
  const expected = Buffer.from(codeChallenge);
  return computed.length === expected.length && timingSafeEqual(computed, expected);
}
