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
    };
  }
}
