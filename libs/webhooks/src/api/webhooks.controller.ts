import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, TokenClaims } from '@pp/auth';
import { ApiProblems, COMMAND_CONFLICTS, CommandAnswer, CommandContext, Ctx, READ_UNAVAILABLE, ReadQueryDto, SecretInAnswer } from '@pp/platform';
import { CreateWebhookSubscriptionCommand, WebhookSecretAnswer } from '../application/create-webhook-subscription/create-webhook-subscription.command';
import { DeleteWebhookSubscriptionCommand } from '../application/delete-webhook-subscription/delete-webhook-subscription.command';
import { GetWebhookSubscriptionQuery } from '../application/get-webhook-subscription/get-webhook-subscription.query';
import { ListWebhookDeliveriesQuery, WebhookDeliveryPage } from '../application/list-webhook-deliveries/list-webhook-deliveries.query';
import { ListWebhookSubscriptionsQuery, WebhookSubscriptionPage } from '../application/list-webhook-subscriptions/list-webhook-subscriptions.query';
import { RequestWebhookRedeliveryCommand } from '../application/request-webhook-redelivery/request-webhook-redelivery.command';
import { RotateWebhookSecretCommand } from '../application/rotate-webhook-secret/rotate-webhook-secret.command';
import { WebhookSubscriptionView } from '../application/webhook-views';
import { WebhookCaller } from '../domain/webhook.decider';
import {
  CreateWebhookDto,
  DeliveriesQueryDto,
  ListWebhooksQueryDto,
  RedeliveryDto,
  SubscriptionIdParam,
  WebhookDeliveryPageView,
  WebhookSecretAnswerView,
  WebhookSubscriptionDetailView,
  WebhookSubscriptionPageView,
} from './webhooks.dto';

const position = (text?: string) => (text === undefined ? undefined : BigInt(text));
const callerOf = (actor: TokenClaims): WebhookCaller => ({ role: actor.role, account: actor.account });

/**
 * Webhook subscriptions (issue 18): the provider's systems (`service`) subscribe to any partner's
 * events, a partner to its own. docs/webhooks.md says what is sent and how to verify a signature.
 */
