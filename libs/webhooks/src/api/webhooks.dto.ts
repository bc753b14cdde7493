import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { ACCOUNT_ID_PATTERN } from '@pp/accounts';
import { CommandAnswer, IsPositionConstraint, PageQueryDto, ReadQueryDto } from '@pp/platform';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEmail, IsOptional, IsString, Matches, MaxLength, Validate } from 'class-validator';
import type { WebhookSecretAnswer } from '../application/create-webhook-subscription/create-webhook-subscription.command';
import type { WebhookDeliveryPage, WebhookDeliveryView } from '../application/list-webhook-deliveries/list-webhook-deliveries.query';
import type { WebhookSubscriptionPage } from '../application/list-webhook-subscriptions/list-webhook-subscriptions.query';
import type { WebhookSubscriptionView } from '../application/webhook-views';

/** Path parameter `{subscriptionId}`. */
export class SubscriptionIdParam {
  @ApiProperty({ example: '0b8f9d7e-2c1a-5f43-9e6d-3a2b1c0d9e8f' })
  @Matches(/^[A-Za-z0-9-]{1,64}$/, { message: 'subscriptionId must be 1-64 letters, digits or -' })
  subscriptionId!: string;
}

/** Body of POST /v1/webhooks. */
export class CreateWebhookDto {
  @ApiProperty({ example: 'https://hooks.example.com/partner-portal', description: 'https (http only outside production); its host must resolve to public addresses unless WEBHOOK_ALLOW_PRIVATE=true; redirects are not followed' })
  @IsString()
  @MaxLength(2000)
  url!: string;
  @ApiProperty({ example: ['CustomerInvited', 'CustomerApproved'], description: 'public event types (the WebhookEvent schemas)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  eventTypes!: string[];
  @ApiPropertyOptional({ example: 'vn-ent-saoviet', description: "only this partner's events (a partner's subscription always has its own)" })
  @IsOptional()
  @Matches(ACCOUNT_ID_PATTERN, { message: 'partnerId is not a valid account id' })
  partnerId?: string;
  @ApiPropertyOptional({ example: 'ops@example.com', description: "who is mailed when deliveries fail for a day; required for the service role (a partner's contact by default)" })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  contactEmail?: string;
}

/** Body of POST /v1/webhooks/{subscriptionId}/redelivery. */
export class RedeliveryDto {
  @ApiProperty({ example: '48234496', description: 'global log position (decimal string, 1 or more) to deliver again from, inclusive' })
  @Validate(IsPositionConstraint)
  fromPosition!: string;
}

/** Query of GET /v1/webhooks. */
export class ListWebhooksQueryDto extends ReadQueryDto {
  @ApiPropertyOptional({ description: "the service's subscriptions scoped to this partner" })
  @IsOptional()
  @Matches(ACCOUNT_ID_PATTERN, { message: 'partnerId is not a valid account id' })
  partnerId?: string;
}

/** Query of GET /v1/webhooks/{subscriptionId}/deliveries: the shared page query, its cursor an attempt's id. */
export class DeliveriesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: "the previous page's nextCursor" })
  @IsOptional()
  @Validate(IsPositionConstraint, { message: 'cursor must be a nextCursor of a previous page' })
  declare cursor?: string;
}

/** CreateWebhookSubscription's and RotateWebhookSecret's answer. */
@ApiSchema({ name: 'WebhookSecretAnswer' })
export class WebhookSecretAnswerView extends CommandAnswer implements WebhookSecretAnswer {
  @ApiPropertyOptional({ example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', description: 'the signing secret, shown this once (not in an idempotent replay: rotate it if it was lost)' }) secret?: string;
  @ApiProperty({ example: 1 }) secretVersion!: number;
}

/** Where a subscription's deliveries stand. */
@ApiSchema({ name: 'WebhookDeliveryState' })
export class WebhookDeliveryStateView {
  @ApiProperty({ example: '48234496', description: 'every event of its types and scope up to this position was delivered' }) deliveredThrough!: string;
  @ApiProperty({ example: 0, description: 'failed attempts in a row at the next event' }) attempts!: number;
  @ApiProperty({ example: '2026-12-04T03:00:05.000Z' }) nextAttemptAt!: string;
  @ApiProperty({ type: String, nullable: true, example: null }) lastError!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2026-12-04T03:00:00.120Z' }) lastDeliveredAt!: string | null;
}

/** The owner of a subscription. */
@ApiSchema({ name: 'WebhookOwner' })
export class WebhookOwnerView {
  @ApiProperty({ enum: ['service', 'partner'] }) role!: string;
  @ApiProperty({ example: 'billing' }) id!: string;
}

/** A subscription (never its secret); times UTC ISO-8601. */
@ApiSchema({ name: 'WebhookSubscription' })
export class WebhookSubscriptionViewDto implements WebhookSubscriptionView {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'https://hooks.example.com/partner-portal' }) url!: string;
  @ApiProperty({ example: ['CustomerInvited'] }) eventTypes!: string[];
  @ApiProperty({ type: String, nullable: true, example: 'vn-ent-saoviet' }) partnerId!: string | null;
  @ApiProperty({ type: WebhookOwnerView }) owner!: WebhookOwnerView;
  @ApiProperty({ type: String, nullable: true }) contactEmail!: string | null;
  @ApiProperty({ enum: ['active', 'failing', 'deleted'] }) status!: string;
  @ApiProperty({ example: 1 }) secretVersion!: number;
  @ApiProperty({ example: '2026-12-04T03:00:00.000Z' }) createdAt!: string;
  @ApiProperty({ type: String, nullable: true, example: null }) failingSince!: string | null;
  @ApiProperty({ type: WebhookDeliveryStateView }) delivery!: WebhookDeliveryStateView;
}

/** GET /v1/webhooks/{subscriptionId}. */
@ApiSchema({ name: 'WebhookSubscriptionDetail' })
export class WebhookSubscriptionDetailView extends WebhookSubscriptionViewDto {
  @ApiProperty({ example: '48234496' }) position!: string;
}

/** GET /v1/webhooks. */
@ApiSchema({ name: 'WebhookSubscriptionPage' })
export class WebhookSubscriptionPageView implements WebhookSubscriptionPage {
  @ApiProperty({ type: [WebhookSubscriptionViewDto] }) items!: WebhookSubscriptionViewDto[];
  @ApiProperty({ example: '48234496' }) position!: string;
}

/** One delivery attempt. */
@ApiSchema({ name: 'WebhookDelivery' })
export class WebhookDeliveryViewDto implements WebhookDeliveryView {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'the webhook-id header: the receiver deduplicates by it' }) eventId!: string;
  @ApiProperty({ example: 'CustomerInvited' }) eventType!: string;
  @ApiProperty({ example: '48234496' }) eventPosition!: string;
  @ApiProperty({ example: 1 }) attempt!: number;
  @ApiProperty({ type: Number, nullable: true, example: 200 }) statusCode!: number | null;
  @ApiProperty() ok!: boolean;
  @ApiProperty({ type: String, nullable: true, example: null }) error!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'ok', description: "the first 256 characters of the receiver's answer" }) responseExcerpt!: string | null;
  @ApiProperty({ example: 42 }) latencyMs!: number;
  @ApiProperty({ example: '2026-12-04T03:00:00.120Z' }) attemptedAt!: string;
}

/** GET /v1/webhooks/{subscriptionId}/deliveries. */
@ApiSchema({ name: 'WebhookDeliveryPage' })
export class WebhookDeliveryPageView implements WebhookDeliveryPage {
  @ApiProperty({ type: [WebhookDeliveryViewDto] }) items!: WebhookDeliveryViewDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
