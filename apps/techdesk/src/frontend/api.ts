/**
 * Typed `invoke` over the TechDesk resolver contract. Every call resolves to the resolver kit's envelope; a call
 * that fails on the way (bridge error, timeout, a malformed answer) becomes `{ ok: false }` too, so the UI has one
 * path for errors and never throws from an event handler.
 */
import { invoke } from '@forge/bridge';
import type { ResolverKey, TechDeskResolvers } from '../domain/contract';
import { type ApiResult, toResult } from './result';

export { type ApiError, type ApiResult, type FieldError, fieldError, toResult } from './result';

export type PayloadOf<K extends ResolverKey> = Parameters<TechDeskResolvers[K]>[0];
export type DataOf<K extends ResolverKey> = ReturnType<TechDeskResolvers[K]>;

function failureMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  if (/timed? ?out/i.test(message)) return 'The app took too long to answer. Please try again.';
  return "We couldn't reach the app just now. Please try again.";
}

export async function call<K extends ResolverKey>(
  key: K,
  payload: PayloadOf<K>,
): Promise<ApiResult<DataOf<K>>> {
  try {
    return toResult<DataOf<K>>(await invoke(key, payload as unknown as Record<string, unknown>));
  } catch (error) {
    return { ok: false, error: { code: 'RETRY', message: failureMessage(error) } };
  }
}
