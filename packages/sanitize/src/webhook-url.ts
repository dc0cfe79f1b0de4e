import ipaddr from 'ipaddr.js';
import { WebhookUrlError } from './errors';

/**
 * Validation of admin-supplied outbound URLs (Assets-to-SQL webhook push, routing providers).
 *
 * Strategy: let the WHATWG URL parser (`new URL`, the same parser `fetch` uses) normalise the host, so
 * every IPv4 spelling it accepts (`2130706433`, `0x7f.1`, `0177.0.0.1`, `127.1`, `127.0.0.1.`,
 * full-width digits, percent-encoding) arrives here as dotted-quad decimal and every IPv6 literal in
 * canonical bracketed form. Then classify IP literals with ipaddr.js and allow only its `unicast` range
 * (for IPv6, additionally only inside global unicast 2000::/3). No hand-written IP regexes.
 *
 * NOT covered here, by design: DNS. A public hostname can resolve (or be rebound) to a private address;
 * this check cannot see that. Forge mitigates it: backend egress runs on Atlassian infrastructure, not
 * the customer's network, and the destination must also be declared in the manifest or approved by an
 * admin (customer-managed egress). If this code ever runs elsewhere, resolve and re-check the address
 * at connection time.
 */
export interface WebhookUrlOptions {
  /** Ports allowed besides 443 (e.g. [8443]). Default: only 443. */
  allowedPorts?: readonly number[];
  /** Maximum length of the input and of the normalised URL, in UTF-16 units (default 2048). */
  maxLength?: number;
}

/**
 * Special-use names that never resolve to a public service (RFC 6761, 6762 appendix G, 7686, 8375,
 * 9476, ICANN's .internal). A hostname equal to one of these or ending in `.<name>` is refused.
 */
export const RESERVED_HOST_SUFFIXES: readonly string[] = [
  'localhost',
  'local',
  'localdomain',
  'internal',
  'intranet',
  'private',
  'corp',
  'home',
  'lan',
  'home.arpa',
  'arpa',
  'test',
  'invalid',
  'example',
  'onion',
  'alt',
];

/** IPv6 global unicast. Anything outside it (including IPv4-compatible ::a.b.c.d) is refused. */
const IPV6_GLOBAL_UNICAST = ipaddr.IPv6.parseCIDR('2000::/3');
const MAX_HOSTNAME_LENGTH = 253;
const MAX_LABEL_LENGTH = 63;
/** Anything WHATWG would silently drop or rewrite inside the string: refuse instead of guessing. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the purpose
const CONTROL_OR_SPACE = /[\u0000-\u0020\u007f-\u009f]/;

function reject(reason: ConstructorParameters<typeof WebhookUrlError>[0], message: string): never {
  throw new WebhookUrlError(reason, message);
}

/** Classifies an IP literal host; returns a refusal message or undefined when it is public unicast. */
function ipRefusal(address: ipaddr.IPv4 | ipaddr.IPv6): string | undefined {
  if (address.kind() === 'ipv6') {
    const v6 = address as ipaddr.IPv6;
    // ipv4Mapped is also a non-unicast range, but say why explicitly: it reaches the embedded IPv4 host.
    if (v6.isIPv4MappedAddress()) return 'IPv4-mapped IPv6 addresses are not allowed';
    const range = v6.range();
    if (range !== 'unicast') return `IPv6 address in a non-public range (${range}) is not allowed`;
    if (!v6.match(IPV6_GLOBAL_UNICAST)) return 'IPv6 address outside global unicast space is not allowed';
    return undefined;
  }
  const range = (address as ipaddr.IPv4).range();
  if (range !== 'unicast') return `IPv4 address in a non-public range (${range}) is not allowed`;
  return undefined;
}

/**
 * Returns the normalised URL (`url.toString()`, fragment removed) or throws {@link WebhookUrlError}.
 * Error messages never include the URL (webhook URLs often embed secret tokens).
 */
export function validateWebhookUrl(input: unknown, options: WebhookUrlOptions = {}): string {
  const { allowedPorts = [], maxLength = 2048 } = options;
  for (const port of allowedPorts) {
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new RangeError('allowedPorts must contain integers between 1 and 65535');
    }
  }
  if (typeof input !== 'string') reject('not-a-string', 'URL must be text');
  const raw = input.trim();
  if (raw.length > maxLength) reject('too-long', `URL must be at most ${maxLength} characters`);
  if (CONTROL_OR_SPACE.test(raw))
    reject('invalid-characters', 'URL must not contain spaces or control characters');

  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    reject('unparseable', 'Not a valid absolute URL');
  }

  if (url.protocol !== 'https:') reject('not-https', 'URL must use https://');
  if (url.username !== '' || url.password !== '') {
    reject('credentials', 'URL must not contain a username or password');
  }
  // url.port is '' for the scheme default (443), including an explicit ":443".
  if (url.port !== '' && !allowedPorts.includes(Number(url.port))) {
    const allowed = [443, ...allowedPorts].join(', ');
    reject('port', `URL port must be ${allowedPorts.length > 0 ? `one of ${allowed}` : '443 (the default)'}`);
  }

  const hostname = url.hostname;
  if (hostname.startsWith('[')) {
    // WHATWG rejects zone ids ("%25eth0"), so this is a plain canonical IPv6 literal.
    const refusal = ipRefusal(ipaddr.IPv6.parse(hostname.slice(1, -1)));
    if (refusal) reject('ip-not-public', refusal);
  } else if (ipaddr.IPv4.isValidFourPartDecimal(hostname)) {
    const refusal = ipRefusal(ipaddr.IPv4.parse(hostname));
    if (refusal) reject('ip-not-public', refusal);
  } else {
    checkDomainName(hostname);
  }

  url.hash = '';
  const normalised = url.toString();
  if (normalised.length > maxLength) reject('too-long', `URL must be at most ${maxLength} characters`);
  return normalised;
}

function checkDomainName(hostname: string): void {
  // A trailing dot is the same DNS name ("localhost." is localhost); compare without it.
  const name = hostname.endsWith('.') ? hostname.slice(0, -1) : hostname;
  if (name.length === 0 || name.length > MAX_HOSTNAME_LENGTH) {
    reject('hostname-invalid', `Host name must be 1 to ${MAX_HOSTNAME_LENGTH} characters`);
  }
  const labels = name.split('.');
  if (labels.some((label) => label.length === 0 || label.length > MAX_LABEL_LENGTH)) {
    reject('hostname-invalid', `Host name labels must be 1 to ${MAX_LABEL_LENGTH} characters`);
  }
  // WHATWG already refuses a name whose last label is numeric unless it is a valid IPv4 address, which
  // was classified above; this is defence in depth against a numeric-looking final label.
  const last = labels[labels.length - 1] ?? '';
  if (/^(?:0x[0-9a-f]*|\d+)$/i.test(last)) reject('hostname-invalid', 'Host name is not valid');
  for (const suffix of RESERVED_HOST_SUFFIXES) {
    if (name === suffix || name.endsWith(`.${suffix}`)) {
      reject('hostname-reserved', 'Host name is reserved for local or special use');
    }
  }
  if (labels.length < 2) reject('hostname-single-label', 'Host name must be a fully qualified domain name');
}
