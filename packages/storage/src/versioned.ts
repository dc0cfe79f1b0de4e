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

/** A plain KVS key written in the same transaction as a versioned record (e.g. its audit entry). */
export interface AlongsideWrite {
  readonly key: string;
  readonly value: unknown;
}

export interface VersionedStore<T> {
  read(key: string): Promise<Versioned<T> | undefined>;
  /**
   * Writes `next` only if the stored version is `expected` (undefined: the record must not exist), and `alongside`
   * in the same transaction: they are stored if and only if `next` is.
   */
  compareAndSet(
    key: string,
    next: Versioned<T>,
    expected: number | undefined,
    alongside?: readonly AlongsideWrite[],
  ): Promise<boolean>;
  /** Deletes the record only if its stored version is `expected`, writing `alongside` in the same transaction. */
  compareAndDelete(key: string, expected: number, alongside?: readonly AlongsideWrite[]): Promise<boolean>;
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

export interface UpdateOptions<T = unknown> {
  /** Attempts before giving up with ConcurrentUpdateError (default 10). */
  readonly attempts?: number;
  /** Waits between attempts, ms (default: random 0…2^attempt × 5 ms, capped at 200): spreads contending writers. */
  readonly backoff?: (attempt: number) => number;
  /**
   * Plain keys to write atomically with the change (computed per attempt from the value being stored and the one it
   * replaces), e.g. the audit entry, so the log holds exactly the changes that happened.
   */
  readonly alongside?: (next: T, current: T | undefined) => readonly AlongsideWrite[];
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
  options: UpdateOptions<T> = {},
): Promise<{ value: T | undefined; version: number | undefined; changed: boolean }> {
  const attempts = options.attempts ?? 10;
  const backoff = options.backoff ?? defaultBackoff;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const current = await store.read(key);
    const next = change(current?.value);
    if (next === undefined) return { value: current?.value, version: current?.version, changed: false };
    const version = (current?.version ?? 0) + 1;
    const extra = options.alongside?.(next, current?.value);
    if (await store.compareAndSet(key, { version, value: next }, current?.version, extra)) {
      return { value: next, version, changed: true };
    }
    await sleep(backoff(attempt));
  }
  throw new ConcurrentUpdateError(key, attempts);
}

export class StaleVersionError extends Error {
  constructor(
    readonly key: string,
    readonly expected: number,
    readonly current: number,
  ) {
    super(`${key} is at version ${current}, not ${expected}: someone else changed it`);
    this.name = 'StaleVersionError';
  }
}

/**
 * Stores `change(current)` only if the record is still at `expected`, the version the caller's copy was read at (0:
 * there was no record). For whole-record saves from a form: a save based on a stale copy throws StaleVersionError
 * and writes nothing, instead of overwriting a newer change it never saw. No retry: a retry would be exactly that
 * overwrite. `change` returning undefined leaves the record as it is.
 */
export async function replaceVersioned<T>(
  store: VersionedStore<T>,
  key: string,
  expected: number,
  change: (current: T | undefined) => T | undefined,
  options: Pick<UpdateOptions<T>, 'alongside'> = {},
): Promise<{ value: T | undefined; version: number; changed: boolean }> {
  const current = await store.read(key);
  const version = current?.version ?? 0;
  if (version !== expected) throw new StaleVersionError(key, expected, version);
  const next = change(current?.value);
  if (next === undefined) return { value: current?.value, version, changed: false };
  const extra = options.alongside?.(next, current?.value);
  if (!(await store.compareAndSet(key, { version: version + 1, value: next }, current?.version, extra))) {
    throw new StaleVersionError(key, expected, (await store.read(key))?.version ?? 0);
  }
  return { value: next, version: version + 1, changed: true };
}

/** Deletes the record only if it is still at `expected`; StaleVersionError otherwise (nothing deleted). */
export async function deleteVersioned<T>(
  store: VersionedStore<T>,
  key: string,
  expected: number,
  options: { readonly alongside?: (current: T) => readonly AlongsideWrite[] } = {},
): Promise<{ deleted: T | undefined }> {
  const current = await store.read(key);
  const version = current?.version ?? 0;
  if (version !== expected) throw new StaleVersionError(key, expected, version);
  if (current === undefined) return { deleted: undefined };
  if (!(await store.compareAndDelete(key, version, options.alongside?.(current.value)))) {
    throw new StaleVersionError(key, expected, (await store.read(key))?.version ?? 0);
  }
  return { deleted: current.value };
}
