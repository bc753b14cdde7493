import { checkExpectations, valueAtPath } from './expectations';
import { invitationToken, isAddressedTo } from './eml';
import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findInvitationToken } from './mailbox';
import { mailReferences, resolveInput, substituteMailReferences } from './inputs';
import { COMMAND_ROUTES, commandRoute, highestPosition, queryUrl } from './routes';
import { parseScenario, selectSteps, Step } from './scenario-file';

const step = (id: string, extra: Partial<Step> = {}): Step => ({ id, actor: { role: 'service', sub: 'svc' }, command: 'RegisterAccount', ...extra });

describe('routes', () => {
  it('fills path parameters of a command route', () => {
    expect(commandRoute('AllocateCustomerCredit', { partnerId: 'vn-ent-saoviet', accountId: 'vn-cus-minhphat' })).toEqual({
      method: 'POST',
      path: '/v1/partners/vn-ent-saoviet/customers/vn-cus-minhphat/credit-allocations',
    });
    expect(commandRoute('RecordCourseCompletion', { partnerId: 'cn-yunfan', courseId: 'partner-required-101' }).path).toBe(
      '/v1/partners/cn-yunfan/courses/partner-required-101/completion',
    );
    expect(commandRoute('RegisterPartner')).toEqual({ method: 'POST', path: '/v1/partners' });
  });

  it('uses the methods SPEC section 9 names', () => {
    expect(commandRoute('RecordAccountStanding', { accountId: 'a' }).method).toBe('PUT');
    expect(commandRoute('UpdatePartnerProfile', { partnerId: 'p' }).method).toBe('PATCH');
    expect(commandRoute('SetCustomerDiscount', { partnerId: 'p', accountId: 'a' }).method).toBe('PUT');
    expect(commandRoute('EndCustomerRelationship', { partnerId: 'p', accountId: 'a' })).toEqual(commandRoute('CancelCustomerInvitation', { partnerId: 'p', accountId: 'a' }));
    expect(commandRoute('EndCustomerRelationship', { partnerId: 'p', accountId: 'a' }).method).toBe('DELETE');
  });

  it('encodes parameter values', () => {
    expect(commandRoute('ApprovePartner', { partnerId: 'a/b c' }).path).toBe('/v1/partners/a%2Fb%20c/approval');
  });

  it('refuses an unknown command, a missing parameter and an unused one', () => {
    expect(() => commandRoute('ApprovePartnr', { partnerId: 'p' })).toThrow('unknown command "ApprovePartnr"');
    expect(() => commandRoute('toString')).toThrow('unknown command');
    expect(() => commandRoute('ApprovePartner')).toThrow('{partnerId}');
    expect(() => commandRoute('ApprovePartner', { partnerId: 'p', accountId: 'a' })).toThrow('accountId not used');
  });

  it('covers every command the scenarios use', () => {
    const names = ['RegisterAccount', 'RecordIdentityVerification', 'RecordAccountStanding', 'RegisterPartner', 'ApprovePartner', 'RejectPartner',
      'UpdatePartnerProfile', 'RecordAssessment', 'SuspendPartner', 'ReinstatePartner', 'TerminatePartner', 'RecordCourseCompletion',
      'DepositPartnerCredit', 'AddCustomer', 'CancelCustomerInvitation', 'EndCustomerRelationship', 'ConfirmCustomer', 'DeclineCustomerInvitation',
      'ApproveCustomer', 'RejectCustomer', 'AllocateCustomerCredit', 'SetCustomerDiscount', 'RecordCustomerRevenue',
      'PublishPriceList', 'RetirePriceList', 'AssignCustomerPriceList'];
    expect(Object.keys(COMMAND_ROUTES).sort()).toEqual([...names].sort());
  });

  it('adds minPosition to a query as a decimal string, beyond float precision', () => {
    const url = queryUrl('http://127.0.0.1:3000/', 'GET /v1/partners/{partnerId}/dashboard', { partnerId: 'p-1' }, 9007199254740993n);
    expect(url.href).toBe('http://127.0.0.1:3000/v1/partners/p-1/dashboard?minPosition=9007199254740993');
    expect(queryUrl('http://h', 'GET /v1/approvals?kind=partner', undefined, undefined).href).toBe('http://h/v1/approvals?kind=partner');
    expect(() => queryUrl('http://h', 'POST /v1/approvals', undefined, undefined)).toThrow('only GET');
  });

  it('keeps the highest position seen, ignoring answers without one', () => {
    let seen = highestPosition(undefined, { position: '9007199254740993' });
    seen = highestPosition(seen, { position: '12' });
    seen = highestPosition(seen, { code: 'X' });
    seen = highestPosition(seen, { position: 42 });
    expect(seen).toBe(9007199254740993n);
  });
});

