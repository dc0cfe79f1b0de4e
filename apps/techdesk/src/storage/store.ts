/**
 * Everything TechDesk keeps in Forge KVS (storage:app). Keys and values (ids and metadata, no ticket content):
 *
 * | Key | Value |
 * |---|---|
 * | `timer:<accountId>` | the agent's one running timer: issue key and id, start time, automatic or not |
 * | `canned:g:<uuid>` | a global canned response (title, body template, who changed it last and when) |
 * | `canned:p:<PROJECT>:<uuid>` | a project canned response |
 * | `canned:u:<accountId>:<uuid>` | a personal canned response, under its owner's account id |
 * | `config:project:<PROJECT>` | the project's TechDesk settings (enabled, active statuses, Assets fields/attributes/AQL) |
 * | `feedback:<inverted time>:<uuid>` | in-app feedback: text, author account id, time (newest first) |
 * | `cache:assets-workspace` | the site's Assets workspace id (one per site, stable) |
 * | `privacy:report-cursor` | how far the daily personal data report got (@suite/permissions `reportPersonalData`) |
 * | `roles:<role>`, `audit:<inverted time>:<uuid>` | role grants and the append-only audit log (@suite/permissions) |
 * | entity `record-version`, same keys | the version of each canned response, project config and role grant record |
 *
 * Canned responses, project configs and role grants carry a `version` in their value and are written only through
 * a versioned store (a KVS transaction conditional on the `record-version` guard at the same key), so a save based
 * on a stale copy is refused instead of overwriting a newer one; their audit entries go in the same transaction.
 */
import { kvs, WhereConditions } from '@forge/kvs';
import { forgeKvsStore, type KeyValueStore } from '@suite/permissions';
import {
  type AlongsideWrite,
  deleteVersioned,
  forgeKeyValueVersionedStore,
  replaceVersioned,
  updateVersioned,
} from '@suite/storage';
import { type CannedLocation, parseCannedId, type StoredCanned } from '../domain/canned';
import type { FeedbackEntry } from '../domain/config';
import type { ProjectConfig, Versioned } from '../domain/contract';
import type { StoredTimer } from '../domain/timer';

/** The port @suite/permissions uses for role grants and the audit log. */
export function permissionStore(): KeyValueStore {
  return forgeKvsStore();
}

async function get<T>(key: string): Promise<T | undefined> {
  return ((await kvs.get<T>(key)) ?? undefined) as T | undefined;
}

async function list<T>(prefix: string, max = 1_000): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  do {
    let query = kvs.query().where('key', WhereConditions.beginsWith(prefix)).limit(100);
    if (cursor) query = query.cursor(cursor);
    const page = await query.getMany<T>();
    for (const r of page.results) out.push(r.value);
    cursor = page.nextCursor;
  } while (cursor && out.length < max);
  return out;
}

// ------------------------------------------------------------------ timers

const timerKey = (accountId: string) => `timer:${accountId}`;

export function getTimer(accountId: string): Promise<StoredTimer | undefined> {
  return get<StoredTimer>(timerKey(accountId));
}

export async function putTimer(accountId: string, timer: StoredTimer | null): Promise<void> {
  if (timer) await kvs.set(timerKey(accountId), timer);
  else await kvs.delete(timerKey(accountId));
}

// ------------------------------------------------------------------ canned responses

function cannedKey(location: CannedLocation, owner: string): string {
  switch (location.scope) {
    case 'global':
      return `canned:g:${location.uuid}`;
    case 'project':
      return `canned:p:${location.projectKey}:${location.uuid}`;
    case 'personal':
      return `canned:u:${owner}:${location.uuid}`;
  }
}

const cannedStore = forgeKeyValueVersionedStore<StoredCanned>();

const withVersion = <T extends object>(value: T & { version?: unknown }): T & { version: number } => ({
  ...value,
  version: typeof value.version === 'number' ? value.version : 0,
});

