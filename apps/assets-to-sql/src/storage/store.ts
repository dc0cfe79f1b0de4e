/**
 * What the app keeps in KVS (see README "Storage"):
 *
 * | Key | Value | Lifetime |
 * |---|---|---|
 * | `workspace` | Assets workspace id (cached; one per site) | forever |
 * | `export:<id>` | export configuration | until deleted |
 * | `apikey:<id>` | API key metadata (label, exports, expiry, revocation, last use) | forever (revoked keys stay listed) |
 * | secret `apikey-hash:<id>` | SHA-256 of the key | with the key |
 * | `apikey-usage:<id>` | requests in the current minute, last use | 1 day |
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
import type { ApiKeyRecord, KeyUsage } from '../domain/apikeys';
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

export const getKeyUsage = (id: string) => getValue<KeyUsage>(`apikey-usage:${id}`);
export const putKeyUsage = (id: string, usage: KeyUsage) => setValue(`apikey-usage:${id}`, usage, 1);

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
