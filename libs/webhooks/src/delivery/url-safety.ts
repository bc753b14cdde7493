import { DomainError, ruleViolation } from '@pp/platform';
import { promises as dns, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Why an address is not a public unicast one: a range name of ipaddr.js's `range()`, e.g.
 * `loopback`, `private`, `linkLocal`, `uniqueLocal`, `unspecified`, `multicast`, `broadcast`,
 * `reserved`, `carrierGradeNat`, `benchmarking`, `teredo`, or `invalid` for a text that is no address.
 */
export type AddressClass = string;

/** Ranges that carry an IPv4 address in their low 32 bits and so reach wherever that address does. */
const EMBEDS_IPV4_LOW = new Set(['ipv4Mapped', 'rfc6145']);

/** The deprecated IPv4-compatible addresses (`::a.b.c.d`, RFC 4291 2.5.5.1): refused whatever they carry (`::` and `::1` are classed before). */
const IPV4_COMPATIBLE = ipaddr.IPv6.parseCIDR('::/96');

/** The well-known NAT64 prefix (RFC 6052); its local-use sibling 64:ff9b:1::/48 stays refused. */
const NAT64_WELL_KNOWN = ipaddr.IPv6.parseCIDR('64:ff9b::/96');

/**
 * Classifies an IP address (server-side request forgery): null when it is public unicast, otherwise
 * the reason (an {@link AddressClass}). IPv4-mapped (`::ffff:a.b.c.d`), IPv4-translated and NAT64
 * (`64:ff9b::a.b.c.d`, what a DNS64 resolver hands out for an IPv4-only host) addresses are judged
 * as the IPv4 address they carry, and 6to4 (`2002:aabb:ccdd::`) as its embedded IPv4 too.
 * @param ip an IPv4 or IPv6 address without brackets (an IPv6 zone, `%eth0`, is ignored).
 */
export function classifyAddress(ip: string): AddressClass | null {
  let address: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    address = ipaddr.parse(ip);
  } catch {
    return 'invalid';
  }
  if (address.kind() === 'ipv6') {
    const v6 = address as ipaddr.IPv6;
    const range = v6.range();
    if (EMBEDS_IPV4_LOW.has(range) || (range === 'rfc6052' && v6.match(NAT64_WELL_KNOWN))) return classifyV4(new ipaddr.IPv4(v6.toByteArray().slice(12, 16)));
    if (range === '6to4') return classifyV4(new ipaddr.IPv4(v6.toByteArray().slice(2, 6)));
    if (range === 'unicast' && v6.match(IPV4_COMPATIBLE)) return 'ipv4Compatible';
    return range === 'unicast' ? null : range;
  }
  return classifyV4(address as ipaddr.IPv4);
}

function classifyV4(address: ipaddr.IPv4): AddressClass | null {
  const range = address.range();
  return range === 'unicast' ? null : range;
}

/** Resolves a host name to all its addresses, as `dns.promises.lookup(host, { all: true })` does. */
export type HostLookup = (hostname: string, options: { all: true }) => Promise<LookupAddress[]>;

/** What {@link checkWebhookUrl} requires of a URL. */
export interface WebhookUrlRules {
  /** Refuse `http:` (production); `http:` is for local receivers in development and tests. */
  requireHttps: boolean;
  /** Accept hosts that resolve to loopback, private and other non-public addresses (development, tests). */
  allowPrivate: boolean;
  /** The resolver, `dns.promises.lookup` unless a test injects one. */
  lookup?: HostLookup;
}

const invalid = (detail: string) => new DomainError('WEBHOOK_URL_INVALID', 'invalid', detail);

/** Host names that are loopback by definition (RFC 6761 section 6.3), whatever a resolver says. */
const isLocalhostName = (host: string) => host === 'localhost' || host.endsWith('.localhost');

/**
 * Checks a subscription's URL before it is recorded: an absolute `https:` (or, unless
 * `requireHttps`, `http:`) URL without credentials or fragment, whose host resolves, and, unless
 * `allowPrivate`, only to public unicast addresses (every address: a resolver may hand out any of
 * them). This is the check at subscription time; {@link guardedLookup} checks again at each
 * connection, since the name may resolve elsewhere by then (DNS rebinding).
 * @returns the parsed URL.
 * @throws DomainError `WEBHOOK_URL_INVALID` (400) for a URL that does not parse, another scheme,
 *   credentials or a fragment; `WEBHOOK_URL_NOT_HTTPS` (422) for `http:` when `requireHttps`;
 *   `WEBHOOK_URL_UNRESOLVABLE` (422) when the host does not resolve; `WEBHOOK_URL_NOT_PUBLIC` (422)
 *   naming the class of the first address that is not public (never the address itself).
 */
