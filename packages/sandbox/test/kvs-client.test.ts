import type * as ForgeKvs from '@forge/kvs';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createKvsStore, type KvsScope, type KvsStore, toResponse } from '../src/kvs/index';
import { connectKvsSdk } from './support/kvs-sdk';

// Everything here goes through the real, unmodified @forge/kvs client: it reaches the emulator only through
// `__forge_fetch__`, exactly as it reaches the platform. No `__forge_runtime__` is needed (the client reads
// `__forge_runtime__?.kvs` with optional chaining and falls back to the `{type:'kvs',provider:'app',remote:'kvs'}` target).

const SITE_A: KvsScope = { appId: 'app-1', installationId: 'site-a' };
const SITE_B: KvsScope = { appId: 'app-1', installationId: 'site-b' };
const OTHER_APP: KvsScope = { appId: 'app-2', installationId: 'site-a' };

let store: KvsStore;
let scope: KvsScope = SITE_A;
let now = new Date('2025-01-01T00:00:00.000Z');
let sdk: typeof ForgeKvs;
const targets: unknown[] = [];

beforeAll(async () => {
  sdk = await connectKvsSdk(
    () => ({ store, scope: scope }),
    (target) => targets.push(target),
  );
});

beforeEach(() => {
  now = new Date('2025-01-01T00:00:00.000Z');
  store = createKvsStore({ now: () => now });
  scope = SITE_A;
  targets.length = 0;
});

async function apiError(promise: Promise<unknown>): Promise<ForgeKvs.ForgeKvsAPIError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(sdk.ForgeKvsAPIError);
    return e as ForgeKvs.ForgeKvsAPIError;
  }
  throw new Error('expected the call to fail');
}

describe('get / set / delete', () => {
  it('round-trips every JSON value type and reaches the emulator through the kvs target', async () => {
    const { kvs } = sdk;
    await kvs.set('str', 'hello');
    await kvs.set('num', 42);
    await kvs.set('bool', false);
    await kvs.set('arr', [1, 'two', { three: 3 }]);
    await kvs.set('obj', { nested: { deep: [true, null] } });
    expect(await kvs.get('str')).toBe('hello');
    expect(await kvs.get('num')).toBe(42);
    expect(await kvs.get('bool')).toBe(false);
    expect(await kvs.get('arr')).toEqual([1, 'two', { three: 3 }]);
    expect(await kvs.get('obj')).toEqual({ nested: { deep: [true, null] } });
    expect(targets[0]).toEqual({ type: 'kvs', provider: 'app', remote: 'kvs' });
  });

  it('returns undefined for a missing key and deletes quietly, even when the key is gone', async () => {
    const { kvs } = sdk;
    expect(await kvs.get('missing')).toBeUndefined();
    await kvs.set('k', 1);
    await kvs.delete('k');
    expect(await kvs.get('k')).toBeUndefined();
    await expect(kvs.delete('k')).resolves.toBeUndefined();
  });

  it('overwrites by default and keeps createdAt while moving updatedAt', async () => {
    const { kvs, MetadataField } = sdk;
    await kvs.set('k', 'v1');
    now = new Date('2025-01-01T00:05:00.000Z');
    await kvs.set('k', 'v2');
    const got = await kvs.get('k', {
      metadataFields: [MetadataField.CREATED_AT, MetadataField.UPDATED_AT, MetadataField.EXPIRE_TIME],
    });
    expect(got).toEqual({
      key: 'k',
      value: 'v2',
      createdAt: Date.parse('2025-01-01T00:00:00.000Z'),
      updatedAt: Date.parse('2025-01-01T00:05:00.000Z'),
      expireTime: undefined,
    });
  });

  it('stores a copy, so mutating the object after set does not change what is stored', async () => {
    const { kvs } = sdk;
    const value = { n: 1 };
    await kvs.set('k', value);
    value.n = 2;
    expect(await kvs.get('k')).toEqual({ n: 1 });
  });
});