describe('checkExpectations', () => {
  const fails = (expect: Record<string, unknown>, status: number, body: unknown) => checkExpectations(expect, { status, body }).failures;

  it('checks status, naming the problem code when it differs', () => {
    expect(fails({ status: 201 }, 201, {})).toEqual([]);
    expect(fails({ status: 201 }, 422, { code: 'ACCOUNT_NOT_FOUND', detail: 'no such account' })).toEqual([
      'status: expected 201, got 422 (ACCOUNT_NOT_FOUND: no such account)',
    ]);
  });

  it('checks code and state', () => {
    expect(fails({ state: 5 }, 200, { state: 'approved' })).toEqual(['expect.state must be a string, got 5']);
    expect(fails({ code: 'TERMS_NOT_ACCEPTED' }, 422, { code: 'TERMS_NOT_ACCEPTED' })).toEqual([]);
    expect(fails({ code: 'TERMS_NOT_ACCEPTED' }, 422, { code: 'OTHER' })).toEqual(['code: expected TERMS_NOT_ACCEPTED, got "OTHER"']);
    expect(fails({ state: 'approved' }, 200, { state: 'approved' })).toEqual([]);
    expect(fails({ state: 'approved' }, 200, { state: 'in_assessment' })).toEqual(['state: expected approved, got "in_assessment"']);
    expect(fails({ state: 'approved' }, 500, undefined)).toEqual(['state: expected approved, got nothing']);
  });

  it('checks AddCustomer rows one by one', () => {
    const rows = [
      { email: 'a@x.vn', result: 'invited', accountId: 'a' },
      { email: 'b@x.vn', result: 'rejected', code: 'ACCOUNT_NOT_PREPAID' },
    ];
    expect(fails({ rows: ['invited', 'ACCOUNT_NOT_PREPAID'] }, 200, { rows })).toEqual([]);
    expect(fails({ rows: ['ACCOUNT_NOT_FOUND', 'invited'] }, 200, { rows })).toEqual([
      'rows[0] (a@x.vn): expected ACCOUNT_NOT_FOUND, got "invited"',
      'rows[1] (b@x.vn): expected invited, got rejected "ACCOUNT_NOT_PREPAID"',
    ]);
    expect(fails({ rows: ['invited', 'ACCOUNT_NOT_PREPAID', 'invited'] }, 200, { rows })).toEqual(['rows: expected 3 rows, got 2']);
    expect(fails({ rows: ['invited'] }, 422, { code: 'PARTNER_NOT_ACTIVE' })).toEqual(['rows: the answer has no rows array']);
  });

  it('checks that items contain the given field values', () => {
    const body = { items: [{ kind: 'customer', subject: 'c', overdue: false }, { kind: 'partner', subject: 'vn-ent-saoviet', overdue: false, dueAt: 't' }] };
    expect(fails({ contains: [{ kind: 'partner', subject: 'vn-ent-saoviet', overdue: false }] }, 200, body)).toEqual([]);
    expect(fails({ contains: [{ kind: 'partner', subject: 'vn-ent-saoviet', overdue: true }] }, 200, body)).toEqual([
      'contains: no item with {"kind":"partner","subject":"vn-ent-saoviet","overdue":true} among 2 item(s)',
    ]);
    expect(fails({ contains: [{ kind: 'partner' }] }, 200, {})).toEqual(['contains: the answer has no items array']);
  });

  it('checks dotted fields, whose keys may hold dashes, with ===', () => {
    const body = { status: 'approved', customers: { approved: 1 }, credit: { deposited: '50000000' }, revenue: { byMonth: { '2026-11': '3250000' } } };
    expect(valueAtPath(body, 'revenue.byMonth.2026-11')).toEqual({ found: true, value: '3250000' });
    expect(fails({ fields: { status: 'approved', 'customers.approved': 1, 'revenue.byMonth.2026-11': '3250000' } }, 200, body)).toEqual([]);
    expect(fails({ fields: { 'customers.approved': '1', 'credit.deposited': 50000000, 'customers.declined': 1 } }, 200, body)).toEqual([
      'fields.customers.approved: expected "1", got 1',
      'fields.credit.deposited: expected 50000000, got "50000000"',
      'fields.customers.declined: expected 1, missing',
    ]);
  });

  it('checks that event types start with a sequence, from events or items', () => {
    const events = [{ type: 'PartnerRegistrationSubmitted' }, { type: 'PartnerApproved' }, { type: 'PartnerProfileUpdated' }];
    expect(fails({ types_start_with: ['PartnerRegistrationSubmitted', 'PartnerApproved'] }, 200, { events })).toEqual([]);
    expect(fails({ types_start_with: ['PartnerRegistrationSubmitted', 'PartnerApproved'] }, 200, { items: events })).toEqual([]);
    expect(fails({ types_start_with: ['PartnerRegistrationSubmitted', 'PartnerCourseCompleted'] }, 200, { events })).toEqual([
      'types_start_with: expected [PartnerRegistrationSubmitted, PartnerCourseCompleted], got [PartnerRegistrationSubmitted, PartnerApproved, PartnerProfileUpdated]',
    ]);
    expect(fails({ types_start_with: ['A'] }, 200, {})).toEqual(['types_start_with: the answer has neither an events nor an items array']);
  });

  it('checks the failed thresholds of THRESHOLD_NOT_MET in any order', () => {
    expect(fails({ failed: ['staff', 'registeredCapital'] }, 422, { failed: ['registeredCapital', 'staff'] })).toEqual([]);
    expect(fails({ failed: ['staff'] }, 422, { failed: [{ threshold: 'staff', required: 20, actual: 12 }] })).toEqual([]);
    expect(fails({ failed: ['staff', 'technicalStaff'] }, 422, { failed: ['staff'] })).toEqual(['failed: expected [staff, technicalStaff], got [staff]']);
    expect(fails({ failed: ['staff'] }, 422, { code: 'THRESHOLD_NOT_MET' })).toEqual(['failed: expected [staff], the answer has no failed array']);
  });

  it('prints a note without checking it, and fails an unknown expectation', () => {
    expect(checkExpectations({ status: 200, note: 'idempotent' }, { status: 200, body: {} })).toEqual({ failures: [], note: 'idempotent' });
  });

  it('checks an assessment end of approval time + N calendar months in the program\'s time zone', () => {
    const expectation = { assessmentEndsAt: 'approval time + 3 calendar months' };
    const ok = { approvedAt: '2026-11-30T04:00:00.000Z', assessmentEndsAt: '2027-02-28T04:00:00.000Z' };
    expect(checkExpectations(expectation, { status: 200, body: ok }, { timeZone: 'Asia/Shanghai' }).failures).toEqual([]);
    expect(checkExpectations(expectation, { status: 200, body: { ...ok, assessmentEndsAt: '2027-03-02T04:00:00.000Z' } }, { timeZone: 'Asia/Shanghai' }).failures).toHaveLength(1);
    expect(checkExpectations(expectation, { status: 200, body: { approvedAt: ok.approvedAt } }).failures).toHaveLength(1);
  });

  it('fails an expectation it does not know', () => {
    expect(fails({ status: 200, colour: 'blue' }, 200, {})).toEqual(['unknown expectation "colour": "blue" (not checked)']);
  });
});

