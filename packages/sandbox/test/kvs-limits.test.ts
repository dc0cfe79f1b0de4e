import type * as ForgeKvs from '@forge/kvs';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createKvsStore, KVS_LIMITS, type KvsScope, type KvsStore } from '../src/kvs/index';
import { connectKvsSdk } from './support/kvs-sdk';

// Each platform limit, observed the way app code observes it: as the ForgeKvsAPIError the real @forge/kvs client
// throws, with the platform's code and HTTP status.

const SCOPE: KvsScope = { appId: 'app-limits', installationId: 'site' };
let store: KvsStore;
let sdk: typeof ForgeKvs;

beforeAll(async () => {
  sdk = await connectKvsSdk(() => ({ store, scope: SCOPE }));
});

beforeEach(() => {
  store = createKvsStore();
});

async function apiError(promise: Promise<unknown>): Promise<ForgeKvs.ForgeKvsAPIError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(sdk.ForgeKvsAPIError);
    expect(e).toBeInstanceOf(sdk.ForgeKvsError);
    return e as ForgeKvs.ForgeKvsAPIError;
  }
  throw new Error('expected the call to fail');
}

async function expectApiError(promise: Promise<unknown>, code: string, status: number) {
  const err = await apiError(promise);
  expect({ code: err.code, status: err.responseDetails.status }).toEqual({ code, status });
  return err;
}

/** Nested arrays with the given depth: depth(1) = [], depth(2) = [[]]. */
function nested(depth: number): unknown {
  let v: unknown[] = [];
  for (let i = 1; i < depth; i++) v = [v];
  return v;
}

/** A string value whose JSON serialization is exactly `bytes` long (the quotes count). */
const valueOfBytes = (bytes: number) => 'x'.repeat(bytes - 2);

describe('keys', () => {
  it('accepts 500 characters and rejects 501 with 400 KEY_TOO_LONG', async () => {
    const { kvs } = sdk;
    await kvs.set('k'.repeat(500), 1);
    expect(await kvs.get('k'.repeat(500))).toBe(1);
    await expectApiError(kvs.set('k'.repeat(501), 1), 'KEY_TOO_LONG', 400);
    await expectApiError(kvs.get('k'.repeat(501)), 'KEY_TOO_LONG', 400);
    await expectApiError(kvs.setSecret('k'.repeat(501), 1), 'KEY_TOO_LONG', 400);
  });

  it('accepts the documented charset (letters, digits, : . _ - # and whitespace)', async () => {
    const { kvs } = sdk;
    const key = 'Ab9:._- #tab\there';
    await kvs.set(key, 'ok');
    expect(await kvs.get(key)).toBe('ok');
  });

  it.each(['a/b', 'émoji', 'a,b', 'a@b', 'a?b', '   '])('rejects %j with 400 INVALID_KEY', async (key) => {
    await expectApiError(sdk.kvs.set(key, 1), 'INVALID_KEY', 400);
  });

  it('rejects an empty key with 400 KEY_TOO_SHORT (EMPTY_KEY for entities)', async () => {
    await expectApiError(sdk.kvs.set('', 1), 'KEY_TOO_SHORT', 400);
    await expectApiError(sdk.kvs.entity('things').set('', { a: 1 }), 'EMPTY_KEY', 400);
  });
});

describe('values', () => {
  it(`accepts exactly ${KVS_LIMITS.maxValueBytes} serialized bytes (240 KiB) and rejects one more with 400 MAX_SIZE`, async () => {
    const { kvs } = sdk;
    expect(KVS_LIMITS.maxValueBytes).toBe(240 * 1024);
    await kvs.set('big', valueOfBytes(240 * 1024));
    expect(((await kvs.get('big')) as string).length).toBe(240 * 1024 - 2);
    await expectApiError(kvs.set('big', valueOfBytes(240 * 1024 + 1)), 'MAX_SIZE', 400);
    await expectApiError(kvs.setSecret('big', valueOfBytes(240 * 1024 + 1)), 'MAX_SIZE', 400);
    // Size is measured in UTF-8 bytes, not characters.
    await expectApiError(kvs.set('wide', 'é'.repeat(125_000)), 'MAX_SIZE', 400);
  });

  it('accepts object depth 32 and rejects depth 33 with 400 MAX_DEPTH', async () => {
    const { kvs } = sdk;
    await kvs.set('deep', nested(32));
    expect(await kvs.get('deep')).toEqual(nested(32));
    await expectApiError(kvs.set('deep', nested(33)), 'MAX_DEPTH', 400);
    let obj: Record<string, unknown> = {};
    for (let i = 1; i < 33; i++) obj = { child: obj };
    await expectApiError(kvs.set('deep-obj', obj), 'MAX_DEPTH', 400);
  });

  it('applies the value limits inside batches (per item) and transactions (whole request)', async () => {
    const { kvs } = sdk;
    const res = await kvs.batchSet([
      { key: 'ok', value: 1 },
      { key: 'too-big', value: valueOfBytes(240 * 1024 + 1) },
      { key: 'too-deep', value: nested(33) },
    ]);
    expect(res.successfulKeys).toEqual([{ key: 'ok' }]);
    expect(res.failedKeys.map((f) => [f.key, f.error.code])).toEqual([
      ['too-big', 'MAX_SIZE'],
      ['too-deep', 'MAX_DEPTH'],
    ]);
    await expectApiError(kvs.transact().set('a', 1).set('b', nested(33)).execute(), 'MAX_DEPTH', 400);
    expect(await kvs.get('a')).toBeUndefined();
  });
});