describe('set options', () => {
  it('expires a value after its TTL, by the injected clock', async () => {
    const { kvs, MetadataField } = sdk;
    await kvs.set('lease', 'me', { ttl: { value: 5, unit: 'MINUTES' } });
    const meta = await kvs.get('lease', { metadataFields: [MetadataField.EXPIRE_TIME] });
    expect(meta?.expireTime).toBe('2025-01-01T00:05:00.000Z');
    now = new Date('2025-01-01T00:04:59.999Z');
    expect(await kvs.get('lease')).toBe('me');
    now = new Date('2025-01-01T00:05:00.000Z');
    expect(await kvs.get('lease')).toBeUndefined();
    expect(store.dump(SITE_A).keys).toEqual({});
  });

  it('supports every TTL unit', async () => {
    const { kvs } = sdk;
    await kvs.set('s', 1, { ttl: { value: 30, unit: 'SECONDS' } });
    await kvs.set('h', 1, { ttl: { value: 2, unit: 'HOURS' } });
    await kvs.set('d', 1, { ttl: { value: 1, unit: 'DAYS' } });
    now = new Date('2025-01-01T00:00:30.000Z');
    expect(await kvs.get('s')).toBeUndefined();
    expect(await kvs.get('h')).toBe(1);
    now = new Date('2025-01-01T02:00:00.000Z');
    expect(await kvs.get('h')).toBeUndefined();
    expect(await kvs.get('d')).toBe(1);
    now = new Date('2025-01-02T00:00:00.000Z');
    expect(await kvs.get('d')).toBeUndefined();
  });

  it('rejects an invalid TTL with BAD_REQUEST', async () => {
    const err = await apiError(sdk.kvs.set('k', 1, { ttl: { value: -1, unit: 'SECONDS' } }));
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.responseDetails.status).toBe(400);
  });

  it('FAIL_IF_EXISTS fails with 409 KEY_CONFLICT on an existing key and leaves the value alone', async () => {
    const { kvs } = sdk;
    await kvs.set('lock', 'first', { keyPolicy: 'FAIL_IF_EXISTS' });
    const err = await apiError(kvs.set('lock', 'second', { keyPolicy: 'FAIL_IF_EXISTS' }));
    expect(err.code).toBe('KEY_CONFLICT');
    expect(err.responseDetails.status).toBe(409);
    expect(err.responseDetails.httpPath).toBe('/api/v1/set');
    expect(await kvs.get('lock')).toBe('first');
  });

  it('FAIL_IF_EXISTS succeeds again once the previous value has expired', async () => {
    const { kvs } = sdk;
    await kvs.set('lock', 'first', { keyPolicy: 'FAIL_IF_EXISTS', ttl: { value: 10, unit: 'SECONDS' } });
    now = new Date('2025-01-01T00:00:10.000Z');
    await kvs.set('lock', 'second', { keyPolicy: 'FAIL_IF_EXISTS' });
    expect(await kvs.get('lock')).toBe('second');
  });

  it('returnValue PREVIOUS / LATEST with returnMetadataFields', async () => {
    const { kvs, MetadataField } = sdk;
    const none = await kvs.set('k', 'v1', { keyPolicy: 'OVERRIDE', returnValue: 'PREVIOUS' });
    expect(none).toBeUndefined();
    now = new Date('2025-01-01T00:01:00.000Z');
    const previous = await kvs.set('k', 'v2', {
      keyPolicy: 'OVERRIDE',
      returnValue: 'PREVIOUS',
      returnMetadataFields: [MetadataField.UPDATED_AT],
    });
    expect(previous).toEqual({ key: 'k', value: 'v1', updatedAt: Date.parse('2025-01-01T00:00:00.000Z') });
    const latest = await kvs.set('k', 'v3', {
      keyPolicy: 'OVERRIDE',
      returnValue: 'LATEST',
      ttl: { value: 1, unit: 'HOURS' },
      returnMetadataFields: [MetadataField.CREATED_AT, MetadataField.EXPIRE_TIME],
    });
    expect(latest).toEqual({
      key: 'k',
      value: 'v3',
      createdAt: Date.parse('2025-01-01T00:00:00.000Z'),
      expireTime: '2025-01-01T01:01:00.000Z',
    });
  });

  it('a plain set without TTL clears an earlier TTL', async () => {
    const { kvs } = sdk;
    await kvs.set('k', 1, { ttl: { value: 1, unit: 'SECONDS' } });
    await kvs.set('k', 2);
    now = new Date('2025-02-01T00:00:00.000Z');
    expect(await kvs.get('k')).toBe(2);
  });
});

