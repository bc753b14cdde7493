import { CREDIT_EVENT_TYPES, CreditEvent, CreditThreshold, CustomerRevenueRecorded } from '@pp/credit';
import { CUSTOMER_EVENT_TYPES, CustomerEvent, CustomerStatus } from '@pp/customers';
import { sql } from '@pp/database';
import { RecordedEvent } from '@pp/event-store';
import { PARTNER_EVENT_TYPES, PartnerEvent } from '@pp/partners';
import { Int8, Jsonb, MinorUnits, Projection, ReadDb, Timestamptz } from '@pp/read-store';
import { Kysely } from 'kysely';

/** The customer status each customer event leads to. */
const STATUS_AFTER: Record<Exclude<CustomerEvent['type'], 'CustomerInvited' | 'CustomerInvitationConfirmed' | 'CustomerDiscountSet' | 'CustomerPriceListAssigned'>, CustomerStatus> = {
  CustomerInvitationDeclined: 'declined',
  CustomerInvitationCancelled: 'cancelled',
  CustomerInvitationExpired: 'expired',
  CustomerApproved: 'approved',
  CustomerRejected: 'rejected',
  CustomerRelationshipEnded: 'ended',
};

/** A row of `dashboard_partners`: a partner's status, dates and credit. */
export interface DashboardPartnersTable {
  partner_id: string;
  status: string;
  program: string;
  applied_at: Timestamptz;
  approved_at: Timestamptz | null;
  assessment_ends_at: Timestamptz | null;
  /** Credit deposited by the partner, minor units. */
  deposited: MinorUnits;
  /** Credit allocated to its customers, minor units. */
  allocated: MinorUnits;
  /** Course ids completed. */
  courses_completed: Jsonb<string[]>;
  /** The partner's credit alert thresholds as last set (issue 18); `availableBelow` in minor units. Which are crossed follows from deposited and allocated. */
  credit_thresholds: Jsonb<CreditThreshold[]>;
  /** Log position of the event that last wrote the row. */
  position: Int8;
}

/** One discount of the relationship as `dashboard_customers.discounts` keeps it. */
export interface DashboardDiscount {
  /** Hundredths of a percent (750 = 7.5 %). */
  basisPoints: number;
  /** `YYYY-MM`. */
  effectiveMonth: string;
  /** UTC ISO-8601. */
  setAt: string;
}

/** A row of `dashboard_customers`: one partner and customer account. */
export interface DashboardCustomersTable {
  partner_id: string;
  account_id: string;
  email: string;
  common_name: string;
  role: string;
  /** The latest customer status (`invited`, `pending_approval`, `approved`, ...). */
  status: string;
  invited_at: Timestamptz;
  updated_at: Timestamptz;
  position: Int8;
  /** Credit allocated to the customer and not reclaimed, minor units. */
  credit_balance: MinorUnits;
  discount_basis_points: number | null;
  discount_effective_month: string | null;
  /** Every discount of the relationship, oldest first. */
  discounts: Jsonb<DashboardDiscount[]>;
}

/** A row of `dashboard_revenue`: a customer's revenue in one month. */
export interface DashboardRevenueTable {
  partner_id: string;
  account_id: string;
  /** `YYYY-MM`. */
  period: string;
  /** Minor units. */
  amount: MinorUnits;
}

/** The tables of {@link partnerDashboardProjection}. */
export interface PartnerDashboardTables {
  dashboard_partners: DashboardPartnersTable;
  dashboard_customers: DashboardCustomersTable;
  dashboard_revenue: DashboardRevenueTable;
}

declare module '@pp/read-store' {
  // eslint-disable-next-line @typescript-eslint/no-empty-interface
  interface ReadDb extends PartnerDashboardTables {}
}

/**
 * Read model of the partner dashboard (SPEC section 7): `dashboard_partners` (status, dates, credit
 * deposited and allocated), `dashboard_customers` (one row per partner and customer account: latest
 * status, credit balance, latest discount and every discount of the relationship) and `dashboard_revenue` (per customer and month). Money in
 * minor units, `numeric(38,0)`: exact, never floating point.
 */
