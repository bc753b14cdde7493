import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { Database, DATABASE, sql } from '@pp/database';
import { ACCOUNT_ID_PATTERN } from '@pp/accounts';
import { decodeCursor, encodeCursor, isInstant } from '@pp/platform';
import { ProjectionRunner } from '@pp/read-store';
import { Selectable } from 'kysely';
import { ApprovalQueueTable, approvalQueueProjection } from '../projections/approval-queue.projection';

/** One item of the approval queue (SPEC section 9). Times UTC ISO-8601. */
export interface ApprovalQueueItem {
  kind: 'partner' | 'customer';
  subject: string;
  partnerId: string;
  submittedAt: string;
  dueAt: string;
  overdue: boolean;
  status: string;
}

/** The queue page: items oldest due first, the cursor of the next page (null at the end), the position read at. */
export interface ApprovalQueuePage {
  items: ApprovalQueueItem[];
  nextCursor: string | null;
  position: string;
}

/** GetApprovalQueue (reviewer): pending subjects, oldest due first, filterable by kind and overdue. */
export class GetApprovalQueueQuery extends Query<ApprovalQueuePage> {
  constructor(
    readonly filter: { kind?: 'partner' | 'customer'; overdue?: boolean; limit: number; cursor?: string; minPosition?: bigint },
    /** "Now" for the overdue flag. */
    readonly now: Date,
  ) {
    super();
  }
}

/** Keyset paging over (due_at, kind, subject), so pages stay stable while the queue changes. */
@QueryHandler(GetApprovalQueueQuery)
export class GetApprovalQueueHandler implements IQueryHandler<GetApprovalQueueQuery, ApprovalQueuePage> {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly projections: ProjectionRunner,
  ) {}

  async execute({ filter, now }: GetApprovalQueueQuery): Promise<ApprovalQueuePage> {
    const reached = await this.projections.waitFor([approvalQueueProjection.name], filter.minPosition);
    const after = filter.cursor ? decodeCursor(filter.cursor, [isInstant, (k) => k === 'partner' || k === 'customer', (k) => ACCOUNT_ID_PATTERN.test(k)]) : undefined;
    const nowIso = now.toISOString();
    const { rows } = await sql<Omit<Selectable<ApprovalQueueTable>, 'position'>>`
      select kind, subject, partner_id, submitted_at, due_at, status from approval_queue
      where true
      ${filter.kind ? sql`and kind = ${filter.kind}` : sql``}
      ${filter.overdue === true ? sql`and due_at < ${nowIso}` : filter.overdue === false ? sql`and due_at >= ${nowIso}` : sql``}
      ${after ? sql`and (due_at, kind, subject) > (${after[0]}::timestamptz, ${after[1]}, ${after[2]})` : sql``}
      order by due_at, kind, subject
      limit ${filter.limit + 1}`.execute(this.database.db);
    const page = rows.slice(0, filter.limit);
    const items: ApprovalQueueItem[] = page.map((r) => {
      const dueAt = new Date(r.due_at);
      return { kind: r.kind, subject: r.subject, partnerId: r.partner_id, submittedAt: new Date(r.submitted_at).toISOString(), dueAt: dueAt.toISOString(), overdue: dueAt.getTime() < now.getTime(), status: r.status };
    });
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > filter.limit && last ? encodeCursor([last.dueAt, last.kind, last.subject]) : null, position: reached.toString() };
  }
}
