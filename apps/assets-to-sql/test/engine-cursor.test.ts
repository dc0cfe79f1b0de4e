import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Cursor,
  CursorError,
  decodeCursor,
  encodeCursor,
  MAX_CURSOR_LENGTH,
  verifyCursor,
} from '../src/domain/cursor';
import { decodeIds, differenceSorted, encodeIds, unionSorted } from '../src/domain/idset';

const KEY = Buffer.alloc(32, 7).toString('base64url');
const OTHER_KEY = Buffer.alloc(32, 8).toString('base64url');
const RUN = 'AbCdEfGhIjKlMnOpQrStUv';

const positionArb = fc.oneof(
  fc.constant({ phase: 'ddl' as const }),
  fc.record({
    phase: fc.constantFrom('objects' as const, 'deletes' as const),
    table: fc.integer({ min: 0, max: 100_000 }),
    after: fc.maxSafeNat(),
  }),
);

describe('cursor', () => {
  it('round-trips every position, small and opaque', () => {
    fc.assert(
      fc.property(positionArb, (position) => {
        const cursor: Cursor = { runId: RUN, position };
        const text = encodeCursor(cursor, KEY);
        expect(text.length).toBeLessThan(200);
        expect(text).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
        expect(verifyCursor(decodeCursor(text), KEY)).toEqual(cursor);
      }),
    );
  });

  it('rejects a cursor signed with another run key', () => {
    const text = encodeCursor({ runId: RUN, position: { phase: 'objects', table: 1, after: 42 } }, KEY);
    expect(() => verifyCursor(decodeCursor(text), OTHER_KEY)).toThrow(CursorError);
  });

  it('rejects any single-character tampering', () => {
    const text = encodeCursor({ runId: RUN, position: { phase: 'objects', table: 3, after: 123_456 } }, KEY);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
    fc.assert(
      fc.property(fc.nat({ max: text.length - 1 }), fc.constantFrom(...alphabet), (index, ch) => {
        fc.pre(text[index] !== ch);
        const tampered = text.slice(0, index) + ch + text.slice(index + 1);
        let verified: Cursor | undefined;
        try {
          verified = verifyCursor(decodeCursor(tampered), KEY);
        } catch (error) {
          expect(error).toBeInstanceOf(CursorError);
          return;
        }
        // base64url's last character can carry unused bits: a different string may decode to the same payload.
        expect(verified).toEqual({ runId: RUN, position: { phase: 'objects', table: 3, after: 123_456 } });
      }),
    );
  });

  it('re-signed payloads with a forged shape are refused before any storage lookup', () => {
    const forge = (payload: unknown) =>
      `${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${'A'.repeat(22)}`;
    for (const payload of [
      { v: 2, r: RUN, p: 'ddl' },
      { v: 1, r: '../etc', p: 'ddl' },
      { v: 1, r: RUN, p: 'objects', t: -1, a: 0 },
      { v: 1, r: RUN, p: 'objects', t: 0, a: 1.5 },
      { v: 1, r: RUN, p: 'done' },
      { v: 1, r: RUN, p: 'ddl', extra: true },
      { __proto__: { v: 1 } },
      [],
      'x',
    ]) {
      expect(() => decodeCursor(forge(payload))).toThrow(CursorError);
    }
  });

  it('never crashes on garbage: only CursorError', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 700 }), (text) => {
        try {
          decodeCursor(text);
        } catch (error) {
          expect(error).toBeInstanceOf(CursorError);
        }
      }),
    );
    expect(() => decodeCursor('a'.repeat(MAX_CURSOR_LENGTH + 1))).toThrow(CursorError);
    expect(() => decodeCursor('')).toThrow(CursorError);
  });
});

describe('id sets', () => {
  it('round-trips sorted ids compactly', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.maxSafeNat(), { maxLength: 300 }), (raw) => {
        const ids = [...raw].sort((a, b) => a - b);
        expect(decodeIds(encodeIds(ids))).toEqual(ids);
      }),
    );
    const dense = Array.from({ length: 999 }, (_, i) => 1_000_000 + i * 2);
    expect(encodeIds(dense).length).toBeLessThan(1_400);
  });

  it('computes union and difference of sorted lists', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat(500)), fc.uniqueArray(fc.nat(500)), (a, b) => {
        const sa = [...a].sort((x, y) => x - y);
        const sb = [...b].sort((x, y) => x - y);
        expect(unionSorted([sa, sb])).toEqual([...new Set([...a, ...b])].sort((x, y) => x - y));
        expect(differenceSorted(sa, sb)).toEqual(sa.filter((x) => !b.includes(x)));
      }),
    );
  });
});
