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
 * | `lease:canned:<prefix>` | held while one canned response is created in that list (g / p:<PROJECT> / u:<accountId>) |
 * | entity `record-version`, same keys | the version of each canned response, project config, role grant record and lease |
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
  type Lease,
  LeaseHeldError,
  replaceVersioned,
  updateVersioned,
  withLease,
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

/** The key prefix of one list of canned responses; project without a key: every project's (admin page). */
export function cannedPrefix(scope: CannedLocation['scope'], owner: string, projectKey?: string): string {
  if (scope === 'global') return 'canned:g:';
  if (scope === 'personal') return `canned:u:${owner}:`;
  return projectKey ? `canned:p:${projectKey}:` : 'canned:p:';
}

export interface Page<T> {
  readonly items: T[];
  /** Where the next page starts; null: this was the last one. Opaque and short-lived (KVS cursors), never stored. */
  readonly cursor: string | null;
}

/** One page of a list in key order: at most `limit` records, so a response never carries the whole list. */
export async function pageCanned(
  prefix: string,
  limit: number,
  cursor?: string,
): Promise<Page<Versioned<StoredCanned>>> {
  let query = kvs.query().where('key', WhereConditions.beginsWith(prefix)).limit(limit);
  if (cursor) query = query.cursor(cursor);
  const page = await query.getMany<StoredCanned>();
  return { items: page.results.map((r) => withVersion(r.value)), cursor: page.nextCursor ?? null };
}

/** How many records a prefix holds, counted up to `stopAt` (enough to decide a cap, without reading beyond it). */
async function countPrefix(prefix: string, stopAt: number): Promise<number> {
  let count = 0;
  let cursor: string | undefined;
  do {
    let query = kvs.query().where('key', WhereConditions.beginsWith(prefix)).limit(100);
    if (cursor) query = query.cursor(cursor);
    const page = await query.getMany<unknown>();
    count += page.results.length;
    cursor = page.nextCursor;
  } while (cursor && count < stopAt);
  return count;
}

const leases = forgeKeyValueVersionedStore<Lease>();
/** Longer than a resolver can run (25 s), so a crashed holder's lease lapses only after it is surely gone. */
const CREATE_LEASE_MS = 30_000;

export class ListFullError extends Error {
  constructor(readonly count: number) {
    super(`The list holds ${count} records`);
    this.name = 'ListFullError';
  }
}

/**
 * Runs `create` only while the list at `prefix` holds fewer than `cap` records, counted under a lease on that list:
 * two creates can never both see the last free place (deletes need no lease, they only make room). Throws
 * ListFullError at the cap, LeaseHeldError while another create of the same list holds the lease.
 */
export function createWithinCap<T>(prefix: string, cap: number, create: () => Promise<T>): Promise<T> {
  return withLease(
    leases,
    `lease:canned:${prefix.slice('canned:'.length)}`,
    { ttlMs: CREATE_LEASE_MS },
    async () => {
      const count = await countPrefix(prefix, cap);
      if (count >= cap) throw new ListFullError(count);
      return create();
    },
  );
}

export { LeaseHeldError };

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
