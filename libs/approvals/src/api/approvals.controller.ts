import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '@pp/auth';
import { ApiProblems, CommandContext, Ctx, READ_UNAVAILABLE } from '@pp/platform';
import { ApprovalQueuePage, GetApprovalQueueQuery } from '../application/get-approval-queue.query';
import { ApprovalQueuePageView, ApprovalQueueQueryDto } from './approval-queue.dto';

/** The provider staff's approval queue (SPEC section 7). */
@ApiTags('approvals')
@ApiBearerAuth()
@Controller('v1/approvals')
export class ApprovalsController {
  constructor(private readonly queries: QueryBus) {}

  /** Pending partner applications and customers, oldest due first; filter by kind and overdue; cursor paging. */
  @Get()
  @Roles('reviewer')
  @ApiOkResponse({ type: ApprovalQueuePageView })
  @ApiProblems([400, 'VALIDATION_FAILED', 'INVALID_CURSOR'], 401, 403, [503, ...READ_UNAVAILABLE])
  list(@Query() query: ApprovalQueueQueryDto, @Ctx() ctx: CommandContext): Promise<ApprovalQueuePage> {
    return this.queries.execute(
      new GetApprovalQueueQuery(
        {
          kind: query.kind,
          overdue: query.overdue === undefined ? undefined : query.overdue === 'true',
          limit: query.limit ?? 50,
          cursor: query.cursor,
          minPosition: query.minPosition === undefined ? undefined : BigInt(query.minPosition),
        },
        ctx.now,
      ),
    );
  }
}
