import { Filter, FilterConditions, kvs } from '@forge/kvs';
import type { Lease } from './lease';
import type { Versioned, VersionedStore } from './versioned';

/**
 * Versioned records in a Forge custom entity with attributes `version` (integer) and `<valueAttribute>` (any),
 * e.g. in manifest.yml:
 *
 *   app.storage.entities: [{ name: technician-shard, attributes: { version: { type: integer },
 *                            profiles: { type: any } }, indexes: [version] }]
 *
 * The write is a KVS transaction whose `set` is conditional on the stored version (or on there being none).
 */
export function forgeVersionedStore<T>(entityName: string, valueAttribute: string): VersionedStore<T> {
  type Row = Record<string, unknown> & { version?: number };
  const entity = () => kvs.entity<Row>(entityName);
  const read = async (key: string): Promise<Versioned<T> | undefined> => {
    const row = (await entity().get(key)) as Row | undefined;
    if (!row || typeof row.version !== 'number') return undefined;
    return { version: row.version, value: row[valueAttribute] as T };
  };
  return {
    read,
    async compareAndSet(key, next, expected) {
      const conditions =
        expected === undefined
          ? new Filter<Row>().and('version', FilterConditions.notExists())
          : new Filter<Row>().and('version', FilterConditions.equalTo(expected));
      try {
        await kvs
          .transact()
          .set<Row>(key, { version: next.version, [valueAttribute]: next.value }, { entityName, conditions })
          .execute();
        return true;
      } catch (error) {
        // Atlassian documents no error code for a failed condition; decide by what is stored now.
        const now = await read(key);
        if ((now?.version ?? undefined) !== expected) return false;
        throw error;
      }
    },
    async compareAndDelete(key, expected) {
      try {
        await kvs
          .transact()
          .delete<Row>(key, {
            entityName,
            conditions: new Filter<Row>().and('version', FilterConditions.equalTo(expected)),
          })
          .execute();
        return true;
      } catch (error) {
        const now = await read(key);
        if (now?.version !== expected) return false;
        throw error;
      }
    },
  };
}

/**
 * The lease store every app uses with `withLease`: entity `lease` (attributes `version: integer`, `lease: any`,
 * index `version`), declared in the app's manifest.
 */
export function forgeLeaseStore(): VersionedStore<Lease> {
  return forgeVersionedStore<Lease>('lease', 'lease');
}