describe('secrets', () => {
  it('keeps secrets apart from plain keys: same key, different values', async () => {
    const { kvs } = sdk;
    await kvs.set('api-key', 'plain');
    await kvs.setSecret('api-key', 's3cr3t');
    expect(await kvs.get('api-key')).toBe('plain');
    expect(await kvs.getSecret('api-key')).toBe('s3cr3t');
    await kvs.deleteSecret('api-key');
    expect(await kvs.getSecret('api-key')).toBeUndefined();
    expect(await kvs.get('api-key')).toBe('plain');
  });

  it('never shows secret values in dump and never returns them from query', async () => {
    const { kvs } = sdk;
    await kvs.setSecret('token:jira', { value: 'abc' });
    await kvs.set('token:public', 1);
    expect(store.dump(SITE_A)).toEqual({
      keys: { 'token:public': 1 },
      secrets: { 'token:jira': '[secret]' },
      entities: {},
    });
    expect(JSON.stringify(store.dump(SITE_A))).not.toContain('abc');
    const { results } = await kvs.query().where('key', sdk.WhereConditions.beginsWith('token:')).getMany();
    expect(results).toEqual([{ key: 'token:public', value: 1 }]);
  });

  it('supports getSecret metadata, secret TTL and FAIL_IF_EXISTS', async () => {
    const { kvs, MetadataField } = sdk;
    await kvs.setSecret('s', 'x', { ttl: { value: 1, unit: 'MINUTES' }, keyPolicy: 'FAIL_IF_EXISTS' });
    expect(await kvs.getSecret('s', { metadataFields: [MetadataField.EXPIRE_TIME] })).toEqual({
      key: 's',
      value: 'x',
      expireTime: '2025-01-01T00:01:00.000Z',
    });
    expect((await apiError(kvs.setSecret('s', 'y', { keyPolicy: 'FAIL_IF_EXISTS' }))).code).toBe(
      'KEY_CONFLICT',
    );
    now = new Date('2025-01-01T00:01:00.000Z');
    expect(await kvs.getSecret('s')).toBeUndefined();
  });
});

describe('query', () => {
  async function seed(count: number) {
    // Insert out of order: results must come back ordered by key.
    for (let i = count; i >= 1; i--) await sdk.kvs.set(`item:${String(i).padStart(3, '0')}`, i);
    await sdk.kvs.set('other:1', 'x');
  }

  it('filters by key prefix, orders by key and pages with the cursor until exhausted', async () => {
    const { kvs, WhereConditions } = sdk;
    await seed(25);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      let q = kvs.query().where('key', WhereConditions.beginsWith('item:')).limit(10);
      if (cursor) q = q.cursor(cursor);
      const page = await q.getMany<number>();
      seen.push(...page.results.map((r) => r.key));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => `item:${String(i + 1).padStart(3, '0')}`));
  });

  it('gives no cursor when the page is the last one, and defaults to 10 results', async () => {
    const { kvs, WhereConditions } = sdk;
    await seed(12);
    const first = await kvs.query().where('key', WhereConditions.beginsWith('item:')).getMany();
    expect(first.results).toHaveLength(10);
    expect(first.nextCursor).toEqual(expect.any(String));
    const exact = await kvs.query().where('key', WhereConditions.beginsWith('item:')).limit(12).getMany();
    expect(exact.results).toHaveLength(12);
    expect(exact.nextCursor).toBeUndefined();
  });

  it('queries all plain keys without a where clause, and getOne returns the first', async () => {
    const { kvs } = sdk;
    await seed(2);
    const all = await kvs.query().limit(100).getMany();
    expect(all.results.map((r) => r.key)).toEqual(['item:001', 'item:002', 'other:1']);
    expect(await kvs.query().getOne()).toEqual({ key: 'item:001', value: 1 });
    expect(await kvs.query().where('key', sdk.WhereConditions.beginsWith('none')).getOne()).toBeUndefined();
  });

  it('returns requested metadata fields and skips expired keys', async () => {
    const { kvs, MetadataField } = sdk;
    await kvs.set('a', 1, { ttl: { value: 1, unit: 'MINUTES' } });
    await kvs.set('b', 2);
    const { results } = await kvs.query({ metadataFields: [MetadataField.EXPIRE_TIME] }).getMany();
    expect(results).toEqual([
      { key: 'a', value: 1, expireTime: '2025-01-01T00:01:00.000Z' },
      { key: 'b', value: 2 },
    ]);
    now = new Date('2025-01-01T00:01:00.000Z');
    expect((await kvs.query().getMany()).results).toEqual([{ key: 'b', value: 2 }]);
  });

  it('rejects where clauses the platform rejects', async () => {
    const { kvs, WhereConditions } = sdk;
    type QueryArg = Parameters<typeof kvs.query>[0];
    // The builder sends whatever `where` it was constructed with; two clauses are refused by the service.
    const twoWheres = {
      where: [
        { property: 'key', ...WhereConditions.beginsWith('a') },
        { property: 'key', ...WhereConditions.beginsWith('b') },
      ],
    } as QueryArg;
    const err = await apiError(kvs.query(twoWheres).getMany());
    expect(err.code).toBe('QUERY_WHERE_INVALID');
    const field = await apiError(
      kvs
        .query()
        .where('value' as 'key', WhereConditions.beginsWith('a'))
        .getMany(),
    );
    expect(field.code).toBe('QUERY_WHERE_FIELD_INVALID');
    type Clause = Parameters<ReturnType<typeof kvs.query>['where']>[1];
    const condition = await apiError(
      kvs
        .query()
        .where('key', WhereConditions.equalTo('a') as unknown as Clause)
        .getMany(),
    );
    expect(condition.code).toBe('INVALID_FILTER_CONDITION');
    expect(condition.responseDetails.status).toBe(400);
  });

  it('rejects a tampered cursor', async () => {
    const err = await apiError(sdk.kvs.query().cursor('not-a-cursor').getMany());
    expect(err.code).toBe('BAD_REQUEST');
  });
});

