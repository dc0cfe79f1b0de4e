/**
 * Read-modify-write that never loses an acknowledged write. A record carries a version; a write succeeds only if
 * the version is still the one the writer read (compare-and-set). A writer that loses re-reads and re-applies
 * its change on top of the winner's, so both changes are kept, and a caller is told "saved" only after its own
 * conditional write succeeded.
 */
export interface Versioned<T> {
  readonly version: number;
  readonly value: T;
}

export interface VersionedStore<T> {
  read(key: string): Promise<Versioned<T> | undefined>;
  /** Writes `next` only if the stored version is `expected` (undefined: the record must not exist). */
  compareAndSet(key: string, next: Versioned<T>, expected: number | undefined): Promise<boolean>;
  /** Deletes the record only if its stored version is `expected`. */
  compareAndDelete(key: string, expected: number): Promise<boolean>;
}

export class ConcurrentUpdateError extends Error {
  constructor(
    readonly key: string,
    readonly attempts: number,
  ) {
    super(`${key} was changed by others ${attempts} times while this change was being saved; try again`);
    this.name = 'ConcurrentUpdateError';
  }
}

export interface UpdateOptions {
  /** Attempts before giving up with ConcurrentUpdateError (default 10). */
  readonly attempts?: number;
  /** Waits between attempts, ms (default: random 0…2^attempt × 5 ms, capped at 200): spreads contending writers. */
  readonly backoff?: (attempt: number) => number;
}

const defaultBackoff = (attempt: number) => Math.random() * Math.min(200, 5 * 2 ** attempt);
const sleep = (ms: number) => (ms > 0 ? new Promise<void>((r) => setTimeout(r, ms)) : Promise.resolve());

/**
 * Applies `change` to the record at `key` and stores the result with compare-and-set, retrying on conflict.
 * `change` gets the current value (undefined when there is none) and returns the next value, or `undefined` to
 * leave the record as it is. It may run more than once, so it must not have side effects. Returns what was stored.
 */
export async function updateVersioned<T>(
  store: VersionedStore<T>,
  key: string,
  change: (current: T | undefined) => T | undefined,
  options: UpdateOptions = {},
): Promise<{ value: T | undefined; version: number | undefined; changed: boolean }> {
  const attempts = options.attempts ?? 10;
  const backoff = options.backoff ?? defaultBackoff;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const current = await store.read(key);
    const next = change(current?.value);
    if (next === undefined) return { value: current?.value, version: current?.version, changed: false };
    const version = (current?.version ?? 0) + 1;
    if (await store.compareAndSet(key, { version, value: next }, current?.version)) {
      return { value: next, version, changed: true };
    }
    await sleep(backoff(attempt));
  }
  throw new ConcurrentUpdateError(key, attempts);
}
