import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ApiKeyRecord,
  bearerToken,
  generateApiKey,
  keyIdOf,
  keyStatus,
  matchesHash,
  publicKeyView,
  rateLimit,
} from '../src/domain/apikeys';
import {
  attributeKind,
  normaliseAqlPage,
  normaliseAttribute,
  normaliseObject,
} from '../src/domain/assets-json';
import { encodeCursor } from '../src/domain/cursor';
import { PullError, parsePullQuery } from '../src/domain/pull';
import { parseRetryAfter, retryDelayMs } from '../src/domain/retry';

describe('API keys', () => {
  it('generates a2s_ + 32 random bytes, looks them up by id prefix and stores only the hash', () => {
    const k = generateApiKey();
    expect(k.key).toMatch(/^a2s_[A-Za-z0-9_-]{43}$/);
    expect(keyIdOf(k.key)).toBe(k.id);
    expect(k.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(k.hash).not.toContain(k.key.slice(4));
    expect(matchesHash(k.key, k.hash)).toBe(true);
    expect(matchesHash(`${k.key.slice(0, -1)}${k.key.endsWith('A') ? 'B' : 'A'}`, k.hash)).toBe(false);
    expect(matchesHash(k.key, undefined)).toBe(false);
    expect(matchesHash(k.key, 'not-hex')).toBe(false);
    expect(new Set(Array.from({ length: 50 }, () => generateApiKey().id)).size).toBe(50);
  });

  it('accepts only well-formed keys and single bearer headers', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(keyIdOf(s) === undefined || /^a2s_/.test(s)).toBe(true);
      }),
    );
    expect(keyIdOf('a2s_short')).toBeUndefined();
    expect(bearerToken({ authorization: ['Bearer a2s_x'] })).toBe('a2s_x');
    expect(bearerToken({ Authorization: ['bearer  a2s_x '] })).toBeUndefined();
    expect(bearerToken({ authorization: ['Basic abc'] })).toBeUndefined();
    expect(bearerToken({ authorization: ['Bearer a', 'Bearer b'] })).toBeUndefined();
    expect(bearerToken({})).toBeUndefined();
  });

  it('knows expired and revoked keys, and never shows secrets to admins', () => {
    const now = new Date('2025-06-01T00:00:00Z');
    const base: ApiKeyRecord = {
      id: 'AbCdEfGhIjKl',
      label: 'BI',
      exportIds: ['e'],
      createdAt: '2025-01-01T00:00:00Z',
      createdBy: 'u',
    };
    expect(keyStatus(base, now)).toBe('active');
    expect(keyStatus({ ...base, expiresAt: '2025-06-01T00:00:00Z' }, now)).toBe('expired');
    expect(keyStatus({ ...base, revokedAt: '2025-05-01T00:00:00Z' }, now)).toBe('revoked');
    expect(Object.keys(publicKeyView(base, now))).not.toContain('hash');
  });

  it('rate-limits per key per minute', () => {
    const now = new Date('2025-06-01T00:00:30Z');
    let usage: ReturnType<typeof rateLimit>['usage'] | undefined;
    for (let i = 0; i < 3; i++) {
      const d = rateLimit(usage, now, 3);
      expect(d.allowed).toBe(true);
      usage = d.usage;
    }
    const refused = rateLimit(usage, now, 3);
    expect(refused).toMatchObject({ allowed: false, retryAfterSeconds: 30 });
    expect(rateLimit(usage, new Date('2025-06-01T00:01:00Z'), 3).allowed).toBe(true);
  });
});

describe('pull query', () => {
  const q = (o: Record<string, string | string[]>) =>
    Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Array.isArray(v) ? v : [v]]));
  const fails = (o: Record<string, string | string[]>) => {
    try {
      parsePullQuery(q(o));
    } catch (error) {
      expect(error).toBeInstanceOf(PullError);
      return (error as PullError).message;
    }
    throw new Error('expected a PullError');
  };

  it('parses a valid query and normalises since to UTC', () => {
    const cursor = encodeCursor(
      { runId: 'AbCdEfGhIjKlMnOpQrStUv', position: { phase: 'objects', table: 2, after: 9 } },
      'a2V5',
    );
    expect(
      parsePullQuery(q({ export: 'exp-1', dialect: 'mysql', since: '2025-01-17T13:34:00+01:00', cursor })),
    ).toMatchObject({
      export: 'exp-1',
      dialect: 'mysql',
      since: '2025-01-17T12:34:00.000Z',
      cursor: { runId: 'AbCdEfGhIjKlMnOpQrStUv', position: { phase: 'objects', table: 2, after: 9 } },
    });
  });

  it('names the field, never echoing the value', () => {
    expect(fails({ export: 'e', dialect: '<script>' })).toMatch(/^Invalid input: dialect: /);
    expect(fails({ export: 'e', dialect: '<script>' })).not.toContain('<script>');
    expect(fails({ export: 'e', dialect: 'sqlite', since: '1999-01-01T00:00:00Z' })).toMatch(/since/);
    expect(fails({ export: 'e', dialect: 'sqlite', cursor: 'abc' })).toMatch(/cursor/);
    expect(fails({ export: 'e', dialect: ['sqlite', 'mysql'] })).toMatch(/dialect: Expected a single value/);
    expect(fails({ dialect: 'sqlite' })).toMatch(/export/);
    expect(fails({ export: 'e', dialect: 'sqlite', 'x y': '1' })).toMatch(/\[…\]: Unknown parameter/);
  });
});

