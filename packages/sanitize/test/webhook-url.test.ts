import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import { validateWebhookUrl, WebhookUrlError, type WebhookUrlRejection } from '../src/index';

function reasonFor(url: unknown, options = {}): WebhookUrlRejection | 'accepted' {
  try {
    validateWebhookUrl(url, options);
    return 'accepted';
  } catch (error) {
    if (error instanceof WebhookUrlError) return error.reason;
    throw error;
  }
}

const ALLOWED: [string, string][] = [
  ['https://example.com/hook', 'https://example.com/hook'],
  [
    'https://hooks.example.com/services/T000/B000/XXXX?token=abc',
    'https://hooks.example.com/services/T000/B000/XXXX?token=abc',
  ],
  ['HTTPS://EXAMPLE.COM/Path', 'https://example.com/Path'],
  ['https://example.com:443/x', 'https://example.com/x'],
  ['https://example.com/x#fragment', 'https://example.com/x'],
  ['  https://example.com/  ', 'https://example.com/'],
  ['https://example.com./x', 'https://example.com./x'],
  ['https://ёж.рф/', 'https://xn--f1a7c.xn--p1ai/'],
  ['https://8.8.8.8/', 'https://8.8.8.8/'],
  ['https://1.1.1.1:443/dns', 'https://1.1.1.1/dns'],
  ['https://134744072/', 'https://8.8.8.8/'],
  ['https://[2606:4700:4700::1111]/', 'https://[2606:4700:4700::1111]/'],
  ['https://[2001:4860:4860:0:0:0:0:8888]/', 'https://[2001:4860:4860::8888]/'],
  ['https://example.com/a/../b', 'https://example.com/b'],
  ['https:\\\\example.com\\hook', 'https://example.com/hook'],
];

