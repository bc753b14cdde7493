import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ACCOUNT_ID_PATTERN } from '@pp/accounts';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEmail, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';

/** One customer to invite (seed 003 form: e-mail address, common name, your role). */
export class AddCustomerRowDto {
  @ApiProperty({ example: 'tran.thi.binh@minhphat.vn' }) @IsEmail({}, { message: 'email must be an e-mail address' }) @MaxLength(254) email!: string;
  @ApiProperty({ example: 'Minh Phát', description: 'a name the partner recognises the customer by' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  commonName!: string;
  @ApiPropertyOptional({ default: 'partner' }) @IsOptional() @Matches(/^[a-z][a-z0-9_-]{0,31}$/, { message: 'role must be a lower-case word such as partner' }) role?: string;
}

/** Body of POST /v1/partners/{partnerId}/customers: up to 100 rows. */
export class AddCustomersDto {
  @ApiProperty({ type: [AddCustomerRowDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => AddCustomerRowDto)
  customers!: AddCustomerRowDto[];
}

/** Body of the confirmation and the decline: the token from the invitation e-mail. */
export class InvitationAnswerDto {
  @ApiProperty({ description: 'the token from the invitation e-mail' }) @IsString() @IsNotEmpty() @MaxLength(512) token!: string;
}

/** Body of POST /v1/customers/{accountId}/rejection. */
export class RejectCustomerDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(2000) reason!: string;
}

/** Optional body of DELETE /v1/partners/{partnerId}/customers/{accountId}; ending a confirmed relationship needs a reason. */
export class RemoveCustomerDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(2000) reason?: string;
}

/** Path parameters `{partnerId}` and `{accountId}`. */
export class PartnerCustomerParams {
  @ApiProperty() @Matches(ACCOUNT_ID_PATTERN, { message: 'partnerId is not a valid account id' }) partnerId!: string;
  @ApiProperty() @Matches(ACCOUNT_ID_PATTERN, { message: 'accountId is not a valid account id' }) accountId!: string;
}

/** Body of PUT /v1/partners/{partnerId}/customers/{accountId}/discount. */
export class SetCustomerDiscountDto {
  @ApiProperty({ example: '5', description: 'percent, at most two decimals' }) @Matches(/^\d{1,3}(\.\d{1,2})?$/, { message: 'percent must be a decimal string with at most two decimals' }) percent!: string;
  @ApiProperty({ example: '2027-06', description: 'YYYY-MM, this month or later' }) @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'effectiveMonth must be YYYY-MM' }) effectiveMonth!: string;
}

/** One row of AddCustomer's answer (SPEC section 9), in input order. */
export class AddCustomerRowResultDto {
  @ApiProperty({ description: 'the e-mail as given in the row' }) email!: string;
  @ApiProperty({ enum: ['invited', 'rejected'] }) result!: 'invited' | 'rejected';
  @ApiPropertyOptional({
    description:
      'why the row was rejected: DUPLICATE_IN_BATCH, ACCOUNT_NOT_FOUND, PARTNER_NOT_ACTIVE, ACCOUNT_IS_PARTNER, CUSTOMER_ALREADY_LINKED, ACCOUNT_NOT_PREPAID, ACCOUNT_HAS_CREDIT, ACCOUNT_USING_SERVICES, ACCOUNT_HAS_DISCOUNT, ACCOUNT_ON_POC, INTERNAL_ERROR; the first of `reasons` when there are several',
    example: 'ACCOUNT_NOT_PREPAID',
  })
  code?: string;
  @ApiPropertyOptional({
    type: [String],
    description: "present when more than one of seed 003's eligibility conditions fails: every failing code, in the seed's order (prepaid, credit, services, discount, POC); absent, `code` is the only reason",
    example: ['ACCOUNT_NOT_PREPAID', 'ACCOUNT_HAS_CREDIT', 'ACCOUNT_ON_POC'],
  })
  reasons?: string[];
  @ApiPropertyOptional({ description: 'the invited account; only on invited rows' }) accountId?: string;
}

/** AddCustomer's answer: one result per row and the last global position written (decimal string). */
export class AddCustomersAnswerDto {
  @ApiProperty({ type: [AddCustomerRowResultDto] }) rows!: AddCustomerRowResultDto[];
  @ApiProperty({ example: '42' }) position!: string;
}
