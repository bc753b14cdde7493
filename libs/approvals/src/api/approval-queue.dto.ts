import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '@pp/platform';
import type { ApprovalQueueItem, ApprovalQueuePage } from '../application/get-approval-queue.query';

/** Query of GET /v1/approvals. */
export class ApprovalQueueQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['partner', 'customer'] }) @IsOptional() @IsIn(['partner', 'customer']) kind?: 'partner' | 'customer';
  @ApiPropertyOptional({ enum: ['true', 'false'] }) @IsOptional() @IsIn(['true', 'false']) overdue?: 'true' | 'false';
}

/** One pending subject of the approval queue (SPEC section 9); times UTC ISO-8601. */
@ApiSchema({ name: 'ApprovalQueueItem' })
export class ApprovalQueueItemView implements ApprovalQueueItem {
  @ApiProperty({ enum: ['partner', 'customer'] }) kind!: 'partner' | 'customer';
  @ApiProperty({ example: 'vn-ent-saoviet', description: 'the partner applying, or the customer account' }) subject!: string;
  @ApiProperty({ example: 'vn-ent-saoviet' }) partnerId!: string;
  @ApiProperty({ example: '2026-11-23T03:00:00.000Z' }) submittedAt!: string;
  @ApiProperty({ example: '2026-11-26T03:00:00.000Z', description: 'submission + the review SLA in business days' }) dueAt!: string;
  @ApiProperty({ example: false }) overdue!: boolean;
  @ApiProperty({ example: 'pending_approval' }) status!: string;
}

/** GET /v1/approvals: oldest due first, the cursor of the next page (null at the end), the position read at. */
@ApiSchema({ name: 'ApprovalQueuePage' })
export class ApprovalQueuePageView implements ApprovalQueuePage {
  @ApiProperty({ type: [ApprovalQueueItemView] }) items!: ApprovalQueueItemView[];
  @ApiProperty({ type: String, nullable: true, example: null }) nextCursor!: string | null;
  @ApiProperty({ example: '48234496' }) position!: string;
}
