import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { CurrentActor, ROLES, type Role, type TokenClaims } from '@pp/auth';
import { ApiProblems } from '@pp/platform';

/** GET /v1/me: the caller as the api sees it once its token is verified and its claims mapped. */
export class MeView {
  @ApiProperty({ example: 'staff-linh', description: "the token's subject" }) sub!: string;
  @ApiProperty({ enum: ROLES, example: 'reviewer', description: 'the role the api mapped from the claims (`AUTH_ROLE_CLAIM`, `AUTH_ROLE_MAP`)' }) role!: Role;
  @ApiPropertyOptional({ example: 'vn-ent-saoviet', description: "a partner's or customer's own account (`AUTH_ACCOUNT_CLAIM`)" }) account?: string;
}

/**
 * Who the caller is (issue 15): the console signs in with the OpenID provider, whose tokens carry
 * the role in claims only this api knows how to read (groups, a map); it asks here rather than
 * decoding the token itself, so both read the claims one way.
 */
@ApiTags('program')
@ApiBearerAuth()
@Controller('v1/me')
export class MeController {
  /** Any role; nothing but what the caller's own token says. */
  @Get()
  @ApiOperation({ operationId: 'GetMe', summary: 'the verified caller: subject, role and account as the api mapped them from the token' })
  @ApiOkResponse({ type: MeView })
  @ApiProblems(401, 403, [503, 'IDENTITY_PROVIDER_UNAVAILABLE'])
  me(@CurrentActor() actor: TokenClaims): MeView {
    return actor.account === undefined ? { sub: actor.sub, role: actor.role } : { sub: actor.sub, role: actor.role, account: actor.account };
  }
}
