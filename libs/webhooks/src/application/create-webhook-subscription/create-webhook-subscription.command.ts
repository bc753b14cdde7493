import { Command } from '@nestjs/cqrs';
import { CommandAnswer, CommandContext } from '@pp/platform';

/** The answer of CreateWebhookSubscription and RotateWebhookSecret: the subscription and its signing secret, shown this once. */
export interface WebhookSecretAnswer extends CommandAnswer {
  /** `whsec_` + base64 of 32 bytes (Standard Webhooks); absent when an idempotent replay answers (it is never stored). */
  secret?: string;
  secretVersion: number;
}

/**
 * CreateWebhookSubscription (service or partner, issue 18): `url` receives, signed, every event of
 * `eventTypes` recorded after the subscription (of `partnerId` only, when given; a partner's own
 * always). `contactEmail` hears when deliveries fail for a day (required of a service; a partner's
 * contact by default).
 */
export class CreateWebhookSubscriptionCommand extends Command<WebhookSecretAnswer> {
  constructor(
    readonly input: { readonly url: string; readonly eventTypes: readonly string[]; readonly partnerId: string | null; readonly contactEmail: string | null },
    readonly context: CommandContext,
  ) {
    super();
  }
}
