/**
 * What the app keeps in KVS (see README "Storage"):
 *
 * | Key | Value | Lifetime |
 * |---|---|---|
 * | `workspace` | Assets workspace id (cached; one per site) | forever |
 * | `export:<id>` | export configuration with its `version` (guard: entity `record-version`, same key) | until deleted |
 * | `apikey:<id>` | API key metadata (label, exports, expiry, revocation, last use) | forever (revoked keys stay listed) |
 * | secret `apikey-hash:<id>` | SHA-256 of the key | with the key |
 * | entity `rate-window`, `apikey-usage:<id>` | requests in the current minute, last use (compare-and-set) | one per key |
 * | `run:<runId>` | run info + cursor HMAC key | 7 days |
 * | `run-types:<runId>` (blob) | object types + attribute definitions, fetched once per run | 7 days |
 * | `seen:<runId>:<typeId>:<firstId>` | ids exported (or scanned) by one page (delta-varint) | 100 days, or until the run leaves its consumer's baseline |
 * | `keyset:<runId>` | marker: the run's `seen` entries are all still stored | 90 days |
 * | entity `baseline`, `baseline:<id>:<dialect>:<consumer>` | the consumer's last completed run + runs it started since (compare-and-set) | one per consumer, ≤ 33 runs |
 * | `export-state:<id>:<dialect>[:push]` | last completed run (for the admin page) | forever |
 * | `export-mapping:<id>:<dialect>[:<consumer>]` (blob) | mapping of the consumer's last completed run (drift → ALTER); without consumer: the latest pull run's (previews) | one per consumer |
 *
 * A consumer is one database: `key:<API key id>` for a pull client (one key per database), `push` for the push
 * destination. Each keeps its own baseline, so one database's pulls never take deletions meant for another.
 * Push-specific keys (destinations, schedules, push runs) are in ./push.ts.
 *
 * The `keyset` marker is written when the run starts, before any `seen` entry, and expires 10 days earlier than
 * they do, so "marker present" implies "key set whole". A baseline entry older than 90 days makes the next run full.
 */
import {
  type AlongsideWrite,
  ConcurrentUpdateError,
  forgeKeyValueVersionedStore,
  forgeVersionedStore,
  replaceVersioned,
  updateVersioned,
} from '@suite/storage';
import type { ApiKeyRecord, KeyUsage, RateDecision } from '../domain/apikeys';
import type { RunInfo } from '../domain/engine';
import type { StoredExport } from '../domain/exports';
import { decodeIds, encodeIds, unionSorted } from '../domain/idset';
import type { AssetsObjectType, Dialect, ExportMapping } from '../domain/model';
import {
  deleteValue,
  getBlob,
  getSecret,
  getValue,
  listPrefix,
  putBlob,
  setSecret,
  setValue,
  type TxWrite,
  writeTogether,
} from './kv';

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
export async function listExports(): Promise<StoredExport[]> {
  return (await listPrefix<StoredExport>('export:')).map((e) => ({
    ...e.value,
    version: e.value.version ?? 0,
  }));
}

const exportStore = forgeKeyValueVersionedStore<StoredExport>();

/**
 * Saves an export only if it is still at `expectedVersion`, the version the admin's copy was loaded at (0: a new
 * export); `StaleVersionError` otherwise, nothing written. `alongside` (the audit entry) is in the same transaction.
 */
export async function saveExportRecord(
  value: StoredExport,
  expectedVersion: number,
  alongside: (before: StoredExport | undefined) => readonly AlongsideWrite[],
): Promise<number> {
  const { version: _, ...record } = value;
  const result = await replaceVersioned(exportStore, `export:${value.id}`, expectedVersion, () => record, {
    alongside: (_next, before) => alongside(before),
  });
  return result.version;
}

// ------------------------------------------------------------------ API keys

