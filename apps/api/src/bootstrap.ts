import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { InvitationExpiryReactor } from '@pp/customers';
import { WebhookDeliveryReactor } from '@pp/webhooks';
import { MailSender } from '@pp/notifications';
import { answerClientError, assertAcceptableInput, correlationIdOf, createValidationPipe, IdempotencyStore, requestIdOf, toProblem, withProblemSchemas } from '@pp/platform';
import { ProjectionRunner } from '@pp/read-store';
import { PublicEventSchema, withWebhookEventSchemas } from '@pp/webhooks';
import type { IncomingMessage } from 'node:http';
import { Logger } from 'nestjs-pino';
import { AppModule, AppOverrides } from './app.module';
import { PROJECTION_LIST } from './projections';
import { AppConfig } from './config';
import { consoleCsp, consoleDir, serveConsole } from './console/serve-console';

export { PROJECTION_LIST };

/**
 * Longest path segment the router matches (Fastify's default is 100). Well above every id a route
 * takes (account ids 128, stream ids 301 characters), so that the id's own validation answers, with
 * the same limit as where the id was registered; beyond it, 414 `URI_TOO_LONG`.
 */
const MAX_PARAM_LENGTH = 1024;

/**
 * Builds the api application (not yet listening): Fastify with the body size limit, the input
 * limits checked before validation (nesting depth, array and object sizes, storable text), the
 * global ValidationPipe, problem+json for every error including Fastify's and Node's own (malformed
 * JSON or HTTP, body too large, path segment or headers too long, unsupported media type, no such
 * route), OpenAPI at /docs and /docs-json, migrations, and the projections and reactors (e-mail,
 * invitation expiry) when this process runs them.
 */
export async function createApp(config: AppConfig, overrides: AppOverrides = {}): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    // The same id as the log's (nestjs-pino asks the same function): the caller's x-request-id or a new UUID.
    genReqId: (raw: IncomingMessage) => requestIdOf(raw),
    allowErrorHandlerOverride: true,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // What Node's HTTP parser refuses (431 headers too large, 400 not HTTP) is a problem too.
    clientErrorHandler: answerClientError,
    // Errors Fastify raises before routing (a malformed URL, an over-long path segment) are problems too.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const problem = toProblem(error, request.url);
      void reply.status(problem.status).header('content-type', 'application/problem+json').send(problem);
    },
  });
  // bodyParser false: Nest would add a form-urlencoded parser; Fastify's own JSON parser is all the API takes.
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, overrides), adapter, { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(createValidationPipe());
  const fastify = app.getHttpAdapter().getInstance();
  // First of all hooks, so that every answer carries them: 401, 403, 404 and every problem too.
  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
    const correlationId = correlationIdOf(request.raw, request.id);
    if (correlationId !== undefined) void reply.header('x-correlation-id', correlationId);
  });
  // The API speaks JSON only: a text/plain body is 415, not a string handed to validation.
  fastify.removeContentTypeParser('text/plain');
  // Before anything copies or validates the parsed request (the idempotency fingerprint, class-transformer,
  // class-validator all recurse): a body nested thousands deep overflowed their stack as a 500, and
  // a U+0000 that validation let through failed only when PostgreSQL stored the event.
  fastify.addHook('preValidation', async (request) => {
    assertAcceptableInput(request.body, 'body');
    assertAcceptableInput(request.query, 'query');
    assertAcceptableInput(request.params, 'params');
  });
  // No fastify.setErrorHandler here: Nest sets its own during init (replacing one set here, with
  // Fastify's FSTWRN004 warning), which hands every error, a hook's included, to ProblemFilter.
  app.enableShutdownHooks();

  const document = createOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  // The web console on the same origin; every other GET falls back to its index (docs/console.md).
  // The provider's origin joins connect-src only when the console signs in with it.
  await serveConsole(fastify, config.consoleDir ?? consoleDir(), MAX_PARAM_LENGTH, consoleCsp(config.oidc?.consoleClientId ? config.oidc.issuer : undefined));

  await prepareStores(app);
  if (config.runProjections) await startBackground(app, config);
  return app;
}

/**
 * The OpenAPI document of the api's routes, as /docs-json serves it: every answer with its schema,
 * every refusal as problem+json with the shared `Problem` schema ({@link ApiProblems}), and the
 * bodies of webhook deliveries (`WebhookEvent`, one `WebhookEvent<Type>` per public event type;
 * `eventSchemas`: the committed ones unless given). Needs the application built, not listening;
 * `npm run openapi` writes it for the console's typed client.
 */
export function createOpenApiDocument(app: INestApplication, eventSchemas?: Readonly<Record<string, PublicEventSchema>>): OpenAPIObject {
  return withWebhookEventSchemas(
    withProblemSchemas(
      SwaggerModule.createDocument(
        app,
        new DocumentBuilder()
          .setTitle('partner-portal')
          .setDescription(
            'Partner program backend: accounts, partner applications and approval. Errors are RFC 9457 problem+json with a stable `code`. ' +
              'Refused before validation: 400 `BODY_TOO_DEEP` (nested over 32 levels); 400 `VALIDATION_FAILED` for arrays over 100 elements, objects over 64 properties, ' +
              'U+0000 or unpaired surrogates in any string, or a bad `x-correlation-id` (at most 20 `errors` listed, the rest counted in `errorsOmitted`); ' +
              '413 `PAYLOAD_TOO_LARGE`, 414 `URI_TOO_LONG`, 415 `UNSUPPORTED_MEDIA_TYPE`, 431 `HEADERS_TOO_LARGE`. ' +
              'Webhook deliveries (Standard Webhooks) carry one public event as their JSON body: the schema `WebhookEvent` under `components.schemas`, ' +
              'one of `WebhookEvent<Type>` by `type` (e.g. `WebhookEventPartnerApproved`), its `id` also the `webhook-id` header; what is sent, versioning and what is ' +
              'left out are in docs/webhooks.md, "What is sent".',
          )
          .setVersion('1')
          .addBearerAuth()
          .build(),
      ),
    ),
    eventSchemas,
  );
}

/** Creates the tables of the idempotency keys, the checkpoints and every projection. */
export async function prepareStores(app: INestApplicationContext): Promise<void> {
  await app.get(IdempotencyStore).migrate();
  await app.get(ProjectionRunner).migrate(PROJECTION_LIST);
}

/** Starts the projector: the projections and the reactors that follow them (active in one process at a time). */
export async function startBackground(app: INestApplicationContext, config: AppConfig): Promise<void> {
  const wake = config.reactorWakeUps !== false;
  await app.get(ProjectionRunner).start(PROJECTION_LIST, {
    batchSize: config.projectionBatchSize,
    reactors: [
      app.get(InvitationExpiryReactor).reactor(config.reactorIntervalMs, { wake }),
      app.get(MailSender).reactor(config.reactorIntervalMs, { wake }),
      app.get(WebhookDeliveryReactor).reactor(config.reactorIntervalMs, { wake }),
    ],
  });
}
