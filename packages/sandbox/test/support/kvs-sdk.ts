import type * as ForgeKvs from '@forge/kvs';
import { type KvsScope, type KvsStore, toResponse } from '../../src/kvs/index';

/**
 * Connects the real `@forge/kvs` client to a KVS emulation through `__forge_fetch__`, the way the platform
 * delivers it, and returns the client. `current()` is read on every call so tests can swap store or scope.
 */
export async function connectKvsSdk(
  current: () => { store: KvsStore; scope: KvsScope },
  onTarget?: (target: unknown) => void,
): Promise<typeof ForgeKvs> {
  (globalThis as { __forge_fetch__?: unknown }).__forge_fetch__ = async (
    target: unknown,
    path: string,
    init?: RequestInit,
  ) => {
    onTarget?.(target);
    const { store, scope } = current();
    return toResponse(store.handle(scope, path, init?.body ? JSON.parse(String(init.body)) : undefined));
  };
  return import('@forge/kvs');
}
