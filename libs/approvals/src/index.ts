export * from './approvals.module';
export * from './projections/approval-queue.projection';
export * from './application/get-approval-queue.query';
