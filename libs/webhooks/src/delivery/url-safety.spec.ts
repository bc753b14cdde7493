import { DomainError } from '@pp/platform';
import type { LookupAddress } from 'node:dns';
import { AddressNotPublicError, checkWebhookUrl, classifyAddress, guardedLookup, type HostLookup } from './url-safety';

const PUBLIC_V4 = '93.184.215.14';
const PUBLIC_V6 = '2606:2800:21f:cb07:6820:80da:af6b:8b2c';

/** A resolver that knows a fixed table and nothing else: the tests never need the internet. */
function table(entries: Record<string, string[]>): HostLookup {
  return async (hostname) => {
    const found = entries[hostname];
    if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return found.map((address): LookupAddress => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}

const production = { requireHttps: true, allowPrivate: false, lookup: table({ 'hooks.example.com': [PUBLIC_V4, PUBLIC_V6] }) };

async function refusal(url: string, rules = production): Promise<DomainError> {
  const error = await checkWebhookUrl(url, rules).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof DomainError)) throw new Error(`expected ${url} to be refused with a DomainError, got ${String(error)}`);
  return error;
}

describe(classifyAddress.name, () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['::1', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['fe80::1', 'linkLocal'],
    ['fc00::1', 'uniqueLocal'],
    ['fd12:3456::1', 'uniqueLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['2001:db8::1', 'reserved'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::7f00:1', 'ipv4Compatible'],
    ['::ffff:10.1.2.3', 'private'],
    ['64:ff9b::169.254.169.254', 'linkLocal'],
    ['2002:7f00:1::1', 'loopback'],
    ['not an address', 'invalid'],
  ])('%s is %s', (ip, reason) => {
    expect(classifyAddress(ip)).toBe(reason);
  });

  it.each([PUBLIC_V4, '8.8.8.8', '172.32.0.1', PUBLIC_V6, '::ffff:8.8.8.8', '64:ff9b::8.8.8.8'])('%s is public', (ip) => {
    expect(classifyAddress(ip)).toBeNull();
  });
});

describe(checkWebhookUrl.name, () => {
  it('accepts a public https URL and gives it back parsed', async () => {
    const url = await checkWebhookUrl('https://hooks.example.com:8443/in?source=pp', production);
    expect(url.href).toBe('https://hooks.example.com:8443/in?source=pp');
  });

  it.each([
    ['https://127.0.0.1/hook', 'loopback'],
    ['https://localhost/hook', 'loopback'],
    ['https://api.localhost./hook', 'loopback'],
    ['https://[::1]/hook', 'loopback'],
    ['https://10.0.0.1/hook', 'private'],
    ['https://172.16.0.1/hook', 'private'],
    ['https://192.168.1.1/hook', 'private'],
    ['https://169.254.169.254/latest/meta-data', 'linkLocal'],
    ['https://100.64.0.1/hook', 'carrierGradeNat'],
    ['https://0.0.0.0/hook', 'unspecified'],
    ['https://[fc00::1]/hook', 'uniqueLocal'],
    ['https://[fe80::1]/hook', 'linkLocal'],
    ['https://[::ffff:127.0.0.1]/hook', 'loopback'],
    ['https://2130706433/hook', 'loopback'],
    ['https://0x7f.1/hook', 'loopback'],
  ])('refuses %s as not public (%s)', async (url, reason) => {
    const error = await refusal(url);
    expect(error.code).toBe('WEBHOOK_URL_NOT_PUBLIC');
    expect(error.kind).toBe('rule');
    expect(error.message).toBe(`the webhook URL's host is not a public address (${reason})`);
  });

  it('refuses a name when any of its addresses is not public, without naming the address', async () => {
    const lookup = table({ 'mixed.example.com': [PUBLIC_V4, '10.20.30.40'] });
    const error = await refusal('https://mixed.example.com/hook', { ...production, lookup });
    expect(error.code).toBe('WEBHOOK_URL_NOT_PUBLIC');
    expect(error.message).toContain('(private)');
    expect(error.message).not.toContain('10.20.30.40');
  });

  it('refuses http when https is required, and accepts it when not', async () => {
    const error = await refusal('http://hooks.example.com/hook');
    expect([error.code, error.kind]).toEqual(['WEBHOOK_URL_NOT_HTTPS', 'rule']);
    await expect(checkWebhookUrl('http://hooks.example.com/hook', { ...production, requireHttps: false })).resolves.toBeInstanceOf(URL);
  });

  it.each([
    ['not a url', 'not an absolute URL'],
    ['/relative/hook', 'not an absolute URL'],
    ['ftp://hooks.example.com/hook', 'scheme'],
    ['file:///etc/passwd', 'scheme'],
    ['gopher://hooks.example.com/', 'scheme'],
    ['https://user:pass@hooks.example.com/hook', 'credentials'],
    ['https://user@hooks.example.com/hook', 'credentials'],
    ['https://hooks.example.com/hook#part', 'fragment'],
    ['https://hooks.example.com/hook#', 'fragment'],
  ])('refuses %s as invalid (%s)', async (url, why) => {
    const error = await refusal(url);
    expect([error.code, error.kind]).toEqual(['WEBHOOK_URL_INVALID', 'invalid']);
    expect(error.message).toContain(why);
  });

  it('refuses a host that does not resolve', async () => {
    const error = await refusal('https://nowhere.example.com/hook');
    expect([error.code, error.kind]).toEqual(['WEBHOOK_URL_UNRESOLVABLE', 'rule']);
    expect(error.message).toContain('ENOTFOUND');
  });

  it('accepts private and loopback hosts when allowPrivate (development)', async () => {
    const rules = { requireHttps: false, allowPrivate: true, lookup: table({ 'receiver.internal': ['10.0.0.7'] }) };
    await expect(checkWebhookUrl('http://127.0.0.1:4000/hook', rules)).resolves.toBeInstanceOf(URL);
    await expect(checkWebhookUrl('http://receiver.internal/hook', rules)).resolves.toBeInstanceOf(URL);
  });
});

