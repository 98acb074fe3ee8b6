import { Body, Controller, Get, HttpCode, NotFoundException, Post, Req, Res, UnauthorizedException } from '@nestjs/common';
import {
  ApiOperation,
  ApiBadRequestResponse,
  ApiBody,
  ApiExcludeEndpoint,
  ApiOkResponse,
  ApiProperty,
  ApiTags,
  ApiUnauthorizedResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { IsString, Length } from 'class-validator';
import { PlatformConfig, withLoopbackAliases } from '@perheverkko/runtime';
import { type AuthenticatedUser, ApiJsonAnswer, ProblemSchema, Public, S, createValidationPipe, namedSchema } from '@perheverkko/http';
import { AuthorizationCodes, CODE_VERIFIER, verifierMatches } from './authorization-codes';
import { SUPPORTED_SCOPES, checkAuthorizationRequest, redirectWith, type AuthorizationRequest } from './authorization-request';
import { DEMO_USERS } from './demo-users';
import { DEMO_SERVICE_CLIENTS, authenticateClient, clientCredentialsOf, demoServiceClientsFrom } from './demo-service-clients';
import { refusalPage, signInPage, signInPagePolicy, signedOutPage } from './sign-in-page';
import { TokenVerifier } from './token-verifier';

class DemoTokenRequest {
  @ApiProperty({ example: 'terhi', description: 'a demo user (see README)' })
  @IsString()
  @Length(1, 100)
  username!: string;

  @ApiProperty({ example: 'demo-terhi' })
  @IsString()
  @Length(1, 200)
  password!: string;
}

const DISCOVERY = namedSchema(
  'OpenIdConfiguration',
  S.object(
    {
      issuer: S.string({ format: 'uri' }),
      authorization_endpoint: S.string(),
      token_endpoint: S.string(),
      jwks_uri: S.string(),
      end_session_endpoint: S.string(),
      response_types_supported: S.array(S.string()),
      grant_types_supported: S.array(S.string()),
      code_challenge_methods_supported: S.array(S.string()),
      token_endpoint_auth_methods_supported: S.array(S.string()),
      scopes_supported: S.array(S.string()),
      subject_types_supported: S.array(S.string()),
      id_token_signing_alg_values_supported: S.array(S.string()),
      claims_supported: S.array(S.string()),
    },
    ['issuer', 'token_endpoint', 'jwks_uri'],
  ),
);

const JWKS = namedSchema(
  'JsonWebKeySet',
  S.object(
    {
      keys: S.array(
        S.object({ kty: S.string({ example: 'EC' }), kid: S.string(), crv: S.string(), x: S.string(), y: S.string() }, ['kty']),
      ),
    },
    ['keys'],
  ),
);

const TOKEN = namedSchema(
  'TokenResponse',
  S.object(
    {
      access_token: S.string(),
      id_token: S.string({ description: 'After a sign-in (authorization code)' }),
      token_type: S.string({ example: 'Bearer' }),
      expires_in: S.integer({ example: 3600 }),
      scope: S.string(),
    },
    ['access_token', 'token_type', 'expires_in'],
  ),
);

/** A refused token request in /openapi.json. */
const OAUTH_ERROR = {
  type: 'object',
  required: ['error'],
  properties: { error: { type: 'string', example: 'invalid_grant' }, error_description: { type: 'string' } },
};

/** RFC 6749 §5.2: a refused token request, as OAuth clients read it. */
class TokenError extends Error {
  constructor(
    readonly error: 'invalid_request' | 'invalid_grant' | 'unsupported_grant_type' | 'invalid_client',
    readonly description: string,
  ) {
    super(description);
  }
}

const findUser = (username: unknown, password: unknown) => DEMO_USERS.find((u) => u.username === username && u.password === password);

/**
 * The demo OpenID Connect issuer of the zero-install default: discovery, keys, a sign-in page (authorization code
 * with PKCE, for the web console) and tokens for the demo users. Answers 404 when OIDC_ISSUER names a real issuer.
 * With DATABASE_URL or KAFKA_BROKERS it runs only with DEMO_ISSUER=enabled.
 */
@ApiTags('demo issuer')
@Public()
@Controller()
export class DemoIssuerController {
  /** Confidential clients signing in with client credentials (the CLI, Jobs); a wrong setting stops the start-up. */
  private readonly serviceClients = demoServiceClientsFrom(process.env[DEMO_SERVICE_CLIENTS]);

  constructor(
    private readonly verifier: TokenVerifier,
    private readonly config: PlatformConfig,
    private readonly codes: AuthorizationCodes,
  ) {}

  private issuer() {
    const issuer = this.verifier.demoIssuer();
    if (!issuer) throw new NotFoundException('This deployment uses the identity provider at OIDC_ISSUER; the demo issuer is off');
    return issuer;
  }

  /** One hour, or less when TOKEN_MAX_LIFETIME_MINUTES is shorter (the verifier would refuse a longer one). */
  private lifetime(): number {
    return Math.min(3600, this.config.TOKEN_MAX_LIFETIME_MINUTES * 60);
  }

  @Get('.well-known/openid-configuration')
  @ApiJsonAnswer(DISCOVERY, 'The discovery document')
  @ApiOperation({ summary: "The demo issuer's OpenID Connect discovery document" })
  async discovery() {
    const { issuer } = await this.issuer();
    return {
      issuer,
      authorization_endpoint: `${issuer}/oidc/authorize`,
      token_endpoint: `${issuer}/oidc/token`,
      jwks_uri: `${issuer}/oidc/jwks`,
      end_session_endpoint: `${issuer}/oidc/logout`,
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code', ...(this.serviceClients.length > 0 ? ['client_credentials'] : [])],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: [
        'none',
        ...(this.serviceClients.length > 0 ? ['client_secret_basic', 'client_secret_post'] : []),
      ],
      scopes_supported: [...SUPPORTED_SCOPES],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['ES256'],
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nonce', 'name', 'roles', 'organisation', 'sector'],
    };
  }

  @Get('oidc/jwks')
  @ApiJsonAnswer(JWKS, 'The public keys tokens are signed with')
  @ApiOperation({ summary: "The demo issuer's signing keys (JWKS)" })
  async jwks() {
    return { keys: [(await this.issuer()).publicJwk] };
  }

  /**
   * Where a redirect may send a code or a signed-out browser: this process's own origin (PUBLIC_URL, and the host the
   * browser asked for only when that is a loopback name), each under its loopback aliases, and CONSOLE_ORIGINS. A
   * Host header naming anything else is never believed: a page of another name resolving here (DNS rebinding) would
   * otherwise have codes sent to itself.
   */
  private allowedOrigin(request: Request): (origin: string) => boolean {
    const asked = `${request.protocol}://${request.get('host') ?? 'localhost'}`;
    const loopbackAsked = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(asked) ? [asked] : [];
    const own = [this.config.publicUrl, ...loopbackAsked].flatMap((url) => {
      try {
        return withLoopbackAliases(new URL(url).origin);
      } catch {
        return [];
      }
    });
    const allowed = new Set([...own, ...this.config.consoleOrigins]);
    return (origin) => allowed.has(origin);
  }

  @Get('oidc/authorize')
  @ApiExcludeEndpoint()
  async authorize(@Req() request: Request, @Res() response: Response) {
    await this.issuer();
    // The query as parsed (a repeated or nested parameter is refused by the check, never picked from).
    const check = checkAuthorizationRequest(request.query, this.allowedOrigin(request));
    if (check.outcome === 'refuse') return this.page(response, 400, refusalPage(check.reason));
    if (check.outcome === 'redirect-error') {
      const { redirectUri, error, description, state } = check;
      return response.redirect(303, redirectWith(redirectUri, { error, error_description: description, state }));
    }
    return this.page(response, 200, signInPage(check.request), new URL(check.request.redirectUri).origin);
  }

  @Post('oidc/authorize')
  @ApiExcludeEndpoint()
  async signIn(@Body() form: Record<string, unknown>, @Req() request: Request, @Res() response: Response) {
    await this.issuer();
    const check = checkAuthorizationRequest(form, this.allowedOrigin(request));
    if (check.outcome === 'refuse') return this.page(response, 400, refusalPage(check.reason));
    if (check.outcome === 'redirect-error') {
      const { redirectUri, error, description, state } = check;
      return response.redirect(303, redirectWith(redirectUri, { error, error_description: description, state }));
    }
    const user = findUser(form.username, form.password);
    const redirectOrigin = new URL(check.request.redirectUri).origin;
    if (!user) {
      const username = typeof form.username === 'string' ? form.username.slice(0, 100) : '';
      const page = signInPage(check.request, username, 'Unknown demo user or wrong password. The demo users are listed below.');
      return this.page(response, 401, page, redirectOrigin);
    }
    const code = this.codes.issue({ ...grantOf(check.request), user });
    // 303: the browser follows with a GET, never re-posting the password to the client.
    return response.redirect(303, redirectWith(check.request.redirectUri, { code, state: check.request.state }));
  }

  /** OpenID Connect RP-initiated logout: the demo issuer keeps no session, so it only sends the browser back. */
  @Get('oidc/logout')
  @ApiExcludeEndpoint()
  async logout(@Req() request: Request, @Res() response: Response) {
    await this.issuer();
    const query = request.query;
    const target = query.post_logout_redirect_uri;
    const state = typeof query.state === 'string' ? query.state.slice(0, 1024) : undefined;
    let url: URL | undefined;
    try {
      url = typeof target === 'string' ? new URL(target) : undefined;
    } catch {
      url = undefined;
    }
    if (url && (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && this.allowedOrigin(request)(url.origin)) {
      return response.redirect(303, redirectWith(url.toString(), { state }));
    }
    // Never a redirect to an address that is not ours or a listed console's (no open redirect).
    return this.page(response, target === undefined ? 200 : 400, signedOutPage(target !== undefined));
  }

  @Post('oidc/token')
  @ApiJsonAnswer(TOKEN)
  @ApiOperation({ summary: 'A token from the demo issuer' })
  @HttpCode(200)
  @ApiBody({
    description:
      'Either JSON `{ username, password }` (a demo shortcut for scripts and tests), or the OAuth form ' +
      '`grant_type=authorization_code&code&redirect_uri&client_id&code_verifier` (application/x-www-form-urlencoded) after a sign-in at /oidc/authorize, ' +
      'or `grant_type=client_credentials` for a service client of DEMO_SERVICE_CLIENTS (HTTP Basic, or `client_id` and `client_secret` in the form).',
    schema: {
      oneOf: [
        {
          type: 'object',
          required: ['username', 'password'],
          properties: { username: { type: 'string', example: 'terhi' }, password: { type: 'string', example: 'demo-terhi' } },
        },
        {
          type: 'object',
          required: ['grant_type', 'code', 'redirect_uri', 'client_id', 'code_verifier'],
          properties: Object.fromEntries(
            ['grant_type', 'code', 'redirect_uri', 'client_id', 'code_verifier'].map((name) => [name, { type: 'string' }]),
          ),
        },
      ],
    },
  })
  @ApiOkResponse({
    description:
      'A bearer token for the demo user, valid for one hour (or TOKEN_MAX_LIFETIME_MINUTES when shorter); after a sign-in also an ID token for the console.',
  })
  @ApiBadRequestResponse({
    description:
      'An OAuth error (RFC 6749 §5.2): `{ error, error_description }`, e.g. invalid_grant for a spent, expired or mismatched code.',
    content: { 'application/json': { schema: OAUTH_ERROR } },
  })
  @ApiUnauthorizedResponse({
    description: 'Unknown demo user or wrong password (a problem); a wrong service client or secret (an OAuth error, invalid_client).',
    content: {
      'application/problem+json': { schema: { $ref: getSchemaPath(ProblemSchema) } },
      'application/json': { schema: OAUTH_ERROR },
    },
  })
  async token(@Body() body: Record<string, unknown>, @Res({ passthrough: true }) response: Response, @Req() request: Request) {
    const issuer = await this.issuer();
    // Tokens are never cached by a browser or a proxy (RFC 6749 §5.1).
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('Pragma', 'no-cache');
    if (body.grant_type === undefined) return this.passwordShortcut(body);
    if (body.grant_type === 'client_credentials') return this.clientCredentials(body, request, response);
    try {
      const grant = this.redeem(body);
      const lifetime = this.lifetime();
      return {
        access_token: await issuer.issue(grant.user, this.config.OIDC_AUDIENCE, lifetime),
        id_token: await issuer.issueIdToken(grant.user, grant.clientId, grant.nonce, lifetime),
        token_type: 'Bearer',
        expires_in: lifetime,
        scope: grant.scope,
      };
    } catch (error) {
      if (!(error instanceof TokenError)) throw error;
      response.status(400);
      return { error: error.error, error_description: error.description };
    }
  }

  /**
   * RFC 6749 §4.4: a configured service client (DEMO_SERVICE_CLIENTS) signs in with its secret and gets a token as
   * its demo user's roles, its own id as the subject. A wrong client or secret is 401 invalid_client (§5.2).
   */
  private async clientCredentials(body: Record<string, unknown>, request: Request, response: Response) {
    const credentials = clientCredentialsOf(request.get('authorization'), body);
    const refuse = (status: number, error: TokenError['error'], description: string) => {
      response.status(status);
      if (status === 401 && request.get('authorization')) response.setHeader('WWW-Authenticate', 'Basic realm="perheverkko demo issuer"');
      return { error, error_description: description };
    };
    if (!credentials) return refuse(401, 'invalid_client', 'client authentication is required: client_secret_basic or client_secret_post');
    if ('problem' in credentials) return refuse(400, 'invalid_request', credentials.problem);
    const client = authenticateClient(this.serviceClients, credentials.clientId, credentials.secret);
    if (!client) return refuse(401, 'invalid_client', 'unknown client or wrong secret (service clients are set in DEMO_SERVICE_CLIENTS)');
    const lifetime = this.lifetime();
    return {
      access_token: await (await this.issuer()).issue(client.user, this.config.OIDC_AUDIENCE, lifetime),
      token_type: 'Bearer',
      expires_in: lifetime,
    };
  }

  /** The JSON shortcut scripts, tests and the CLI use: a demo user's name and password for an access token. */
  private async passwordShortcut(body: Record<string, unknown>) {
    // The same checks (and 400s) as a body declared as DemoTokenRequest: unknown fields, types, lengths.
    await createValidationPipe().transform(body, { type: 'body', metatype: DemoTokenRequest });
    const user = findUser(body.username, body.password);
    if (!user) throw new UnauthorizedException('Unknown demo user or wrong password; the demo users are listed in the README');
    const lifetime = this.lifetime();
    return {
      access_token: await (await this.issuer()).issue(user, this.config.OIDC_AUDIENCE, lifetime),
      token_type: 'Bearer',
      expires_in: lifetime,
    };
  }

  /** RFC 6749 §4.1.3 and RFC 7636 §4.6: the code is spent first, so a replay fails even when this request is wrong. */
  private redeem(body: Record<string, unknown>): { user: AuthenticatedUser; clientId: string; nonce?: string; scope: string } {
    const text = (name: string) => {
      const value = body[name];
      if (typeof value !== 'string' || value === '') throw new TokenError('invalid_request', `${name} is required (one value)`);
      return value;
    };
    if (body.grant_type !== 'authorization_code') {
      throw new TokenError(
        'unsupported_grant_type',
        'only grant_type=authorization_code or client_credentials is supported (or JSON { username, password })',
      );
    }
    const code = text('code');
    const redirectUri = text('redirect_uri');
    const clientId = text('client_id');
    const codeVerifier = text('code_verifier');
    const grant = this.codes.redeem(code);
    if (!grant) throw new TokenError('invalid_grant', 'the code is unknown, already used or expired');
    if (grant.clientId !== clientId) throw new TokenError('invalid_grant', 'the code was issued to another client');
    if (grant.redirectUri !== redirectUri)
      throw new TokenError('invalid_grant', 'redirect_uri differs from the one the code was issued for');
    if (!CODE_VERIFIER.test(codeVerifier))
      throw new TokenError('invalid_grant', 'code_verifier must be 43 to 128 unreserved characters (RFC 7636)');
    if (!verifierMatches(codeVerifier, grant.codeChallenge))
      throw new TokenError('invalid_grant', 'code_verifier does not match the code challenge');
    return grant;
  }

  private page(response: Response, status: number, html: string, redirectOrigin?: string): void {
    response
      .status(status)
      .setHeader('Content-Security-Policy', signInPagePolicy(redirectOrigin))
      .setHeader('Cache-Control', 'no-store')
      .type('html')
      .send(html);
  }
}

function grantOf(request: AuthorizationRequest) {
  return {
    clientId: request.clientId,
    redirectUri: request.redirectUri,
    codeChallenge: request.codeChallenge,
    nonce: request.nonce,
    scope: request.scope,
  };
}
