import type { PartnerStatus } from '@pp/partners';
import { conflict, Decider, DomainError, notFound, ruleViolation } from '@pp/platform';
import { DateTime } from 'luxon';
import { CreditEvent, CreditThreshold, CustomerRevenueRecorded, PartnerCreditThresholdCrossed } from './credit.events';

/** State of `credit-{partnerId}`: minor units. `balances` per customer account; `deposits` amount per payment reference. */
export interface CreditState {
  readonly deposited: bigint;
  readonly allocated: bigint;
  /** Maps, not objects: an id such as `constructor` must not meet Object.prototype. */
  readonly balances: ReadonlyMap<string, bigint>;
  readonly deposits: ReadonlyMap<string, bigint>;
  /** The partner's alert thresholds, in their canonical order (see {@link PartnerCreditThresholdsSet}). */
  readonly thresholds: readonly CreditThreshold[];
  /** {@link thresholdKey}s of the thresholds the pool is past now, recomputed after every event. */
  readonly crossed: ReadonlySet<string>;
}

/** What the pool still holds. */
export const available = (s: Pick<CreditState, 'deposited' | 'allocated'>) => s.deposited - s.allocated;

/** At most this many thresholds per partner (a handful is what a partner needs; the list is in every decision). */
export const MAX_CREDIT_THRESHOLDS = 10;

/** A threshold's identity: two thresholds with the same key are duplicates (`used:70`, `below:5000000`). */
export const thresholdKey = (t: CreditThreshold) => ('usedPercent' in t ? `used:${t.usedPercent}` : `below:${t.availableBelow}`);

/**
 * Whether the pool is past a threshold: at least `usedPercent` % of what was deposited is allocated,
 * or less than `availableBelow` is left. Nothing holds before the first deposit: there is no pool to
 * watch yet (and no share of nothing). Exact integer arithmetic on minor units.
 */
export function thresholdHolds(t: CreditThreshold, pool: { readonly deposited: bigint; readonly allocated: bigint }): boolean {
  if (pool.deposited <= 0n) return false;
  if ('usedPercent' in t) return pool.allocated * 100n >= BigInt(t.usedPercent) * pool.deposited;
  return available(pool) < BigInt(t.availableBelow);
}

/** Allocated / deposited in basis points, rounded down; 0 before the first deposit. */
export const usedBasisPoints = (pool: { readonly deposited: bigint; readonly allocated: bigint }) => (pool.deposited > 0n ? Number((pool.allocated * 10_000n) / pool.deposited) : 0);

const crossedOf = (s: Omit<CreditState, 'crossed'>): ReadonlySet<string> => new Set(s.thresholds.filter((t) => thresholdHolds(t, s)).map(thresholdKey));

/** Used percents ascending, then amounts descending: the order a draining pool crosses them. */
const byCrossingOrder = (a: CreditThreshold, b: CreditThreshold): number => {
  if ('usedPercent' in a) return 'usedPercent' in b ? a.usedPercent - b.usedPercent : -1;
  if ('usedPercent' in b) return 1;
  const [x, y] = [BigInt(a.availableBelow), BigInt(b.availableBelow)];
  return x === y ? 0 : x > y ? -1 : 1;
};

/** Commands of the credit stream. Amounts in minor units of the program currency. */
export type CreditCommand =
  | { readonly type: 'DepositPartnerCredit'; readonly partnerId: string; readonly amount: bigint; readonly currency: string; readonly reference: string }
  | {
      readonly type: 'AllocateCustomerCredit';
      readonly partnerId: string;
      readonly accountId: string;
      /** Positive allocates, negative reclaims. */
      readonly amount: bigint;
      readonly currency: string;
    }
  | {
      readonly type: 'SetPartnerCreditThresholds';
      readonly partnerId: string;
      /** As the partner gave them; `availableBelow` in minor units of `currency`, the program's. */
      readonly thresholds: ReadonlyArray<{ readonly usedPercent?: number; readonly availableBelow?: bigint }>;
      readonly currency: string;
    };

/** The decider's context: time, and the facts read from the partner and customer streams. */
export interface CreditContext {
  readonly now: Date;
  /** Deposits: the partner's status (`partner-{partnerId}`); `none` when it never applied. */
  readonly partnerStatus?: PartnerStatus | 'none';
  /** The partner operates (approved or in assessment). */
  readonly partnerOperating?: boolean;
  /** The account is an approved customer of this partner now. */
  readonly customerApproved?: boolean;
}