@ApiTags('webhooks')
@ApiBearerAuth()
@ApiHeader({ name: 'Idempotency-Key', required: false })
@ApiProblems(401, 403)
@Controller('v1/webhooks')
@Roles('service', 'partner')
export class WebhooksController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  /** CreateWebhookSubscription: 201 with the signing secret, shown this once. */
  @Post()
  @HttpCode(201)
  @SecretInAnswer('secret')
  @ApiCreatedResponse({ type: WebhookSecretAnswerView })
  @ApiProblems(
    [400, 'VALIDATION_FAILED', 'WEBHOOK_URL_INVALID', 'WEBHOOK_EVENT_TYPE_UNKNOWN'],
    [409, 'WEBHOOK_EXISTS', ...COMMAND_CONFLICTS],
    [422, 'WEBHOOK_URL_NOT_HTTPS', 'WEBHOOK_URL_NOT_PUBLIC', 'WEBHOOK_URL_UNRESOLVABLE', 'WEBHOOK_CONTACT_REQUIRED', 'IDEMPOTENCY_KEY_REUSED'],
    503,
  )
  create(@Body() body: CreateWebhookDto, @Ctx() ctx: CommandContext): Promise<WebhookSecretAnswer> {
    return this.commands.execute(new CreateWebhookSubscriptionCommand({ url: body.url, eventTypes: body.eventTypes, partnerId: body.partnerId ?? null, contactEmail: body.contactEmail ?? null }, ctx));
  }

  /** The caller's subscriptions (deleted ones left out), oldest first. */
  @Get()
  @ApiOkResponse({ type: WebhookSubscriptionPageView })
  @ApiProblems(400, [503, ...READ_UNAVAILABLE])
  list(@Query() query: ListWebhooksQueryDto, @CurrentActor() actor: TokenClaims): Promise<WebhookSubscriptionPage> {
    return this.queries.execute(new ListWebhookSubscriptionsQuery(callerOf(actor), { partnerId: query.partnerId, minPosition: position(query.minPosition) }));
  }

  /** One subscription and where its deliveries stand. */
  @Get(':subscriptionId')
  @ApiOkResponse({ type: WebhookSubscriptionDetailView })
  @ApiProblems(400, [404, 'WEBHOOK_NOT_FOUND'], [503, ...READ_UNAVAILABLE])
  get(@Param() { subscriptionId }: SubscriptionIdParam, @Query() query: ReadQueryDto, @CurrentActor() actor: TokenClaims): Promise<WebhookSubscriptionView & { position: string }> {
    return this.queries.execute(new GetWebhookSubscriptionQuery(callerOf(actor), subscriptionId, position(query.minPosition)));
  }

  /** DeleteWebhookSubscription: nothing more is delivered; deleting again changes nothing. */
  @Delete(':subscriptionId')
  @HttpCode(200)
  @ApiOkResponse({ type: CommandAnswer, description: 'the subscription `deleted`' })
  @ApiProblems(400, [404, 'WEBHOOK_NOT_FOUND'], [409, ...COMMAND_CONFLICTS], [422, 'IDEMPOTENCY_KEY_REUSED'], 503)
  delete(@Param() { subscriptionId }: SubscriptionIdParam, @Ctx() ctx: CommandContext): Promise<CommandAnswer> {
    return this.commands.execute(new DeleteWebhookSubscriptionCommand(subscriptionId, ctx));
  }

  /** RotateWebhookSecret: a new signing secret, shown this once; deliveries carry both signatures for a day. */
  @Post(':subscriptionId/secret')
  @HttpCode(200)
  @SecretInAnswer('secret')
  @ApiOkResponse({ type: WebhookSecretAnswerView })
  @ApiProblems(400, [404, 'WEBHOOK_NOT_FOUND'], [409, ...COMMAND_CONFLICTS], [422, 'IDEMPOTENCY_KEY_REUSED'], 503)
  rotate(@Param() { subscriptionId }: SubscriptionIdParam, @Ctx() ctx: CommandContext): Promise<WebhookSecretAnswer> {
    return this.commands.execute(new RotateWebhookSecretCommand(subscriptionId, ctx));
  }

  /** RequestWebhookRedelivery: deliver again from a log position on (a failing subscription becomes active). */
  @Post(':subscriptionId/redelivery')
  @HttpCode(200)
  @ApiOkResponse({ type: CommandAnswer })
  @ApiProblems(400, [404, 'WEBHOOK_NOT_FOUND'], [409, ...COMMAND_CONFLICTS], [422, 'WEBHOOK_REDELIVERY_AHEAD', 'IDEMPOTENCY_KEY_REUSED'], 503)
  redeliver(@Param() { subscriptionId }: SubscriptionIdParam, @Body() body: RedeliveryDto, @Ctx() ctx: CommandContext): Promise<CommandAnswer> {
    return this.commands.execute(new RequestWebhookRedeliveryCommand(subscriptionId, BigInt(body.fromPosition), ctx));
  }

  /** The delivery log: every attempt, newest first (status, error, latency). */
  @Get(':subscriptionId/deliveries')
  @ApiOkResponse({ type: WebhookDeliveryPageView })
  @ApiProblems(400, [404, 'WEBHOOK_NOT_FOUND'], [503, ...READ_UNAVAILABLE])
  deliveries(@Param() { subscriptionId }: SubscriptionIdParam, @Query() query: DeliveriesQueryDto, @CurrentActor() actor: TokenClaims): Promise<WebhookDeliveryPage> {
    return this.queries.execute(new ListWebhookDeliveriesQuery(callerOf(actor), subscriptionId, { limit: query.limit ?? 50, cursor: query.cursor, minPosition: position(query.minPosition) }));
  }
}
