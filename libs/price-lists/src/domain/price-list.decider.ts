import { Decider, DomainError, notFound, ruleViolation } from '@pp/platform';
import { DateTime } from 'luxon';
import { PriceListEvent, PriceListItem, PriceListPublished } from './price-list.events';

/** One published version of a price list, as the stream holds it. */
export type PriceListVersion = Omit<PriceListPublished['data'], 'priceListId'>;

/** State of `price-list-{priceListId}`: nothing yet, or its versions (oldest first) and whether it is retired. */
export type PriceListState =
  | { readonly status: 'none' }
  | { readonly status: 'published' | 'retired'; readonly currency: string; readonly versions: readonly PriceListVersion[]; readonly retiredAt: string | null };

/** A price list item as a command carries it: the unit price in minor units of the list's currency. */
export interface PriceListItemInput {
  readonly sku: string;
  readonly description: string;
  readonly unit: string;
  readonly unitPrice: bigint;
}

/** Commands of the price list stream (role service: the provider's pricing system). */
export type PriceListCommand =
  | {
      readonly type: 'PublishPriceList';
      readonly priceListId: string;
      readonly name: string;
      /** ISO 4217; every version of a list has the currency of its first. */
      readonly currency: string;
      /** `YYYY-MM-DD`, the UTC day from which this version's items replace the previous version's. */
      readonly effectiveFrom: string;
      readonly items: readonly PriceListItemInput[];
    }
  | { readonly type: 'RetirePriceList'; readonly priceListId: string; readonly reason: string | null };

/** The decider's context: the time of the decision. */
export interface PriceListContext {
  readonly now: Date;
}

/** The version of a price list in effect on a UTC day (`YYYY-MM-DD`): the latest published whose `effectiveFrom` has come; undefined before the first. */
export function versionOn(versions: readonly PriceListVersion[], day: string): PriceListVersion | undefined {
  let found: PriceListVersion | undefined;
  for (const v of versions) if (v.effectiveFrom <= day) found = v;
  return found;
}

/** Whether `day` is `YYYY-MM-DD` and a real calendar day (not `2027-02-31`), read in UTC with luxon. */
export function isCalendarDay(day: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(day) && DateTime.fromFormat(day, 'yyyy-MM-dd', { zone: 'utc' }).isValid;
}

/** Field by field: a stored event's JSON may come back with its keys in another order (jsonb). */
const sameItems = (a: readonly PriceListItem[], b: readonly PriceListItem[]) =>
  a.length === b.length && a.every((x, i) => x.sku === b[i].sku && x.description === b[i].description && x.unit === b[i].unit && x.unitPrice === b[i].unitPrice);

/**
 * Decider of `price-list-{priceListId}`: the provider publishes a price list and its versions, and
 * retires it. Source: seed 003 ("manage customer's credits, price lists"); SPEC section 11.
 *
 * PublishPriceList: a real calendar day (`VALIDATION_FAILED`, 400: not `2027-02-31`), at least one
 * item, each SKU once (`DUPLICATE_SKU`, 400); no unit price below zero (`INVALID_AMOUNT`, 400); a
 * retired list takes no version (`PRICE_LIST_RETIRED`, 422); a later version keeps the list's currency
 * (`CURRENCY_MISMATCH`, 422); its effective day is today (UTC) or later, and after today once the
 * latest version is in effect, since today is then billed at that version's prices
 * (`EFFECTIVE_DATE_IN_PAST`, 422: a billed past is not repriced, docs/price-lists.md); and not
 * before the latest version's (`EFFECTIVE_DATE_BEFORE_LATEST`, 422; the same day replaces a version
 * not yet in effect). The same name, currency, day and items as the latest
 * version again is a no-op (the pricing system's replays). RetirePriceList: `PRICE_LIST_NOT_FOUND`
 * (404); retiring a retired list is a no-op.
 */
