import type { KeyValueStore, StoredEntry } from '../store';

/**
 * An in-memory KeyValueStore with KVS's ordering and "fail if exists" semantics, for tests of code that takes
 * the store port. (End-to-end tests use the sandbox's real KVS emulation instead.)
 */
export function createMemoryStore(initial: Record<string, unknown> = {}): KeyValueStore & {
  readonly data: Map<string, unknown>;
} {
  const data = new Map<string, unknown>(Object.entries(initial));
  const clone = (v: unknown) => (v === undefined ? undefined : structuredClone(v));
  const versionOf = (key: string) => {
    const v = (data.get(key) as { version?: unknown } | undefined)?.version;
    return typeof v === 'number' ? v : 0;
  };
  return {
    data,
    async get(key) {
      return clone(data.get(key));
    },
    async set(key, value) {
      data.set(key, clone(value));
    },
    async create(key, value) {
      if (data.has(key)) throw new Error(`key already exists: ${key}`);
      data.set(key, clone(value));
    },
    // The version lives in the value, as in Forge; writes are atomic because nothing here awaits between the check
    // and the write.
    versioned: {
      async read(key) {
        const raw = clone(data.get(key)) as Record<string, unknown> | undefined;
        if (raw === undefined) return undefined;
        if (typeof raw !== 'object' || raw === null) return { version: 0, value: undefined as never };
        const { version, ...value } = raw;
        return { version: typeof version === 'number' ? version : 0, value };
      },
      async compareAndSet(key, next, expected, alongside = []) {
        if (versionOf(key) !== (expected ?? 0)) return false;
        data.set(key, clone({ ...next.value, version: next.version }));
        for (const w of alongside) data.set(w.key, clone(w.value));
        return true;
      },
      async compareAndDelete(key, expected, alongside = []) {
        if (versionOf(key) !== expected) return false;
        data.delete(key);
        for (const w of alongside) data.set(w.key, clone(w.value));
        return true;
      },
    },
    async list(prefix, { limit, cursor }) {
      const keys = [...data.keys()].filter((k) => k.startsWith(prefix) && (!cursor || k > cursor)).sort();
      const page = keys.slice(0, limit);
      const entries: StoredEntry[] = page.map((key) => ({ key, value: clone(data.get(key)) }));
      const last = page.at(-1);
      return { entries, cursor: keys.length > limit && last ? last : undefined };
    },
  };
}
