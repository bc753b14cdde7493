import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { Database, DATABASE, sql } from '@pp/database';
import { ACCOUNT_ID_PATTERN } from '@pp/accounts';
import { ISO_INSTANT } from '@pp/platform';
import { DomainError } from '@pp/platform';
import { ProjectionRunner } from '@pp/read-store';
import { approvalQueueProjection } from '../projections/approval-queue.projection';

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

interface Cursor {
  dueAt: string;
  kind: string;
  subject: string;
}

const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify([c.dueAt, c.kind, c.subject])).toString('base64url');

function decodeCursor(text: string): Cursor {
  try {
    const [dueAt, kind, subject] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown[];
    // Only what this API itself encodes: an exact ISO instant, a known kind, an account id.
    if (typeof dueAt === 'string' && ISO_INSTANT.test(dueAt) && new Date(dueAt).toISOString() === dueAt && (kind === 'partner' || kind === 'customer') && typeof subject === 'string' && ACCOUNT_ID_PATTERN.test(subject)) {
      return { dueAt, kind, subject };
    }
  } catch {
    /* not base64url JSON */
  }
  throw new DomainError('INVALID_CURSOR', 'invalid', 'cursor is not one this API returned');
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
    const after = filter.cursor ? decodeCursor(filter.cursor) : undefined;
    const nowIso = now.toISOString();
    const { rows } = await sql<any>`
      select kind, subject, partner_id, submitted_at, due_at, status from approval_queue
      where true
      ${filter.kind ? sql`and kind = ${filter.kind}` : sql``}
      ${filter.overdue === true ? sql`and due_at < ${nowIso}` : filter.overdue === false ? sql`and due_at >= ${nowIso}` : sql``}
      ${after ? sql`and (due_at, kind, subject) > (${after.dueAt}::timestamptz, ${after.kind}, ${after.subject})` : sql``}
      order by due_at, kind, subject
      limit ${filter.limit + 1}`.execute(this.database.db);
    const page = rows.slice(0, filter.limit);
    const items: ApprovalQueueItem[] = page.map((r) => {
      const dueAt = new Date(r.due_at);
      return { kind: r.kind, subject: r.subject, partnerId: r.partner_id, submittedAt: new Date(r.submitted_at).toISOString(), dueAt: dueAt.toISOString(), overdue: dueAt.getTime() < now.getTime(), status: r.status };
    });
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > filter.limit && last ? encodeCursor({ dueAt: last.dueAt, kind: last.kind, subject: last.subject }) : null, position: reached.toString() };
  }
}
