import { Database, DATABASE, sql } from '@pp/database';
import { EVENT_STORE, EventStore } from '@pp/event-store';
import { mailOutboxProjection } from '@pp/notifications';
import { ProjectionRunner } from '@pp/read-store';
import { randomUUID, randomInt } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually } from './support/wait';
import { approvedPartner, newAccount, partnerApplication, registeredAccount, startTestApp, TestApp } from './support/test-app';

/** Headers and decoded text of the .eml files the service wrote whose text contains `needle`. */
function mailsMentioning(t: TestApp, needle: string): Array<{ to: string; text: string }> {
  let files: string[] = [];
  try {
    files = readdirSync(join(t.dataDir, 'mail')).filter((f) => f.endsWith('.eml'));
  } catch {
    return [];
  }
  return files
    .map((file) => readFileSync(join(t.dataDir, 'mail', file), 'utf8'))
    .map((raw) => {
      const [head, ...body] = raw.split(/\r?\n\r?\n/);
      const headers = head.replace(/\r?\n[ \t]+/g, ' ');
      const to = /^To: (.*)$/im.exec(headers)?.[1] ?? '';
      const encoding = /^Content-Transfer-Encoding: (.*)$/im.exec(headers)?.[1]?.trim().toLowerCase();
      const content = body.join('\n\n');
      const text =
        encoding === 'base64'
          ? Buffer.from(content.replace(/\s+/g, ''), 'base64').toString('utf8')
          : encoding === 'quoted-printable'
            ? Buffer.from(content.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8')
            : content;
      return { to, text };
    })
    .filter((m) => m.text.includes(needle));
}

/** The mails mentioning `needle`, once the sender has written one (a budget of 10 s on an idle machine). */
function mailMentioning(t: TestApp, needle: string) {
  return eventually(() => mailsMentioning(t, needle), (found) => found.length > 0, 10_000, `a mail mentioning ${needle}`);
}

describe('Identity and partner rules over HTTP (issue 12)', () => {
  let t: TestApp;
  let service: string;
  let store: EventStore;
  let database: Database;

  beforeAll(async () => {
    t = await startTestApp();
    service = await t.token('service', 'identity-svc');
    store = t.app.get(EVENT_STORE);
    database = t.app.get(DATABASE);
  });
  afterAll(async () => t.close());

  const add = (partner: { partnerId: string; token: string }, customers: Array<{ email: string; commonName: string }>) =>
    t.request('POST', `/v1/partners/${partner.partnerId}/customers`, { token: partner.token, body: { customers } });

  const outboxRecipient = async (position: string, accountId: string) => {
    await t.app.get(ProjectionRunner).waitFor([mailOutboxProjection.name], BigInt(position));
    const rows = await sql<{ recipient: string }>`select recipient from mail_outbox where kind = 'customer_invitation' and mail_values->>'accountId' = ${accountId}`.execute(database.db);
    return rows.rows.map((r) => r.recipient);
  };

  describe('item 14: names are stored normalised', () => {
    it('stores the company legal name and the contact name without stray white space, and mails them so', async () => {
      const account = await registeredAccount(t);
      const token = await t.token('partner', account.email, account.accountId);
      const r = await t.request('POST', '/v1/partners', {
        token,
        body: partnerApplication({
          company: { legalName: ' Sao  Viet Technology JSC ', businessLicenseNo: `03${randomInt(10 ** 7, 10 ** 8 - 1)}`, registeredCapital: '10000000000', staff: 48, technicalStaff: 15, customerOperations: true, afterSalesService: true },
          contact: { name: 'Tran  Quoc Huy ', email: `contact-${account.email}`, phone: '+84 28 3822 1234' },
        }),
      });
      expect(r.status).toBe(201);
      const view = await t.request('GET', `/v1/partners/${account.accountId}?minPosition=${r.body.position}`, { token });
      expect([view.body.company.legalName, view.body.contact.name]).toEqual(['Sao Viet Technology JSC', 'Tran Quoc Huy']);
      const [mail] = await mailMentioning(t, 'Tran');
      expect(mail.text).toContain('Tran Quoc Huy');
      expect(mail.text).not.toContain('Tran  Quoc');
    });

    it('records the verified legal name normalised', async () => {
      const account = await registeredAccount(t);
      const r = await t.request('POST', `/v1/accounts/${account.accountId}/identity-verification`, { token: service, body: { legalName: 'Shenzhen  Yunfan\u3000Technology Co., Ltd. ', method: 'business_license' } });
      expect(r.status).toBe(200);
      const events = await store.readStream(`account-${account.accountId}`);
      expect(events.find((e) => e.type === 'AccountIdentityVerified')?.data).toMatchObject({ legalName: 'Shenzhen Yunfan Technology Co., Ltd.' });
    });
  });

  describe('item 12: e-mail uniqueness and lookup across IDN, width and case', () => {
    const register = (accountId: string, email: string) => t.request('POST', '/v1/accounts', { token: service, body: { ...newAccount(), accountId, email } });

    it.each([
      ['its A-label', (local: string) => [`${local}@bücher.example`, `${local}@xn--bcher-kva.example`]],
      ['its U-label, when the A-label came first', (local: string) => [`${local}@XN--BCHER-KVA.example`, `${local}@Bücher.example`]],
      ['a decomposed ü', (local: string) => [`${local}@bücher.example`, `${local}@bu\u0308cher.example`]],
      ['full-width letters in the local part', (local: string) => [`${local}@example.vn`, `${local.replace(/[a-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))}@example.vn`]],
    ])('refuses an address registered already under %s', async (_form, spellings) => {
      const local = `anna-${randomUUID().slice(0, 8)}`;
      const [first, second] = spellings(local);
      const a = await register(`a-${local}`, first);
      expect(a.status).toBe(201);
      const b = await register(`b-${local}`, second);
      expect([b.status, b.body.code]).toEqual([409, 'EMAIL_ALREADY_REGISTERED']);
      const [registered] = await store.readStream(`account-a-${local}`);
      expect(registered.data).toMatchObject({ email: first });
    });

    it('keeps an address reserved before the rule changed (its old stream name) unique and findable', async () => {
      const local = `olga-${randomUUID().slice(0, 8)}`;
      const email = `${local}@Bücher.example`;
      const oldKey = `${local}@bücher.example`; // trimmed, NFC, lower case: the rule before issue 12
      const accountId = `old-${local}`;
      const meta = { schemaVersion: 1, occurredAt: '2026-11-01T00:00:00.000Z' };
      await store.appendToStream(`account-email-${oldKey}`, [{ eventId: randomUUID(), type: 'AccountEmailReserved', data: { normalizedEmail: oldKey, accountId, reservedAt: meta.occurredAt }, metadata: meta }], { expectedRevision: 'no_stream' });
      await store.appendToStream(`account-${accountId}`, [{ eventId: randomUUID(), type: 'AccountRegistered', data: { accountId, email, normalizedEmail: oldKey, type: 'enterprise', billing: 'prepaid' }, metadata: meta }], { expectedRevision: 'no_stream' });
      const again = await register(`new-${local}`, `${local}@bücher.example`);
      expect([again.status, again.body.code]).toEqual([409, 'EMAIL_ALREADY_REGISTERED']);
      const partner = await approvedPartner(t);
      const r = await add(partner, [{ email: `${local}@BÜCHER.example`, commonName: 'Olga' }]);
      expect(r.body.rows[0]).toMatchObject({ result: 'invited', accountId });
    });

    it('finds the account by any form of its address when a partner adds it', async () => {
      const partner = await approvedPartner(t);
      const local = `anna-${randomUUID().slice(0, 8)}`;
      expect((await register(`c-${local}`, `${local}@bücher.example`)).status).toBe(201);
      const r = await add(partner, [{ email: `${local.toUpperCase()}@xn--bcher-kva.example`, commonName: 'Anna' }]);
      expect(r.body.rows[0]).toMatchObject({ result: 'invited', accountId: `c-${local}` });
      expect(await outboxRecipient(r.body.position, `c-${local}`)).toEqual([`${local}@bücher.example`]);
    });

    it('counts two forms of one address in a batch as the same address', async () => {
      const partner = await approvedPartner(t);
      const local = `anna-${randomUUID().slice(0, 8)}`;
      expect((await register(`d-${local}`, `${local}@bücher.example`)).status).toBe(201);
      const r = await add(partner, [
        { email: `${local}@bücher.example`, commonName: 'Anna' },
        { email: `${local}@xn--bcher-kva.example`, commonName: 'Anna again' },
      ]);
      expect(r.body.rows.map((row: { result: string; code?: string }) => row.code ?? row.result)).toEqual(['invited', 'DUPLICATE_IN_BATCH']);
    });
  });

  describe('item 11: the invitation goes to the address on record', () => {
    it.each([
      ['in upper case', (email: string) => email.toUpperCase()],
      ['with a Kelvin sign for k', (email: string) => email.replace(/k/g, '\u212A')],
      ['with a full-width local part', (email: string) => email.replace(/^[^@]+/, (local) => local.replace(/[a-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)))],
    ])('mails the registered address when the partner typed it %s, and keeps what was typed in the event', async (_how, spell) => {
      const partner = await approvedPartner(t, 'en');
      const id = `kate-${randomUUID().slice(0, 8)}`;
      const customer = await registeredAccount(t, { accountId: id, email: `${id}@kite.example.vn` });
      const typed = spell(customer.email);
      const r = await add(partner, [{ email: typed, commonName: 'Kate' }]);
      expect(r.body.rows[0]).toMatchObject({ result: 'invited', accountId: customer.accountId });
      expect(await outboxRecipient(r.body.position, customer.accountId)).toEqual([customer.email]);
      const [mail] = await mailMentioning(t, `/customers/${customer.accountId}/confirm`);
      expect(mail.to).toBe(customer.email);
      expect(mail.text).toContain(`account ${customer.email} becomes`);
      const [invited] = await store.readStream(`customer-${customer.accountId}`);
      expect(invited.data).toMatchObject({ email: typed.trim(), accountEmail: customer.email });
    });
  });

  describe('item 15: every failing eligibility condition is named', () => {
    it('answers an AddCustomer row with the first code and every failing condition of seed 003', async () => {
      const partner = await approvedPartner(t);
      const dirty = await registeredAccount(t, { billing: 'postpaid' }, { creditBalance: '2000000', onPoc: true });
      const services = await registeredAccount(t, {}, { usesServices: true });
      const r = await add(partner, [
        { email: dirty.email, commonName: 'Dirty' },
        { email: services.email, commonName: 'Services' },
      ]);
      expect(r.status).toBe(200);
      expect(r.body.rows).toEqual([
        { email: dirty.email, result: 'rejected', code: 'ACCOUNT_NOT_PREPAID', reasons: ['ACCOUNT_NOT_PREPAID', 'ACCOUNT_HAS_CREDIT', 'ACCOUNT_ON_POC'] },
        { email: services.email, result: 'rejected', code: 'ACCOUNT_USING_SERVICES' },
      ]);
    });

    it('answers RegisterPartner with problem+json naming the first code and every failed rule', async () => {
      const account = await registeredAccount(t, { type: 'individual' });
      const token = await t.token('partner', account.email, account.accountId);
      const r = await t.request('POST', '/v1/partners', { token, body: partnerApplication({ acceptTerms: false }) });
      expect(r.status).toBe(422);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.body).toMatchObject({ code: 'ACCOUNT_NOT_ENTERPRISE', reasons: ['ACCOUNT_NOT_ENTERPRISE', 'TERMS_NOT_ACCEPTED'], termsVersion: '2023-07' });
    });

    it('describes reasons in the OpenAPI document', async () => {
      const docs = await t.request('GET', '/docs-json');
      const schemas = docs.body.components.schemas;
      expect(schemas.AddCustomerRowResultDto.properties.reasons).toMatchObject({ type: 'array', items: { type: 'string' } });
      expect(schemas.RegisterPartnerProblemDto.properties.reasons).toMatchObject({ type: 'array', items: { type: 'string' } });
      const register = docs.body.paths['/v1/partners'].post.responses;
      expect(register['422'].content['application/problem+json'].schema.allOf).toEqual([{ $ref: '#/components/schemas/Problem' }, { $ref: '#/components/schemas/RegisterPartnerProblemDto' }]);
      const addCustomers = docs.body.paths['/v1/partners/{partnerId}/customers'].post.responses;
      expect(addCustomers['200'].content['application/json'].schema.$ref).toBe('#/components/schemas/AddCustomersAnswerDto');
    });
  });
});

