import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Public } from '@pp/auth';
import { PARTNER_TYPES } from '@pp/partners';
import { ApiProblems, formatAmount } from '@pp/platform';
import { PROGRAM, type ProgramPreset } from '@pp/programs';
import { APP_CONFIG } from '../infrastructure.module';
import type { AppConfig } from '../config';

/** The minimums some partner types must meet (seed 004); money as a decimal string in the program currency, like every amount of the API. */
export class ProgramThresholdsView {
  @ApiProperty({ type: [String], example: ['agent', 'industry'] }) partnerTypes!: string[];
  @ApiProperty({ example: '1000000.00', description: 'registered capital at least this: a decimal string in the program currency, as RegisterPartner takes it' }) minRegisteredCapital!: string;
  @ApiProperty({ example: 10 }) minStaff!: number;
  @ApiProperty({ example: 3 }) minTechnicalStaff!: number;
  @ApiProperty() requireCustomerOperations!: boolean;
  @ApiProperty() requireAfterSalesService!: boolean;
}

/**
 * The OpenID provider the console signs people in with (issue 15): authorization code with PKCE
 * for its public client. Public facts: the provider's discovery document says as much.
 */
export class IdentityProviderView {
  @ApiProperty({ example: 'https://id.vngcloud.vn/realms/partners', description: 'the issuer identifier (`AUTH_OIDC_ISSUER`); its discovery document is `{issuer}/.well-known/openid-configuration`' }) issuer!: string;
  @ApiProperty({ example: 'partner-portal-console', description: "the console's public client id at the provider (`AUTH_OIDC_CONSOLE_CLIENT_ID`)" }) clientId!: string;
  @ApiProperty({ example: 'openid', description: 'the scope the console asks for (`AUTH_OIDC_CONSOLE_SCOPE`), space-separated' }) scope!: string;
  @ApiProperty({ example: 'partner-portal-api', description: "the api's resource identifier (`AUTH_OIDC_AUDIENCE`), sent as the `resource` of the request (RFC 8707)" }) audience!: string;
}

/** GET /v1/program: the public facts of the program this service runs, which the console's forms follow. */
export class ProgramView {
  @ApiProperty({ enum: ['vngcloud', 'greennode', 'tencentcloud'], example: 'vngcloud' }) id!: string;
  @ApiProperty({ example: 'VNG Cloud' }) displayName!: string;
  @ApiProperty({ example: 'VND' }) currency!: string;
  @ApiProperty({ type: [String], enum: ['en', 'vi', 'zh'], example: ['vi', 'en'], description: 'offered languages; the first is the default' }) languages!: string[];
  @ApiProperty({ example: '2023-07', description: 'the version of the terms an applicant must accept now' }) termsVersion!: string;
  @ApiProperty({ type: [String], example: [...PARTNER_TYPES] }) partnerTypes!: string[];
  @ApiPropertyOptional({ type: ProgramThresholdsView, nullable: true }) thresholds!: ProgramThresholdsView | null;
  @ApiProperty({ type: [String], example: [] }) requiredCourses!: string[];
  @ApiProperty({ type: Number, nullable: true, example: 3, description: 'calendar months of assessment after approval; null where none' }) assessmentMonths!: number | null;
  @ApiProperty({ example: 3 }) reviewSlaBusinessDays!: number;
  @ApiProperty({ example: 30 }) invitationLifetimeDays!: number;
  @ApiProperty({ example: '20', description: 'highest discount a partner may give, percent (decimal string)' }) discountCapPercent!: string;
  @ApiProperty({ example: 'Asia/Ho_Chi_Minh', description: 'IANA time zone business days are counted in' }) timeZone!: string;
  @ApiProperty({ description: 'the development sign-in (POST /v1/dev/sign-in) is available: never in production' }) devSignIn!: boolean;
  @ApiProperty({ type: IdentityProviderView, nullable: true, description: "the OpenID provider the console signs in with; null when the console's client is not configured (`AUTH_OIDC_CONSOLE_CLIENT_ID`)" })
  identityProvider!: IdentityProviderView | null;
}

/**
 * The program's public facts (issue 14): what the console needs to draw the application form
 * (languages, terms version, partner types, thresholds) and the rules it shows beside fields. Only
 * facts a prospective partner may read; no secret and no holiday internals.
 */
@ApiTags('program')
@Controller('v1/program')
export class ProgramController {
  constructor(
    @Inject(PROGRAM) private readonly program: ProgramPreset,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The program this service runs (`PROGRAM`). */
  @Get()
  @Public()
  @ApiOkResponse({ type: ProgramView })
  @ApiProblems(500)
  get(): ProgramView {
    const p = this.program;
    return {
      id: p.id,
      displayName: p.displayName,
      currency: p.currency,
      languages: [...p.languages],
      termsVersion: p.termsVersion,
      partnerTypes: [...PARTNER_TYPES],
      thresholds: p.thresholds ? { ...p.thresholds, partnerTypes: [...p.thresholds.partnerTypes], minRegisteredCapital: formatAmount(BigInt(p.thresholds.minRegisteredCapital), p.currency) } : null,
      requiredCourses: [...p.requiredCourses],
      assessmentMonths: p.assessmentMonths,
      reviewSlaBusinessDays: p.reviewSlaBusinessDays,
      invitationLifetimeDays: p.invitationLifetimeDays,
      discountCapPercent: p.discountCapPercent,
      timeZone: p.timeZone,
      devSignIn: this.config.devSignIn,
      identityProvider: identityProvider(this.config),
    };
  }
}

/** The console's provider sign-in from the configuration, or null without the console's client. */
function identityProvider(config: AppConfig): IdentityProviderView | null {
  const oidc = config.oidc;
  if (!oidc?.consoleClientId) return null;
  return { issuer: oidc.issuer, clientId: oidc.consoleClientId, scope: oidc.consoleScope ?? 'openid', audience: oidc.audience };
}