describe('inputs', () => {
  const steps = [
    step('p-1', { input: { language: 'vi', contact: { email: 'a@x.vn' } } }),
    step('p-1-again', { input: 'same as p-1' }),
    step('p-1-third', { input: 'same as p-1-again' }),
    step('no-input', { input: undefined }),
    step('dangling', { input: 'same as p-9' }),
    step('loop-a', { input: 'same as loop-b' }),
    step('loop-b', { input: 'same as loop-a' }),
  ];
  const byId = (id: string) => steps.find((s) => s.id === id) as Step;

  it('resolves "same as" to the referenced step\'s input, also through a chain', () => {
    expect(resolveInput(byId('p-1-again'), steps)).toEqual({ language: 'vi', contact: { email: 'a@x.vn' } });
    expect(resolveInput(byId('p-1-third'), steps)).toBe(byId('p-1').input);
    expect(resolveInput(byId('no-input'), steps)).toEqual({});
  });

  it('refuses a reference to no step and a circle', () => {
    expect(() => resolveInput(byId('dangling'), steps)).toThrow('"same as p-9" names no step');
    expect(() => resolveInput(byId('loop-a'), steps)).toThrow('circle');
  });

  it('finds and replaces $mail references without changing the input', () => {
    const input = { token: '$mail:Tran.Thi.Binh@minhphat.vn', nested: ['$mail:b@x.vn', 'plain'] };
    expect(mailReferences(input)).toEqual(['Tran.Thi.Binh@minhphat.vn', 'b@x.vn']);
    const tokens = new Map([['Tran.Thi.Binh@minhphat.vn', 'T1'], ['b@x.vn', 'T2']]);
    expect(substituteMailReferences(input, tokens)).toEqual({ token: 'T1', nested: ['T2', 'plain'] });
    expect(input.token).toBe('$mail:Tran.Thi.Binh@minhphat.vn');
    expect(() => substituteMailReferences(input, new Map())).toThrow('no invitation token for Tran.Thi.Binh@minhphat.vn');
  });
});

