import { Injectable } from '@nestjs/common';
import { CommandPipeline, StreamReads } from '@pp/platform';
import { partnerDecider, PartnerState } from '../domain/partner.decider';
import { partnerStream } from '../domain/partner.events';

/** Statuses in which a partner operates: adds customers, allocates credit, sets discounts (SPEC section 3). */
const OPERATING = new Set(['approved', 'in_assessment']);
/** Statuses in which an account counts as a partner (an application under way, or more). */
const PARTNER = new Set(['pending_approval', 'approved', 'in_assessment', 'suspended']);

/** Whether the partner may operate now. */
export const isOperating = (state: PartnerState) => OPERATING.has(state.status);
/** Whether the account is a partner or applying to be one. */
export const isPartnerAccount = (state: PartnerState) => PARTNER.has(state.status);

/** How other contexts read partners: straight from the partner stream, the source of truth. */
@Injectable()
export class PartnerDirectory {
  constructor(private readonly pipeline: CommandPipeline) {}

  /** The partner's state; with `reads`, a condition of the decision being made (see {@link StreamReads}). */
  async get(partnerId: string, reads?: StreamReads): Promise<PartnerState> {
    return (await this.pipeline.load(partnerStream(partnerId), partnerDecider, reads)).state;
  }
}
