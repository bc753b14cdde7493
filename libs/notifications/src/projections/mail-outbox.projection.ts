import { PartnerCreditThresholdCrossed } from '@pp/credit';
import { CUSTOMER_EVENT_TYPES, CustomerEvent, invitationRecipient } from '@pp/customers';
import { sql } from '@pp/database';
import { RecordedEvent } from '@pp/event-store';
import { PARTNER_EVENT_TYPES, PartnerEvent } from '@pp/partners';
import type { WebhookSubscriptionFailing } from '@pp/webhooks';
import { formatAmount, formatPercent } from '@pp/platform';
import { Int8, Jsonb, Projection, ReadDb, Timestamptz } from '@pp/read-store';
import { ColumnType, Kysely, Selectable } from 'kysely';
import { MailKind } from '../templates';

/** A row of `mail_outbox`: one mail to send, keyed by the event that calls for it. */
export interface MailOutboxTable {
  event_id: string;
  kind: MailKind;
  recipient: string;
  language: string;
  /** The template's values (no secret: the invitation token is derived when sending). */
  mail_values: Jsonb<Record<string, string>>;
  /** `pending`, `sending`, `sent`, `failed` or `unknown` (interrupted while sending). */
  status: ColumnType<string, string | undefined, string>;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Timestamptz;
  created_at: Timestamptz;
  sent_at: Timestamptz | null;
  last_error: string | null;
}

/** A row of `mail_partners`: what a partner's mails need (language, contact, company name). */
export interface MailPartnersTable {
  partner_id: string;
  language: string;
  contact_name: string;
  contact_email: string;
  company_name: string;
}

/** A row of `mail_invitations`: who was invited, for the mails that follow the invitation. */
export interface MailInvitationsTable {
  invitation_id: string;
  account_id: string;
  partner_id: string;
  email: string;
  common_name: string;
}

/** The one row of `mail_outbox_horizon`: the log's head when the outbox was first initialized. */
export interface MailOutboxHorizonTable {
  position: Int8;
}

/** The tables of {@link mailOutboxProjection}. */
export interface MailOutboxTables {
  mail_outbox: MailOutboxTable;
  mail_partners: MailPartnersTable;
  mail_invitations: MailInvitationsTable;
  mail_outbox_horizon: MailOutboxHorizonTable;
}

declare module '@pp/read-store' {
  // eslint-disable-next-line @typescript-eslint/no-empty-interface
  interface ReadDb extends MailOutboxTables {}
}

/**
 * The outbox's horizon, read once per transaction (`trx` is one page's): it is seeded once, by
 * `initialize`, and never moves, so a page with many mails reads it once instead of once a mail,
 * and the page's held-back writes are not sent early for it.
 * @throws Error when it is empty: never guess, without it every old event would mail its recipient again.
 */
const horizons = new WeakMap<object, bigint>();
async function horizonOf(trx: Kysely<ReadDb>): Promise<bigint> {
  const known = horizons.get(trx);
  if (known !== undefined) return known;
  const { rows } = await sql<Selectable<MailOutboxHorizonTable>>`select position from mail_outbox_horizon`.execute(trx);
  if (!rows.length) throw new Error('mail_outbox_horizon is empty: the projection runs only after ProjectionRunner.migrate has initialized it');
  const horizon = BigInt(String(rows[0].position));
  horizons.set(trx, horizon);
  return horizon;
}

/**
 * The e-mail outbox: one row per event that must send a mail, keyed by the event id, written in the
 * same transaction as the projection's checkpoint, so every such event gets exactly one row however
 * often the log is replayed. The sender works the rows off. Rows hold no secret: the invitation
 * token is derived again when the mail is sent.
 *
 * Beside it, `mail_partners` and `mail_invitations` keep what later mails need to know (the
 * partner's language and contact, the invited customer's name and address), and
 * `mail_outbox_horizon` the log's head when the outbox was first initialized: older events (an
 * upgrade, a new database on an old log) fill the lookup tables but mail nobody; their mails were
 * sent, or were due, long ago. It is set from the store's head position, not from the SQL log, since
 * the log may be in EventStoreDB.
 */
