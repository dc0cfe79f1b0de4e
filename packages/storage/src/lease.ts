import { randomUUID } from 'node:crypto';
import { updateVersioned, type VersionedStore } from './versioned';

/** Who holds a lease and until when (ms since the epoch). */
export interface Lease {
  readonly owner: string;
  readonly expiresAt: number;
}

export class LeaseHeldError extends Error {
  constructor(
    readonly key: string,
    readonly expiresAt: number,
  ) {
    super(`${key} is held by another invocation until ${new Date(expiresAt).toISOString()}`);
    this.name = 'LeaseHeldError';
  }
}

export interface LeaseOptions {
  /** How long the lease lasts if its holder never releases it (it crashed): longer than the holder can run. */
  readonly ttlMs: number;
  readonly owner?: string;
  readonly now?: () => number;
  /**
   * Whether this caller may take over a live lease because its holder cannot still be using it (e.g. the platform
   * retries an event only after the previous attempt ended, so attempt n+1 supersedes attempt n).
   */
  readonly supersedes?: (current: Lease) => boolean;
}

/**
 * Runs `fn` while holding the lease at `key`: at most one holder at a time across concurrent invocations
 * (acquired by compare-and-set, so two can never both win), released afterwards whatever `fn` did, and taken over
 * by the next caller once `ttlMs` has passed if its holder died without releasing it (or at once by a caller that
 * `supersedes` it). Throws LeaseHeldError when
 * someone else holds it; nothing of `fn` runs then.
 */
export async function withLease<T>(
  store: VersionedStore<Lease>,
  key: string,
  options: LeaseOptions,
  fn: () => Promise<T>,
): Promise<T> {
  const owner = options.owner ?? randomUUID();
  const now = options.now ?? Date.now;
  const acquired = await updateVersioned(store, key, (current) => {
    if (current && current.owner !== owner && current.expiresAt > now() && !options.supersedes?.(current)) {
      throw new LeaseHeldError(key, current.expiresAt);
    }
    return { owner, expiresAt: now() + options.ttlMs };
  });
  try {
    return await fn();
  } finally {
    // Only our own lease, at the version we wrote: a lease someone took over after expiry is theirs now.
    if (acquired.version !== undefined)
      await store.compareAndDelete(key, acquired.version).catch(() => false);
  }
}