describe('retry policy', () => {
  it('honours Retry-After (never shorter), else backs off exponentially with jitter, capped', () => {
    expect(parseRetryAfter('2', 0)).toBe(2000);
    expect(parseRetryAfter('Thu, 01 Jan 1970 00:00:05 GMT', 1000)).toBe(4000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
    fc.assert(
      fc.property(fc.nat(20), fc.double({ min: 0, max: 0.999, noNaN: true }), (attempt, r) => {
        const withHeader = retryDelayMs(attempt, 1000, () => r);
        expect(withHeader).toBeGreaterThanOrEqual(1000);
        expect(withHeader).toBeLessThanOrEqual(1200);
        const backoff = retryDelayMs(attempt, undefined, () => r);
        expect(backoff).toBeGreaterThanOrEqual(Math.min(30_000, 1000 * 2 ** attempt) * 0.7 - 1);
        expect(backoff).toBeLessThanOrEqual(30_000 * 1.3 + 1);
      }),
    );
  });
});

describe('Assets JSON normalisation', () => {
  it('maps attribute types and default types to kinds', () => {
    expect(attributeKind(0, 6)).toBe('datetime');
    expect(attributeKind(0, 10)).toBe('select');
    expect(attributeKind(1, undefined)).toBe('reference');
    expect(attributeKind(7, undefined)).toBe('status');
    expect(attributeKind(3, undefined)).toBe('unknown');
    expect(
      normaliseAttribute({
        id: '306',
        name: 'Location',
        type: 1,
        referenceObjectTypeId: '20',
        maximumCardinality: -1,
      }),
    ).toEqual({
      id: '306',
      name: 'Location',
      kind: 'reference',
      system: false,
      label: false,
      maximumCardinality: -1,
      referenceObjectTypeId: '20',
    });
  });

  it('reads AQL pages: values, references, users, statuses; ids always strings', () => {
    const page = normaliseAqlPage({
      isLast: true,
      values: [
        {
          id: 4711,
          objectKey: 'ITA-4711',
          label: 'LT-1',
          objectType: { id: '12' },
          created: 'c',
          updated: 'u',
          attributes: [
            {
              objectTypeAttributeId: '301',
              objectAttributeValues: [{ value: 'SN-1', displayValue: 'SN-1' }],
            },
            {
              objectTypeAttributeId: '306',
              objectAttributeValues: [{ referencedObject: { id: '88' }, displayValue: 'Berlin' }],
            },
            {
              objectTypeAttributeId: '305',
              objectAttributeValues: [{ value: 'acc', user: { accountId: 'acc', displayName: 'Ana' } }],
            },
            { objectTypeAttributeId: '307', objectAttributeValues: [{ status: { id: 1, name: 'In use' } }] },
            { objectTypeAttributeId: '308', objectAttributeValues: [] },
          ],
        },
      ],
    });
    expect(page.isLast).toBe(true);
    expect(page.objects[0]).toEqual({
      id: '4711',
      objectKey: 'ITA-4711',
      label: 'LT-1',
      objectTypeId: '12',
      created: 'c',
      updated: 'u',
      values: {
        '301': [{ value: 'SN-1', displayValue: 'SN-1' }],
        '306': [{ referencedObjectId: '88', displayValue: 'Berlin' }],
        '305': [{ value: 'acc', user: { accountId: 'acc', displayName: 'Ana' } }],
        '307': [{ status: { id: '1', name: 'In use' } }],
      },
    });
    expect(() => normaliseObject({ id: 'x', objectType: { id: '1' } })).toThrow();
    expect(() => normaliseAqlPage({ total: 3 })).toThrow();
  });
});