function keyOf(id: string, owner: string): string {
  const location = parseCannedId(id);
  if (!location) throw new Error('Invalid canned response id');
  return cannedKey(location, owner);
}

/**
 * Creates (`expectedVersion` 0, a fresh id) or replaces a canned response, only if it is still at
 * `expectedVersion`; `StaleVersionError` otherwise, nothing written. `alongside` (the audit entry) is written in
 * the same transaction, and `change` sees what is stored now (undefined: nothing), so it can refuse.
 */
export async function saveCanned(
  canned: StoredCanned,
  owner: string,
  expectedVersion: number,
  options: {
    check?: (current: StoredCanned | undefined) => void;
    alongside?: (current: StoredCanned | undefined) => readonly AlongsideWrite[];
  } = {},
): Promise<Versioned<StoredCanned>> {
  const result = await replaceVersioned(
    cannedStore,
    keyOf(canned.id, owner),
    expectedVersion,
    (current) => {
      options.check?.(current);
      return canned;
    },
    options.alongside ? { alongside: (_, current) => options.alongside?.(current) ?? [] } : {},
  );
  return { ...canned, version: result.version };
}

/** Deletes it only if it is still at `expectedVersion` (`StaleVersionError` otherwise); returns what was deleted. */
export async function deleteCanned(
  id: string,
  owner: string,
  expectedVersion: number,
  alongside?: (current: StoredCanned) => readonly AlongsideWrite[],
): Promise<StoredCanned | undefined> {
  const result = await deleteVersioned(
    cannedStore,
    keyOf(id, owner),
    expectedVersion,
    alongside ? { alongside } : {},
  );
  return result.deleted;
}

const listCanned = async (prefix: string): Promise<Versioned<StoredCanned>[]> =>
  (await list<StoredCanned>(prefix)).map(withVersion);

export function listGlobalCanned(): Promise<Versioned<StoredCanned>[]> {
  return listCanned('canned:g:');
}

/** One project's responses, or every project's when `projectKey` is omitted. */
export function listProjectCanned(projectKey?: string): Promise<Versioned<StoredCanned>[]> {
  return listCanned(projectKey ? `canned:p:${projectKey}:` : 'canned:p:');
}

export function listPersonalCanned(owner: string): Promise<Versioned<StoredCanned>[]> {
  return listCanned(`canned:u:${owner}:`);
}

// ------------------------------------------------------------------ project configuration

const configKey = (projectKey: string) => `config:project:${projectKey}`;

const configStore = forgeKeyValueVersionedStore<ProjectConfig>();

/** One plain read (the panel's load path); `version` is what a save must name (0: never saved). */
export async function getProjectConfig(projectKey: string): Promise<Versioned<ProjectConfig> | undefined> {
  const value = await get<ProjectConfig>(configKey(projectKey));
  return value ? withVersion(value) : undefined;
}

/**
 * Saves the project's config only if it is still at `expectedVersion`, the version the admin's copy was read at;
 * `StaleVersionError` otherwise, nothing written. The audit entry (`alongside`) is written in the same transaction.
 */
export async function putProjectConfig(
  config: ProjectConfig,
  expectedVersion: number,
  alongside: (before: ProjectConfig | undefined) => readonly AlongsideWrite[],
): Promise<Versioned<ProjectConfig>> {
  const result = await replaceVersioned(
    configStore,
    configKey(config.projectKey),
    expectedVersion,
    () => config,
    {
      alongside: (_, before) => alongside(before),
    },
  );
  return { ...config, version: result.version };
}

export async function listProjectConfigs(): Promise<Versioned<ProjectConfig>[]> {
  return (await list<ProjectConfig>('config:project:')).map(withVersion);
}

// ------------------------------------------------------------------ feedback

const MAX_MS = 9_999_999_999_999;

export function feedbackKey(at: Date, id: string): string {
  return `feedback:${String(MAX_MS - at.getTime()).padStart(13, '0')}:${id}`;
}

