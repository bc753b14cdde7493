import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, EventStore } from '@pp/event-store';
import { StreamReads } from '@pp/platform';

/** Events of `customer-{accountId}` after which the account is linked to a partner (invited or a customer). */
const LINKING = new Set(['CustomerInvited', 'CustomerInvitationConfirmed', 'CustomerApproved']);
/** Events after which it is free again. */
const UNLINKING = new Set(['CustomerInvitationDeclined', 'CustomerInvitationCancelled', 'CustomerInvitationExpired', 'CustomerRejected', 'CustomerRelationshipEnded']);

/**
 * Whether an account is a partner's customer or has a partner's invitation pending, read from the
 * `customer-{accountId}` stream, where the one-partner-per-customer rule lives (SPEC section 4).
 */
@Injectable()
export class CustomerLinks {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** With `reads`, the decision being made holds on to the stream's revision (see {@link StreamReads}). */
  async isLinked(accountId: string, reads?: StreamReads): Promise<boolean> {
    const events = await this.store.readStream(`customer-${accountId}`);
    reads?.record(`customer-${accountId}`, events);
    let linked = false;
    for (const e of events) {
      if (LINKING.has(e.type)) linked = true;
      else if (UNLINKING.has(e.type)) linked = false;
    }
    return linked;
  }
}