/** Checks and orders a list of thresholds; see {@link creditDecider}. */
function thresholdList(given: Extract<CreditCommand, { type: 'SetPartnerCreditThresholds' }>['thresholds']): CreditThreshold[] {
  if (given.length > MAX_CREDIT_THRESHOLDS) throw new DomainError('TOO_MANY_THRESHOLDS', 'invalid', `at most ${MAX_CREDIT_THRESHOLDS} thresholds; ${given.length} given`, { max: MAX_CREDIT_THRESHOLDS });
  const list = given.map((t, i): CreditThreshold => {
    const { usedPercent, availableBelow } = t;
    if ((usedPercent === undefined) === (availableBelow === undefined)) throw new DomainError('INVALID_THRESHOLD', 'invalid', `threshold ${i + 1} must have exactly one of usedPercent and availableBelow`, { index: i });
    if (usedPercent !== undefined) {
      if (!Number.isInteger(usedPercent) || usedPercent < 1 || usedPercent > 100) throw new DomainError('INVALID_THRESHOLD', 'invalid', `threshold ${i + 1}: usedPercent must be a whole number from 1 to 100`, { index: i });
      return { usedPercent };
    }
    if (availableBelow! <= 0n) throw new DomainError('INVALID_THRESHOLD', 'invalid', `threshold ${i + 1}: availableBelow must be more than zero`, { index: i });
    return { availableBelow: availableBelow!.toString() };
  });
  const seen = new Set<string>();
  for (const [i, t] of list.entries()) {
    if (seen.has(thresholdKey(t))) throw new DomainError('DUPLICATE_THRESHOLD', 'invalid', `threshold ${i + 1} repeats an earlier one`, { index: i });
    seen.add(thresholdKey(t));
  }
  return list.sort(byCrossingOrder);
}

/**
 * The alerts a decision brings: every threshold the pool is past after `events` and was not past
 * before them. Decided against the same revision as the events, so two concurrent allocations
 * cannot both cross one threshold: the second is decided again, after the first and its alert.
 */
function alertsAfter(state: CreditState, events: CreditEvent[], evolve: (s: CreditState, e: CreditEvent) => CreditState, now: Date): PartnerCreditThresholdCrossed[] {
  if (events.length === 0) return [];
  const after = events.reduce(evolve, state);
  const cause = events[events.length - 1];
  return after.thresholds
    .filter((t) => after.crossed.has(thresholdKey(t)) && !state.crossed.has(thresholdKey(t)))
    .map((threshold) => ({
      type: 'PartnerCreditThresholdCrossed',
      data: {
        partnerId: cause.data.partnerId,
        threshold,
        usedBasisPoints: usedBasisPoints(after),
        available: available(after).toString(),
        deposited: after.deposited.toString(),
        allocated: after.allocated.toString(),
        currency: cause.data.currency,
        crossedAt: now.toISOString(),
        cause: cause.type,
      },
    }));
}

/** Partner statuses whose pool takes deposits. */
const DEPOSITABLE: ReadonlySet<string> = new Set<PartnerStatus>(['approved', 'in_assessment', 'suspended']);

/**
 * Decider of `credit-{partnerId}`: the pool and every customer balance of one partner live in this
 * one stream, so "the pool never goes below zero and no balance goes below zero" is checked against
 * one revision and concurrent allocations cannot both spend the same credit (SPEC section 5).
 *
 * DepositPartnerCredit: only for a partner (`PARTNER_NOT_FOUND`, 404), approved, in assessment or
 * suspended (a suspended partner keeps its pool and may be reinstated; an applicant, a rejected or a
 * terminated one has none: `PARTNER_NOT_ACTIVE`, 422); a payment reference counts once (the same
 * reference with the same amount is a no-op; with another amount `DEPOSIT_REFERENCE_CONFLICT`, 409). AllocateCustomerCredit:
 * `PARTNER_NOT_ACTIVE`, `CUSTOMER_NOT_APPROVED` (a reclaim from a former customer is allowed),
 * `INSUFFICIENT_CREDIT` (422).
 *
 * SetPartnerCreditThresholds (issue 18): at most {@link MAX_CREDIT_THRESHOLDS} (`TOO_MANY_THRESHOLDS`),
 * each exactly one of a whole `usedPercent` 1-100 or an `availableBelow` above zero
 * (`INVALID_THRESHOLD`), none twice (`DUPLICATE_THRESHOLD`; all 400); the same set again, in any
 * order, is a no-op. Any decision whose events take the pool past a threshold it was not past
 * before appends `PartnerCreditThresholdCrossed` for it in the same append (all or none): an
 * allocation, the thresholds being set while the pool is already past them, or a first deposit
 * below an `availableBelow`. A deposit or a reclaim that brings the pool back re-arms a threshold,
 * so the next crossing alerts again.
 */
