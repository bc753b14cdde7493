import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { ACCOUNT_ID_PATTERN } from '@pp/accounts';
import { CommandAnswer, ReadQueryDto } from '@pp/platform';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, Validate, ValidateNested, ValidationArguments, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';
import type { PriceListPage } from '../application/list-price-lists/list-price-lists.query';
import type { PriceListDetail, PriceListItemView, PriceListSummary, PriceListVersionView } from '../application/price-list-views';
import { isCalendarDay } from '../domain/price-list.decider';
import { PRICE_LIST_ID_PATTERN } from '../domain/price-list.events';

const AMOUNT = /^(0|[1-9]\d{0,30})(\.\d{1,6})?$/;

/** A real calendar day `YYYY-MM-DD` (not `2027-02-31`): the pattern alone lets impossible days through. */
@ValidatorConstraint({ name: 'isCalendarDay' })
export class IsCalendarDayConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && isCalendarDay(value);
  }
  defaultMessage(args: ValidationArguments): string {
    return `${args.property} must be a calendar day YYYY-MM-DD`;
  }
}

/** Path parameter `{priceListId}`. */
export class PriceListIdParam {
  @ApiProperty({ example: 'vngcloud-standard' }) @Matches(PRICE_LIST_ID_PATTERN, { message: 'priceListId must be 1-64 lower-case letters, digits or -' }) priceListId!: string;
}

/** Path parameters `{partnerId}` and `{accountId}`. */
export class PartnerCustomerPathParams {
  @ApiProperty() @Matches(ACCOUNT_ID_PATTERN, { message: 'partnerId is not a valid account id' }) partnerId!: string;
  @ApiProperty() @Matches(ACCOUNT_ID_PATTERN, { message: 'accountId is not a valid account id' }) accountId!: string;
}

/** One item of a version to publish. */
export class PriceListItemDto {
  @ApiProperty({ example: 'vserver-2c4g', description: "the provider's product code; once per version" })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._:\/-]{0,63}$/, { message: 'sku must be 1-64 letters, digits or ._:/-' })
  sku!: string;
  @ApiProperty({ example: 'vServer 2 vCPU 4 GB' }) @IsString() @IsNotEmpty() @MaxLength(200) description!: string;
  @ApiProperty({ example: 'month', description: 'what one unit is (month, GB-month, hour)' }) @IsString() @IsNotEmpty() @MaxLength(40) unit!: string;
  @ApiProperty({ example: '450000', description: 'decimal string in the currency (no exponent, no more decimals than the currency has), zero or more' })
  @IsString()
  @Matches(AMOUNT, { message: 'unitPrice must be a decimal string such as "450000" or "12.50"' })
  unitPrice!: string;
}

/** Body of POST /v1/price-lists/{priceListId}/versions: up to 100 items (the edge limit of every array, `INPUT_LIMITS`). */
export class PublishPriceListDto {
  @ApiProperty({ example: 'VNG Cloud Standard 2027' }) @IsString() @IsNotEmpty() @MaxLength(200) name!: string;
  @ApiProperty({ example: 'VND', description: 'ISO 4217; every version keeps the currency of the first, and partners assign only lists in the program currency' })
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code' })
  currency!: string;
  @ApiProperty({ example: '2027-01-01', description: '`YYYY-MM-DD`, a calendar day (UTC) from which this version replaces the items; today or later, after today once the latest version is in effect' })
  @Matches(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'effectiveFrom must be a date YYYY-MM-DD' })
  @Validate(IsCalendarDayConstraint)
  effectiveFrom!: string;
  @ApiProperty({ type: [PriceListItemDto], description: '1-100 items, each SKU once' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => PriceListItemDto)
  items!: PriceListItemDto[];
}

/** Body of POST /v1/price-lists/{priceListId}/retirement. */
export class RetirePriceListDto {
  @ApiPropertyOptional({ example: 'replaced by vngcloud-standard-2027' }) @IsOptional() @IsString() @MaxLength(500) reason?: string;
}

