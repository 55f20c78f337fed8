/**
 * The Nest wiring of authentication: the token store, the user register and service, the
 * configured authenticator, the rate limits and the global roles guard. LedgerModule lists
 * these providers, so every feature module can inject them.
 */
import {
  Inject,
  Injectable,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  Provider,
} from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { Logger } from 'pino';
import { AppConfig } from '../config/config';
import { EventStore } from '../event-store/event-store';
import { APP_CONFIG, Clock, CLOCK, EVENT_STORE, LOGGER } from '../infra/tokens';
import { CommandHandler } from '../shared/command-handler';
import { ActorGuard } from './actor.guard';
import { AUTHENTICATOR, Authenticator } from './authenticator';
import { OidcAuthenticator } from './oidc.authenticator';
import { OidcUserAuthenticator } from './oidc-user.authenticator';
import { RequestLimits } from './rate-limiter';
import { TokenAuthenticator } from './token.authenticator';
import { TokenStore } from './token-store';
import { UserDirectory } from './user-directory';
import { UserService } from './user.service';

/** How to get a first user, for the log of a service nobody can use yet. */
export const FIRST_USER_HINT =
  'No active API tokens: nobody can use the API yet. Create a user and a token with ' +
  '`npm run ledger -- users add <userId> --role <finance|project-lead|auditor|admin> --name "<name>"` ' +
  'and `npm run ledger -- tokens create <userId>`, with the same LEDGER_SQLITE_PATH as the service.';

const createAuthenticator = (
  config: AppConfig,
  tokenStore: TokenStore,
  directory: UserDirectory,
  logger: Logger,
): Authenticator => {
  if (config.auth === 'tokens') return new TokenAuthenticator(tokenStore, directory);
  if (!config.oidc) throw new Error('LEDGER_AUTH=oidc without OIDC settings');
  const tokens = new OidcAuthenticator(config.oidc, (error) =>
    logger.warn({ err: error }, 'OIDC keys could not be fetched'),
  );
  return new OidcUserAuthenticator(tokens, directory, config.oidc.roleSource);
};

@Injectable()
class AuthLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly tokens: TokenStore,
  ) {}

  onApplicationBootstrap(): void {
    this.logger.info(
      { auth: this.config.auth },
      `API authentication: ${this.config.auth === 'tokens' ? 'ledger bearer tokens' : `OIDC JWTs from ${this.config.oidc?.issuer}`}`,
    );
    if (this.config.auth === 'tokens' && this.tokens.activeCount() === 0)
      this.logger.warn(FIRST_USER_HINT);
  }

  onApplicationShutdown(): void {
    this.tokens.close();
  }
}

export const authProviders = (): Provider[] => [
  {
    provide: TokenStore,
    useFactory: (config: AppConfig) => TokenStore.open(config.tokensPath),
    inject: [APP_CONFIG],
  },
  {
    provide: UserDirectory,
    useFactory: (store: EventStore) => new UserDirectory(store),
    inject: [EVENT_STORE],
  },
  {
    provide: UserService,
    useFactory: (
      tokens: TokenStore,
      handler: CommandHandler,
      directory: UserDirectory,
      clock: Clock,
    ) => new UserService(tokens, handler, directory, clock),
    inject: [TokenStore, CommandHandler, UserDirectory, CLOCK],
  },
  {
    provide: AUTHENTICATOR,
    useFactory: createAuthenticator,
    inject: [APP_CONFIG, TokenStore, UserDirectory, LOGGER],
  },
  {
    provide: RequestLimits,
    useFactory: (config: AppConfig) => new RequestLimits(config.rateLimit, config.authFailureLimit),
    inject: [APP_CONFIG],
  },
  { provide: APP_GUARD, useClass: ActorGuard },
  AuthLifecycle,
];

/** What other modules (and the test helper) may inject. */
export const AUTH_EXPORTS = [TokenStore, UserDirectory, UserService, AUTHENTICATOR, RequestLimits];
