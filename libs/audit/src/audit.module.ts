import { Module } from '@nestjs/common';
import { AuditController } from './api/audit.controller';
import { AuditLogQueries } from './application/audit-log.queries';

/** The auditors' read access to the event log. */
@Module({ controllers: [AuditController], providers: [AuditLogQueries] })
export class AuditModule {}