/** Body of PUT /v1/partners/{partnerId}/customers/{accountId}/price-list. */
export class AssignCustomerPriceListDto {
  @ApiProperty({ example: 'vngcloud-standard' }) @Matches(PRICE_LIST_ID_PATTERN, { message: 'priceListId must be 1-64 lower-case letters, digits or -' }) priceListId!: string;
  @ApiProperty({ example: '2027-01', description: 'YYYY-MM in the program time zone, this month or later' }) @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'effectiveMonth must be YYYY-MM' }) effectiveMonth!: string;
}

/** Query of GET /v1/price-lists. */
export class ListPriceListsQueryDto extends ReadQueryDto {
  @ApiPropertyOptional({ enum: ['published', 'retired'] }) @IsOptional() @IsIn(['published', 'retired']) status?: 'published' | 'retired';
}

/** PublishPriceList's answer: the command answer and the version now latest. */
@ApiSchema({ name: 'PublishPriceListAnswer' })
export class PublishPriceListAnswerView extends CommandAnswer {
  @ApiProperty({ example: 2, description: 'the latest version (the one just published, or the same one when it was published again)' }) version!: number;
}

/** One item of a version; `unitPrice` a decimal string in the list's currency. */
@ApiSchema({ name: 'PriceListItem' })
export class PriceListItemViewDto implements PriceListItemView {
  @ApiProperty({ example: 'vserver-2c4g' }) sku!: string;
  @ApiProperty({ example: 'vServer 2 vCPU 4 GB' }) description!: string;
  @ApiProperty({ example: 'month' }) unit!: string;
  @ApiProperty({ example: '450000' }) unitPrice!: string;
}

/** One version of a price list. */
@ApiSchema({ name: 'PriceListVersion' })
export class PriceListVersionViewDto implements PriceListVersionView {
  @ApiProperty({ example: 1 }) version!: number;
  @ApiProperty({ example: 'VNG Cloud Standard' }) name!: string;
  @ApiProperty({ example: '2026-12-01', description: '`YYYY-MM-DD`, UTC day' }) effectiveFrom!: string;
  @ApiProperty({ example: '2026-11-23T03:00:00.000Z' }) publishedAt!: string;
  @ApiProperty({ type: [PriceListItemViewDto] }) items!: PriceListItemViewDto[];
}

/** A price list as the list shows it; times UTC ISO-8601. */
@ApiSchema({ name: 'PriceListSummary' })
export class PriceListSummaryView implements PriceListSummary {
  @ApiProperty({ example: 'vngcloud-standard' }) priceListId!: string;
  @ApiProperty({ example: 'VNG Cloud Standard' }) name!: string;
  @ApiProperty({ example: 'VND' }) currency!: string;
  @ApiProperty({ enum: ['published', 'retired'] }) status!: 'published' | 'retired';
  @ApiProperty({ description: "the program's default: bills every approved customer without an assignment in effect" }) isDefault!: boolean;
  @ApiProperty({ type: Number, nullable: true, example: 1, description: 'the version in effect today (UTC); null before the first' }) currentVersion!: number | null;
  @ApiProperty({ example: 2 }) latestVersion!: number;
  @ApiProperty({ example: '2026-11-23T03:00:00.000Z' }) publishedAt!: string;
  @ApiProperty({ type: String, nullable: true, example: null }) retiredAt!: string | null;
}

/** GET /v1/price-lists/{priceListId}: the list, every version oldest first, and the position read at. */
@ApiSchema({ name: 'PriceList' })
export class PriceListView extends PriceListSummaryView implements PriceListDetail {
  @ApiProperty({ type: [PriceListVersionViewDto] }) versions!: PriceListVersionViewDto[];
  @ApiProperty({ example: '48234496' }) position!: string;
}

/** GET /v1/price-lists. */
@ApiSchema({ name: 'PriceListPage' })
export class PriceListPageView implements PriceListPage {
  @ApiProperty({ type: [PriceListSummaryView] }) items!: PriceListSummaryView[];
  @ApiProperty({ example: '48234496' }) position!: string;
}
