/** Thin helpers over Forge KVS: typed get/set, prefix listing, and blobs larger than one 240 KiB value. */
import { kvs, WhereConditions } from '@forge/kvs';

export type TtlDays = number;

export async function getValue<T>(key: string): Promise<T | undefined> {
  return (await kvs.get<T>(key)) ?? undefined;
}

export async function setValue(key: string, value: unknown, ttlDays?: TtlDays): Promise<void> {
  await kvs.set(key, value, ttlDays ? { ttl: { value: ttlDays, unit: 'DAYS' } } : undefined);
}

/** Fails (throws) if the key already exists. */
export async function createValue(key: string, value: unknown): Promise<void> {
  await kvs.set(key, value, { keyPolicy: 'FAIL_IF_EXISTS' });
}

export async function deleteValue(key: string): Promise<void> {
  await kvs.delete(key);
}

/** Every entry whose key begins with `prefix`, in key order (paged 100 at a time). */
export async function listPrefix<T>(prefix: string, max = 100_000): Promise<{ key: string; value: T }[]> {
  const out: { key: string; value: T }[] = [];
  let cursor: string | undefined;
  do {
    let query = kvs.query().where('key', WhereConditions.beginsWith(prefix)).limit(Math.min(100, max));
    if (cursor) query = query.cursor(cursor);
    const page = await query.getMany<T>();
    for (const r of page.results) out.push({ key: r.key, value: r.value });
    cursor = page.nextCursor;
  } while (cursor && out.length < max);
  return out;
}

// Blobs: JSON → UTF-8 → base64 (pure ASCII, so JSON escaping cannot inflate it), cut into parts well under 240 KiB.
const PART_CHARS = 180_000;

interface BlobMeta {
  readonly parts: number;
}

export async function putBlob(prefix: string, value: unknown, ttlDays?: TtlDays): Promise<void> {
  const text = Buffer.from(JSON.stringify(value), 'utf8').toString('base64');
  const parts = Math.max(1, Math.ceil(text.length / PART_CHARS));
  for (let i = 0; i < parts; i++) {
    await setValue(`${prefix}:p${i}`, text.slice(i * PART_CHARS, (i + 1) * PART_CHARS), ttlDays);
  }
  // The meta entry goes last, so a reader never sees a half-written blob.
  await setValue(`${prefix}:meta`, { parts } satisfies BlobMeta, ttlDays);
}

export async function getBlob<T>(prefix: string): Promise<T | undefined> {
  const meta = await getValue<BlobMeta>(`${prefix}:meta`);
  if (!meta || !Number.isInteger(meta.parts) || meta.parts < 1 || meta.parts > 1_000) return undefined;
  let text = '';
  for (let i = 0; i < meta.parts; i++) {
    const part = await getValue<string>(`${prefix}:p${i}`);
    if (typeof part !== 'string') return undefined;
    text += part;
  }
  return JSON.parse(Buffer.from(text, 'base64').toString('utf8')) as T;
}

/** Removes a blob: the meta entry first, so a reader never sees a half-removed one. */
export async function deleteBlob(prefix: string): Promise<void> {
  const meta = await getValue<BlobMeta>(`${prefix}:meta`);
  await deleteValue(`${prefix}:meta`);
  const parts =
    meta && Number.isInteger(meta.parts) && meta.parts >= 1 && meta.parts <= 1_000 ? meta.parts : 0;
  for (let i = 0; i < parts; i++) await deleteValue(`${prefix}:p${i}`);
}

export async function getSecret<T>(key: string): Promise<T | undefined> {
  return (await kvs.getSecret<T>(key)) ?? undefined;
}

export async function setSecret(key: string, value: unknown): Promise<void> {
  await kvs.setSecret(key, value);
}

/** One write of a `transact` (see `writeTogether`). */
export type TxWrite =
  | { readonly set: string; readonly value: unknown; readonly ttlDays?: TtlDays }
  | { readonly delete: string };

/**
 * Plain keys written in one KVS transaction: all of them or none. A change and its audit entry go through here, so
 * the log never holds an entry for a change that was not stored, nor misses one that was.
 */
export async function writeTogether(writes: readonly TxWrite[]): Promise<void> {
  const tx = kvs.transact();
  for (const w of writes) {
    if ('delete' in w) tx.delete(w.delete);
    else
      tx.set(w.set, w.value, undefined, w.ttlDays ? { ttl: { value: w.ttlDays, unit: 'DAYS' } } : undefined);
  }
  await tx.execute();
}