export const mailOutboxProjection: Projection = {
  name: 'mail-outbox',
  eventTypes: [...PARTNER_EVENT_TYPES, ...CUSTOMER_EVENT_TYPES, 'PartnerCreditThresholdCrossed', 'WebhookSubscriptionFailing'],
  tables: ['mail_outbox', 'mail_partners', 'mail_invitations', 'mail_outbox_horizon'],
  notRebuildable: 'the outbox records which mails were sent; replaying it would send them again',
  migrations: {
    '2026-11-22T04-00-00': {
      async up(db: Kysely<unknown>) {
        await sql`
          create table mail_outbox (
            event_id uuid primary key,
            kind text not null,
            recipient text not null,
            language text not null,
            mail_values jsonb not null,
            status text not null default 'pending',
            attempts integer not null default 0,
            next_attempt_at timestamptz not null,
            created_at timestamptz not null,
            sent_at timestamptz,
            last_error text
          )`.execute(db);
        await sql`create index mail_outbox_due on mail_outbox (status, next_attempt_at)`.execute(db);
        await sql`create table mail_partners (partner_id text primary key, language text not null, contact_name text not null, contact_email text not null, company_name text not null)`.execute(db);
        await sql`create table mail_invitations (invitation_id text primary key, account_id text not null, partner_id text not null, email text not null, common_name text not null)`.execute(db);
        // Filled by `initialize` below. (Databases created before 2026-12-01 got the row here, from es_events.)
        await sql`create table mail_outbox_horizon (position bigint not null)`.execute(db);
      },
      async down(db: Kysely<unknown>) {
        await sql`drop table mail_outbox_horizon`.execute(db);
        await sql`drop table mail_invitations`.execute(db);
        await sql`drop table mail_partners`.execute(db);
        await sql`drop table mail_outbox`.execute(db);
      },
    },
    '2026-12-02T00-00-00_invitation_index': {
      // A withdrawal looks up the invitation mail it takes back, by invitation.
      async up(db: Kysely<unknown>) {
        await sql`create index mail_outbox_invitation on mail_outbox ((mail_values->>'invitationId')) where kind = 'customer_invitation'`.execute(db);
      },
      async down(db: Kysely<unknown>) {
        await sql`drop index mail_outbox_invitation`.execute(db);
      },
    },
  },
  async initialize(trx: Kysely<ReadDb>, { headPosition }) {
    // Two processes starting together must not both seed it.
    await sql`lock table mail_outbox_horizon in share row exclusive mode`.execute(trx);
    await sql`insert into mail_outbox_horizon (position) select ${headPosition.toString()}::bigint where not exists (select 1 from mail_outbox_horizon)`.execute(trx);
  },
  async apply(trx: Kysely<ReadDb>, recorded: RecordedEvent) {
    const event = { type: recorded.type, data: recorded.data } as PartnerEvent | CustomerEvent | PartnerCreditThresholdCrossed | WebhookSubscriptionFailing;
    const at = String(recorded.metadata.occurredAt ?? recorded.recordedAt);
    const enqueue = async (kind: MailKind, recipient: string, language: string, values: Record<string, unknown>) => {
      if (recorded.position <= (await horizonOf(trx))) return;
      await sql`
        insert into mail_outbox (event_id, kind, recipient, language, mail_values, next_attempt_at, created_at)
        values (${recorded.eventId}, ${kind}, ${recipient}, ${language}, ${JSON.stringify(values)}::jsonb, ${at}, ${at})
        on conflict (event_id) do nothing`.execute(trx);
    };
    const partnerOf = async (partnerId: string) =>
      (await sql<Selectable<MailPartnersTable>>`select * from mail_partners where partner_id = ${partnerId}`.execute(trx)).rows[0];
    const invitation = async (invitationId: string) =>
      (await sql<Pick<Selectable<MailInvitationsTable>, 'email' | 'common_name'>>`select email, common_name from mail_invitations where invitation_id = ${invitationId}`.execute(trx)).rows[0];

    switch (event.type) {
      case 'PartnerRegistrationSubmitted': {
        const d = event.data;
        await sql`
          insert into mail_partners (partner_id, language, contact_name, contact_email, company_name)
          values (${d.partnerId}, ${d.language}, ${d.contact.name}, ${d.contact.email}, ${d.company.legalName})
          on conflict (partner_id) do update set language = excluded.language, contact_name = excluded.contact_name, contact_email = excluded.contact_email, company_name = excluded.company_name`.execute(trx);
        await enqueue('partner_registration_received', d.contact.email, d.language, { partnerName: d.contact.name, approvalDueAt: d.approvalDueAt });
        return;
      }
      case 'PartnerApproved':
      case 'PartnerRejected': {
        const partner = await partnerOf(event.data.partnerId);
        if (!partner) return;
        if (event.type === 'PartnerApproved') {
          await enqueue('partner_approved', partner.contact_email, partner.language, { partnerName: partner.contact_name, ...(event.data.assessmentEndsAt ? { assessmentEndsAt: event.data.assessmentEndsAt } : {}) });
        }
        else await enqueue('partner_rejected', partner.contact_email, partner.language, { partnerName: partner.contact_name, reason: event.data.reason });
        return;
      }
      case 'PartnerSuspended':
      case 'PartnerReinstated':
      case 'PartnerTerminated': {
        const partner = await partnerOf(event.data.partnerId);
        if (!partner) return;
        const kind = event.type === 'PartnerSuspended' ? 'partner_suspended' : event.type === 'PartnerReinstated' ? 'partner_reinstated' : 'partner_terminated';
        await enqueue(kind, partner.contact_email, partner.language, { partnerName: partner.contact_name, reason: event.data.reason });
        return;
      }
      case 'PartnerAssessmentRecorded': {
        const partner = await partnerOf(event.data.partnerId);
        if (!partner) return;
        // One mail for the one event: the result, and for a failure what follows (suspension or termination).
        const d = event.data;
        if (d.passed) await enqueue('partner_assessment_passed', partner.contact_email, partner.language, { partnerName: partner.contact_name, notes: d.notes });
        else await enqueue('partner_assessment_failed', partner.contact_email, partner.language, { partnerName: partner.contact_name, notes: d.notes, outcome: d.outcome });
        return;
      }
      case 'PartnerProfileUpdated': {
        const contact = event.data.changes.contact?.after;
        if (contact) {
          await sql`update mail_partners set contact_name = ${contact.name}, contact_email = ${contact.email} where partner_id = ${event.data.partnerId}`.execute(trx);
        }
        const name = event.data.changes.companyName?.after;
        if (name) await sql`update mail_partners set company_name = ${name} where partner_id = ${event.data.partnerId}`.execute(trx);
        return;
      }
      case 'CustomerInvited': {
        const d = event.data;
        await sql`
          insert into mail_invitations (invitation_id, account_id, partner_id, email, common_name) values (${d.invitationId}, ${d.accountId}, ${d.partnerId}, ${d.email}, ${d.commonName})
          on conflict (invitation_id) do nothing`.execute(trx);
        if (recorded.position <= (await horizonOf(trx))) return;
        // To the address on record: the partner's spelling only found the account (and may not even be deliverable, e.g. a Kelvin sign).
        const recipient = invitationRecipient(d);
        const values = { customerEmail: recipient, accountId: d.accountId, invitationId: d.invitationId, expiresAt: d.expiresAt };
        // The partner's language and name looked up by the insert itself, not read first: the
        // page's writes stay held back together (the busiest mail: one per customer invited).
        await sql`
          insert into mail_outbox (event_id, kind, recipient, language, mail_values, next_attempt_at, created_at)
          select ${recorded.eventId}, ${'customer_invitation' satisfies MailKind}, ${recipient}, coalesce(p.language, 'en'),
            jsonb_build_object('partnerName', coalesce(p.company_name, ${d.partnerId}::text)) || ${JSON.stringify(values)}::jsonb, ${at}, ${at}
          from (select 1) as one left join mail_partners p on p.partner_id = ${d.partnerId}
          on conflict (event_id) do nothing`.execute(trx);
        return;
      }
      case 'CustomerApproved':
      case 'CustomerRejected': {
        const [partner, invited] = [await partnerOf(event.data.partnerId), await invitation(event.data.invitationId)];
        if (!partner || !invited) return;
        const values = { partnerName: partner.contact_name, customerName: invited.common_name, customerEmail: invited.email };
        if (event.type === 'CustomerApproved') await enqueue('customer_approved', partner.contact_email, partner.language, values);
        else await enqueue('customer_rejected', partner.contact_email, partner.language, { ...values, reason: event.data.reason });
        return;
      }
      case 'CustomerInvitationCancelled': {
        // The invitee holds a link that no longer works: tell the address the invitation went to (the
        // account's, not the partner's spelling), in the inviting partner's language. No invitation
        // mail queued (an event before the outbox's horizon): nothing to take back.
        const mailed = await sql<{ recipient: string; language: string; mail_values: { partnerName?: string } }>`
          select recipient, language, mail_values from mail_outbox where kind = 'customer_invitation' and mail_values->>'invitationId' = ${event.data.invitationId}`.execute(trx);
        const first = mailed.rows[0];
        if (!first) return;
        await enqueue('customer_invitation_withdrawn', first.recipient, first.language, {
          partnerName: first.mail_values.partnerName ?? event.data.partnerId,
          customerEmail: first.recipient,
          invitationId: event.data.invitationId,
          ...(event.data.reason ? { reason: event.data.reason } : {}),
        });
        return;
      }
      case 'WebhookSubscriptionFailing': {
        // To the subscription's contact; a partner's subscription without one, to the partner's contact, in its language.
        const d = event.data;
        const partner = d.ownerPartnerId ? await partnerOf(d.ownerPartnerId) : undefined;
        const recipient = d.contactEmail ?? partner?.contact_email;
        if (!recipient) return;
        await enqueue('webhook_subscription_failing', recipient, partner?.language ?? 'en', { subscriptionId: d.subscriptionId, webhookUrl: d.url, failingSince: d.failingSince, lastError: d.lastError, stuckAt: d.stuckAt });
        return;
      }
      case 'PartnerCreditThresholdCrossed': {
        const partner = await partnerOf(event.data.partnerId);
        if (!partner) return;
        // One mail per crossing: the decider appends one event per threshold crossed, never two for one crossing.
        const d = event.data;
        const money = (minor: string) => formatAmount(BigInt(minor), d.currency);
        await enqueue('partner_credit_threshold_crossed', partner.contact_email, partner.language, {
          partnerName: partner.contact_name,
          ...('usedPercent' in d.threshold ? { thresholdUsedPercent: String(d.threshold.usedPercent) } : { thresholdAvailableBelow: money(d.threshold.availableBelow) }),
          usedPercent: formatPercent(d.usedBasisPoints),
          deposited: money(d.deposited),
          allocated: money(d.allocated),
          available: money(d.available),
          currency: d.currency,
          crossedAt: d.crossedAt,
        });
        return;
      }
      default:
        return;
    }
  },
};