describe('batch operations', () => {
  it('batchSet / batchGet / batchDelete report successfulKeys and failedKeys', async () => {
    const { kvs } = sdk;
    const set = await kvs.batchSet<unknown>([
      { key: 'a', value: 1 },
      { key: 'b', value: { x: 1 }, options: { ttl: { value: 1, unit: 'MINUTES' } } },
      { key: 'bad/key', value: 3 },
    ]);
    expect(set).toEqual({
      successfulKeys: [{ key: 'a' }, { key: 'b' }],
      failedKeys: [{ key: 'bad/key', error: { code: 'INVALID_KEY', message: expect.any(String) } }],
    });
    const got = await kvs.batchGet([{ key: 'a' }, { key: 'b' }, { key: 'missing' }]);
    expect(got).toEqual({
      successfulKeys: [
        { key: 'a', value: 1 },
        { key: 'b', value: { x: 1 } },
      ],
      failedKeys: [{ key: 'missing', error: { code: 'KEY_NOT_FOUND', message: expect.any(String) } }],
    });
    const deleted = await kvs.batchDelete([{ key: 'a' }, { key: 'missing' }]);
    expect(deleted).toEqual({
      successfulKeys: [{ key: 'a' }],
      failedKeys: [{ key: 'missing', error: { code: 'KEY_NOT_FOUND', message: expect.any(String) } }],
    });
    expect(await kvs.get('a')).toBeUndefined();
    now = new Date('2025-01-01T00:01:00.000Z');
    expect(await kvs.get('b')).toBeUndefined();
  });

  it('mixes plain keys and entities in one batch', async () => {
    const { kvs } = sdk;
    const res = await kvs.batchSet<unknown>([
      { key: 'k', value: 'plain' },
      { key: 'k', value: { name: 'Ada' }, entityName: 'people' },
    ]);
    expect(res.successfulKeys).toEqual([{ key: 'k' }, { key: 'k', entityName: 'people' }]);
    expect(await kvs.get('k')).toBe('plain');
    expect(await kvs.entity('people').get('k')).toEqual({ name: 'Ada' });
    const got = await kvs.batchGet([{ key: 'k', entityName: 'people' }]);
    expect(got.successfulKeys).toEqual([{ key: 'k', entityName: 'people', value: { name: 'Ada' } }]);
  });

  it('fails the whole batch when it is empty or repeats a key', async () => {
    const { kvs } = sdk;
    expect((await apiError(kvs.batchSet([]))).code).toBe('BAD_REQUEST');
    const dup = await apiError(
      kvs.batchSet([
        { key: 'a', value: 1 },
        { key: 'a', value: 2 },
      ]),
    );
    expect(dup.code).toBe('BAD_REQUEST');
    expect(await kvs.get('a')).toBeUndefined();
  });
});

