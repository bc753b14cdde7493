import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { ACCOUNT_ID_PATTERN } from '@pp/accounts';

/** Path of GET /v1/partners/{partnerId}/customers/{accountId}. */
export class CustomerParams {
  @ApiProperty() @Matches(ACCOUNT_ID_PATTERN, { message: 'partnerId is not a valid account id' }) partnerId!: string;
  @ApiProperty() @Matches(ACCOUNT_ID_PATTERN, { message: 'accountId is not a valid account id' }) accountId!: string;
}
