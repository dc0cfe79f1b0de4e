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
    async list(prefix, { limit, cursor }) {
      const keys = [...data.keys()].filter((k) => k.startsWith(prefix) && (!cursor || k > cursor)).sort();
      const page = keys.slice(0, limit);
      const entries: StoredEntry[] = page.map((key) => ({ key, value: clone(data.get(key)) }));
      const last = page.at(-1);
      return { entries, cursor: keys.length > limit && last ? last : undefined };
    },
  };
}
