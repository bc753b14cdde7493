import { DomainEvent } from '@pp/platform';

/**
 * One line of a price list: what the provider bills a unit of a product at. `unitPrice` is an
 * integer in the minor unit of the list's currency, as a decimal string (VND `"125000"`, CNY
 * `"1250"` for 12.50), as all money in events is (docs/credit.md).
 */
export type PriceListItem = { sku: string; description: string; unit: string; unitPrice: string };

/**
 * The provider's pricing system published a version of a price list (seed 003: "manage customer's
 * credits, price lists"). Version 1 creates the list; each later version replaces every item from
 * `effectiveFrom` (`YYYY-MM-DD`, a UTC day) on. `publishedAt` UTC ISO-8601.
 */
export type PriceListPublished = DomainEvent<
  'PriceListPublished',
  { priceListId: string; version: number; name: string; currency: string; effectiveFrom: string; items: PriceListItem[]; publishedAt: string }
>;

/**
 * The provider retired a price list: it takes no new version and no new assignment
 * (`PRICE_LIST_RETIRED`). Assignments made before stay in effect and in the customers' history
 * (those from a later month too) until the partner assigns another list (docs/price-lists.md,
 * "Assignment, the default, and current"). `retiredAt` UTC ISO-8601.
 */
export type PriceListRetired = DomainEvent<'PriceListRetired', { priceListId: string; reason: string | null; retiredAt: string }>;

/** Every event of a `price-list-{priceListId}` stream. */
export type PriceListEvent = PriceListPublished | PriceListRetired;

/** Types of {@link PriceListEvent}. */
export const PRICE_LIST_EVENT_TYPES: readonly PriceListEvent['type'][] = ['PriceListPublished', 'PriceListRetired'];

/** The stream of one price list: its versions and its retirement. */
export const priceListStream = (priceListId: string) => `price-list-${priceListId}`;

/** What a price list id looks like: a slug, as the pricing system names its lists (`vngcloud-standard`). */
export const PRICE_LIST_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;
