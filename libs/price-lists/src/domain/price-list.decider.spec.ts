import { deciderSpec } from '@pp/platform/testing/decider-spec';
import { priceListDecider, PriceListCommand, versionOn } from './price-list.decider';
import { PriceListPublished, PriceListRetired } from './price-list.events';

const now = new Date('2026-11-23T03:00:00.000Z');
const spec = deciderSpec(priceListDecider, { now });
const item = { sku: 'vserver-2c4g', description: 'vServer 2 vCPU 4 GB', unit: 'month', unitPrice: 450000n };
const publish: Extract<PriceListCommand, { type: 'PublishPriceList' }> = { type: 'PublishPriceList', priceListId: 'vngcloud-standard', name: 'VNG Cloud Standard', currency: 'VND', effectiveFrom: '2026-12-01', items: [item] };
const v1: PriceListPublished = {
  type: 'PriceListPublished',
  data: { priceListId: 'vngcloud-standard', version: 1, name: 'VNG Cloud Standard', currency: 'VND', effectiveFrom: '2026-12-01', items: [{ ...item, unitPrice: '450000' }], publishedAt: now.toISOString() },
};
const retired: PriceListRetired = { type: 'PriceListRetired', data: { priceListId: 'vngcloud-standard', reason: 'replaced', retiredAt: now.toISOString() } };

describe('priceListDecider', () => {
  describe('PublishPriceList', () => {
    it('publishes version 1 with its items in minor units', () => {
      spec.given([]).when(publish).then([v1]);
    });

    it('publishes a later version that replaces the items from its effective day', () => {
      spec
        .given([v1])
        .when({ ...publish, effectiveFrom: '2027-01-01', items: [{ ...item, unitPrice: 420000n }] })
        .thenState((s, events) => {
          expect(events).toEqual([{ type: 'PriceListPublished', data: { ...v1.data, version: 2, effectiveFrom: '2027-01-01', items: [{ ...item, unitPrice: '420000' }] } }]);
          expect(s.status !== 'none' && versionOn(s.versions, '2026-12-31')?.version).toBe(1);
          expect(s.status !== 'none' && versionOn(s.versions, '2027-01-01')?.version).toBe(2);
          expect(s.status !== 'none' && versionOn(s.versions, '2026-11-30')).toBeUndefined();
        });
    });

    it('replaces a version not yet in effect with one from the same day, the later version winning', () => {
      spec.given([v1]).when({ ...publish, name: 'VNG Cloud Standard (corrected)' }).thenState((s) => expect(s.status !== 'none' && versionOn(s.versions, '2026-12-01')?.name).toBe('VNG Cloud Standard (corrected)'));
    });

    it('treats the same version published again as a no-op, however the stored items order their keys', () => {
      spec.given([v1]).when(publish).then([]);
      const stored = { ...v1, data: { ...v1.data, items: [{ unit: 'month', sku: 'vserver-2c4g', unitPrice: '450000', description: 'vServer 2 vCPU 4 GB' }] } };
      spec.given([stored]).when(publish).then([]);
    });

    it('accepts today (UTC) and refuses an earlier day', () => {
      spec.given([]).when({ ...publish, effectiveFrom: '2026-11-23' }).thenState((s) => expect(s.status).toBe('published'));
      spec.given([]).when({ ...publish, effectiveFrom: '2026-11-22' }).thenThrows('EFFECTIVE_DATE_IN_PAST');
    });

    it('refuses a new version from today once the latest is in effect (today is billed at its prices), and takes tomorrow', () => {
      const inEffect = { ...v1, data: { ...v1.data, effectiveFrom: '2026-11-01' } };
      const today = { ...v1, data: { ...v1.data, effectiveFrom: '2026-11-23' } };
      const changed = { ...publish, items: [{ ...item, unitPrice: 420000n }] };
      spec.given([inEffect]).when({ ...changed, effectiveFrom: '2026-11-23' }).thenThrows('EFFECTIVE_DATE_IN_PAST', { earliestEffectiveFrom: '2026-11-24' });
      spec.given([today]).when({ ...changed, effectiveFrom: '2026-11-23' }).thenThrows('EFFECTIVE_DATE_IN_PAST', { earliestEffectiveFrom: '2026-11-24' });
      spec.given([today]).when({ ...changed, effectiveFrom: '2026-11-24' }).thenState((s) => expect(s.status !== 'none' && s.versions.map((v) => v.effectiveFrom)).toEqual(['2026-11-23', '2026-11-24']));
      spec.given([today]).when({ ...publish, effectiveFrom: '2026-11-23' }).then([]);
    });

    it('refuses a day that is not on the calendar', () => {
      spec.given([]).when({ ...publish, effectiveFrom: '2027-02-31' }).thenThrows('VALIDATION_FAILED');
      spec.given([]).when({ ...publish, effectiveFrom: '2027-02-29' }).thenThrows('VALIDATION_FAILED');
      spec.given([]).when({ ...publish, effectiveFrom: '2028-02-29' }).thenState((s) => expect(s.status).toBe('published'));
    });

    it('refuses a version taking effect before the latest one', () => {
      const v2 = { type: 'PriceListPublished' as const, data: { ...v1.data, version: 2, effectiveFrom: '2027-01-01' } };
      spec.given([v1, v2]).when({ ...publish, effectiveFrom: '2026-12-15' }).thenThrows('EFFECTIVE_DATE_BEFORE_LATEST', { latestEffectiveFrom: '2027-01-01' });
    });

    it('keeps the currency of the first version', () => {
      spec.given([v1]).when({ ...publish, currency: 'USD', effectiveFrom: '2027-01-01' }).thenThrows('CURRENCY_MISMATCH', { currency: 'VND' });
    });

    it('refuses a new version of a retired list', () => {
      spec.given([v1, retired]).when({ ...publish, effectiveFrom: '2027-01-01' }).thenThrows('PRICE_LIST_RETIRED');
    });

    it('refuses no items, a SKU twice and a negative unit price', () => {
      spec.given([]).when({ ...publish, items: [] }).thenThrows('VALIDATION_FAILED');
      spec.given([]).when({ ...publish, items: [item, { ...item, unitPrice: 1n }] }).thenThrows('DUPLICATE_SKU', { sku: 'vserver-2c4g' });
      spec.given([]).when({ ...publish, items: [{ ...item, unitPrice: -1n }] }).thenThrows('INVALID_AMOUNT');
    });

    it('accepts a free item (unit price zero)', () => {
      spec.given([]).when({ ...publish, items: [{ ...item, unitPrice: 0n }] }).thenState((s) => expect(s.status !== 'none' && s.versions[0].items[0].unitPrice).toBe('0'));
    });
  });

  describe('RetirePriceList', () => {
    it('retires a published list, once', () => {
      spec.given([v1]).when({ type: 'RetirePriceList', priceListId: 'vngcloud-standard', reason: ' replaced ' }).then([retired]);
      spec.given([v1, retired]).when({ type: 'RetirePriceList', priceListId: 'vngcloud-standard', reason: null }).then([]);
    });

    it('refuses a list never published', () => {
      spec.given([]).when({ type: 'RetirePriceList', priceListId: 'nope', reason: null }).thenThrows('PRICE_LIST_NOT_FOUND');
    });
  });
});