export async function addFeedback(entry: FeedbackEntry): Promise<void> {
  await kvs.set(feedbackKey(new Date(entry.at), entry.id), entry, { keyPolicy: 'FAIL_IF_EXISTS' });
}

export async function listFeedback(
  limit: number,
  cursor: string | undefined,
): Promise<{ entries: FeedbackEntry[]; cursor: string | null }> {
  let query = kvs.query().where('key', WhereConditions.beginsWith('feedback:')).limit(limit);
  if (cursor) query = query.cursor(cursor);
  const page = await query.getMany<FeedbackEntry>();
  return { entries: page.results.map((r) => r.value), cursor: page.nextCursor ?? null };
}

// ------------------------------------------------------------------ caches

const WORKSPACE_KEY = 'cache:assets-workspace';

export const workspaceCache = {
  get: () => get<string>(WORKSPACE_KEY),
  set: async (id: string) => {
    await kvs.set(WORKSPACE_KEY, id);
  },
};

// ------------------------------------------------------------------ personal data (closed accounts)

async function listEntries<T>(prefix: string): Promise<{ key: string; value: T }[]> {
  const out: { key: string; value: T }[] = [];
  let cursor: string | undefined;
  do {
    let query = kvs.query().where('key', WhereConditions.beginsWith(prefix)).limit(100);
    if (cursor) query = query.cursor(cursor);
    const page = await query.getMany<T>();
    for (const r of page.results) out.push({ key: r.key, value: r.value });
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

/** Every account id TechDesk stores outside role grants and the audit log, with when it was last written. */
export async function personalAccounts(): Promise<{ accountId: string; updatedAt: string }[]> {
  const out: { accountId: string; updatedAt: string }[] = [];
  for (const { key, value } of await listEntries<StoredTimer>('timer:')) {
    out.push({ accountId: key.slice('timer:'.length), updatedAt: value.startedAt });
  }
  for (const { key, value } of await listEntries<StoredCanned>('canned:')) {
    if (key.startsWith('canned:u:')) {
      out.push({ accountId: key.split(':')[2] as string, updatedAt: value.updatedAt });
    }
    out.push({ accountId: value.updatedBy, updatedAt: value.updatedAt });
  }
  for (const { value } of await listEntries<FeedbackEntry>('feedback:')) {
    out.push({ accountId: value.author, updatedAt: value.at });
  }
  return out;
}

/**
 * Erases closed accounts: their running timer, their personal canned responses and their feedback are deleted;
 * shared (global, project) canned responses they last changed are kept with `updatedBy` set to `placeholder`, by
 * compare-and-set on the response's version (a concurrent edit is kept). Idempotent.
 */
export async function erasePersonalData(accountIds: readonly string[], placeholder: string): Promise<void> {
  const gone = new Set(accountIds);
  for (const id of accountIds) {
    await kvs.delete(timerKey(id));
    for (const { key } of await listEntries<StoredCanned>(`canned:u:${id}:`)) {
      await deleteWhole(key);
    }
  }
  for (const { key, value } of await listEntries<StoredCanned>('canned:')) {
    if (key.startsWith('canned:u:') || !gone.has(value.updatedBy)) continue;
    await updateVersioned(cannedStore, key, (current) =>
      current && gone.has(current.updatedBy) ? { ...current, updatedBy: placeholder } : undefined,
    );
  }
  for (const { key, value } of await listEntries<FeedbackEntry>('feedback:')) {
    if (gone.has(value.author)) await kvs.delete(key);
  }
}

/** Deletes a versioned record whatever its version (re-reading if it changes under us). */
async function deleteWhole(key: string): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const current = await cannedStore.read(key);
    if (!current) return;
    if (await cannedStore.compareAndDelete(key, current.version)) return;
  }
  throw new Error('The record kept changing while being erased');
}
