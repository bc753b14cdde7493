import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ACCOUNT_ID_PATTERN } from '@pp/accounts';
import { ReadQueryDto } from '@pp/platform';

export { ReadQueryDto };
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsInt, IsNotEmpty, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { PARTNER_TYPES, PartnerType } from '../domain/partner.events';

const text = (max: number) => [IsString(), IsNotEmpty(), MaxLength(max)];
const apply = (...decorators: PropertyDecorator[]): PropertyDecorator => (target, key) => decorators.forEach((d) => d(target, key));

/** The applicant company. */
export class CompanyDto {
  @ApiProperty() @apply(...text(300)) legalName!: string;
  @ApiProperty({ description: "business licence number ('-' where there is none)" }) @apply(...text(64)) businessLicenseNo!: string;
  @ApiProperty({ example: '10000000000', description: 'decimal string in the program currency' })
  @Matches(/^(0|[1-9]\d{0,30})(\.\d{1,4})?$/, { message: 'registeredCapital must be a non-negative decimal string' })
  registeredCapital!: string;
  @ApiProperty() @IsInt() @Min(0) @Max(10_000_000) staff!: number;
  @ApiProperty() @IsInt() @Min(0) @Max(10_000_000) technicalStaff!: number;
  @ApiProperty() @IsBoolean() customerOperations!: boolean;
  @ApiProperty() @IsBoolean() afterSalesService!: boolean;
}

/** The contact person. */
export class ContactDto {
  @ApiProperty() @apply(...text(200)) name!: string;
  @ApiProperty() @IsEmail({}, { message: 'contact.email must be an e-mail address' }) @MaxLength(254) email!: string;
  @ApiProperty({ example: '+84 28 3822 1234' }) @Matches(/^\+?[0-9][0-9 ().-]{5,30}$/, { message: 'phone must be a telephone number' }) phone!: string;
}

/** Where the provider pays the partner. */
export class BankDto {
  @ApiProperty() @apply(...text(200)) bankName!: string;
  @ApiProperty() @apply(...text(200)) branch!: string;
  @ApiProperty() @apply(...text(200)) accountName!: string;
  @ApiProperty() @Matches(/^[A-Za-z0-9 -]{4,40}$/, { message: 'accountNumber must be 4-40 letters, digits, spaces or dashes' }) accountNumber!: string;
}

/** Body of POST /v1/partners: the partner application (seed 001 step 2, SPEC section 3). */
export class RegisterPartnerDto {
  @ApiProperty({ enum: ['en', 'vi', 'zh'] }) @IsIn(['en', 'vi', 'zh']) language!: 'en' | 'vi' | 'zh';
  @ApiProperty({ example: '2023-07' }) @apply(...text(32)) termsVersion!: string;
  @ApiProperty({ description: 'the applicant ticked "I accept the terms and conditions"' }) @IsBoolean() acceptTerms!: boolean;
  @ApiProperty({ enum: PARTNER_TYPES }) @IsIn(PARTNER_TYPES) partnerType!: PartnerType;
  @ApiProperty({ type: CompanyDto }) @IsObject() @ValidateNested() @Type(() => CompanyDto) company!: CompanyDto;
  @ApiProperty({ type: ContactDto }) @IsObject() @ValidateNested() @Type(() => ContactDto) contact!: ContactDto;
  @ApiProperty({ type: BankDto }) @IsObject() @ValidateNested() @Type(() => BankDto) bank!: BankDto;
}

/** Body of POST /v1/partners/{partnerId}/approval: nothing is needed. */
export class ApprovePartnerDto {}

/** Body of POST /v1/partners/{partnerId}/rejection. */
export class RejectPartnerDto {
  @ApiProperty({ description: 'told to the applicant in the rejection e-mail' }) @apply(...text(2000)) reason!: string;
}

/** Path parameter `{partnerId}`. */
export class PartnerIdParam {
  @ApiProperty() @Matches(ACCOUNT_ID_PATTERN, { message: 'partnerId is not a valid account id' }) partnerId!: string;
}

/** The company part of a profile change: only its name may change. */
export class CompanyNameDto {
  @ApiProperty() @apply(...text(300)) legalName!: string;
}

