import { Body, Controller, HttpCode, Param, Post, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '@pp/auth';
import { ApiProblems, COMMAND_CONFLICTS, CommandAnswer, CommandContext, Ctx } from '@pp/platform';
import { RecordAccountStandingCommand } from '../application/record-account-standing/record-account-standing.handler';
import { RecordIdentityVerificationCommand } from '../application/record-identity-verification/record-identity-verification.handler';
import { RegisterAccountCommand } from '../application/register-account/register-account.command';
import { AccountIdParam } from './account-id.param';
import { RecordAccountStandingDto, RecordIdentityVerificationDto, RegisterAccountDto } from './account.dto';

/** Accounts, fed by the provider's internal services (SPEC section 6). */
@ApiTags('accounts')
@ApiBearerAuth()
@ApiHeader({ name: 'Idempotency-Key', required: false })
@ApiProblems(401, 403)
@Controller('v1/accounts')
@Roles('service')
export class AccountsController {
  constructor(private readonly commands: CommandBus) {}

  /** RegisterAccount: 201, or 409 `EMAIL_ALREADY_REGISTERED` / `ACCOUNT_ALREADY_REGISTERED`. */
  @Post()
  @HttpCode(201)
  @ApiCreatedResponse({ type: CommandAnswer })
  @ApiProblems(400, [409, 'EMAIL_ALREADY_REGISTERED', 'ACCOUNT_ALREADY_REGISTERED', ...COMMAND_CONFLICTS], [422, 'IDEMPOTENCY_KEY_REUSED'], 503)
  register(@Body() body: RegisterAccountDto, @Ctx() ctx: CommandContext): Promise<CommandAnswer> {
    return this.commands.execute(new RegisterAccountCommand({ accountId: body.accountId, email: body.email, type: body.type, billing: body.billing }, ctx));
  }

  /** RecordIdentityVerification: 200, or 404 `ACCOUNT_NOT_FOUND`. */
  @Post(':accountId/identity-verification')
  @HttpCode(200)
  @ApiOkResponse({ type: CommandAnswer })
  @ApiProblems(400, [404, 'ACCOUNT_NOT_FOUND'], [409, ...COMMAND_CONFLICTS], [422, 'IDEMPOTENCY_KEY_REUSED'], 503)
  verify(@Param() { accountId }: AccountIdParam, @Body() body: RecordIdentityVerificationDto, @Ctx() ctx: CommandContext): Promise<CommandAnswer> {
    return this.commands.execute(new RecordIdentityVerificationCommand({ accountId, legalName: body.legalName, method: body.method }, ctx));
  }

  /** RecordAccountStanding: 200, or 404 `ACCOUNT_NOT_FOUND`. */
  @Put(':accountId/standing')
  @HttpCode(200)
  @ApiOkResponse({ type: CommandAnswer })
  @ApiProblems(400, [404, 'ACCOUNT_NOT_FOUND'], [409, ...COMMAND_CONFLICTS], [422, 'IDEMPOTENCY_KEY_REUSED'], 503)
  standing(@Param() { accountId }: AccountIdParam, @Body() body: RecordAccountStandingDto, @Ctx() ctx: CommandContext): Promise<CommandAnswer> {
    return this.commands.execute(new RecordAccountStandingCommand({ accountId, ...body }, ctx));
  }
}
