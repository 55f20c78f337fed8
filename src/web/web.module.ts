/**
 * Serves the dashboard from the `web/` folder: the page at `/`, its scripts and styles under
 * `/assets/`, and Chart.js from node_modules at `/vendor/`, so it needs no CDN and no
 * separate server. A fixed, short list of routes (not a catch-all at `/`), so unknown paths
 * and everything under /api keep the API's own answers, and the route list stays stable.
 */
import fastifyStatic from '@fastify/static';
import { Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { join } from 'node:path';
import { ASSETS_FOLDER, CHART_JS_FILE, chartJsFolder, findWebRoot } from './web-assets';
import { UsersController } from '../auth/users.controller';
import { CommandGatewayModule } from '../http/command-gateway.module';
import { MeController } from './me.controller';
import { PeopleController } from './people.controller';
import { SignInController } from './sign-in.controller';

@Module({
  imports: [CommandGatewayModule],
  controllers: [MeController, PeopleController, SignInController, UsersController],
})
export class WebModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    const webRoot = findWebRoot();
    // Registered, not awaited: Fastify loads plugins in order when the app gets ready.
    // `GET /` and `GET /index.html`: the only files at the top of web/.
    void fastify.register(fastifyStatic, {
      root: webRoot,
      prefix: '/',
      wildcard: false,
      index: 'index.html',
      globIgnore: [`${ASSETS_FOLDER}/**`],
    });
    // `GET /assets/*`: one route, so adding a script needs no restart and no new route.
    void fastify.register(fastifyStatic, {
      root: join(webRoot, ASSETS_FOLDER),
      prefix: `/${ASSETS_FOLDER}/`,
      decorateReply: false,
    });
    // `GET /vendor/chart.umd.min.js`: only the one build the page loads, not the whole package.
    void fastify.register(fastifyStatic, {
      root: chartJsFolder(),
      prefix: '/vendor/',
      wildcard: false,
      globIgnore: [`**/!(${CHART_JS_FILE})`],
      decorateReply: false,
    });
  }
}