export const getApiKey = (id: string) => getValue<ApiKeyRecord>(`apikey:${id}`);
export const putApiKey = (record: ApiKeyRecord) => setValue(`apikey:${record.id}`, record);
export const apiKeyWrite = (record: ApiKeyRecord): TxWrite => ({ set: `apikey:${record.id}`, value: record });
export const getApiKeyHash = (id: string) => getSecret<string>(`apikey-hash:${id}`);

/**
 * Creates the key's records, the record together with `alongside` (its audit entry) in one transaction. The hash
 * goes first (secret storage cannot join a transaction); a hash without its record authenticates nothing. Throws
 * if the id is taken (a 60-bit collision: the caller draws a new key), before anything is written.
 */
export async function createApiKey(
  record: ApiKeyRecord,
  hash: string,
  alongside: readonly TxWrite[] = [],
): Promise<void> {
  if ((await getApiKey(record.id)) !== undefined || (await getApiKeyHash(record.id)) !== undefined) {
    throw new Error('API key id already exists');
  }
  await setSecret(`apikey-hash:${record.id}`, hash);
  await writeTogether([apiKeyWrite(record), ...alongside]);
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

/** Written before the run's first `seen` entry (see the table above). */
export const markKeysetStarted = (runId: string) =>
  setValue(`keyset:${runId}`, { startedAt: new Date().toISOString() }, KEYSET_TTL_DAYS);
export const isKeysetComplete = async (runId: string) => (await getValue(`keyset:${runId}`)) !== undefined;

/** Drops the key sets of runs no baseline refers to any more (what TTL would do, sooner). */
export async function forgetRuns(runIds: readonly string[]): Promise<void> {
  for (const runId of runIds) {
    await deleteValue(`keyset:${runId}`);
    for (const entry of await listPrefix(`seen:${runId}:`)) await deleteValue(entry.key);
  }
}

// ------------------------------------------------------------------ per consumer: the baseline

/** Runs a baseline keeps at most; past it, the oldest go and only a full run is safe until one completes. */
export const MAX_BASELINE_RUNS = 33;
/** A baseline entry older than this may have lost its key set (the `keyset` marker's lifetime). */
export const BASELINE_MAX_AGE_MS = KEYSET_TTL_DAYS * 24 * 3_600_000;

export interface BaselineEntry {
  readonly runId: string;
  readonly startedAt: string;
  readonly completed?: boolean;
}

/** What a consumer's database may hold, as runs whose key sets cover it. */
export interface ConsumerBaseline {
  /** The last completed run (first, `completed`) and every run started after it, complete or not. */
  readonly runs: readonly BaselineEntry[];
  /** Entries were dropped at the cap: the key sets no longer cover the database, so the next run is full. */
  readonly overflowed?: boolean;
  /**
   * Runs the last commit replaced, whose key sets go when the consumer's next run starts — not at the commit: a
   * client may still retry the committing run's last chunk, which needs them.
   */
  readonly retired?: readonly string[];
}

const baselineStore = forgeVersionedStore<ConsumerBaseline>('baseline', 'baseline');
const baselineKey = (exportId: string, dialect: Dialect, consumer: string) =>
  `baseline:${exportId}:${dialect}:${consumer}`;

export interface BegunRun {
  /** Incremental only when the consumer's baseline covers its database; otherwise the run must be full. */
  readonly incremental: boolean;
  /** The baseline's runs, for the run's deletions (this run excluded). */
  readonly knownRuns: readonly string[];
}

/**
 * Enters a run into its consumer's baseline before the run hands out anything (compare-and-set), so the rows of
 * a run that is abandoned half way are still covered by the key sets the next incremental run deletes against.
 */
export async function beginConsumerRun(
  exportId: string,
  dialect: Dialect,
  consumer: string,
  entry: BaselineEntry,
  wantIncremental: boolean,
): Promise<BegunRun> {
  await markKeysetStarted(entry.runId);
  let begun: BegunRun | undefined;
  let dropped: string[] = [];
  const now = Date.parse(entry.startedAt);
  await updateVersioned(baselineStore, baselineKey(exportId, dialect, consumer), (current) => {
    const runs = current?.runs ?? [];
    const usable =
      current?.overflowed !== true &&
      runs[0]?.completed === true &&
      runs.every((r) => now - Date.parse(r.startedAt) < BASELINE_MAX_AGE_MS);
    begun = { incremental: wantIncremental && usable, knownRuns: runs.map((r) => r.runId) };
    const next = [...runs, { runId: entry.runId, startedAt: entry.startedAt }];
    const overflow = next.length > MAX_BASELINE_RUNS;
    // The runs the last commit retired go now: the client has moved on to this run.
    dropped = [
      ...(current?.retired ?? []),
      ...(overflow ? next.slice(0, next.length - MAX_BASELINE_RUNS).map((r) => r.runId) : []),
    ];
    return {
      runs: overflow ? next.slice(-MAX_BASELINE_RUNS) : next,
      ...(overflow || current?.overflowed ? { overflowed: true } : {}),
    };
  });
  if (dropped.length > 0) await forgetRuns(dropped);
  return begun as BegunRun;
}

/**
 * After a run's last chunk was handed out (pull) or acknowledged (push): the run becomes the baseline's head, and
 * the runs before it are forgotten — its own key set (every current id) covers what the database holds now. A run
 * that started before the current head (a stale, slow run) changes nothing.
 */
export async function commitConsumerRun(
  exportId: string,
  dialect: Dialect,
  consumer: string,
  run: { readonly runId: string; readonly startedAt: string },
): Promise<void> {
  const started = Date.parse(run.startedAt);
  await updateVersioned(baselineStore, baselineKey(exportId, dialect, consumer), (current) => {
    const runs = current?.runs ?? [];
    const head = runs[0];
    if (head?.completed && Date.parse(head.startedAt) > started) return undefined;
    if (head?.runId === run.runId && head.completed) return undefined; // a retried last chunk: already done
    const later = runs.filter((r) => r.runId !== run.runId && Date.parse(r.startedAt) >= started);
    const replaced = runs
      .filter((r) => r.runId !== run.runId && Date.parse(r.startedAt) < started)
      .map((r) => r.runId);
    const retired = [...(current?.retired ?? []), ...replaced];
    return {
      runs: [{ runId: run.runId, startedAt: run.startedAt, completed: true }, ...later],
      ...(retired.length > 0 ? { retired } : {}),
    };
  });
}

export const getConsumerBaseline = async (exportId: string, dialect: Dialect, consumer: string) =>
  (await baselineStore.read(baselineKey(exportId, dialect, consumer)))?.value;

// ------------------------------------------------------------------ per export and dialect

export interface ExportState {
  readonly lastRun?: {
    readonly runId: string;
    readonly mode: 'full' | 'incremental';
    readonly startedAt: string;
    readonly finishedAt: string;
  };
}

export type RunTarget = NonNullable<RunInfo['target']>;
const targetSuffix = (target: RunTarget | undefined) => (target === 'push' ? ':push' : '');
/** The consumer a run feeds: the push destination, or the pull client's API key. */
export const consumerOf = (target: RunTarget | undefined, keyId?: string): string => {
  if (target === 'push') return 'push';
  if (!keyId) throw new Error('a pull run needs its API key id');
  return `key:${keyId}`;
};
const consumerSuffix = (consumer: string) => `:${consumer}`;

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
/** The mapping the consumer's database was last given (`push` is the same key as the push target's). */
export const getConsumerMapping = (exportId: string, dialect: Dialect, consumer: string) =>
  getBlob<ExportMapping>(
    `export-mapping:${exportId}:${dialect}${consumer === 'push' ? ':push' : consumerSuffix(consumer)}`,
  );
export const putConsumerMapping = (
  exportId: string,
  dialect: Dialect,
  consumer: string,
  mapping: ExportMapping,
) =>
  putBlob(
    `export-mapping:${exportId}:${dialect}${consumer === 'push' ? ':push' : consumerSuffix(consumer)}`,
    mapping,
  );
