import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as ForgeKvs from '@forge/kvs';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createKvsStore, type KvsScope, type KvsStore } from '../src/kvs/index';
import { connectKvsSdk } from './support/kvs-sdk';

// Persistence: a JSON file written atomically (temp + rename) and debounced, reloaded by a new store instance.

const SITE_A: KvsScope = { appId: 'app-1', installationId: 'site-a' };
const SITE_B: KvsScope = { appId: 'app-1', installationId: 'site-b' };

let store: KvsStore;
let scope: KvsScope = SITE_A;
let now = new Date('2025-01-01T00:00:00.000Z');
let sdk: typeof ForgeKvs;
let dir: string;
let file: string;
const open: KvsStore[] = [];

function newStore(options: { reset?: boolean; debounceMs?: number } = {}): KvsStore {
  store = createKvsStore({ file, now: () => now, ...options });
  open.push(store);
  return store;
}

beforeAll(async () => {
  sdk = await connectKvsSdk(() => ({ store, scope: scope }));
});

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kvs-persist-'));
  file = join(dir, '.sandbox', 'kvs.json');
  now = new Date('2025-01-01T00:00:00.000Z');
  scope = SITE_A;
});

afterEach(() => {
  for (const s of open.splice(0)) s.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('persistence', () => {
  it('survives a restart: plain keys, secrets, entities, TTLs and scopes', async () => {
    const { kvs, MetadataField } = sdk;
    newStore();
    await kvs.set('config', { theme: 'dark' });
    await kvs.set('lease', 'me', { ttl: { value: 1, unit: 'HOURS' } });
    await kvs.setSecret('config', 'api-token');
    await kvs.entity('tech').set('t1', { name: 'Ada' });
    scope = SITE_B;
    await kvs.set('config', { theme: 'light' });
    store.close();

    newStore();
    scope = SITE_A;
    expect(await kvs.get('config')).toEqual({ theme: 'dark' });
    expect(await kvs.getSecret('config')).toBe('api-token');
    expect(await kvs.entity('tech').get('t1')).toEqual({ name: 'Ada' });
    expect(
      await kvs.get('lease', { metadataFields: [MetadataField.CREATED_AT, MetadataField.EXPIRE_TIME] }),
    ).toEqual({
      key: 'lease',
      value: 'me',
      createdAt: Date.parse('2025-01-01T00:00:00.000Z'),
      expireTime: '2025-01-01T01:00:00.000Z',
    });
    scope = SITE_B;
    expect(await kvs.get('config')).toEqual({ theme: 'light' });
    expect(await kvs.getSecret('config')).toBeUndefined();

    now = new Date('2025-01-01T01:00:00.000Z');
    store.close();
    newStore();
    scope = SITE_A;
    expect(await kvs.get('lease')).toBeUndefined();
  });

  it('writes a versioned JSON file with secrets in their own section, via temp file + rename', async () => {
    newStore();
    await sdk.kvs.set('k', 1);
    await sdk.kvs.setSecret('k', 'hidden');
    store.flush();
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved).toEqual({
      version: 1,
      scopes: [
        {
          appId: 'app-1',
          installationId: 'site-a',
          kv: { k: { value: 1, createdAt: now.getTime(), updatedAt: now.getTime() } },
          secret: { k: { value: 'hidden', createdAt: now.getTime(), updatedAt: now.getTime() } },
          entities: {},
        },
      ],
    });
    expect(readdirSync(join(dir, '.sandbox'))).toEqual(['kvs.json']);
  });

  it('debounces writes: nothing on disk until the delay passes or flush() is called', async () => {
    newStore({ debounceMs: 60_000 });
    await sdk.kvs.set('a', 1);
    await sdk.kvs.set('b', 2);
    expect(existsSync(file)).toBe(false);
    store.flush();
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')).scopes[0].kv)).toEqual(['a', 'b']);

    newStore({ debounceMs: 10 });
    await sdk.kvs.set('c', 3);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')).scopes[0].kv)).toEqual(['a', 'b', 'c']);
  });

  it('close() flushes pending changes', async () => {
    newStore({ debounceMs: 60_000 });
    await sdk.kvs.set('a', 1);
    store.close();
    const reopened = createKvsStore({ file });
    open.push(reopened);
    expect(reopened.dump(SITE_A).keys).toEqual({ a: 1 });
  });

  it('reset: true deletes the file and starts clean', async () => {
    newStore();
    await sdk.kvs.set('a', 1);
    store.close();
    expect(existsSync(file)).toBe(true);
    newStore({ reset: true });
    expect(existsSync(file)).toBe(false);
    expect(await sdk.kvs.get('a')).toBeUndefined();
    expect(store.dump(SITE_A)).toEqual({ keys: {}, secrets: {}, entities: {} });
  });

  it('clear() is persisted too', async () => {
    newStore();
    await sdk.kvs.set('a', 1);
    store.clear(SITE_A);
    store.close();
    newStore();
    expect(await sdk.kvs.get('a')).toBeUndefined();
  });

  it('refuses a corrupt file with a clear message, and reset recovers from it', () => {
    mkdirSync(join(dir, '.sandbox'));
    writeFileSync(file, '{ not json');
    expect(() => createKvsStore({ file })).toThrow(/not valid JSON.*reset/);
    writeFileSync(file, JSON.stringify({ version: 99, scopes: [] }));
    expect(() => createKvsStore({ file })).toThrow(/unexpected shape/);
    const fresh = newStore({ reset: true });
    expect(fresh.dump(SITE_A).keys).toEqual({});
  });

  it('a memory-only store (no file) writes nothing', async () => {
    store = createKvsStore();
    await sdk.kvs.set('a', 1);
    store.flush();
    store.close();
    expect(existsSync(join(dir, '.sandbox'))).toBe(false);
  });
});
