/**
 * How the dashboard signs people in, outside /api and deliberately without a bearer token:
 * before sign-in the page has none. `GET /auth/config` tells the page which sign-in to show
 * (`oidc`: the organisation's identity provider; `token`: a pasted ledger token, the
 * development option when the service runs on ledger tokens; `unavailable`: OIDC for the API
 * only). It reveals nothing a visitor could not learn from the provider's own discovery
 * document. `POST /auth/token` trades an authorization code and its PKCE verifier for
 * tokens at the provider; the answer goes to the page, which keeps it in memory only.
 */
import { Body, Controller, Get, Header, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';
import { Rules } from '../http/validation';
import type { FastifyRequest } from 'fastify';
import { TokenBucketLimiter } from '../auth/rate-limiter';
import { AppConfig } from '../config/config';
import { problem, ProblemException } from '../shared/problem';
import { APP_CONFIG } from '../infra/tokens';
import { OidcProviderClient, SignInTokens } from './oidc-provider-client';
import { ApiProblems } from '../http/dto/answers.dto';
import { SignInModeDto, SignInTokensDto } from './dto/web-answers.dto';

/** Authorization codes are opaque and short; a few kB is far beyond any provider's. */
export const MAX_AUTHORIZATION_CODE_LENGTH = 4_096;
/** RFC 7636 § 4.1: 43 to 128 unreserved characters. */
export const CODE_VERIFIER_PATTERN = /^[A-Za-z0-9\-._~]{43,128}$/;
/**
 * Per client address: a person signs in a few times a day; a burst of 10 and one more every
 * 5 s keeps the service from being used to hammer the identity provider.
 */
export const SIGN_IN_RATE_LIMIT = { burst: 10, perSecond: 0.2 };

export const SIGN_IN_PATHS = { config: '/auth/config', token: '/auth/token' } as const;

export class CodeExchangeDto {
  @ApiProperty({ description: 'The authorization code the provider sent the browser back with' })
  @Rules(
    IsString(),
    MaxLength(MAX_AUTHORIZATION_CODE_LENGTH),
    Matches(/^[\x21-\x7e]+$/, { message: 'must be printable characters without spaces' }),
  )
  code!: string;

  @ApiProperty({ description: 'The PKCE code verifier (RFC 7636) the page made for this sign-in' })
  @Rules(
    IsString(),
    Matches(CODE_VERIFIER_PATTERN, { message: 'must be 43 to 128 unreserved characters' }),
  )
  codeVerifier!: string;
}

export type SignInMode =
  | { readonly mode: 'token' }
  | { readonly mode: 'unavailable' }
  | {
      readonly mode: 'oidc';
      readonly issuer: string;
      readonly clientId: string;
      readonly redirectUri: string;
      readonly scope: string;
      readonly authorizationEndpoint: string;
      readonly endSessionEndpoint: string | null;
    };

@ApiTags('auth')
@ApiProblems()
@Controller('auth')
export class SignInController {
  private readonly provider: OidcProviderClient | undefined;
  private readonly limiter = new TokenBucketLimiter('sign-in', SIGN_IN_RATE_LIMIT);

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const oidc = config.oidc;
    this.provider = oidc?.signIn ? new OidcProviderClient(oidc, oidc.signIn) : undefined;
  }

  @Get('config')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: "The dashboard's sign-in: which kind, and the provider's endpoints" })
  @ApiOkResponse({
    type: SignInModeDto,
    description: '{ mode: "oidc" | "token" | "unavailable", … }',
  })
  async signInMode(): Promise<SignInMode> {
    if (this.config.auth === 'tokens') return { mode: 'token' };
    if (!this.provider || !this.config.oidc) return { mode: 'unavailable' };
    const endpoints = await this.provider.endpoints();
    const { clientId, redirectUri, scope } = this.provider.signIn;
    return {
      mode: 'oidc',
      issuer: this.config.oidc.issuer,
      clientId,
      redirectUri,
      scope,
      authorizationEndpoint: endpoints.authorizationEndpoint,
      endSessionEndpoint: endpoints.endSessionEndpoint ?? null,
    };
  }

  @Post('token')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Trades an authorization code (with its PKCE verifier) for tokens' })
  @ApiOkResponse({ type: SignInTokensDto, description: '{ accessToken, idToken, expiresIn }' })
  async exchange(
    @Body() body: CodeExchangeDto,
    @Req() request: FastifyRequest,
  ): Promise<SignInTokens> {
    if (!this.provider)
      throw new ProblemException(
        problem(404, 'SIGN_IN_NOT_CONFIGURED', 'This service has no OIDC sign-in configured.'),
      );
    const rate = this.limiter.take(request.ip);
    if (!rate.allowed)
      throw new ProblemException(
        problem(429, 'RATE_LIMITED', `Too many sign-ins; retry in ${rate.retryAfterSeconds} s.`, {
          retryAfterSeconds: rate.retryAfterSeconds,
        }),
      );
    return this.provider.exchange(body.code, body.codeVerifier);
  }
}