export const partnerDashboardProjection: Projection = {
  name: 'partner-dashboard',
  eventTypes: [...PARTNER_EVENT_TYPES, ...CUSTOMER_EVENT_TYPES, ...CREDIT_EVENT_TYPES],
  tables: ['dashboard_partners', 'dashboard_customers', 'dashboard_revenue'],
  migrations: {
    '2026-11-22T03-00-00': {
      async up(db: Kysely<unknown>) {
        await sql`
          create table dashboard_partners (
            partner_id text primary key,
            status text not null,
            program text not null,
            applied_at timestamptz not null,
            approved_at timestamptz,
            assessment_ends_at timestamptz,
            position bigint not null
          )`.execute(db);
        await sql`
          create table dashboard_customers (
            partner_id text not null,
            account_id text not null,
            email text not null,
            common_name text not null,
            role text not null,
            status text not null,
            invited_at timestamptz not null,
            updated_at timestamptz not null,
            position bigint not null,
            primary key (partner_id, account_id)
          )`.execute(db);
        await sql`create index dashboard_customers_list on dashboard_customers (partner_id, invited_at, account_id)`.execute(db);
        await sql`create index dashboard_customers_status on dashboard_customers (partner_id, status)`.execute(db);
      },
      async down(db: Kysely<unknown>) {
        await sql`drop table dashboard_customers`.execute(db);
        await sql`drop table dashboard_partners`.execute(db);
      },
    },
    '2026-11-22T05-00-00': {
      async up(db: Kysely<unknown>) {
        await sql`alter table dashboard_partners add column deposited numeric(38,0) not null default 0, add column allocated numeric(38,0) not null default 0`.execute(db);
        await sql`alter table dashboard_partners add column courses_completed jsonb not null default '[]'::jsonb`.execute(db);
        await sql`alter table dashboard_customers add column credit_balance numeric(38,0) not null default 0, add column discount_basis_points integer, add column discount_effective_month text`.execute(db);
        await sql`
          create table dashboard_revenue (
            partner_id text not null,
            account_id text not null,
            period text not null,
            amount numeric(38,0) not null,
            primary key (partner_id, account_id, period)
          )`.execute(db);
      },
      async down(db: Kysely<unknown>) {
        await sql`drop table dashboard_revenue`.execute(db);
        await sql`alter table dashboard_customers drop column credit_balance, drop column discount_basis_points, drop column discount_effective_month`.execute(db);
        await sql`alter table dashboard_partners drop column deposited, drop column allocated, drop column courses_completed`.execute(db);
      },
    },
    // Every discount of the relationship, oldest first: [{ basisPoints, effectiveMonth, setAt }]. On a
    // database made before this migration the column starts empty: `npm run projections:rebuild --
    // partner-dashboard` fills in the discounts set before (docs/decisions.md, issue 12).
    '2026-12-05T00-00-00': {
      async up(db: Kysely<unknown>) {
        await sql`alter table dashboard_customers add column discounts jsonb not null default '[]'::jsonb`.execute(db);
      },
      async down(db: Kysely<unknown>) {
        await sql`alter table dashboard_customers drop column discounts`.execute(db);
      },
    },
    // No partner had thresholds before this migration: nothing to rebuild.
    '2026-12-06T00-00-00_credit_thresholds': {
      async up(db: Kysely<unknown>) {
        await sql`alter table dashboard_partners add column credit_thresholds jsonb not null default '[]'::jsonb`.execute(db);
      },
      async down(db: Kysely<unknown>) {
        await sql`alter table dashboard_partners drop column credit_thresholds`.execute(db);
      },
    },
  },
  async apply(trx: Kysely<ReadDb>, recorded: RecordedEvent) {
    const event = { type: recorded.type, data: recorded.data } as PartnerEvent | CustomerEvent | CreditEvent | CustomerRevenueRecorded;
    const position = recorded.position.toString();
    switch (event.type) {
      case 'PartnerRegistrationSubmitted':
        await sql`
          insert into dashboard_partners (partner_id, status, program, applied_at, position)
          values (${event.data.partnerId}, 'pending_approval', ${event.data.program}, ${event.data.submittedAt}, ${position}::bigint)
          on conflict (partner_id) do update set status = 'pending_approval', program = excluded.program, applied_at = excluded.applied_at,
            approved_at = null, assessment_ends_at = null, position = excluded.position`.execute(trx);
        return;
      case 'PartnerApproved': {
        const ends = event.data.assessmentEndsAt ?? null;
        await sql`
          update dashboard_partners set status = ${ends ? 'in_assessment' : 'approved'}, approved_at = ${event.data.approvedAt}, assessment_ends_at = ${ends}, position = ${position}::bigint
          where partner_id = ${event.data.partnerId}`.execute(trx);
        return;
      }
      case 'PartnerAssessmentRecorded':
      case 'PartnerReinstated':
      case 'PartnerSuspended':
      case 'PartnerTerminated': {
        const status =
          event.type === 'PartnerAssessmentRecorded' ? event.data.outcome : event.type === 'PartnerReinstated' ? event.data.status : event.type === 'PartnerSuspended' ? 'suspended' : 'terminated';
        await sql`update dashboard_partners set status = ${status}, position = ${position}::bigint where partner_id = ${event.data.partnerId}`.execute(trx);
        return;
      }
      case 'PartnerCourseCompleted':
        await sql`
          update dashboard_partners set courses_completed = courses_completed || ${JSON.stringify([event.data.courseId])}::jsonb, position = ${position}::bigint
          where partner_id = ${event.data.partnerId} and not courses_completed ? ${event.data.courseId}`.execute(trx);
        return;
      case 'PartnerProfileUpdated':
        return;
      case 'PartnerRejected':
        await sql`update dashboard_partners set status = 'rejected', position = ${position}::bigint where partner_id = ${event.data.partnerId}`.execute(trx);
        return;
      case 'CustomerInvited': {
        const d = event.data;
        await sql`
          insert into dashboard_customers (partner_id, account_id, email, common_name, role, status, invited_at, updated_at, position)
          values (${d.partnerId}, ${d.accountId}, ${d.email}, ${d.commonName}, ${d.role}, 'invited', ${d.invitedAt}, ${d.invitedAt}, ${position}::bigint)
          on conflict (partner_id, account_id) do update set email = excluded.email, common_name = excluded.common_name, role = excluded.role,
            status = 'invited', invited_at = excluded.invited_at, updated_at = excluded.updated_at, position = excluded.position,
            discount_basis_points = null, discount_effective_month = null, discounts = '[]'::jsonb`.execute(trx);
        return;
      }
      case 'CustomerInvitationConfirmed': {
        const d = event.data;
        if (!d.requiresApproval) return;
        await sql`
          update dashboard_customers set status = 'pending_approval', updated_at = ${d.confirmedAt}, position = ${position}::bigint
          where partner_id = ${d.partnerId} and account_id = ${d.accountId}`.execute(trx);
        return;
      }
      case 'CustomerDiscountSet': {
        const d = event.data;
        await sql`
          update dashboard_customers set discount_basis_points = ${d.basisPoints}, discount_effective_month = ${d.effectiveMonth},
            discounts = discounts || ${JSON.stringify([{ basisPoints: d.basisPoints, effectiveMonth: d.effectiveMonth, setAt: d.setAt }])}::jsonb, position = ${position}::bigint
          where partner_id = ${d.partnerId} and account_id = ${d.accountId}`.execute(trx);
        return;
      }
      case 'CustomerPriceListAssigned':
        // The price-lists read model (`@pp/price-lists`) keeps assignments; the dashboard's queries read it there.
        return;
      case 'PartnerCreditDeposited':
        await sql`update dashboard_partners set deposited = deposited + ${event.data.amount}::numeric, position = ${position}::bigint where partner_id = ${event.data.partnerId}`.execute(trx);
        return;
      case 'CustomerCreditAllocated': {
        const d = event.data;
        await sql`update dashboard_partners set allocated = allocated + ${d.amount}::numeric, position = ${position}::bigint where partner_id = ${d.partnerId}`.execute(trx);
        await sql`update dashboard_customers set credit_balance = ${d.customerBalance}::numeric, position = ${position}::bigint where partner_id = ${d.partnerId} and account_id = ${d.accountId}`.execute(trx);
        return;
      }
      case 'PartnerCreditThresholdsSet':
        await sql`update dashboard_partners set credit_thresholds = ${JSON.stringify(event.data.thresholds)}::jsonb, position = ${position}::bigint where partner_id = ${event.data.partnerId}`.execute(trx);
        return;
      case 'PartnerCreditThresholdCrossed':
        // Which thresholds are crossed is read from the pool itself (thresholdHolds), the way the decider sees it.
        return;
      case 'CustomerRevenueRecorded': {
        const d = event.data;
        await sql`
          insert into dashboard_revenue (partner_id, account_id, period, amount) values (${d.partnerId}, ${d.accountId}, ${d.period}, ${d.amount}::numeric)
          on conflict (partner_id, account_id, period) do update set amount = dashboard_revenue.amount + excluded.amount`.execute(trx);
        return;
      }
      default: {
        const at = recorded.metadata.occurredAt ?? recorded.recordedAt;
        await sql`
          update dashboard_customers set status = ${STATUS_AFTER[event.type]}, updated_at = ${String(at)}, position = ${position}::bigint
          where partner_id = ${event.data.partnerId} and account_id = ${event.data.accountId}`.execute(trx);
      }
    }
  },
};
