import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { InvitationExpiryReactor } from '@pp/customers';
import { MailSender } from '@pp/notifications';
import { assertAcceptableInput, createValidationPipe, IdempotencyStore, toProblem } from '@pp/platform';
import { ProjectionRunner } from '@pp/read-store';
import { randomUUID } from 'node:crypto';
import { Logger } from 'nestjs-pino';
import { AppModule, AppOverrides } from './app.module';
import { PROJECTION_LIST } from './projections';
import { AppConfig } from './config';

export { PROJECTION_LIST };

/**
 * Builds the api application (not yet listening): Fastify with the body size limit, the global
 * ValidationPipe, problem+json for every error including Fastify's own (malformed JSON, body too
 * large, unsupported media type), OpenAPI at /docs and /docs-json, migrations, and the projections
 * and reactors (e-mail, invitation expiry) when this process runs them.
 */
export async function createApp(config: AppConfig, overrides: AppOverrides = {}): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    genReqId: () => randomUUID(),
    allowErrorHandlerOverride: true,
    // Errors Fastify raises before routing (a malformed URL, an over-long one) are problems too.
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
  fastify.setErrorHandler((error, request, reply) => {
      const problem = toProblem(error, request.url);
      void reply.status(problem.status).header('content-type', 'application/problem+json').send(problem);
    });
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('partner-portal')
      .setDescription('Partner program backend: accounts, partner applications and approval. Errors are RFC 9457 problem+json with a stable `code`.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });

  await prepareStores(app);
  if (config.runProjections) await startBackground(app, config);
  return app;
}

/** Creates the tables of the idempotency keys, the checkpoints and every projection. */
export async function prepareStores(app: INestApplicationContext): Promise<void> {
  await app.get(IdempotencyStore).migrate();
  await app.get(ProjectionRunner).migrate(PROJECTION_LIST);
}

/** Starts the projections and the reactors (each active in one process at a time). */
export async function startBackground(app: INestApplicationContext, config: AppConfig): Promise<void> {
  await app.get(ProjectionRunner).start(PROJECTION_LIST, { batchSize: config.projectionBatchSize });
  app.get(InvitationExpiryReactor).start(config.reactorIntervalMs);
  await app.get(MailSender).start(config.reactorIntervalMs);
}
