import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import { createGroupCommitter, type GroupCommitter } from '../db/group-commit.ts';
import { schemaVersion } from '../db/migrate.ts';
import { registerAnalyticsRoutes } from '../domains/analytics/analytics.routes.ts';
import { registerDriverSource } from '../domains/analytics/drivers.service.ts';
import { registerAuthRoutes } from '../domains/auth/auth.routes.ts';
import { registerCaseRoutes } from '../domains/cases/cases.routes.ts';
import { registerActionPlanRoutes } from '../domains/culture/action-plans.routes.ts';
import { registerClimateRoutes } from '../domains/culture/climate.routes.ts';
import { registerInternalServiceRoutes } from '../domains/culture/internal-service.routes.ts';
import { registerCulturePulseRoutes } from '../domains/culture/pulse.routes.ts';
import { registerCustomerRoutes } from '../domains/customers/customers.routes.ts';
import { registerNotificationRoutes } from '../domains/notifications/notifications.routes.ts';
import { registerPeopleRoutes } from '../domains/people/people.routes.ts';
import { registerCoachingRoutes } from '../domains/recognition/coaching.routes.ts';
import { registerPublicWallRoutes } from '../domains/recognition/public-wall.routes.ts';
import { registerRecognitionRoutes } from '../domains/recognition/recognition.routes.ts';
import { registerResponseRoutes } from '../domains/responses/responses.routes.ts';
import { registerLeadershipRoutes } from '../domains/strategy/leadership.routes.ts';
import { registerStrategyRoutes } from '../domains/strategy/strategy.routes.ts';
import { registerDistributionRoutes } from '../domains/surveys/distribution.routes.ts';
import { registerSurveyPageRoutes } from '../domains/surveys/survey-page.routes.ts';
import { registerSurveyRoutes } from '../domains/surveys/surveys.routes.ts';
import { registerUnsubscribeRoutes } from '../domains/surveys/unsubscribe.routes.ts';
import { registerTextRoutes } from '../domains/text/text.routes.ts';
import { themeDriverSource } from '../domains/text/theme-drivers.ts';
import { registerTrainingRoutes } from '../domains/training/training.routes.ts';
import type { Mailer } from '../integrations/email.ts';
import {
  registerInboundWebhookReceiver,
  registerInboundWebhookRoutes,
} from '../integrations/inbound-webhooks.routes.ts';
import { registerOutboundWebhookRoutes } from '../integrations/outbound-webhooks.routes.ts';
import { registerJobRoutes } from '../jobs/jobs.routes.ts';
import { registerAuthentication } from './authentication.ts';
import { registerErrorHandling } from './error-handler.ts';
import { registerInputGuards } from './http.ts';

export interface AppDeps {
  config: Config;
  database: Database;
  mailer: Mailer;
}

export interface AppServices extends AppDeps {
  /** Batches response writes into shared transactions (src/db/group-commit.ts). */
  responseWriter: GroupCommitter;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppServices;
  }
}

export type App = FastifyInstance;
export type TypedApp = ReturnType<FastifyInstance['withTypeProvider']> & FastifyInstance;

const WEB_DIST = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'web');

/** Assembles the HTTP app without listening, so tests drive it through `inject()`. */
export async function buildApp(deps: AppDeps, options: { logger?: boolean } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger === false ? false : { level: deps.config.logLevel },
    bodyLimit: deps.config.bodyLimitBytes,
    trustProxy: deps.config.trustProxy,
    // Generated per request and echoed in 500 replies so an operator can find the log line.
    genReqId: () => crypto.randomUUID(),
  });
  // PGlite has one connection, so one transaction at a time; PostgreSQL takes a few at once, one
  // per organisation (group-commit.ts).
  const responseWriter = createGroupCommitter(deps.database.db, {
    maxConcurrent: deps.database.kind === 'pglite' ? 1 : 4,
  });
  app.decorate('deps', { ...deps, responseWriter });
  // Every queued response is committed (and acknowledged) before the server lets go of the database.
  app.addHook('onClose', () => responseWriter.drain());
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Comment themes are weighed as key drivers beside survey questions.
  registerDriverSource(themeDriverSource());
  registerErrorHandling(app);
  registerInputGuards(app);

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Mantine sets CSS variables through style attributes.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    hsts: deps.config.publicUrl.startsWith('https://'),
  });
  await app.register(fastifyCookie, { secret: deps.config.secretKey });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Serviceloop API',
        version: '1',
        description:
          'The JSON API of Serviceloop, used by its web app and by integrations. Authenticate with a session ' +
          'cookie (web app, plus an X-CSRF-Token header on writes) or `Authorization: Bearer <API key>`.',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'An API key created by an admin' },
          session: { type: 'apiKey', in: 'cookie', name: 'sl_session' },
        },
      },
      security: [{ apiKey: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  registerAuthentication(app);

  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.get(
    '/api/health',
    {
      schema: {
        tags: ['system'],
        security: [],
        response: {
          200: z.object({
            status: z.literal('ok'),
            database: z.enum(['pglite', 'postgres']),
            schemaVersion: z.number(),
          }),
        },
      },
    },
    async () => ({
      status: 'ok' as const,
      database: deps.database.kind,
      schemaVersion: await schemaVersion(deps.database.db),
    }),
  );
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await registerSurveyPageRoutes(app);
  await registerPublicWallRoutes(app);
  await app.register(
    async (api) => {
      registerAuthRoutes(api);
      registerPeopleRoutes(api);
      registerCustomerRoutes(api);
      registerSurveyRoutes(api);
      registerDistributionRoutes(api);
      registerJobRoutes(api);
      registerResponseRoutes(api);
      registerAnalyticsRoutes(api);
      registerInboundWebhookRoutes(api);
      registerCaseRoutes(api);
      registerRecognitionRoutes(api);
      registerCoachingRoutes(api);
      registerNotificationRoutes(api);
      registerOutboundWebhookRoutes(api);
      registerTextRoutes(api);
      registerTrainingRoutes(api);
      registerCulturePulseRoutes(api);
      registerActionPlanRoutes(api);
      registerClimateRoutes(api);
      registerInternalServiceRoutes(api);
      registerStrategyRoutes(api);
      registerLeadershipRoutes(api);
    },
    { prefix: '/api/v1' },
  );
  await app.register(registerUnsubscribeRoutes);
  await registerInboundWebhookReceiver(app);
  await registerWebApp(app);
  return app;
}

async function registerWebApp(app: FastifyInstance): Promise<void> {
  if (existsSync(join(WEB_DIST, 'index.html'))) {
    await app.register(fastifyStatic, {
      root: WEB_DIST,
      wildcard: false,
      index: 'index.html',
      // Built assets carry a content hash in their name; the HTML that names them must be re-checked
      // on every load, or a browser keeps asking for assets a new build removed.
      setHeaders: (res, path) =>
        res.header(
          'cache-control',
          path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
        ),
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (request.method === 'GET' && !path.startsWith('/api/') && !/\.[a-z0-9]+$/i.test(path)) {
      if (existsSync(join(WEB_DIST, 'index.html'))) return reply.type('text/html').sendFile('index.html');
      return reply
        .type('text/html')
        .send(
          '<!doctype html><title>Serviceloop</title><p>The web app is not built. Run <code>npm run build</code>.</p>',
        );
    }
    return reply
      .code(404)
      .send({ error: { code: 'NOT_FOUND', message: `No route ${request.method} ${path}` } });
  });
}