describe('transactions', () => {
  it('applies sets and deletes together', async () => {
    const { kvs } = sdk;
    await kvs.set('old', 1);
    await kvs
      .transact()
      .set('a', 1)
      .set('b', { two: 2 }, undefined, { ttl: { value: 1, unit: 'MINUTES' } })
      .delete('old')
      .execute();
    expect(store.dump(SITE_A).keys).toEqual({ a: 1, b: { two: 2 } });
    now = new Date('2025-01-01T00:01:00.000Z');
    expect(await kvs.get('b')).toBeUndefined();
  });

  it('rolls everything back when a check fails', async () => {
    const { kvs, Filter, FilterConditions } = sdk;
    await kvs.entity('accounts').set('alice', { balance: 10 });
    await kvs.entity('accounts').set('bob', { balance: 0 });
    await kvs.set('log', 'untouched');
    const err = await apiError(
      kvs
        .transact()
        .set('alice', { balance: 0 }, { entityName: 'accounts' })
        .set('bob', { balance: 10 }, { entityName: 'accounts' })
        .delete('log')
        .check('carol', {
          entityName: 'accounts',
          conditions: new Filter<{ balance: number }>().and('balance', FilterConditions.exists()),
        })
        .execute(),
    );
    expect(err.code).toBe('CONDITION_CHECK_FAILED');
    expect(err.responseDetails.status).toBe(409);
    expect(await kvs.entity('accounts').get('alice')).toEqual({ balance: 10 });
    expect(await kvs.entity('accounts').get('bob')).toEqual({ balance: 0 });
    expect(await kvs.get('log')).toBe('untouched');
  });

  it('commits when every condition holds (conditional set, conditional delete, check)', async () => {
    const { kvs, Filter, FilterConditions } = sdk;
    await kvs.entity('accounts').set('alice', { balance: 10 });
    await kvs.entity('accounts').set('bob', { balance: 0 });
    await kvs.entity('accounts').set('zed', { balance: 0 });
    type Account = { balance: number };
    await kvs
      .transact()
      .set(
        'alice',
        { balance: 5 },
        {
          entityName: 'accounts',
          conditions: new Filter<Account>().and('balance', FilterConditions.greaterThanEqualTo(5)),
        },
      )
      .set('bob', { balance: 5 }, { entityName: 'accounts' })
      .delete('zed', {
        entityName: 'accounts',
        conditions: new Filter<Account>().and('balance', FilterConditions.equalTo(0)),
      })
      .check('carol', {
        entityName: 'accounts',
        conditions: new Filter<Account>().and('balance', FilterConditions.notExists()),
      })
      .execute();
    expect(store.dump(SITE_A).entities).toEqual({ accounts: { alice: { balance: 5 }, bob: { balance: 5 } } });
  });

  it('a conditional set whose condition fails changes nothing', async () => {
    const { kvs, Filter, FilterConditions } = sdk;
    await kvs.entity('accounts').set('alice', { balance: 1 });
    const err = await apiError(
      kvs
        .transact()
        .set('new', 'value')
        .set(
          'alice',
          { balance: 0 },
          {
            entityName: 'accounts',
            conditions: new Filter<{ balance: number }>().or('balance', FilterConditions.greaterThan(5)),
          },
        )
        .execute(),
    );
    expect(err.code).toBe('CONDITION_CHECK_FAILED');
    expect(await kvs.get('new')).toBeUndefined();
  });

  it('rejects a key used twice, and an empty filter is refused by the client itself', async () => {
    const { kvs, Filter, ForgeKvsError, ForgeKvsAPIError } = sdk;
    const dup = await apiError(kvs.transact().set('a', 1).delete('a').execute());
    expect(dup.code).toBe('BAD_REQUEST');
    expect(dup.message).toMatch(/only be used once/);
    const clientSide = kvs
      .transact()
      .check('a', { entityName: 'things', conditions: new Filter() })
      .execute();
    await expect(clientSide).rejects.toBeInstanceOf(ForgeKvsError);
    await expect(clientSide).rejects.not.toBeInstanceOf(ForgeKvsAPIError);
  });
});

