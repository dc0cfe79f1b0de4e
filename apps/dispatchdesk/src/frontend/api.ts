/**
 * Typed `invoke` over the DispatchDesk resolver contract, shared by the console and the admin page. Every call
 * resolves to the resolver kit's envelope; a call that fails on the way (bridge error, timeout, a malformed
 * answer) becomes `{ ok: false }` too, so the UI has one path for errors and never throws from a handler.
 */
import { invoke } from '@forge/bridge';
import type { DispatchResolvers, ResolverKey } from '../domain/contract';
import { type ApiResult, failureMessage, toResult } from './result';

export { type ApiError, type ApiResult, type FieldError, fieldError, toResult } from './result';

export type PayloadOf<K extends ResolverKey> = Parameters<DispatchResolvers[K]>[0];
export type DataOf<K extends ResolverKey> = ReturnType<DispatchResolvers[K]>;

export async function call<K extends ResolverKey>(
  key: K,
  payload: PayloadOf<K>,
): Promise<ApiResult<DataOf<K>>> {
  try {
    return toResult<DataOf<K>>(await invoke(key, payload as unknown as Record<string, unknown>));
  } catch (error) {
    const code =
      error && typeof error === 'object' && 'code' in error && typeof error.code === 'string'
        ? error.code
        : 'RETRY';
    return { ok: false, error: { code, message: failureMessage(error) } };
  }
}
