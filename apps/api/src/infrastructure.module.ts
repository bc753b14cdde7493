import { DynamicModule, Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { JWT_SECRET, OidcIssuer, resolveJwtSecret, resolveSecret, TOKEN_VERIFIER, TokenVerifier } from '@pp/auth';
import { INVITATION_SECRET } from '@pp/customers';
import { EmlFolderTransport, MAIL_SETTINGS, MAIL_TRANSPORT, MailSettings, MailTransport, SmtpTransport } from '@pp/notifications';
import { Database, DATABASE, openDatabase } from '@pp/database';
import { EsdbEventStore, EVENT_STORE, EventStore, SqlEventStore } from '@pp/event-store';
import { CLOCK, Clock, clockStartingAt, CommandPipeline, IdempotencyStore, Metrics, StoreWriteMonitor, systemClock } from '@pp/platform';
import { PROGRAM, programPreset, ProgramPreset } from '@pp/programs';
import { WEBHOOK_SETTINGS, WebhookSettings } from '@pp/webhooks';
import { createHmac } from 'node:crypto';
import { ProjectionRebuilder, ProjectionRunner, READ_WAIT_MS } from '@pp/read-store';
import { join } from 'node:path';
import { AppConfig } from './config';

/** DI token of the {@link AppConfig}. */
export const APP_CONFIG = Symbol('AppConfig');

/**
 * The process's infrastructure, shared by every context: the database (PGlite under `DATA_DIR` or
 * PostgreSQL), the event store (on that database, or EventStoreDB), the clock, the program preset, the JWT secret and the token verifier, the command
 * pipeline, idempotency and the projection runner.
 */
@Global()
@Module({})
export class InfrastructureModule implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(DATABASE) private readonly database: Database,
  ) {}

  /** Runs after every module's own shutdown (projections stopped first), then closes the stores. */
  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
    await this.database.close();
  }

  /**
   * `overrides.eventStore` puts the log outside the database, as EventStoreDB does; tests use it to
   * run that topology with an in-memory log where no EventStoreDB server exists.
   */
  static forRoot(config: AppConfig, overrides: { clock?: Clock; eventStore?: EventStore } = {}): DynamicModule {
    return {
      module: InfrastructureModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        {
          provide: DATABASE,
          useFactory: () =>
            config.eventStore !== 'embedded' ? openDatabase({ kind: 'postgres', url: config.databaseUrl!, schema: config.databaseSchema }) : openDatabase({ kind: 'pglite', dataDir: join(config.dataDir, 'pglite') }),
        },
        {
          provide: EVENT_STORE,
          inject: [DATABASE],
          useFactory: async (database: Database): Promise<EventStore> =>
            overrides.eventStore ?? (config.eventStore === 'eventstoredb' ? EsdbEventStore.connect(config.eventStoreConnectionString!, { log: (line) => new Logger(EsdbEventStore.name).log(line) }) : SqlEventStore.open(database)),
        },
        { provide: CLOCK, useValue: overrides.clock ?? (config.simulatedNow ? clockStartingAt(new Date(config.simulatedNow)) : systemClock) },
        { provide: PROGRAM, useValue: programPreset(config.program) },
        { provide: JWT_SECRET, useFactory: () => resolveJwtSecret({ secret: config.jwtSecret, dataDir: config.dataDir, allowGenerated: config.eventStore === 'embedded' }) },
        {
          provide: TOKEN_VERIFIER,
          inject: [JWT_SECRET],
          useFactory: (secret: string) =>
            new TokenVerifier(secret, config.oidc ? new OidcIssuer({ issuer: config.oidc.issuer, audience: config.oidc.audience, mapping: config.oidc, jwksCooldownMs: config.oidc.jwksCooldownMs }) : undefined),
        },
        { provide: READ_WAIT_MS, useValue: config.readWaitMs },
        {
          provide: INVITATION_SECRET,
          useFactory: () => resolveSecret({ secret: config.invitationSecret, variable: 'INVITATION_SECRET', fileName: 'invitation-secret', dataDir: config.dataDir, allowGenerated: config.eventStore === 'embedded' }),
        },
        {
          provide: WEBHOOK_SETTINGS,
          inject: [INVITATION_SECRET],
          useFactory: (invitationSecret: string): WebhookSettings => ({
            signingKey: config.webhookSigningKey ?? createHmac('sha256', invitationSecret).update('partner-portal webhook signing key').digest('hex'),
            allowPrivate: config.webhookAllowPrivate ?? false,
            requireHttps: config.webhookRequireHttps ?? false,
            timeoutMs: config.webhookTimeoutMs ?? 10_000,
          }),
        },
        {
          provide: MAIL_TRANSPORT,
          useFactory: (): MailTransport => (config.smtpUrl ? new SmtpTransport(config.smtpUrl) : new EmlFolderTransport(join(config.dataDir, 'mail'))),
        },
        {
          provide: MAIL_SETTINGS,
          inject: [PROGRAM],
          useFactory: (program: ProgramPreset): MailSettings => ({ from: config.mailFrom ?? `"${program.displayName} Partner Program" <no-reply@partner-portal.local>`, publicUrl: config.publicUrl }),
        },
        { provide: Metrics, useValue: new Metrics() },
        CommandPipeline,
        IdempotencyStore,
        ProjectionRunner,
        ProjectionRebuilder,
        StoreWriteMonitor,
      ],
      exports: [APP_CONFIG, DATABASE, EVENT_STORE, CLOCK, PROGRAM, JWT_SECRET, TOKEN_VERIFIER, READ_WAIT_MS, INVITATION_SECRET, WEBHOOK_SETTINGS, MAIL_TRANSPORT, MAIL_SETTINGS, Metrics, CommandPipeline, IdempotencyStore, ProjectionRunner, ProjectionRebuilder, StoreWriteMonitor],
    };
  }
}