describe('isolation', () => {
  it('partitions every space by (appId, installationId)', async () => {
    const { kvs } = sdk;
    scope = SITE_A;
    await kvs.set('shared-name', 'site-a');
    await kvs.setSecret('shared-name', 'secret-a');
    await kvs.entity('things').set('shared-name', { v: 'a' });

    scope = SITE_B;
    expect(await kvs.get('shared-name')).toBeUndefined();
    expect(await kvs.getSecret('shared-name')).toBeUndefined();
    expect(await kvs.entity('things').get('shared-name')).toBeUndefined();
    expect((await kvs.query().getMany()).results).toEqual([]);
    await kvs.set('shared-name', 'site-b');

    scope = OTHER_APP;
    expect(await kvs.get('shared-name')).toBeUndefined();
    await expect(kvs.delete('shared-name')).resolves.toBeUndefined();

    scope = SITE_A;
    expect(await kvs.get('shared-name')).toBe('site-a');
    expect(await kvs.getSecret('shared-name')).toBe('secret-a');
    expect(store.dump(SITE_B).keys).toEqual({ 'shared-name': 'site-b' });
    expect(store.dump(OTHER_APP)).toEqual({ keys: {}, secrets: {}, entities: {} });
  });

  it('clear(scope) empties one installation only; clear() empties all', async () => {
    const { kvs } = sdk;
    scope = SITE_A;
    await kvs.set('k', 'a');
    scope = SITE_B;
    await kvs.set('k', 'b');
    store.clear(SITE_A);
    expect(store.dump(SITE_A).keys).toEqual({});
    expect(store.dump(SITE_B).keys).toEqual({ k: 'b' });
    store.clear();
    expect(store.dump(SITE_B).keys).toEqual({});
  });
});

describe('wire level', () => {
  it('answers an unknown path with 404 and a malformed body with 400', () => {
    expect(store.handle(SITE_A, '/api/v1/nope', {})).toEqual({
      status: 404,
      body: { code: 'NOT_FOUND', message: expect.any(String) },
    });
    expect(store.handle(SITE_A, '/api/v2/get', { key: 'a' }).status).toBe(404);
    expect(store.handle(SITE_A, '/api/v1/get', undefined)).toEqual({
      status: 400,
      body: { code: 'BAD_REQUEST', message: expect.any(String) },
    });
    expect(store.handle(SITE_A, '/api/v1/set', { key: 'a' }).status).toBe(400);
  });

  it('answers a missing key with 404 KEY_NOT_FOUND, which the client turns into undefined', () => {
    expect(store.handle(SITE_A, '/api/v1/get', { key: 'nope' })).toEqual({
      status: 404,
      body: { code: 'KEY_NOT_FOUND', message: 'Provided key does not exist' },
    });
  });

  it('accepts the raw JSON string body too, and toResponse builds the Response the client expects', async () => {
    expect(store.handle(SITE_A, '/api/v1/set', JSON.stringify({ key: 'a', value: [1] }))).toEqual({
      status: 204,
    });
    expect(store.handle(SITE_A, '/api/v1/get', '{not json').status).toBe(400);
    const ok = toResponse(store.handle(SITE_A, '/api/v1/get', '{"key":"a"}'));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('application/json');
    expect(await ok.json()).toEqual({ key: 'a', value: [1] });
    const empty = toResponse(store.handle(SITE_A, '/api/v1/delete', { key: 'a' }));
    expect(empty.status).toBe(204);
    expect(await empty.text()).toBe('');
  });

  it('answers set/delete/transaction with an empty 204', () => {
    expect(store.handle(SITE_A, '/api/v1/set', { key: 'a', value: 1 })).toEqual({ status: 204 });
    expect(store.handle(SITE_A, '/api/v1/transaction', { set: [{ key: 'b', value: 2 }] })).toEqual({
      status: 204,
    });
    expect(store.handle(SITE_A, '/api/v1/delete', { key: 'a' })).toEqual({ status: 204 });
  });
});
