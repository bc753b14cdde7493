import { Inject, Injectable } from '@nestjs/common';
import { BoundCommand, CommandPipeline } from '@pp/platform';
import { WebhookCommand, WebhookContext, webhookDecider, WebhookState } from '../domain/webhook.decider';
import { WebhookEvent, webhookStream } from '../domain/webhook.events';
import { secretFingerprint, webhookSecret } from '../delivery/signing';
import { PUBLIC_EVENT_TYPES } from '../public-events/public-event';
import { WEBHOOK_SETTINGS, WebhookSettings } from './webhook-settings';

/** `webhook-{subscriptionId}`'s commands, bound once to the webhook decider with the public event types and the secret fingerprints. */
@Injectable()
export class WebhookStream {
  /** Runs a subscription command on the stream of the subscription id given. */
  readonly run: BoundCommand<WebhookCommand, WebhookState, WebhookEvent, WebhookContext>;

  constructor(
    pipeline: CommandPipeline,
    @Inject(WEBHOOK_SETTINGS) private readonly settings: WebhookSettings,
  ) {
    this.run = pipeline.for(webhookDecider, webhookStream, {
      publicEventTypes: new Set(PUBLIC_EVENT_TYPES),
      fingerprintOf: (id, version) => secretFingerprint(this.secret(id, version)),
    });
  }

  /** The signing secret of a subscription's version (`whsec_...`). */
  secret(subscriptionId: string, version: number): string {
    return webhookSecret(this.settings.signingKey, subscriptionId, version);
  }
}
