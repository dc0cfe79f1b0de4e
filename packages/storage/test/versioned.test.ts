import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ConcurrentUpdateError,
  deleteVersioned,
  type Lease,
  LeaseHeldError,
  replaceVersioned,
  StaleVersionError,
  updateVersioned,
  type Versioned,
  type VersionedStore,
  withLease,
} from '../src/index';

/** An in-memory store whose calls yield a scripted number of event-loop turns, so concurrent updaters interleave. */
function memoryStore<T>(
  turns: () => number,
  honourVersion = true,
): VersionedStore<T> & { data: Map<string, Versioned<T>> } {
  const data = new Map<string, Versioned<T>>();
  const pause = async () => {
    for (let i = turns(); i > 0; i--) await new Promise<void>((r) => setImmediate(r));
  };
  return {
    data,
    async read(key) {
      await pause();
      return data.get(key);
    },
    async compareAndSet(key, next, expected) {
      await pause();
      if (honourVersion && data.get(key)?.version !== expected) return false;
      data.set(key, next);
      return true;
    },
    async compareAndDelete(key, expected) {
      await pause();
      if (data.get(key)?.version !== expected) return false;
      data.delete(key);
      return true;
    },
  };
}

const addTo = (id: string) => (current: string[] | undefined) =>
  current?.includes(id) ? undefined : [...(current ?? []), id];

describe('updateVersioned', () => {
  it('keeps every concurrent writer’s change, whatever the interleaving (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 12 }),
        fc.array(fc.nat(4), { minLength: 1 }),
        async (writers, script) => {
          let i = 0;
          const store = memoryStore<string[]>(() => script[i++ % script.length] as number);
          const ids = Array.from({ length: writers }, (_, n) => `w${n}`);
          await Promise.all(
            ids.map((id) => updateVersioned(store, 'k', addTo(id), { attempts: 100, backoff: () => 0 })),
          );
          expect([...(store.data.get('k')?.value ?? [])].sort()).toEqual([...ids].sort());
          expect(store.data.get('k')?.version).toBe(writers);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('the same writers without compare-and-set lose changes (what the test above guards against)', async () => {
    let i = 0;
    const turns = [0, 3, 1, 2];
    const store = memoryStore<string[]>(() => turns[i++ % turns.length] as number, false);
    const ids = Array.from({ length: 8 }, (_, n) => `w${n}`);
    await Promise.all(ids.map((id) => updateVersioned(store, 'k', addTo(id), { backoff: () => 0 })));
    expect(store.data.get('k')?.value.length).toBeLessThan(8);
  });

  it('stores nothing when the change returns undefined, and reports what is there', async () => {
    const store = memoryStore<string[]>(() => 0);
    await updateVersioned(store, 'k', addTo('a'));
    expect(await updateVersioned(store, 'k', addTo('a'))).toEqual({
      value: ['a'],
      version: 1,
      changed: false,
    });
  });

  it('gives up with ConcurrentUpdateError after its attempts, having written nothing', async () => {
    const store: VersionedStore<number> = {
      read: async () => ({ version: 1, value: 1 }),
      compareAndSet: async () => false,
      compareAndDelete: async () => false,
    };
    await expect(
      updateVersioned(store, 'k', (n) => (n ?? 0) + 1, { attempts: 3, backoff: () => 0 }),
    ).rejects.toBeInstanceOf(ConcurrentUpdateError);
  });
});

describe('replaceVersioned and deleteVersioned', () => {
  it('of two saves from the same version, exactly one is stored and the other throws StaleVersionError (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(4), { minLength: 1 }), async (script) => {
        let i = 0;
        const store = memoryStore<string>(() => script[i++ % script.length] as number);
        store.data.set('k', { version: 3, value: 'seen' });
        const outcomes = await Promise.all(
          ['a', 'b'].map((v) =>
            replaceVersioned(store, 'k', 3, () => v).then(
              () => v,
              (e: unknown) => (e instanceof StaleVersionError ? 'stale' : 'error'),
            ),
          ),
        );
        const won = outcomes.filter((o) => o !== 'stale');
        expect(won).toHaveLength(1);
        expect(store.data.get('k')).toEqual({ version: 4, value: won[0] });
      }),
      { numRuns: 40 },
    );
  });

  it('writes alongside keys only with the change, and deletes only the version named', async () => {
    const store = memoryStore<string>(() => 0);
    const written: unknown[] = [];
    const original = store.compareAndSet.bind(store);
    store.compareAndSet = async (key, next, expected, alongside) => {
      const ok = await original(key, next, expected);
      if (ok) written.push(...(alongside ?? []));
      return ok;
    };
    await replaceVersioned(store, 'k', 0, () => 'v1', {
      alongside: (next) => [{ key: 'audit', value: next }],
    });
    await expect(
      replaceVersioned(store, 'k', 0, () => 'v2', { alongside: (next) => [{ key: 'audit', value: next }] }),
    ).rejects.toMatchObject({ name: 'StaleVersionError', expected: 0, current: 1 });
    expect(written).toEqual([{ key: 'audit', value: 'v1' }]);
    await expect(deleteVersioned(store, 'k', 0)).rejects.toBeInstanceOf(StaleVersionError);
    expect(store.data.get('k')).toEqual({ version: 1, value: 'v1' });
    expect(await deleteVersioned(store, 'k', 1)).toEqual({ deleted: 'v1' });
    expect(store.data.has('k')).toBe(false);
  });
});

