import { kvs, WhereConditions } from '@forge/kvs';
import { forgeKeyValueVersionedStore, type VersionedStore } from '@suite/storage';

export interface StoredEntry {
  readonly key: string;
  readonly value: unknown;
}

export interface StoredPage {
  readonly entries: readonly StoredEntry[];
  readonly cursor: string | undefined;
}

/**
 * The slice of Forge KVS the permission package needs. A port rather than `@forge/kvs` directly so the
 * checks can be exercised in tests against an in-memory store, and so `create` (fail if the key exists) is the
 * only write the audit log has — there is deliberately no update or delete for audit keys.
 */
export interface KeyValueStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  /** Writes only if the key does not exist yet; throws otherwise. */
  create(key: string, value: unknown): Promise<void>;
  /** Keys starting with `prefix`, in key order. */
  list(prefix: string, options: { limit: number; cursor?: string | undefined }): Promise<StoredPage>;
  /**
   * The same keys as versioned records, for read-modify-write (role grants): compare-and-set on the version, with
   * the audit entry written in the same transaction. `get` still reads the plain value, so the permission check
   * reads exactly what it read before (the value carries a `version` field, which the grants schema ignores).
   */
  readonly versioned: VersionedStore<object>;
}

/** The production store: Forge KVS for the current installation. */
export function forgeKvsStore(): KeyValueStore {
  return {
    get: (key) => kvs.get(key),
    set: (key, value) => kvs.set(key, value),
    create: (key, value) => kvs.set(key, value, { keyPolicy: 'FAIL_IF_EXISTS' }),
    async list(prefix, { limit, cursor }) {
      let query = kvs.query().where('key', WhereConditions.beginsWith(prefix)).limit(limit);
      if (cursor) query = query.cursor(cursor);
      const page = await query.getMany();
      return {
        entries: page.results.map((r) => ({ key: r.key, value: r.value })),
        cursor: page.nextCursor,
      };
    },
    // Entity `record-version`, declared in the manifest of each app that changes role grants.
    versioned: forgeKeyValueVersionedStore<object>(),
  };
}
