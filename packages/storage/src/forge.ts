import { Filter, FilterConditions, kvs } from '@forge/kvs';
import type { Lease } from './lease';
import type { AlongsideWrite, Versioned, VersionedStore } from './versioned';

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
    async compareAndSet(key, next, expected, alongside = []) {
      const conditions =
        expected === undefined
          ? new Filter<Row>().and('version', FilterConditions.notExists())
          : new Filter<Row>().and('version', FilterConditions.equalTo(expected));
      try {
        await withAlongside(
          kvs
            .transact()
            .set<Row>(
              key,
              { version: next.version, [valueAttribute]: next.value },
              { entityName, conditions },
            ),
          alongside,
        ).execute();
        return true;
      } catch (error) {
        // Atlassian documents no error code for a failed condition; decide by what is stored now.
        const now = await read(key);
        if ((now?.version ?? undefined) !== expected) return false;
        throw error;
      }
    },
    async compareAndDelete(key, expected, alongside = []) {
      try {
        await withAlongside(
          kvs.transact().delete<Row>(key, {
            entityName,
            conditions: new Filter<Row>().and('version', FilterConditions.equalTo(expected)),
          }),
          alongside,
        ).execute();
        return true;
      } catch (error) {
        const now = await read(key);
        if (now?.version !== expected) return false;
        throw error;
      }
    },
  };
}

type Transaction = ReturnType<typeof kvs.transact>;

function withAlongside(tx: Transaction, alongside: readonly AlongsideWrite[]): Transaction {
  for (const w of alongside) tx.set(w.key, w.value);
  return tx;
}

/** The guard entity `forgeKeyValueVersionedStore` uses by default (declare it in the app's manifest). */
export const RECORD_VERSION_ENTITY = 'record-version';

/**
 * Versioned records that stay at plain KVS keys, so they are still listed by key prefix and read by a plain
 * `kvs.get` (role grants read by the permission check, configurations, canned responses): the value carries its
 * `version`, and a guard record at the same key in the custom entity `guardEntity` (attribute `version: integer`,
 * index `version`) holds it too. A write is one transaction: the value, and the guard set conditional on the version
 * read (or on there being no guard). Values written before the guard existed read as version 0, so existing data
 * needs no migration. In manifest.yml:
 *
 *   app.storage.entities: [{ name: record-version, attributes: { version: { type: integer } }, indexes: [version] }]
 *
 * Every write to such a key must go through this store; a plain `kvs.set` would bypass the guard.
 */
export function forgeKeyValueVersionedStore<T extends object>(
  guardEntity: string = RECORD_VERSION_ENTITY,
): VersionedStore<T> {
  type Guard = { version?: number };
  const guardVersion = async (key: string): Promise<number> => {
    const guard = (await kvs.entity<Guard>(guardEntity).get(key)) as Guard | undefined;
    return typeof guard?.version === 'number' ? guard.version : 0;
  };
  const guardIs = (version: number) =>
    version === 0
      ? new Filter<Guard>().and('version', FilterConditions.notExists())
      : new Filter<Guard>().and('version', FilterConditions.equalTo(version));
  const plain = async (key: string) => ((await kvs.get<unknown>(key)) ?? undefined) as unknown;
  const embedded = (raw: unknown): Versioned<T> | undefined => {
    if (raw === null || typeof raw !== 'object') return undefined;
    const { version, ...value } = raw as Record<string, unknown>;
    return typeof version === 'number' ? { version, value: value as T } : undefined;
  };
  const read = async (key: string): Promise<Versioned<T> | undefined> => {
    // Value and version are written in one transaction, so a value that carries its version is a consistent pair.
    const first = embedded(await plain(key));
    if (first) return first;
    // No version in the value (none yet, written before versioning, or corrupt): the guard says which version a
    // write must replace. Guard first, value second: a write landing in between shows in the value's version.
    const version = await guardVersion(key);
    const raw = await plain(key);
    const now = embedded(raw);
    if (now) return now;
    if (raw === undefined) return version === 0 ? undefined : { version, value: undefined as unknown as T };
    if (raw === null || typeof raw !== 'object') return { version, value: undefined as unknown as T };
    return { version, value: raw as T };
  };
  const stillAt = async (key: string, expected: number | undefined) =>
    ((await read(key))?.version ?? 0) === (expected ?? 0);
  return {
    read,
    async compareAndSet(key, next, expected, alongside = []) {
      const tx = kvs
        .transact()
        .set(key, { ...next.value, version: next.version })
        .set<Guard>(
          key,
          { version: next.version },
          { entityName: guardEntity, conditions: guardIs(expected ?? 0) },
        );
      try {
        await withAlongside(tx, alongside).execute();
        return true;
      } catch (error) {
        // As above: no documented error code for a failed condition, so decide by what is stored now.
        if (!(await stillAt(key, expected))) return false;
        throw error;
      }
    },
    async compareAndDelete(key, expected, alongside = []) {
      const tx = kvs.transact().delete(key);
      if (expected === 0) tx.check<Guard>(key, { entityName: guardEntity, conditions: guardIs(0) });
      else tx.delete<Guard>(key, { entityName: guardEntity, conditions: guardIs(expected) });
      try {
        await withAlongside(tx, alongside).execute();
        return true;
      } catch (error) {
        if (!(await stillAt(key, expected))) return false;
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
