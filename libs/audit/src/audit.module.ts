import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';

/** The auditors' read access to the event log. */
@Module({ controllers: [AuditController] })
export class AuditModule {}