export const creditDecider: Decider<CreditCommand, CreditState, CreditEvent, CreditContext> = {
  initialState: { deposited: 0n, allocated: 0n, balances: new Map(), deposits: new Map(), thresholds: [], crossed: new Set() },

  evolve(state, event) {
    switch (event.type) {
      case 'PartnerCreditDeposited': {
        const amount = BigInt(event.data.amount);
        const next = { ...state, deposited: state.deposited + amount, deposits: new Map(state.deposits).set(event.data.reference, amount) };
        return { ...next, crossed: crossedOf(next) };
      }
      case 'CustomerCreditAllocated': {
        const amount = BigInt(event.data.amount);
        const next = { ...state, allocated: state.allocated + amount, balances: new Map(state.balances).set(event.data.accountId, (state.balances.get(event.data.accountId) ?? 0n) + amount) };
        return { ...next, crossed: crossedOf(next) };
      }
      case 'PartnerCreditThresholdsSet': {
        const next = { ...state, thresholds: event.data.thresholds };
        return { ...next, crossed: crossedOf(next) };
      }
      case 'PartnerCreditThresholdCrossed':
        // The event that crossed it came first in the same append and already counted it as crossed.
        return state;
    }
  },

  decide(command, state, context) {
    const events = decideCredit(command, state, context);
    return [...events, ...alertsAfter(state, events, creditDecider.evolve, context.now)];
  },
};

function decideCredit(command: CreditCommand, state: CreditState, { now, partnerStatus, partnerOperating, customerApproved }: CreditContext): CreditEvent[] {
  switch (command.type) {
    case 'DepositPartnerCredit': {
      if (partnerStatus === 'none') throw notFound('PARTNER_NOT_FOUND', `no partner ${command.partnerId}`);
      if (partnerStatus !== undefined && !DEPOSITABLE.has(partnerStatus)) throw ruleViolation('PARTNER_NOT_ACTIVE', `credit is deposited only for a partner; this one is ${partnerStatus}`);
      if (command.amount <= 0n) throw new DomainError('INVALID_AMOUNT', 'invalid', 'a deposit must be more than zero');
      const earlier = state.deposits.get(command.reference);
      if (earlier !== undefined) {
        if (earlier === command.amount) return [];
        throw conflict('DEPOSIT_REFERENCE_CONFLICT', `payment reference ${command.reference} was already deposited with another amount`);
      }
      return [{ type: 'PartnerCreditDeposited', data: { partnerId: command.partnerId, amount: command.amount.toString(), currency: command.currency, reference: command.reference, depositedAt: now.toISOString() } }];
    }
    case 'AllocateCustomerCredit': {
      if (command.amount === 0n) throw new DomainError('INVALID_AMOUNT', 'invalid', 'an allocation must not be zero');
      if (!partnerOperating) throw ruleViolation('PARTNER_NOT_ACTIVE', 'only an approved partner that is not suspended allocates credit');
      if (command.amount > 0n && !customerApproved) throw ruleViolation('CUSTOMER_NOT_APPROVED', 'credit goes only to an approved customer of this partner');
      const balance = state.balances.get(command.accountId) ?? 0n;
      if (command.amount > available(state)) throw ruleViolation('INSUFFICIENT_CREDIT', 'the credit pool does not hold that much', { available: available(state).toString() });
      if (balance + command.amount < 0n) throw ruleViolation('INSUFFICIENT_CREDIT', 'the customer does not hold that much credit to reclaim', { customerBalance: balance.toString() });
      return [
        {
          type: 'CustomerCreditAllocated',
          data: {
            partnerId: command.partnerId,
            accountId: command.accountId,
            amount: command.amount.toString(),
            currency: command.currency,
            allocatedAt: now.toISOString(),
            customerBalance: (balance + command.amount).toString(),
            available: (available(state) - command.amount).toString(),
          },
        },
      ];
    }
    case 'SetPartnerCreditThresholds': {
      if (partnerStatus === 'none') throw notFound('PARTNER_NOT_FOUND', `no partner ${command.partnerId}`);
      const thresholds = thresholdList(command.thresholds);
      if (thresholds.map(thresholdKey).join() === state.thresholds.map(thresholdKey).join()) return [];
      return [{ type: 'PartnerCreditThresholdsSet', data: { partnerId: command.partnerId, thresholds, currency: command.currency, setAt: now.toISOString() } }];
    }
  }
}

