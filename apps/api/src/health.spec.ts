import { Test } from '@nestjs/testing';
import { TerminusModule } from '@nestjs/terminus';
import { TOKEN_VERIFIER } from '@pp/auth';
import { EVENT_STORE } from '@pp/event-store';
import { MailSender } from '@pp/notifications';
import { Metrics, StoreWriteMonitor } from '@pp/platform';
import { ProjectionRunner } from '@pp/read-store';
import { CHECK_TIMEOUT_MS, MetricsScrape, Readiness } from './health';

/**
 * Issue 20 review: a store that never answers (an unreachable host) must not hold the readiness
 * probe or the scrape; a store that is down must not take the runtime metrics with it.
 * test/health-split.e2e-spec.ts does the same with a real PostgreSQL stopped.
 */
describe('Readiness and the /metrics scrape with a store that does not answer', () => {
  const never = () => new Promise<never>(() => undefined);
  const failing = () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432'));
  const build = async (answer: 'never' | 'fails' | 'up') => {
    const ask = <T>(value: T) => (answer === 'never' ? never() : answer === 'fails' ? failing() : Promise.resolve(value));
    const metrics = new Metrics();
    const module = await Test.createTestingModule({
      imports: [TerminusModule.forRoot({ logger: false })],
      providers: [
        Readiness,
        MetricsScrape,
        { provide: Metrics, useValue: metrics },
        { provide: EVENT_STORE, useValue: { headPosition: () => ask(10n), readAll: () => ask([]) } },
        { provide: ProjectionRunner, useValue: { checkpoint: () => ask(10n) } },
        { provide: StoreWriteMonitor, useValue: { refusal: () => undefined } },
        { provide: TOKEN_VERIFIER, useValue: {} },
        { provide: MailSender, useValue: { depth: () => ask({ pending: 2 }) } },
      ],
    }).compile();
    return { readiness: module.get(Readiness), scrape: module.get(MetricsScrape) };
  };

  it('reports each check down with "no answer within" once the bound has passed, instead of hanging', async () => {
    const { readiness } = await build('never');
    const started = Date.now();
    const { ready, report } = await readiness.check();
    expect(Date.now() - started).toBeGreaterThanOrEqual(CHECK_TIMEOUT_MS - 50);
    expect(ready).toBe(false);
    expect(report).toMatchObject({
      status: 'error',
      error: { eventStore: { status: 'down', message: `no answer within ${CHECK_TIMEOUT_MS} ms` }, readModels: { status: 'down', message: `no answer within ${CHECK_TIMEOUT_MS} ms` } },
    });
  });

  it('serves the runtime metrics without the store-dependent gauges when the store fails or does not answer', async () => {
    for (const answer of ['fails', 'never'] as const) {
      const { scrape } = await build(answer);
      const text = await scrape.render();
      expect([answer, /^process_cpu_seconds_total /m.test(text), /^nodejs_eventloop_lag_seconds /m.test(text)]).toEqual([answer, true, true]);
      expect([answer, /^pp_projection_lag_seconds\{/m.test(text), /^pp_mail_outbox\{/m.test(text)]).toEqual([answer, false, false]);
    }
  });

  it('serves the store-dependent gauges when the store answers', async () => {
    const { scrape } = await build('up');
    const text = await scrape.render();
    expect(text).toMatch(/^pp_projection_lag_seconds\{projection="partners"\} 0$/m);
    expect(text).toMatch(/^pp_mail_outbox\{status="pending"\} 2$/m);
  });
});
