import { openDatabase } from '@pp/database';
import { freshPgliteFolder } from '@pp/database/testing/pglite-test';
import { SqlEventStore } from '@pp/event-store';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp } from './support/test-app';

describe('Schema evolution: a version 1 event is read as version 2 everywhere', () => {
  it('splits the phone of a stored v1 application for the command handlers, the projections and the audit API', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pp-upcast-'));
    const database = await openDatabase({ kind: 'pglite', dataDir: await freshPgliteFolder(join(dataDir, 'pglite')) });
    const store = await SqlEventStore.open(database);
    const v1 = {
      partnerId: 'v1-partner',
      program: 'vngcloud',
      language: 'vi',
      termsVersion: '2023-07',
      partnerType: 'reseller',
      company: { legalName: 'Công ty Cũ', businessLicenseNo: '0101', registeredCapital: '1000', staff: 3, technicalStaff: 1, customerOperations: true, afterSalesService: true },
      contact: { name: 'Lê Văn Cũ', email: 'cu@example.vn', phone: '028 3822 1234' },
      bank: { bankName: 'ACB', branch: 'Q1', accountName: 'CONG TY CU', accountNumber: '123456789' },
      submittedAt: '2026-11-20T03:00:00.000Z',
      approvalDueAt: '2026-11-25T16:59:59.999Z',
    };
    await store.appendToStream('partner-v1-partner', [{ eventId: randomUUID(), type: 'PartnerRegistrationSubmitted', data: v1, metadata: { schemaVersion: 1 } }], { expectedRevision: 'no_stream' });
    await store.close();
    await database.close();

    const t = await startTestApp({ dataDir });
    try {
      const split = { countryCode: '+84', number: '2838221234' };
      // Command handlers: the decider folds the upcast event and decides on it.
      const partnerToken = await t.token('partner', 'cu@example.vn', 'v1-partner');
      const update = await t.request('PATCH', '/v1/partners/v1-partner/profile', { token: partnerToken, body: { contact: { name: 'Lê Văn Mới', email: 'moi@example.vn', phone: '+84 912 345 678' } } });
      expect(update.status).toBe(200);
      const approved = await t.request('POST', '/v1/partners/v1-partner/approval', { token: await t.token('reviewer', 'r'), body: {} });
      expect(approved.body.state).toBe('approved');

      // Projections: the read model holds version 2.
      const view = await t.request('GET', `/v1/partners/v1-partner?minPosition=${approved.body.position}`, { token: await t.token('auditor', 'a') });
      expect(view.body.profileHistory[0].changes.contact).toEqual({
        before: { name: 'Lê Văn Cũ', email: 'cu@example.vn', phone: split },
        after: { name: 'Lê Văn Mới', email: 'moi@example.vn', phone: { countryCode: '+84', number: '912345678' } },
      });

      // Audit: version 2, and new events are written as version 2.
      const history = await t.request('GET', '/v1/audit/streams/partner-v1-partner/events', { token: await t.token('auditor', 'a') });
      expect(history.body.items[0].metadata.schemaVersion).toBe(2);
      expect(history.body.items[0].data.contact.phone).toEqual(split);
      expect(history.body.items[1]).toMatchObject({ type: 'PartnerProfileUpdated', metadata: { schemaVersion: 2 } });
    } finally {
      await t.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
