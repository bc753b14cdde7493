import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { CommandAnswer } from '@pp/platform';
import type { AllocationAnswer } from '../application/allocate-customer-credit/allocate-customer-credit.command';
import { Type } from 'class-transformer';
import { IsArray, IsInt, IsObject, IsOptional, IsString, Matches, Max, Min, ValidateIf, ValidateNested } from 'class-validator';

const AMOUNT = /^-?(0|[1-9]\d{0,30})(\.\d{1,6})?$/;
const CURRENCY = /^[A-Z]{3}$/;

/** Body of POST /v1/partners/{partnerId}/credit-deposits. */
export class DepositPartnerCreditDto {
  @ApiProperty({ example: '50000000', description: 'decimal string in the currency (no exponent, no more decimals than the currency has)' })
  @IsString()
  @Matches(AMOUNT, { message: 'amount must be a decimal string such as "50000000" or "12.50"' })
  amount!: string;
  @ApiProperty({ example: 'VND' }) @Matches(CURRENCY, { message: 'currency must be an ISO 4217 code' }) currency!: string;
  @ApiProperty({ example: 'PAY-2026-11-0001', description: 'payment reference; the same reference adds once' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._:\/-]{0,99}$/, { message: 'reference must be 1-100 letters, digits or ._:/-' })
  reference!: string;
}

/** Body of POST /v1/partners/{partnerId}/customers/{accountId}/credit-allocations; a negative amount reclaims. */
export class AllocateCustomerCreditDto {
  @ApiProperty({ example: '20000000' }) @IsString() @Matches(AMOUNT, { message: 'amount must be a decimal string such as "20000000" or "-5.00"' }) amount!: string;
  @ApiProperty({ example: 'VND' }) @Matches(CURRENCY, { message: 'currency must be an ISO 4217 code' }) currency!: string;
}

/** Body of POST /v1/partners/{partnerId}/customers/{accountId}/revenue. */
export class RecordCustomerRevenueDto {
  @ApiProperty({ example: '2026-11' }) @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'period must be YYYY-MM' }) period!: string;
  @ApiProperty({ example: '3250000' }) @IsString() @Matches(AMOUNT, { message: 'amount must be a decimal string' }) amount!: string;
  @ApiProperty({ example: 'VND' }) @Matches(CURRENCY, { message: 'currency must be an ISO 4217 code' }) currency!: string;
  @ApiProperty({ example: 'INV-2026-11-77', description: 'billing reference; replays count once' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._:\/-]{0,99}$/, { message: 'billingReference must be 1-100 letters, digits or ._:/-' })
  billingReference!: string;
  @ApiPropertyOptional({ example: 'vngcloud-standard', description: 'the price list billing priced the month by (issue 17); with priceListVersion' })
  @ValidateIf((o: RecordCustomerRevenueDto) => o.priceListId !== undefined || o.priceListVersion !== undefined)
  @Matches(/^[a-z0-9][a-z0-9-]{0,63}$/, { message: 'priceListId must be 1-64 lower-case letters, digits or -, given with priceListVersion' })
  priceListId?: string;
  @ApiPropertyOptional({ example: 2, description: 'the version of that price list billed; with priceListId' })
  @ValidateIf((o: RecordCustomerRevenueDto) => o.priceListId !== undefined || o.priceListVersion !== undefined)
  @IsInt({ message: 'priceListVersion must be an integer, given with priceListId' })
  @Min(1)
  @Max(1_000_000)
  priceListVersion?: number;
}

/** AllocateCustomerCredit's answer: the command answer, the customer's balance and the pool after it (decimal strings in the currency). */
@ApiSchema({ name: 'AllocationAnswer' })
export class AllocationAnswerView extends CommandAnswer implements AllocationAnswer {
  @ApiProperty({ example: '20000000', description: "the customer's credit after the allocation" }) customerBalance!: string;
  @ApiProperty({ example: '30000000', description: 'what is left in the partner pool' }) available!: string;
}

/** One credit alert threshold: exactly one of `usedPercent` and `availableBelow` (checked with `INVALID_THRESHOLD`). */
export class CreditThresholdDto {
  @ApiPropertyOptional({ example: 70, minimum: 1, maximum: 100, description: 'alert when this whole percent of what was deposited is allocated to customers' })
  @IsOptional()
  @IsInt({ message: 'usedPercent must be a whole number' })
  usedPercent?: number;
  @ApiPropertyOptional({ example: '5000000', description: 'alert when less than this is left in the pool; decimal string in the program currency, more than zero' })
  @IsOptional()
  @IsString()
  @Matches(/^(0|[1-9]\d{0,30})(\.\d{1,6})?$/, { message: 'availableBelow must be a decimal string such as "5000000" or "12.50"' })
  availableBelow?: string;
}

/** Body of PUT /v1/partners/{partnerId}/credit/thresholds: the whole list (at most 10, none twice); empty clears it. */
export class SetPartnerCreditThresholdsDto {
  @ApiProperty({ type: [CreditThresholdDto], maxItems: 10, example: [{ usedPercent: 70 }, { usedPercent: 85 }, { availableBelow: '5000000' }] })
  @IsArray()
  @IsObject({ each: true, message: 'each threshold must be an object such as { "usedPercent": 70 }' })
  @ValidateNested({ each: true })
  @Type(() => CreditThresholdDto)
  thresholds!: CreditThresholdDto[];
}
