import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '@pp/platform';

/** Query of GET /v1/approvals. */
export class ApprovalQueueQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['partner', 'customer'] }) @IsOptional() @IsIn(['partner', 'customer']) kind?: 'partner' | 'customer';
  @ApiPropertyOptional({ enum: ['true', 'false'] }) @IsOptional() @IsIn(['true', 'false']) overdue?: 'true' | 'false';
}
