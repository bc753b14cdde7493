import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { CommandAnswer } from '@pp/platform';
import type { PartnerView } from '../application/get-partner/get-partner.query';
import type { PartnerAnswer } from '../application/partner-stream';
import { BankDto, CompanyDto } from './partner.dto';

/** A partner command's answer for the document: {@link CommandAnswer} and the partner's dates where they changed (UTC ISO-8601). */
@ApiSchema({ name: 'PartnerAnswer' })
export class PartnerAnswerView extends CommandAnswer implements PartnerAnswer {
  @ApiPropertyOptional({ type: String, nullable: true, example: '2026-11-25T03:00:00.000Z', description: 'set by an approval' }) approvedAt?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: '2027-02-25T03:00:00.000Z', description: 'end of the assessment period, where the program has one' }) assessmentEndsAt?: string | null;
}

/** A telephone number as the partner stream keeps it: the country calling code and the national number (libs/partners domain/phone.ts). */
@ApiSchema({ name: 'PhoneNumber' })
export class PhoneNumberView {
  @ApiProperty({ example: '+84', description: 'country calling code; empty for a number kept as typed before numbers were split' }) countryCode!: string;
  @ApiProperty({ example: '2838221234', description: 'national number, digits' }) number!: string;
}

/** The partner's contact as it is answered (RegisterPartner takes `phone` as typed; it is kept split). */
@ApiSchema({ name: 'ContactView' })
export class ContactView {
  @ApiProperty({ example: 'Nguyễn Thị Lan' }) name!: string;
  @ApiProperty({ example: 'lan.nguyen@saoviet.vn' }) email!: string;
  @ApiProperty({ type: PhoneNumberView }) phone!: PhoneNumberView;
}

/** One change of a partner's profile, with each changed section before and after. */
export class ProfileChangeView {
  @ApiProperty({ example: '2026-11-26T03:00:00.000Z' }) changedAt!: string;
  @ApiProperty({ example: 'vn-ent-saoviet', description: 'the `sub` of who changed it' }) changedBy!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'object', properties: { before: {}, after: {} } },
    description: 'by section (contact, company, bank): before and after; bank numbers masked where the caller may not see them',
    example: { contact: { before: { name: 'Nguyễn Văn An' }, after: { name: 'Trần Thị Bình' } } },
  })
  changes!: Record<string, { before: unknown; after: unknown }>;
}

/** GET /v1/partners/{partnerId}: the partner read model; times UTC ISO-8601, `position` a decimal string. */
@ApiSchema({ name: 'PartnerView' })
export class PartnerViewDto implements PartnerView {
  @ApiProperty({ example: 'vn-ent-saoviet' }) partnerId!: string;
  @ApiProperty({ enum: ['pending_approval', 'in_assessment', 'approved', 'rejected', 'suspended', 'terminated'], example: 'approved' }) status!: string;
  @ApiProperty({ example: 'vngcloud' }) program!: string;
  @ApiProperty({ example: 'vi' }) language!: string;
  @ApiProperty({ example: 'reseller' }) partnerType!: string;
  @ApiProperty({ example: '2023-07' }) termsVersion!: string;
  @ApiProperty({ type: CompanyDto, description: 'registeredCapital a decimal string in the program currency' }) company!: Record<string, unknown>;
  @ApiProperty({ type: ContactView }) contact!: Record<string, unknown>;
  @ApiProperty({ type: BankDto, description: 'accountNumber masked (last four characters) for reviewers' }) bank!: Record<string, unknown>;
  @ApiProperty({ example: '2026-11-23T03:00:00.000Z' }) appliedAt!: string;
  @ApiProperty({ example: '2026-11-26T03:00:00.000Z', description: 'submission + the review SLA in business days' }) approvalDueAt!: string;
  @ApiProperty({ type: String, nullable: true, example: '2026-11-25T03:00:00.000Z' }) approvedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, example: null }) rejectedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, example: null }) rejectionReason!: string | null;
  @ApiProperty({ example: 1, description: 'applications made, this one included' }) applications!: number;
  @ApiProperty({ type: String, nullable: true, example: null }) assessmentEndsAt!: string | null;
  @ApiProperty({ type: String, nullable: true, example: null, description: 'reason of the last suspension, reinstatement, termination or assessment note' }) statusReason!: string | null;
  @ApiProperty({ type: String, nullable: true, example: null }) statusChangedAt!: string | null;
  @ApiProperty({ type: [String], example: [] }) coursesCompleted!: string[];
  @ApiProperty({ type: [ProfileChangeView], description: 'oldest first' }) profileHistory!: ProfileChangeView[];
  @ApiProperty({ example: '48234496', description: 'global position the read model had reached' }) position!: string;
}
