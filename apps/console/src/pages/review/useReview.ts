import { api } from '../../api/client';
import { useRead } from '../../api/hooks';
import type { ApprovalQueueItem, InvitationView, Page, PartnerView } from '../../api/types';

/** The queue's filters as GET /v1/approvals takes them (both are done by the api). */
export interface QueueFilter {
  kind?: 'partner' | 'customer';
  overdue?: 'true' | 'false';
}

/** Rows a queue page asks for. */
export const QUEUE_PAGE_SIZE = 25;

/** GET /v1/approvals: pending partners and customers, oldest due first, one page from `cursor`, at this tab's last write. */
export function useApprovalQueue(filter: QueueFilter, cursor: string | undefined) {
  return useRead<Page<ApprovalQueueItem>>(['approvals', filter.kind, filter.overdue, cursor], (minPosition) =>
    api.GET('/v1/approvals', { params: { query: { kind: filter.kind, overdue: filter.overdue, cursor, limit: QUEUE_PAGE_SIZE, minPosition } } }),
  );
}

/** GET /v1/partners/{partnerId} as a reviewer reads it (bank account number masked), at this tab's last write. */
export function useReviewedPartner(partnerId: string) {
  return useRead<PartnerView>(['partner', partnerId], (minPosition) => api.GET('/v1/partners/{partnerId}', { params: { path: { partnerId }, query: { minPosition } } }), { retry: false });
}

/** GET /v1/customers/{accountId}/invitation: the relationship, folded from the customer stream (always current). */
export function useCustomerRelationship(accountId: string) {
  return useRead<InvitationView>(
    ['invitation', accountId],
    () => api.GET('/v1/customers/{accountId}/invitation', { params: { path: { accountId } } }),
    { retry: false },
  );
}
