import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { ACCOUNT_ID_PATTERN } from './account.dto';

/** Path parameter `{accountId}`. */
export class AccountIdParam {
  @ApiProperty() @Matches(ACCOUNT_ID_PATTERN, { message: 'accountId is not a valid account id' }) accountId!: string;
}
