import { approvalQueueProjection } from '@pp/approvals';
import { invitationExpiryProjection } from '@pp/customers';
import { partnerDashboardProjection } from '@pp/dashboard';
import { mailOutboxProjection } from '@pp/notifications';
import { partnersProjection } from '@pp/partners';
import { priceListsProjection } from '@pp/price-lists';
import { Projection } from '@pp/read-store';
import { webhooksProjection } from '@pp/webhooks';

/** Every projection of the service, in the order they are migrated and started. */
export const PROJECTION_LIST: readonly Projection[] = [partnersProjection, approvalQueueProjection, partnerDashboardProjection, priceListsProjection, invitationExpiryProjection, mailOutboxProjection, webhooksProjection];
