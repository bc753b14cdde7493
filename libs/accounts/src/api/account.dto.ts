import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';

/** Ids of accounts, partners and customers as the provider's identity service issues them. */
export const ACCOUNT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Body of POST /v1/accounts. */
export class RegisterAccountDto {
  @ApiProperty({ example: 'vn-ent-saoviet' })
  @Matches(ACCOUNT_ID_PATTERN, { message: 'accountId must be 1-128 letters, digits, dot, dash or underscore' })
  accountId!: string;

  @ApiProperty({ example: 'admin@saoviet.vn' })
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ enum: ['individual', 'enterprise'] })
  @IsIn(['individual', 'enterprise'])
  type!: 'individual' | 'enterprise';

  @ApiProperty({ enum: ['prepaid', 'postpaid'] })
  @IsIn(['prepaid', 'postpaid'])
  billing!: 'prepaid' | 'postpaid';
}

/** Body of POST /v1/accounts/{accountId}/identity-verification. */
export class RecordIdentityVerificationDto {
  @ApiProperty({ example: '深圳市云帆科技有限公司' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  legalName!: string;

  @ApiProperty({ example: 'business_license' })
  @Matches(/^[a-z][a-z0-9_]{0,63}$/, { message: 'method must be a lower-case identifier such as business_license' })
  method!: string;
}

/** Body of PUT /v1/accounts/{accountId}/standing. */
export class RecordAccountStandingDto {
  @ApiProperty({ example: '2000000', description: "decimal string in the program's currency" })
  @Matches(/^(0|[1-9]\d{0,30})(\.\d{1,4})?$/, { message: 'creditBalance must be a non-negative decimal string' })
  creditBalance!: string;

  @ApiProperty() @IsBoolean() usesServices!: boolean;
  @ApiProperty() @IsBoolean() hasDiscount!: boolean;
  @ApiProperty() @IsBoolean() onPoc!: boolean;
  @ApiProperty() @IsBoolean() isProviderCustomer!: boolean;
}