describe('eml', () => {
  const token = 'Zq3x_9-PLmN0aBcDeFgHiJkLmNoPqRsT';
  const plain = [
    'From: Partner Portal <no-reply@portal.example>',
    'To: =?UTF-8?B?VHLhuqduIFRo4buLIELDrG5o?=',
    ' <tran.thi.binh@minhphat.vn>',
    'Subject: =?UTF-8?Q?L=E1=BB=9Di_m=E1=BB=9Di?=',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    'Xin chào,',
    'Mã xác nhận (token): ' + token,
    'Liên kết: https://portal.example/confirm?account=vn-cus-minhphat&token=' + token,
    '',
  ].join('\r\n');

  it('matches the whole recipient address, case-insensitively, across a folded header', () => {
    expect(isAddressedTo(plain, 'TRAN.THI.BINH@minhphat.vn')).toBe(true);
    expect(isAddressedTo(plain, 'binh@minhphat.vn')).toBe(false);
    expect(isAddressedTo(plain, 'no-reply@portal.example')).toBe(false);
  });

  it('takes the token from a "token:" line', () => {
    expect(invitationToken(plain)).toBe(token);
  });

  it('takes the token from a full-width colon line (zh)', () => {
    expect(invitationToken('To: a@b.cn\n\n您的邀请令牌（token）：' + token + '\n')).toBe(token);
  });

  it('takes the token= parameter of a link from the first text part of a quoted-printable multipart mail', () => {
    const otherToken = 'html-part-token-0123456789';
    const eml = [
      'To: ketoan@anphat.com.vn',
      'Content-Type: multipart/alternative; boundary="--b1"',
      '',
      '----b1',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'X=C3=A1c nh=E1=BA=ADn t=E1=BA=A1i https://portal.example/customers/confirm?tok=',
      'en=3D' + token.slice(0, 10) + '=',
      token.slice(10),
      '----b1',
      'Content-Type: text/html; charset=utf-8',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from(`<a href="https://portal.example/c?a=1&amp;token=${otherToken}">go</a>`).toString('base64'),
      '----b1--',
      '',
    ].join('\n');
    expect(invitationToken(eml)).toBe(token);
  });

  it('reads a base64 html-only body', () => {
    const eml = ['To: a@b.vn', 'Content-Type: text/html', 'Content-Transfer-Encoding: base64', '', Buffer.from(`<a href="x?a=1&amp;token=${token}">go</a>`).toString('base64')].join('\n');
    expect(invitationToken(eml)).toBe(token);
  });

  it('finds no token in a mail without one, nor a too short "token:" value', () => {
    expect(invitationToken('To: a@b.vn\n\nYour registration was received.\n')).toBeUndefined();
    expect(invitationToken('To: a@b.vn\n\nToken: short\n')).toBeUndefined();
  });
});

