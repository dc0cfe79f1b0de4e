/**
 * What the app keeps in KVS (see README "Storage"):
 *
 * | Key | Value | Lifetime |
 * |---|---|---|
 * | `workspace` | Assets workspace id (cached; one per site) | forever |
 * | `export:<id>` | export configuration | until deleted |
 * | `apikey:<id>` | API key metadata (label, exports, expiry, revocation, last use) | forever (revoked keys stay listed) |
 * | secret `apikey-hash:<id>` | SHA-256 of the key | with the key |
 * | entity `rate-window`, `apikey-usage:<id>` | requests in the current minute, last use (compare-and-set) | one per key |
 * | `run:<runId>` | run info + cursor HMAC key | 7 days |
 * | `run-types:<runId>` (blob) | object types + attribute definitions, fetched once per run | 7 days |
 * | `seen:<runId>:<typeId>:<firstId>` | ids exported by one page (delta-varint) | 100 days |
 * | `keyset:<runId>` | marker: the run completed and its key set is whole | 90 days |
 * | `export-state:<id>:<dialect>[:push]` | runs that make up what the target database holds; last run | forever |
 * | `export-mapping:<id>:<dialect>[:push]` (blob) | mapping of the last completed run (drift → ALTER) | forever |
 *
 * Pull clients and the push destination are different databases, so each keeps its own baseline: the push
 * target's keys end in `:push`. Push-specific keys (destinations, schedules, push runs) are in ./push.ts.
 *
 * The `keyset` marker is written after every `seen` entry of its run and expires 10 days earlier than they do (a
 * run cannot take longer than its 7-day run info), so "marker present" implies "key set whole".
 */
import { ConcurrentUpdateError, forgeVersionedStore, updateVersioned } from '@suite/storage';
import type { ApiKeyRecord, KeyUsage, RateDecision } from '../domain/apikeys';
import type { RunInfo } from '../domain/engine';
import type { StoredExport } from '../domain/exports';
import { decodeIds, encodeIds, unionSorted } from '../domain/idset';
import type { AssetsObjectType, Dialect, ExportMapping } from '../domain/model';
import { createValue, getBlob, getSecret, getValue, listPrefix, putBlob, setSecret, setValue } from './kv';

const RUN_TTL_DAYS = 7;
const SEEN_TTL_DAYS = 100;
const KEYSET_TTL_DAYS = 90;

// ------------------------------------------------------------------ workspace

export const workspaceCache = {
  get: () => getValue<string>('workspace'),
  set: (id: string) => setValue('workspace', id),
};

// ------------------------------------------------------------------ exports

export const getExport = (id: string) => getValue<StoredExport>(`export:${id}`);
export const putExport = (value: StoredExport) => setValue(`export:${value.id}`, value);
export async function listExports(): Promise<StoredExport[]> {
  return (await listPrefix<StoredExport>('export:')).map((e) => e.value);
}

// ------------------------------------------------------------------ API keys

export const getApiKey = (id: string) => getValue<ApiKeyRecord>(`apikey:${id}`);
export const putApiKey = (record: ApiKeyRecord) => setValue(`apikey:${record.id}`, record);
export const getApiKeyHash = (id: string) => getSecret<string>(`apikey-hash:${id}`);

/** Creates the key's records; throws if the id exists (a 60-bit collision: the caller draws a new key). */
export async function createApiKey(record: ApiKeyRecord, hash: string): Promise<void> {
  await createValue(`apikey:${record.id}`, record);
  await setSecret(`apikey-hash:${record.id}`, hash);
}

export async function listApiKeys(): Promise<ApiKeyRecord[]> {
  return (await listPrefix<ApiKeyRecord>('apikey:')).map((e) => e.value);
}

const usageStore = forgeVersionedStore<KeyUsage>('rate-window', 'usage');

/**
 * Counts one request against an API key's per-minute limit, by compare-and-set on the key's usage record: of any
 * number of concurrent requests, at most the limit are allowed. When the record stays contended past the retries,
 * the request is refused (fail closed) with a one-second Retry-After.
 */