describe(guardedLookup.name, () => {
  const call = (lookup: ReturnType<typeof guardedLookup>, hostname: string, options: { all?: boolean; family?: number } = {}) =>
    new Promise<{ error: Error | null; address: unknown; family?: number }>((resolve) => lookup(hostname, options, (error, address, family) => resolve({ error, address, family })));

  it('refuses at connect time a name that resolves to a non-public address now (DNS rebinding)', async () => {
    let answers = [PUBLIC_V4];
    const lookup: HostLookup = async () => answers.map((address) => ({ address, family: 4 }));
    await expect(checkWebhookUrl('https://rebind.example.com/hook', { ...production, lookup })).resolves.toBeInstanceOf(URL);
    answers = ['127.0.0.1'];
    const { error } = await call(guardedLookup(false, lookup), 'rebind.example.com');
    expect(error).toBeInstanceOf(AddressNotPublicError);
    expect((error as AddressNotPublicError).reason).toBe('loopback');
  });

  it('answers one address, or all when asked (as Node asks when it tries both families)', async () => {
    const lookup = table({ 'hooks.example.com': [PUBLIC_V4, PUBLIC_V6] });
    expect(await call(guardedLookup(false, lookup), 'hooks.example.com')).toEqual({ error: null, address: PUBLIC_V4, family: 4 });
    expect(await call(guardedLookup(false, lookup), 'hooks.example.com', { family: 6 })).toEqual({ error: null, address: PUBLIC_V6, family: 6 });
    const all = await call(guardedLookup(false, lookup), 'hooks.example.com', { all: true });
    expect(all.address).toEqual([
      { address: PUBLIC_V4, family: 4 },
      { address: PUBLIC_V6, family: 6 },
    ]);
  });

  it('passes a resolver failure on, and resolves private addresses when allowPrivate', async () => {
    const lookup = table({ 'receiver.internal': ['10.0.0.7'] });
    expect((await call(guardedLookup(false, lookup), 'gone.example.com')).error).toMatchObject({ code: 'ENOTFOUND' });
    expect(await call(guardedLookup(true, lookup), 'receiver.internal')).toEqual({ error: null, address: '10.0.0.7', family: 4 });
  });
});
