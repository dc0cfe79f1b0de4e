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
 * | `roles:<role>`, `audit:<inverted time>:<uuid>` | role grants and the append-only audit log (@suite/permissions) |
 */
import { kvs, WhereConditions } from '@forge/kvs';
import { forgeKvsStore, type KeyValueStore } from '@suite/permissions';
import { type CannedLocation, parseCannedId, type StoredCanned } from '../domain/canned';
import type { FeedbackEntry } from '../domain/config';
import type { ProjectConfig } from '../domain/contract';
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

/** `owner` is the caller: a personal id only ever resolves under the caller's own account id. */
export function getCanned(id: string, owner: string): Promise<StoredCanned | undefined> {
  const location = parseCannedId(id);
  return location ? get<StoredCanned>(cannedKey(location, owner)) : Promise.resolve(undefined);
}

export async function putCanned(canned: StoredCanned, owner: string): Promise<void> {
  const location = parseCannedId(canned.id);
  if (!location) throw new Error('Invalid canned response id');
  await kvs.set(cannedKey(location, owner), canned);
}

export async function deleteCanned(id: string, owner: string): Promise<void> {
  const location = parseCannedId(id);
  if (location) await kvs.delete(cannedKey(location, owner));
}

export function listGlobalCanned(): Promise<StoredCanned[]> {
  return list<StoredCanned>('canned:g:');
}

/** One project's responses, or every project's when `projectKey` is omitted. */
export function listProjectCanned(projectKey?: string): Promise<StoredCanned[]> {
  return list<StoredCanned>(projectKey ? `canned:p:${projectKey}:` : 'canned:p:');
}

export function listPersonalCanned(owner: string): Promise<StoredCanned[]> {
  return list<StoredCanned>(`canned:u:${owner}:`);
}

// ------------------------------------------------------------------ project configuration

const configKey = (projectKey: string) => `config:project:${projectKey}`;

export function getProjectConfig(projectKey: string): Promise<ProjectConfig | undefined> {
  return get<ProjectConfig>(configKey(projectKey));
}

export async function putProjectConfig(config: ProjectConfig): Promise<void> {
  await kvs.set(configKey(config.projectKey), config);
}

export function listProjectConfigs(): Promise<ProjectConfig[]> {
  return list<ProjectConfig>('config:project:');
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