const REFUSED: [string, WebhookUrlRejection][] = [
  // Loopback in every IPv4 notation the WHATWG parser accepts.
  ['https://127.0.0.1/', 'ip-not-public'],
  ['https://2130706433/', 'ip-not-public'],
  ['https://0x7f000001/', 'ip-not-public'],
  ['https://0x7f.1/', 'ip-not-public'],
  ['https://0177.0.0.1/', 'ip-not-public'],
  ['https://0177.0.0.01/', 'ip-not-public'],
  ['https://127.1/', 'ip-not-public'],
  ['https://127.0.1/', 'ip-not-public'],
  ['https://127.0.0.1./', 'ip-not-public'],
  ['https://127.0.0.0x1/', 'ip-not-public'],
  ['https://%31%32%37.0.0.1/', 'ip-not-public'],
  ['https://１２７.０.０.１/', 'ip-not-public'],
  ['https://0/', 'ip-not-public'],
  ['https://0.0.0.0/', 'ip-not-public'],
  // Private, link-local (cloud metadata), CGNAT, multicast, broadcast, reserved, benchmarking, documentation.
  ['https://10.0.0.1/', 'ip-not-public'],
  ['https://012.0.0.1/', 'ip-not-public'],
  ['https://167772161/', 'ip-not-public'],
  ['https://172.16.0.1/', 'ip-not-public'],
  ['https://172.31.255.255/', 'ip-not-public'],
  ['https://0xac.0x10.0.1/', 'ip-not-public'],
  ['https://192.168.1.1/', 'ip-not-public'],
  ['https://0xc0a80101/', 'ip-not-public'],
  ['https://169.254.169.254/latest/meta-data/', 'ip-not-public'],
  ['https://100.64.0.1/', 'ip-not-public'],
  ['https://100.127.255.255/', 'ip-not-public'],
  ['https://224.0.0.1/', 'ip-not-public'],
  ['https://255.255.255.255/', 'ip-not-public'],
  ['https://240.0.0.1/', 'ip-not-public'],
  ['https://192.0.0.1/', 'ip-not-public'],
  ['https://198.18.0.1/', 'ip-not-public'],
  ['https://198.19.255.255/', 'ip-not-public'],
  ['https://192.0.2.1/', 'ip-not-public'],
  ['https://198.51.100.7/', 'ip-not-public'],
  ['https://203.0.113.9/', 'ip-not-public'],
  // IPv6: loopback, unspecified, mapped, compatible, NAT64, 6to4, Teredo, ULA, link/site-local, docs.
  ['https://[::1]/', 'ip-not-public'],
  ['https://[0:0:0:0:0:0:0:1]/', 'ip-not-public'],
  ['https://[::]/', 'ip-not-public'],
  ['https://[::ffff:127.0.0.1]/', 'ip-not-public'],
  ['https://[::ffff:7f00:1]/', 'ip-not-public'],
  ['https://[::ffff:8.8.8.8]/', 'ip-not-public'],
  ['https://[::127.0.0.1]/', 'ip-not-public'],
  ['https://[::8.8.8.8]/', 'ip-not-public'],
  ['https://[64:ff9b::127.0.0.1]/', 'ip-not-public'],
  ['https://[64:ff9b:1::a00:1]/', 'ip-not-public'],
  ['https://[2002:7f00:1::]/', 'ip-not-public'],
  ['https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/', 'ip-not-public'],
  ['https://[fc00::1]/', 'ip-not-public'],
  ['https://[fd00:ec2::254]/', 'ip-not-public'],
  ['https://[fe80::1]/', 'ip-not-public'],
  ['https://[fec0::1]/', 'ip-not-public'],
  ['https://[ff02::1]/', 'ip-not-public'],
  ['https://[2001:db8::1]/', 'ip-not-public'],
  ['https://[3fff::1]/', 'ip-not-public'],
  ['https://[100::1]/', 'ip-not-public'],
  ['https://[4000::1]/', 'ip-not-public'],
  ['https://[fe80::1%25eth0]/', 'unparseable'],
  // Special-use names.
  ['https://localhost/', 'hostname-reserved'],
  ['https://LOCALHOST./', 'hostname-reserved'],
  ['https://api.localhost/', 'hostname-reserved'],
  ['https://printer.local/', 'hostname-reserved'],
  ['https://metadata.google.internal/', 'hostname-reserved'],
  ['https://router.home.arpa/', 'hostname-reserved'],
  ['https://box.localdomain/', 'hostname-reserved'],
  ['https://nas.lan/', 'hostname-reserved'],
  ['https://1.0.0.127.in-addr.arpa/', 'hostname-reserved'],
  ['https://foo.test/', 'hostname-reserved'],
  ['https://intranet/', 'hostname-reserved'],
  ['https://jira/', 'hostname-single-label'],
  ['https://a..b.com/', 'hostname-invalid'],
  [`https://${'a'.repeat(64)}.com/`, 'hostname-invalid'],
  [`https://${'abcdefghi.'.repeat(26)}com/`, 'hostname-invalid'],
  // Scheme, credentials, port, characters, length.
  ['http://example.com/', 'not-https'],
  ['ftp://example.com/', 'not-https'],
  ['file:///etc/passwd', 'not-https'],
  ['javascript:alert(1)', 'not-https'],
  ['data:text/plain,hi', 'not-https'],
  ['//example.com/', 'unparseable'],
  ['example.com', 'unparseable'],
  ['https://', 'unparseable'],
  ['https://user:pass@example.com/', 'credentials'],
  ['https://user@example.com/', 'credentials'],
  ['https://:secret@example.com/', 'credentials'],
  ['https://example.com%2F@evil.example.net/', 'credentials'],
  ['https://example.com:8443/', 'port'],
  ['https://example.com:80/', 'port'],
  ['https://example.com:0/', 'port'],
  ['https://exa\nmple.com/', 'invalid-characters'],
  ['https://exa\tmple.com/', 'invalid-characters'],
  ['https://example.com/a b', 'invalid-characters'],
  [`https://example.com/${'a'.repeat(2100)}`, 'too-long'],
];

describe('validateWebhookUrl', () => {
  it('has a table of at least 40 cases', () => {
    expect(ALLOWED.length + REFUSED.length).toBeGreaterThanOrEqual(40);
  });

  it.each(ALLOWED)('accepts %j as %j', (input, normalised) => {
    expect(validateWebhookUrl(input)).toBe(normalised);
  });

  it.each(REFUSED)('refuses %j (%s)', (input, reason) => {
    expect(reasonFor(input)).toBe(reason);
  });

  it('allows extra ports only when listed', () => {
    expect(validateWebhookUrl('https://example.com:8443/x', { allowedPorts: [8443] })).toBe(
      'https://example.com:8443/x',
    );
    expect(validateWebhookUrl('https://example.com/x', { allowedPorts: [8443] })).toBe(
      'https://example.com/x',
    );
    expect(reasonFor('https://example.com:9443/x', { allowedPorts: [8443] })).toBe('port');
    expect(() => validateWebhookUrl('https://example.com/', { allowedPorts: [70000] })).toThrow(RangeError);
  });

  it('honours maxLength, including on the normalised form', () => {
    expect(reasonFor('https://example.com/abc', { maxLength: 20 })).toBe('too-long');
    // 17 characters in, but IDNA makes the host longer.
    expect(reasonFor('https://ёжёж.рф/', { maxLength: 20 })).toBe('too-long');
    expect(validateWebhookUrl('https://example.com/', { maxLength: 20 })).toBe('https://example.com/');
  });

  it('refuses non-strings', () => {
    expect(reasonFor(undefined)).toBe('not-a-string');
    expect(reasonFor(new URL('https://example.com'))).toBe('not-a-string');
  });

  it('never repeats the URL (which may carry a secret token) in the error message', () => {
    const secret = 'sk_live_51HqLyjWDarjtT1zdp7dc';
    for (const url of [
      `http://example.com/?token=${secret}`,
      `https://user:${secret}@example.com/`,
      `https://127.0.0.1/${secret}`,
      `https://localhost/${secret}`,
      `https://example.com:1/${secret}`,
      `https://${secret}/`,
    ]) {
      try {
        validateWebhookUrl(url);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(WebhookUrlError);
        expect(String((error as Error).message)).not.toContain(secret);
      }
    }
  });
});