export const priceListDecider: Decider<PriceListCommand, PriceListState, PriceListEvent, PriceListContext> = {
  initialState: { status: 'none' },

  evolve(state, event) {
    switch (event.type) {
      case 'PriceListPublished': {
        const { priceListId: _id, ...version } = event.data;
        return state.status === 'none'
          ? { status: 'published', currency: event.data.currency, versions: [version], retiredAt: null }
          : { ...state, versions: [...state.versions, version] };
      }
      case 'PriceListRetired':
        return state.status === 'none' ? state : { ...state, status: 'retired', retiredAt: event.data.retiredAt };
    }
  },

  decide(command, state, { now }) {
    switch (command.type) {
      case 'PublishPriceList': {
        if (!isCalendarDay(command.effectiveFrom)) throw new DomainError('VALIDATION_FAILED', 'invalid', `effectiveFrom ${command.effectiveFrom} is not a calendar day YYYY-MM-DD`);
        if (command.items.length === 0) throw new DomainError('VALIDATION_FAILED', 'invalid', 'a price list needs at least one item');
        const skus = new Set<string>();
        for (const item of command.items) {
          if (skus.has(item.sku)) throw new DomainError('DUPLICATE_SKU', 'invalid', `SKU ${item.sku} is listed twice`, { sku: item.sku });
          skus.add(item.sku);
          if (item.unitPrice < 0n) throw new DomainError('INVALID_AMOUNT', 'invalid', `the unit price of ${item.sku} may not be negative`);
        }
        const items: PriceListItem[] = command.items.map((i) => ({ sku: i.sku, description: i.description, unit: i.unit, unitPrice: i.unitPrice.toString() }));
        const latest = state.status === 'none' ? undefined : state.versions[state.versions.length - 1];
        if (state.status !== 'none' && latest) {
          if (latest.name === command.name && state.currency === command.currency && latest.effectiveFrom === command.effectiveFrom && sameItems(latest.items, items)) return [];
          if (state.status === 'retired') throw ruleViolation('PRICE_LIST_RETIRED', `price list ${command.priceListId} was retired at ${state.retiredAt}`);
          if (state.currency !== command.currency) throw ruleViolation('CURRENCY_MISMATCH', `price list ${command.priceListId} is in ${state.currency}, not ${command.currency}`, { currency: state.currency });
        }
        const today = now.toISOString().slice(0, 10);
        if (command.effectiveFrom < today) throw ruleViolation('EFFECTIVE_DATE_IN_PAST', `a version takes effect today (${today}, UTC) or later`);
        // The latest version in effect prices today already (billing may have billed it): the next one starts tomorrow at the earliest.
        if (latest && latest.effectiveFrom <= today && command.effectiveFrom <= today) {
          const tomorrow = DateTime.fromISO(today, { zone: 'utc' }).plus({ days: 1 }).toISODate();
          throw ruleViolation('EFFECTIVE_DATE_IN_PAST', `version ${latest.version} is in effect since ${latest.effectiveFrom} and prices today (${today}, UTC); a new version takes effect from ${tomorrow} on`, { earliestEffectiveFrom: tomorrow });
        }
        if (latest && command.effectiveFrom < latest.effectiveFrom) {
          throw ruleViolation('EFFECTIVE_DATE_BEFORE_LATEST', `version ${latest.version} takes effect on ${latest.effectiveFrom}; a later version cannot take effect before it`, { latestEffectiveFrom: latest.effectiveFrom });
        }
        const version = latest ? latest.version + 1 : 1;
        return [
          {
            type: 'PriceListPublished',
            data: { priceListId: command.priceListId, version, name: command.name, currency: command.currency, effectiveFrom: command.effectiveFrom, items, publishedAt: now.toISOString() },
          },
        ];
      }
      case 'RetirePriceList':
        if (state.status === 'none') throw notFound('PRICE_LIST_NOT_FOUND', `no price list ${command.priceListId}`);
        if (state.status === 'retired') return [];
        return [{ type: 'PriceListRetired', data: { priceListId: command.priceListId, reason: command.reason?.trim() || null, retiredAt: now.toISOString() } }];
    }
  },
};

/** What AssignCustomerPriceList and RecordCustomerRevenue learn of a price list: whether it exists, is retired, its currency and versions. */
export function priceListFacts(state: PriceListState): { status: PriceListState['status']; currency: string | null; versions: number[] } {
  return state.status === 'none' ? { status: 'none', currency: null, versions: [] } : { status: state.status, currency: state.currency, versions: state.versions.map((v) => v.version) };
}

