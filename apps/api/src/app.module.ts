import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { AccountsModule } from '@pp/accounts';
import { ApprovalsModule } from '@pp/approvals';
import { AuditModule } from '@pp/audit';
import { CreditModule } from '@pp/credit';
import { CustomersModule } from '@pp/customers';
import { DashboardModule } from '@pp/dashboard';
import { NotificationsModule } from '@pp/notifications';
import { AuthGuard } from '@pp/auth';
import { PartnersModule } from '@pp/partners';
import { PriceListsModule } from '@pp/price-lists';
import { WebhooksModule } from '@pp/webhooks';
import { EventStore } from '@pp/event-store';
import { Clock, ProblemFilter, RequestContextInterceptor, requestIdOf } from '@pp/platform';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from './config';

/** What tests replace: the clock, where log lines go, and the event store (a log outside the database). */
export interface AppOverrides {
  readonly clock?: Clock;
  readonly eventStore?: EventStore;
  readonly logDestination?: NodeJS.WritableStream;
}
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';
import { DevSignInController } from './console/dev-sign-in.controller';
import { MeController } from './console/me.controller';
import { ProgramController } from './console/program.controller';
import { InfrastructureModule } from './infrastructure.module';
import { MetricsScrape, Readiness } from './health';

/** The api process: HTTP commands and queries, and in the embedded mode the projections too. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, overrides: AppOverrides = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: [
            {
              level: config.logLevel,
              // Tokens are credentials: never in a log line.
              redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'req.body.token', 'req.query'], censor: '[redacted]' },
              // The path only: a query string may carry a token.
              serializers: { req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: String(req.url).split('?')[0] }) },
              // The id Fastify gives the request too (requestIdOf keeps it on the Node request).
              genReqId: (req) => requestIdOf(req),
            },
            overrides.logDestination ?? process.stdout,
          ],
        }),
        InfrastructureModule.forRoot(config, overrides),
        TerminusModule,
        AccountsModule,
        PartnersModule,
        CustomersModule,
        CreditModule,
        PriceListsModule,
        WebhooksModule,
        ApprovalsModule,
        DashboardModule,
        NotificationsModule,
        AuditModule,
      ],
      // The development sign-in exists only outside production (docs/console.md).
      controllers: [HealthController, MetricsController, ProgramController, MeController, ...(config.devSignIn ? [DevSignInController] : [])],
      providers: [
        Readiness,
        MetricsScrape,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_INTERCEPTOR, useClass: RequestContextInterceptor },
        { provide: APP_FILTER, useClass: ProblemFilter },
      ],
    };
  }
}