export async function takeRequestSlot(
  id: string,
  decide: (usage: KeyUsage | undefined) => RateDecision,
): Promise<RateDecision> {
  let decision: RateDecision | undefined;
  try {
    await updateVersioned(usageStore, `apikey-usage:${id}`, (current) => {
      decision = decide(current);
      return decision.allowed ? decision.usage : undefined;
    });
  } catch (error) {
    if (!(error instanceof ConcurrentUpdateError) || !decision) throw error;
    return { allowed: false, usage: decision.usage, retryAfterSeconds: 1 };
  }
  return decision as RateDecision;
}

// ------------------------------------------------------------------ runs

export interface StoredRun {
  readonly info: RunInfo;
  /** base64url HMAC key for this run's cursors. */
  readonly key: string;
}

export const getRun = (runId: string) => getValue<StoredRun>(`run:${runId}`);
export const putRun = (run: StoredRun) => setValue(`run:${run.info.runId}`, run, RUN_TTL_DAYS);
export const getRunTypes = (runId: string) => getBlob<AssetsObjectType[]>(`run-types:${runId}`);
export const putRunTypes = (runId: string, types: readonly AssetsObjectType[]) =>
  putBlob(`run-types:${runId}`, types, RUN_TTL_DAYS);

const pad = (n: number) => String(n).padStart(16, '0');

/** Remembers the ids of one exported page (key: run, type, first id — re-running a step overwrites it). */
export async function putSeen(runId: string, typeId: string, ids: readonly number[]): Promise<void> {
  const first = ids[0];
  if (first === undefined) return;
  await setValue(`seen:${runId}:${typeId}:${pad(first)}`, encodeIds(ids), SEEN_TTL_DAYS);
}

export async function getSeen(runId: string, typeId: string): Promise<number[]> {
  const entries = await listPrefix<string>(`seen:${runId}:${typeId}:`);
  return unionSorted(entries.map((e) => decodeIds(e.value)));
}

/** Whether a run exported anything at all (an empty incremental run need not join the baseline). */
export async function hasSeen(runId: string): Promise<boolean> {
  return (await listPrefix(`seen:${runId}:`, 1)).length > 0;
}

export const markKeysetComplete = (runId: string) =>
  setValue(`keyset:${runId}`, { completedAt: new Date().toISOString() }, KEYSET_TTL_DAYS);
export const isKeysetComplete = async (runId: string) => (await getValue(`keyset:${runId}`)) !== undefined;

// ------------------------------------------------------------------ per export and dialect

export interface ExportState {
  /** Runs whose key sets together are what a database that pulled every completed run holds. */
  readonly knownRuns: readonly string[];
  readonly lastRun?: {
    readonly runId: string;
    readonly mode: 'full' | 'incremental';
    readonly startedAt: string;
    readonly finishedAt: string;
  };
}

export type RunTarget = NonNullable<RunInfo['target']>;
const targetSuffix = (target: RunTarget | undefined) => (target === 'push' ? ':push' : '');

export const getExportState = (exportId: string, dialect: Dialect, target?: RunTarget) =>
  getValue<ExportState>(`export-state:${exportId}:${dialect}${targetSuffix(target)}`);
export const putExportState = (exportId: string, dialect: Dialect, state: ExportState, target?: RunTarget) =>
  setValue(`export-state:${exportId}:${dialect}${targetSuffix(target)}`, state);
export const getExportMapping = (exportId: string, dialect: Dialect, target?: RunTarget) =>
  getBlob<ExportMapping>(`export-mapping:${exportId}:${dialect}${targetSuffix(target)}`);
export const putExportMapping = (
  exportId: string,
  dialect: Dialect,
  mapping: ExportMapping,
  target?: RunTarget,
) => putBlob(`export-mapping:${exportId}:${dialect}${targetSuffix(target)}`, mapping);