describe(findInvitationToken.name, () => {
  it('takes the token of the newest mail to the address and names the folder when there is none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scenario-mail-'));
    const mail = (file: string, to: string, token: string, mtime: number) => {
      writeFileSync(join(dir, file), `To: ${to}\n\nToken: ${token}\n`);
      utimesSync(join(dir, file), mtime, mtime);
    };
    mail('b.eml', 'c@x.vn', 'newer-token-for-c-0123456789', 2_000);
    mail('a.eml', 'C@X.vn', 'older-token-for-c-0123456789', 1_000);
    mail('c.eml', 'd@x.vn', 'newest-token-for-d-0123456789', 3_000);
    await expect(findInvitationToken(dir, 'c@x.vn', 0)).resolves.toBe('newer-token-for-c-0123456789');
    await expect(findInvitationToken(dir, 'e@x.vn', 0)).rejects.toThrow(`no invitation mail for e@x.vn under ${dir}`);
    await expect(findInvitationToken(join(dir, 'absent'), 'e@x.vn', 0)).rejects.toThrow('no invitation mail for e@x.vn');
  });
});

describe('scenario file', () => {
  it('parses a step and refuses a step with both command and query', () => {
    const file = { name: 'n', steps: [{ id: 'a', actor: { role: 'service', sub: 's' }, command: 'RegisterAccount', input: {}, expect: { status: 201 } }] };
    expect(parseScenario(file).steps[0]).toMatchObject({ id: 'a', command: 'RegisterAccount' });
    expect(() => parseScenario({ steps: [{ id: 'a', actor: { role: 'r', sub: 's' }, command: 'X', query: 'GET /' }] })).toThrow('exactly one of');
    expect(() => parseScenario({ steps: [{ id: 'a', actor: { role: 'r', sub: 's' }, command: 'X' }, { id: 'a', actor: { role: 'r', sub: 's' }, command: 'X' }] })).toThrow('twice');
  });

  it('selects steps up to --until and marks --skip, refusing ids not in the file', () => {
    const steps = [step('a'), step('b'), step('c')];
    expect(selectSteps(steps, 'b', ['a']).map(({ step: s, skipped }) => [s.id, skipped])).toEqual([['a', true], ['b', false]]);
    expect(selectSteps(steps, undefined, []).length).toBe(3);
    expect(() => selectSteps(steps, 'z', [])).toThrow('--until z');
    expect(() => selectSteps(steps, undefined, ['y'])).toThrow('--skip');
  });
});