describe('Tencent brand conflicts over HTTP (issue 12, item 16; PROGRAM=tencentcloud)', () => {
  let t: TestApp;
  let service: string;

  beforeAll(async () => {
    t = await startTestApp({ config: { program: 'tencentcloud' } });
    service = await t.token('service', 'identity-svc');
  });
  afterAll(async () => t.close());

  /** A verified enterprise applying under its verified legal name. */
  async function apply(legalName: string) {
    const account = newAccount();
    await t.request('POST', '/v1/accounts', { token: service, body: account });
    await t.request('POST', `/v1/accounts/${account.accountId}/identity-verification`, { token: service, body: { legalName, method: 'business_license' } });
    return t.request('POST', '/v1/partners', {
      token: await t.token('partner', account.email, account.accountId),
      body: partnerApplication({
        language: 'zh',
        termsVersion: '2024-01',
        partnerType: 'reseller',
        company: { legalName, businessLicenseNo: `91440300MA${randomInt(10 ** 7, 10 ** 8 - 1)}`, registeredCapital: '10000000', staff: 86, technicalStaff: 24, customerOperations: true, afterSalesService: true },
        contact: { name: '张伟', email: `contact-${account.accountId}@yunfan-tech.cn`, phone: '+86 755 8600 0000' },
      }),
    });
  }

  it.each([
    ['a look-alike of 讯', '深圳市腾迅科技有限公司', ['腾讯']],
    ['another Tencent brand', '广州微信营销服务有限公司', ['微信']],
    ['the traditional form with a look-alike', '深圳市騰迅科技有限公司', ['腾讯']],
    ['QQ as a word', '深圳QQ游戏工作室', ['QQ']],
  ])('refuses a company name with %s', async (_form, legalName, brandWords) => {
    const r = await apply(legalName);
    expect([r.status, r.body.code, r.body.brandWords]).toEqual([422, 'BRAND_CONFLICT', brandWords]);
  });

  it('accepts a name where QQ is only part of a Latin word', async () => {
    const r = await apply('AQQUA Water Trading Ltd');
    expect(r.status).toBe(201);
  });
});

