import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { PartnerDirectory } from '@pp/partners';
import { CommandPipeline, notFound } from '@pp/platform';
import { customerDecider, type CustomerStatus } from '../../domain/customer.decider';
import { customerStream } from '../../domain/customer.events';

/**
 * GET /v1/customers/{accountId}/invitation: what the invitation page shows the invited customer
 * (issue 14): who invites, for which account, until when, and where the relationship stands. Never
 * the token or its hash. Times UTC ISO-8601.
 */
export class InvitationView {
  @ApiProperty({ example: 'vn-cus-minhphat' }) accountId!: string;
  @ApiProperty({ example: 'vn-ent-saoviet' }) partnerId!: string;
  @ApiProperty({ type: String, nullable: true, example: 'Công ty TNHH Giải pháp Sao Việt', description: "the partner's company legal name" }) partnerName!: string | null;
  @ApiProperty({ example: 'Minh Phát' }) commonName!: string;
  @ApiProperty({ enum: ['invited', 'pending_approval', 'approved', 'declined', 'cancelled', 'expired', 'rejected', 'ended'] }) state!: CustomerStatus;
  @ApiProperty({ example: '2026-11-23T03:00:00.000Z' }) invitedAt!: string;
  @ApiProperty({ type: String, nullable: true, example: '2026-12-23T03:00:00.000Z', description: 'until when the customer may confirm or decline; null once the invitation is no longer open' }) expiresAt!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: '2026-11-24T08:00:00.000Z', description: 'when the customer confirmed' }) confirmedAt!: string | null;
  @ApiProperty({ example: '3', description: "the customer stream's revision read (decimal string)" }) revision!: string;
}

/** GetInvitation: the customer's latest relationship, folded from its stream (always current: no read model to wait for). */
export class GetInvitationQuery extends Query<InvitationView> {
  constructor(readonly accountId: string) {
    super();
  }
}

/** @throws DomainError `CUSTOMER_NOT_FOUND` (404) when the account was never invited. */
@QueryHandler(GetInvitationQuery)
export class GetInvitationHandler implements IQueryHandler<GetInvitationQuery, InvitationView> {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly partners: PartnerDirectory,
  ) {}

  async execute({ accountId }: GetInvitationQuery): Promise<InvitationView> {
    const { state, revision } = await this.pipeline.load(customerStream(accountId), customerDecider);
    if (state.status === 'none') throw notFound('CUSTOMER_NOT_FOUND', `${accountId} has no invitation`);
    const invitation = state.invitation;
    const partner = await this.partners.get(invitation.partnerId);
    return {
      accountId,
      partnerId: invitation.partnerId,
      partnerName: partner.status === 'none' ? null : partner.application.company.legalName,
      commonName: invitation.commonName,
      state: state.status,
      invitedAt: invitation.invitedAt,
      expiresAt: state.status === 'invited' ? invitation.expiresAt : null,
      confirmedAt: state.confirmedAt,
      revision: String(revision),
    };
  }
}
