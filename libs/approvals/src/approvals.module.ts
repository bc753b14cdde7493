import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ApprovalsController } from './api/approvals.controller';
import { GetApprovalQueueHandler } from './application/get-approval-queue.query';

/** Read side: the approval queue across partners and customers. */
@Module({ imports: [CqrsModule], controllers: [ApprovalsController], providers: [GetApprovalQueueHandler] })
export class ApprovalsModule {}