describe('batches', () => {
  const items = (n: number) => Array.from({ length: n }, (_, i) => ({ key: `k${i}`, value: i }));

  it('accepts 25 items and rejects 26 with 400 BAD_REQUEST, storing nothing', async () => {
    const { kvs } = sdk;
    expect((await kvs.batchSet(items(25))).successfulKeys).toHaveLength(25);
    store.clear();
    await expectApiError(kvs.batchSet(items(26)), 'BAD_REQUEST', 400);
    expect(store.dump(SCOPE).keys).toEqual({});
    await expectApiError(kvs.batchGet(items(26).map(({ key }) => ({ key }))), 'BAD_REQUEST', 400);
    await expectApiError(kvs.batchDelete(items(26).map(({ key }) => ({ key }))), 'BAD_REQUEST', 400);
  });

  it('rejects a batchSet payload over 4 MB', async () => {
    const big = Array.from({ length: 18 }, (_, i) => ({ key: `k${i}`, value: valueOfBytes(235 * 1024) }));
    await expectApiError(sdk.kvs.batchSet(big), 'BAD_REQUEST', 400);
  });
});

describe('transactions', () => {
  const tx = (n: number) => {
    let t = sdk.kvs.transact();
    for (let i = 0; i < n; i++) t = t.set(`k${i}`, i);
    return t;
  };

  it('accepts 25 operations and rejects 26 with 400 BAD_REQUEST, applying nothing', async () => {
    await tx(25).execute();
    expect(Object.keys(store.dump(SCOPE).keys)).toHaveLength(25);
    store.clear();
    const err = await expectApiError(tx(26).execute(), 'BAD_REQUEST', 400);
    expect(err.message).toMatch(/at most 25 operations/);
    expect(store.dump(SCOPE).keys).toEqual({});
  });

  it('counts deletes and checks towards the 25', async () => {
    const { Filter, FilterConditions } = sdk;
    let t = tx(23).delete('d1').delete('d2');
    await t.execute();
    t = tx(24)
      .delete('d1')
      .check('c1', {
        entityName: 'things',
        conditions: new Filter<{ a: string }>().and('a', FilterConditions.notExists()),
      });
    await expectApiError(t.execute(), 'BAD_REQUEST', 400);
  });

  it('rejects a payload over 4 MB even when every value is within its own limit', async () => {
    let t = sdk.kvs.transact();
    for (let i = 0; i < 18; i++) t = t.set(`k${i}`, valueOfBytes(235 * 1024));
    await expectApiError(t.execute(), 'BAD_REQUEST', 400);
    expect(store.dump(SCOPE).keys).toEqual({});
  });

  it('rejects an empty transaction', async () => {
    await expectApiError(sdk.kvs.transact().execute(), 'BAD_REQUEST', 400);
  });
});

describe('query limit', () => {
  it(`accepts limit ${KVS_LIMITS.maxQueryLimit} and rejects ${KVS_LIMITS.maxQueryLimit + 1} with 400 LIST_QUERY_LIMIT_EXCEEDED`, async () => {
    const { kvs } = sdk;
    const many = Array.from({ length: 25 }, (_, i) => ({ key: `q${String(i).padStart(3, '0')}`, value: i }));
    for (let i = 0; i < 5; i++) await kvs.batchSet(many.map((m) => ({ ...m, key: `${i}${m.key}` })));
    const page = await kvs.query().limit(100).getMany();
    expect(page.results).toHaveLength(100);
    expect(page.nextCursor).toBeTruthy();
    await expectApiError(kvs.query().limit(101).getMany(), 'LIST_QUERY_LIMIT_EXCEEDED', 400);
    await expectApiError(kvs.query().limit(0).getMany(), 'LIST_QUERY_LIMIT_EXCEEDED', 400);
  });

  it('rejects an entity query page outside 1..100 with COMPLEX_QUERY_PAGE_LIMIT_NOT_IN_RANGE', async () => {
    await expectApiError(
      sdk.kvs.entity('things').query().index('name').limit(101).getMany(),
      'COMPLEX_QUERY_PAGE_LIMIT_NOT_IN_RANGE',
      400,
    );
  });
});

describe('entity names', () => {
  it('rejects names shorter than 3, longer than 60 or outside the documented pattern', async () => {
    await expectApiError(sdk.kvs.entity('ab').set('k', {}), 'ENTITY_TYPE_TOO_SHORT', 400);
    await expectApiError(sdk.kvs.entity('a'.repeat(61)).set('k', {}), 'ENTITY_TYPE_TOO_LARGE', 400);
    await expectApiError(sdk.kvs.entity('Upper').set('k', {}), 'INVALID_ENTITY_TYPE', 400);
    await expectApiError(sdk.kvs.entity('.dot').set('k', {}), 'INVALID_ENTITY_TYPE', 400);
  });
});