export async function checkWebhookUrl(url: string, rules: WebhookUrlRules): Promise<URL> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid('the webhook URL is not an absolute URL');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw invalid(`the webhook URL's scheme must be https (not ${parsed.protocol.slice(0, -1).slice(0, 20)})`);
  if (parsed.protocol === 'http:' && rules.requireHttps) throw ruleViolation('WEBHOOK_URL_NOT_HTTPS', 'the webhook URL must use https');
  if (parsed.username !== '' || parsed.password !== '') throw invalid('the webhook URL may not contain credentials');
  // `new URL('https://x/#').hash` is '' although the URL has a fragment: the text tells.
  if (url.includes('#')) throw invalid('the webhook URL may not contain a fragment');
  const host = hostOf(parsed);
  if (host === '') throw invalid('the webhook URL has no host');
  if (!rules.allowPrivate && isLocalhostName(host.replace(/\.$/, ''))) throw notPublic('loopback');

  const addresses = await resolve(host, rules.lookup ?? dns.lookup);
  if (!rules.allowPrivate) {
    for (const { address } of addresses) {
      const reason = classifyAddress(address);
      if (reason !== null) throw notPublic(reason);
    }
  }
  return parsed;
}

/** The URL's host as a resolver or `http.request` takes it: an IPv6 literal without its brackets. */
export function hostOf(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

const notPublic = (reason: AddressClass) => ruleViolation('WEBHOOK_URL_NOT_PUBLIC', `the webhook URL's host is not a public address (${reason})`);

async function resolve(host: string, lookup: HostLookup): Promise<LookupAddress[]> {
  const literal = isIP(host);
  if (literal !== 0) return [{ address: host, family: literal }];
  let addresses: LookupAddress[];
  try {
    addresses = await lookup(host, { all: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw ruleViolation('WEBHOOK_URL_UNRESOLVABLE', `the webhook URL's host does not resolve${code ? ` (${code})` : ''}`);
  }
  if (addresses.length === 0) throw ruleViolation('WEBHOOK_URL_UNRESOLVABLE', "the webhook URL's host does not resolve");
  return addresses;
}

/** Thrown through a connection's lookup when the host resolves to an address that is not public. */
export class AddressNotPublicError extends Error {
  override readonly name = 'AddressNotPublicError';
  readonly code = 'ERR_ADDRESS_NOT_PUBLIC';
  constructor(readonly reason: AddressClass) {
    super(`address not public (${reason})`);
  }
}

/**
 * A `lookup` for `http.request` / `https.request` options that resolves the host when the
 * connection is made and fails it with {@link AddressNotPublicError} when any address is not
 * public: a host that resolved to a public address when the subscription was made may resolve to
 * 127.0.0.1 now (DNS rebinding), and only the address actually connected to counts. With
 * `allowPrivate` it only resolves. Node does not call it for an IP literal host: check that with
 * {@link classifyAddress} before the request.
 * @param resolveAll the resolver, `dns.promises.lookup` unless a test injects one.
 */
export function guardedLookup(allowPrivate: boolean, resolveAll: HostLookup = dns.lookup): LookupFunction {
  return (hostname: string, options: LookupOptions, callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void) => {
    const family = options.family === 4 || options.family === 'IPv4' ? 4 : options.family === 6 || options.family === 'IPv6' ? 6 : 0;
    resolveAll(hostname, { ...options, all: true } as { all: true }).then(
      (found) => {
        const addresses = family === 4 || family === 6 ? found.filter((a) => a.family === family) : found;
        if (addresses.length === 0) {
          const none: NodeJS.ErrnoException = new Error(`no address for ${hostname}`);
          none.code = 'ENOTFOUND';
          return callback(none, '', 0);
        }
        if (!allowPrivate) {
          for (const { address } of found) {
            const reason = classifyAddress(address);
            if (reason !== null) return callback(new AddressNotPublicError(reason), '', 0);
          }
        }
        if (options.all) callback(null, addresses);
        else callback(null, addresses[0].address, addresses[0].family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}
