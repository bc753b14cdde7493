import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches, ValidateIf } from 'class-validator';
import { ACCOUNT_ID_PATTERN } from '@pp/accounts';
import { JWT_SECRET, mintToken, Public, ROLES, type Role } from '@pp/auth';
import { EVENT_STORE, type EventStore } from '@pp/event-store';
import { ApiProblems } from '@pp/platform';

/** Lifetime of a development token: a working day. */
export const DEV_TOKEN_SECONDS = 8 * 3600;

/** Body of POST /v1/dev/sign-in. */
export class DevSignInDto {
  @ApiProperty({ enum: ROLES, example: 'partner' }) @IsIn(ROLES) role!: Role;
  @ApiPropertyOptional({ example: 'staff-1', description: 'the subject; defaults to the account, or `<role>-1`' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$/, { message: 'sub must be 1-128 letters, digits or ._@-' })
  sub?: string;
  @ApiPropertyOptional({ example: 'vn-ent-saoviet', description: "required for partner and customer: the person's own account" })
  @ValidateIf((o: DevSignInDto) => o.role === 'partner' || o.role === 'customer' || o.account !== undefined)
  @Matches(ACCOUNT_ID_PATTERN, { message: 'account must be an account id (required for partner and customer)' })
  account?: string;
}

/** A token for the console, kept in memory or session storage, sent as `Authorization: Bearer`. */
export class DevTokenView {
  @ApiProperty({ example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...' }) accessToken!: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType!: 'Bearer';
  @ApiProperty({ example: '2026-11-23T11:00:00.000Z', description: 'UTC ISO-8601' }) expiresAt!: string;
}

/** One registered account, as the development sign-in offers it. */
export class DevAccountView {
  @ApiProperty({ example: 'vn-ent-saoviet' }) accountId!: string;
  @ApiProperty({ example: 'admin@saoviet.vn' }) email!: string;
  @ApiProperty({ enum: ['enterprise', 'individual'] }) type!: string;
  @ApiProperty({ enum: ['prepaid', 'postpaid'] }) billing!: string;
  @ApiProperty({ example: '2026-11-23T03:00:00.000Z', description: 'UTC ISO-8601' }) registeredAt!: string;
}

/** GET /v1/dev/accounts. */
export class DevAccountsView {
  @ApiProperty({ type: [DevAccountView] }) items!: DevAccountView[];
}

/** Most accounts listed, newest first. */
const MAX_ACCOUNTS = 200;
/** Events read per page of the log while listing accounts. */
const PAGE = 2_000;

/**
 * The development sign-in (issue 14): a token for any role and account, so a person can use the
 * console on the embedded default without an identity provider. Registered only when `NODE_ENV` is
 * not `production` (AppModule); in production these routes do not exist (404 like any unknown route).
 */
@ApiTags('development')
@Controller('v1/dev')
export class DevSignInController {
  constructor(
    @Inject(JWT_SECRET) private readonly secret: string,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /** Signs a token as `npm run token` does, for 8 hours. Development only. */
  @Post('sign-in')
  @HttpCode(200)
  @Public()
  @ApiOperation({ operationId: 'DevSignIn', summary: 'development only (absent when NODE_ENV=production): a token for a role and an account' })
  @ApiOkResponse({ type: DevTokenView })
  @ApiProblems(400)
  async signIn(@Body() body: DevSignInDto): Promise<DevTokenView> {
    const needsAccount = body.role === 'partner' || body.role === 'customer';
    const account = needsAccount ? body.account : undefined;
    const sub = body.sub ?? account ?? `${body.role}-1`;
    // Tokens are checked against the real clock (libs/auth), even when the service's clock is simulated.
    const expiresAt = new Date(Date.now() + DEV_TOKEN_SECONDS * 1000).toISOString();
    return { accessToken: await mintToken({ role: body.role, sub, account }, this.secret, DEV_TOKEN_SECONDS), tokenType: 'Bearer', expiresAt };
  }

  /**
   * The registered accounts, newest first, at most 200, so the sign-in page can offer them. There is
   * no read model of accounts (no screen needs one in production), so this walks the log for
   * `AccountRegistered`: fine for the small logs of development, never offered in production.
   */
  @Get('accounts')
  @Public()
  @ApiOperation({ operationId: 'DevListAccounts', summary: 'development only (absent when NODE_ENV=production): the registered accounts' })
  @ApiOkResponse({ type: DevAccountsView })
  @ApiProblems(503)
  async accounts(): Promise<DevAccountsView> {
    const found: DevAccountView[] = [];
    let after = 0n;
    for (;;) {
      const page = await this.store.readAll({ after, maxCount: PAGE });
      for (const event of page) {
        if (event.type !== 'AccountRegistered') continue;
        const data = event.data as { accountId: string; email: string; type: string; billing: string };
        found.push({ accountId: data.accountId, email: data.email, type: data.type, billing: data.billing, registeredAt: event.recordedAt });
      }
      if (page.length < PAGE) break;
      after = page[page.length - 1].position;
    }
    return { items: found.reverse().slice(0, MAX_ACCOUNTS) };
  }
}