/** Body of PATCH /v1/partners/{partnerId}/profile: any of the sections, each given whole. */
export class UpdatePartnerProfileDto {
  @ApiPropertyOptional({ type: ContactDto }) @IsOptional() @IsObject() @ValidateNested() @Type(() => ContactDto) contact?: ContactDto;
  @ApiPropertyOptional({ type: CompanyNameDto }) @IsOptional() @IsObject() @ValidateNested() @Type(() => CompanyNameDto) company?: CompanyNameDto;
  @ApiPropertyOptional({ type: BankDto }) @IsOptional() @IsObject() @ValidateNested() @Type(() => BankDto) bank?: BankDto;
}

/** Body of POST /v1/partners/{partnerId}/assessment. */
export class RecordAssessmentDto {
  @ApiProperty({ enum: ['passed', 'failed'] }) @IsIn(['passed', 'failed']) result!: 'passed' | 'failed';
  @ApiPropertyOptional({ enum: ['suspended', 'terminated'], description: 'required when the result is failed' }) @IsOptional() @IsIn(['suspended', 'terminated']) outcome?: 'suspended' | 'terminated';
  @ApiProperty() @apply(...text(4000)) notes!: string;
}

/** Body of suspension, reinstatement and termination: the reason the partner is told. */
export class LifecycleReasonDto {
  @ApiProperty() @apply(...text(2000)) reason!: string;
}

/** Path parameters `{partnerId}` and `{courseId}`. */
export class CourseParams {
  @ApiProperty() @Matches(ACCOUNT_ID_PATTERN, { message: 'partnerId is not a valid account id' }) partnerId!: string;
  @ApiProperty() @Matches(/^[a-z0-9][a-z0-9._-]{0,99}$/, { message: 'courseId must be a lower-case course id' }) courseId!: string;
}

/**
 * RegisterPartner's refusal as RFC 9457 problem+json (422, or 409 when `code` is
 * PARTNER_ALREADY_REGISTERED). `code` is the first failed rule in the order of SPEC section 3;
 * `reasons` is present when more than one failed and then names all; the extensions of every failed
 * rule are present. Source: seeds 001 (account requirements) and 004 (申请条件, 步骤三 notes).
 */
export class RegisterPartnerProblemDto {
  @ApiProperty({ example: 'urn:partner-portal:problem:account-not-enterprise' }) type!: string;
  @ApiProperty({ example: 'Unprocessable Content' }) title!: string;
  @ApiProperty({ example: 422 }) status!: number;
  @ApiProperty() detail!: string;
  @ApiPropertyOptional() instance?: string;
  @ApiProperty({
    description:
      'ACCOUNT_NOT_FOUND, ACCOUNT_NOT_ENTERPRISE, ACCOUNT_IS_PARTNER_CUSTOMER, LANGUAGE_NOT_OFFERED, TERMS_NOT_ACCEPTED, PARTNER_ALREADY_REGISTERED, IDENTITY_NOT_VERIFIED, COMPANY_NAME_MISMATCH, BRAND_CONFLICT, THRESHOLD_NOT_MET (or a validation code)',
    example: 'ACCOUNT_NOT_ENTERPRISE',
  })
  code!: string;
  @ApiPropertyOptional({ type: [String], description: 'every failed rule, in the documented order, when more than one failed; absent, `code` is the only reason', example: ['ACCOUNT_NOT_ENTERPRISE', 'TERMS_NOT_ACCEPTED'] })
  reasons?: string[];
  @ApiPropertyOptional({ type: [String], description: 'LANGUAGE_NOT_OFFERED: the languages the program offers' }) languages?: string[];
  @ApiPropertyOptional({ description: 'TERMS_NOT_ACCEPTED: the version to accept' }) termsVersion?: string;
  @ApiPropertyOptional({ description: 'COMPANY_NAME_MISMATCH: the verified legal name' }) verifiedLegalName?: string;
  @ApiPropertyOptional({ type: [String], description: 'BRAND_CONFLICT: the brand words found in the company name' }) brandWords?: string[];
  @ApiPropertyOptional({ type: [String], description: 'THRESHOLD_NOT_MET: registeredCapital, staff, technicalStaff, customerOperations, afterSalesService' }) failed?: string[];
}
