import { Module } from '@nestjs/common';
import { CustomersModule } from '@pp/customers';
import { MailSender } from './mail-sender';

/** E-mail: the outbox projection's rows, sent by {@link MailSender}. The transport and settings come from the app. */
@Module({ imports: [CustomersModule], providers: [MailSender], exports: [MailSender] })
export class NotificationsModule {}
