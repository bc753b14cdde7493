import { Command } from '@nestjs/cqrs';
import { CommandContext } from '@pp/platform';
import { WebhookSecretAnswer } from '../create-webhook-subscription/create-webhook-subscription.command';

/** RotateWebhookSecret (its owner, or the service): a new signing secret, shown once; the old one also signs for a day. */
export class RotateWebhookSecretCommand extends Command<WebhookSecretAnswer> {
  constructor(
    readonly subscriptionId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}