/** The revenue decider's context: time, and the program's time zone, in which months begin and end (IANA name). */
export interface RevenueContext {
  readonly now: Date;
  readonly timeZone: string;
}

/** State of `revenue-{billingReference}`. */
export type RevenueState = { readonly recorded: CustomerRevenueRecorded['data'] | null };

/** A time the account was an approved customer of a partner, in months of the program's time zone (`YYYY-MM`; `to` null: still). */
export interface RelationshipMonths {
  readonly partnerId: string;
  readonly from: string;
  readonly to: string | null;
}

/** RecordCustomerRevenue, with the account's approved relationships (from `customer-{accountId}`) as months. */
export type RevenueCommand = {
  readonly type: 'RecordCustomerRevenue';
  readonly partnerId: string;
  readonly accountId: string;
  readonly period: string;
  readonly amount: bigint;
  readonly currency: string;
  readonly billingReference: string;
  readonly relationships: readonly RelationshipMonths[];
  /** The price list version billed, where billing names it, whether that version exists and the list's currency (`price-list-{id}`; null: no such list). */
  readonly priceList?: { readonly id: string; readonly version: number; readonly exists: boolean; readonly currency: string | null };
};

/**
 * Decider of `revenue-{billingReference}`: one billing reference counts once. The same reference
 * again with the same content is a no-op (billing's replays); with other content
 * `BILLING_REFERENCE_CONFLICT` (409). A month after the current one (in the program's time zone):
 * `PERIOD_IN_FUTURE` (422). A month in which the account was not this partner's approved customer
 * (from the month of approval to the month the relationship ended, or on while it lasts):
 * `CUSTOMER_NOT_APPROVED` (422). A price list version named must have been published
 * (`PRICE_LIST_NOT_FOUND`, 422) in the revenue's currency (`CURRENCY_MISMATCH`, 422, naming the
 * list's: revenue priced by a list in another currency is a billing error); it is recorded with the
 * revenue and is part of its content.
 */
export const revenueDecider: Decider<RevenueCommand, RevenueState, CustomerRevenueRecorded, RevenueContext> = {
  initialState: { recorded: null },
  evolve: (_state, event) => ({ recorded: event.data }),
  decide(command, state, { now, timeZone }) {
    const currentMonth = DateTime.fromJSDate(now, { zone: timeZone }).toFormat('yyyy-MM');
    const { type: _type, relationships, amount, priceList, ...fields } = command;
    if (state.recorded) {
      const r = state.recorded;
      const samePriceList = r.priceListId === priceList?.id && r.priceListVersion === priceList?.version;
      if (r.partnerId === fields.partnerId && r.accountId === fields.accountId && r.period === fields.period && r.amount === amount.toString() && r.currency === fields.currency && samePriceList) return [];
      throw conflict('BILLING_REFERENCE_CONFLICT', `billing reference ${command.billingReference} was already recorded with other content`);
    }
    if (amount < 0n) throw new DomainError('INVALID_AMOUNT', 'invalid', 'revenue may not be negative');
    if (command.period > currentMonth) throw ruleViolation('PERIOD_IN_FUTURE', `${command.period} has not begun yet (it is ${currentMonth}); revenue is recorded for months that have`);
    const covered = relationships.some((r) => r.partnerId === command.partnerId && r.from <= command.period && command.period <= (r.to ?? currentMonth));
    if (!covered) throw ruleViolation('CUSTOMER_NOT_APPROVED', `account ${command.accountId} is not an approved customer of partner ${command.partnerId}`);
    if (priceList && !priceList.exists) throw ruleViolation('PRICE_LIST_NOT_FOUND', `price list ${priceList.id} has no version ${priceList.version}`);
    if (priceList && priceList.currency !== command.currency) {
      throw ruleViolation('CURRENCY_MISMATCH', `price list ${priceList.id} is in ${priceList.currency}, not ${command.currency}`, { currency: priceList.currency });
    }
    const billed = priceList ? { priceListId: priceList.id, priceListVersion: priceList.version } : {};
    return [{ type: 'CustomerRevenueRecorded', data: { ...fields, amount: amount.toString(), recordedAt: now.toISOString(), ...billed } }];
  },
};