describe('validateWebhookUrl: properties', () => {
  const privateV4 = fc.oneof(
    fc.tuple(fc.constant(10), fc.nat(255), fc.nat(255), fc.nat(255)),
    fc.tuple(fc.constant(172), fc.integer({ min: 16, max: 31 }), fc.nat(255), fc.nat(255)),
    fc.tuple(fc.constant(192), fc.constant(168), fc.nat(255), fc.nat(255)),
    fc.tuple(fc.constant(127), fc.nat(255), fc.nat(255), fc.nat(255)),
    fc.tuple(fc.constant(169), fc.constant(254), fc.nat(255), fc.nat(255)),
    fc.tuple(fc.constant(100), fc.integer({ min: 64, max: 127 }), fc.nat(255), fc.nat(255)),
    fc.tuple(fc.constant(0), fc.nat(255), fc.nat(255), fc.nat(255)),
    fc.tuple(fc.integer({ min: 224, max: 255 }), fc.nat(255), fc.nat(255), fc.nat(255)),
  );

  const octal = (n: number) => `0${n.toString(8)}`;
  const hex = (n: number) => `0x${n.toString(16)}`;
  /** Renders an address in one of the notations WHATWG accepts. */
  function render([a, b, c, d]: [number, number, number, number], style: number): string {
    const int = ((a << 24) >>> 0) + (b << 16) + (c << 8) + d;
    switch (style) {
      case 0:
        return `${a}.${b}.${c}.${d}`;
      case 1:
        return String(int);
      case 2:
        return hex(int);
      case 3:
        return `${octal(a)}.${octal(b)}.${octal(c)}.${octal(d)}`;
      case 4:
        return `${hex(a)}.${hex(b)}.${hex(c)}.${hex(d)}`;
      case 5:
        return `${a}.${(b << 16) + (c << 8) + d}`;
      case 6:
        return `${a}.${b}.${(c << 8) + d}`;
      case 7:
        return `${a}.${b}.${c}.${d}.`;
      case 8:
        return `[::ffff:${a}.${b}.${c}.${d}]`;
      default:
        return `[64:ff9b::${a}.${b}.${c}.${d}]`;
    }
  }

  it('never accepts a private/loopback/link-local/CGNAT/multicast IPv4 in any notation', () => {
    fc.assert(
      fc.property(privateV4, fc.integer({ min: 0, max: 9 }), (octets, style) => {
        const url = `https://${render(octets, style)}/hook`;
        expect(reasonFor(url)).toBe('ip-not-public');
      }),
      { numRuns: 3000 },
    );
  });

  it('accepts a generated IP only when ipaddr.js calls it public unicast', () => {
    fc.assert(
      fc.property(fc.ipV4(), (ip) => {
        const accepted = reasonFor(`https://${ip}/`) === 'accepted';
        expect(accepted).toBe(ipaddr.IPv4.parse(ip).range() === 'unicast');
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.ipV6(), (ip) => {
        const parsed = ipaddr.IPv6.parse(ip);
        const accepted = reasonFor(`https://[${ip}]/`) === 'accepted';
        if (accepted) {
          expect(parsed.range()).toBe('unicast');
          expect(parsed.isIPv4MappedAddress()).toBe(false);
        } else {
          expect(reasonFor(`https://[${ip}]/`)).toBe('ip-not-public');
        }
      }),
      { numRuns: 2000 },
    );
  });
});
