import { Body, Controller, Get, HttpCode, NotFoundException, Post, UnauthorizedException } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { PlatformConfig } from '@perheverkko/runtime';
import { Public } from '@perheverkko/http';
import { DEMO_USERS } from './demo-users';
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

/**
 * The demo OpenID Connect issuer of the zero-install default: discovery, keys, and tokens for the demo users.
 * Answers 404 when OIDC_ISSUER names a real issuer. With DATABASE_URL or KAFKA_BROKERS it runs only with DEMO_ISSUER=enabled.
 */
@ApiTags('demo issuer')
@Public()
@Controller()
export class DemoIssuerController {
  constructor(
    private readonly verifier: TokenVerifier,
    private readonly config: PlatformConfig,
  ) {}

  private issuer() {
    const issuer = this.verifier.demoIssuer();
    if (!issuer) throw new NotFoundException('This deployment uses the identity provider at OIDC_ISSUER; the demo issuer is off');
    return issuer;
  }

  @Get('.well-known/openid-configuration')
  async discovery() {
    const { issuer } = await this.issuer();
    return {
      issuer,
      jwks_uri: `${issuer}/oidc/jwks`,
      token_endpoint: `${issuer}/oidc/token`,
      id_token_signing_alg_values_supported: ['ES256'],
    };
  }

  @Get('oidc/jwks')
  async jwks() {
    return { keys: [(await this.issuer()).publicJwk] };
  }

  @Post('oidc/token')
  @HttpCode(200)
  @ApiOkResponse({ description: 'A bearer token for the demo user, valid for one hour (or TOKEN_MAX_LIFETIME_MINUTES when shorter).' })
  @ApiUnauthorizedResponse({ description: 'Unknown demo user or wrong password.' })
  async token(@Body() request: DemoTokenRequest) {
    const issuer = await this.issuer();
    const user = DEMO_USERS.find((u) => u.username === request.username && u.password === request.password);
    if (!user) throw new UnauthorizedException('Unknown demo user or wrong password; the demo users are listed in the README');
    // One hour, or less when TOKEN_MAX_LIFETIME_MINUTES is shorter (the verifier would refuse a longer one).
    const lifetime = Math.min(3600, this.config.TOKEN_MAX_LIFETIME_MINUTES * 60);
    return { access_token: await issuer.issue(user, this.config.OIDC_AUDIENCE, lifetime), token_type: 'Bearer', expires_in: lifetime };
  }
}