describe('withLease', () => {
  it('lets exactly one of many concurrent callers in, whatever the interleaving (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 10 }),
        fc.array(fc.nat(3), { minLength: 1 }),
        async (callers, script) => {
          let i = 0;
          const store = memoryStore<Lease>(() => script[i++ % script.length] as number);
          let inside = 0;
          let most = 0;
          const outcomes = await Promise.all(
            Array.from({ length: callers }, () =>
              withLease(store, 'lease', { ttlMs: 60_000 }, async () => {
                inside++;
                most = Math.max(most, inside);
                await new Promise<void>((r) => setImmediate(r));
                inside--;
                return 'ran';
              }).catch((e: unknown) => (e instanceof LeaseHeldError ? 'held' : 'error')),
            ),
          );
          expect(most).toBe(1);
          expect(outcomes).not.toContain('error');
          expect(outcomes).toContain('ran');
          expect(store.data.has('lease')).toBe(false); // released
        },
      ),
      { numRuns: 40 },
    );
  });

  it('is released when the work throws, and taken over once a dead holder’s lease expires', async () => {
    const store = memoryStore<Lease>(() => 0);
    await expect(
      withLease(store, 'l', { ttlMs: 1000 }, async () => Promise.reject(new Error('boom'))),
    ).rejects.toThrow('boom');
    expect(store.data.has('l')).toBe(false);
    let clock = 0;
    store.data.set('l', { version: 1, value: { owner: 'crashed', expiresAt: 1000 } });
    await expect(
      withLease(store, 'l', { ttlMs: 1000, now: () => clock }, async () => 'x'),
    ).rejects.toBeInstanceOf(LeaseHeldError);
    clock = 1001;
    expect(await withLease(store, 'l', { ttlMs: 1000, now: () => clock }, async () => 'taken over')).toBe(
      'taken over',
    );
  });

  it('is taken over at once by a caller that supersedes its holder (a later attempt of the same work)', async () => {
    const store = memoryStore<Lease>(() => 0);
    store.data.set('l', { version: 5, value: { owner: 'attempt-0', expiresAt: Date.now() + 60_000 } });
    const later = { ttlMs: 1000, owner: 'attempt-1' };
    await expect(withLease(store, 'l', later, async () => 'x')).rejects.toBeInstanceOf(LeaseHeldError);
    const superseding = { ...later, supersedes: (l: Lease) => l.owner === 'attempt-0' };
    expect(await withLease(store, 'l', superseding, async () => 'retried')).toBe('retried');
    expect(store.data.has('l')).toBe(false);
  });
});
