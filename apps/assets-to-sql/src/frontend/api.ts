/**
 * Typed calls to the admin resolvers (`src/resolvers/admin.ts`). Every call resolves to the resolver kit's
 * envelope; a call that fails on the way (bridge error, timeout, a malformed answer) becomes `{ ok: false }` too,
 * so the page has one path for errors and never throws from an event handler.
 *
 * Every call here has its resolver (the app's contract test requires every `invoke('key')` to have one). A
 * feature whose resolver is not there yet would answer `NOT_AVAILABLE` without calling anything, with its flag in
 * `AVAILABLE` off, so the tabs offer it only once it is wired.
 */
import { invoke } from '@forge/bridge';
import type { AttributeKind, Dialect } from '../domain/model';
import { type ApiResult, toResult } from './result';

export type { ApiError, ApiResult, FieldError } from './result';

// ---- what the resolvers answer --------------------------------------------------------------------------------
export interface Schema {
  readonly id: string;
  readonly name: string;
  readonly key: string;
  readonly objectCount?: number;
}

export interface ObjectType {
  readonly id: string;
  readonly name: string;
  readonly schemaId: string;
  readonly parentObjectTypeId?: string;
  readonly abstract: boolean;
  readonly objectCount?: number;
}

export interface Attribute {
  readonly id: string;
  readonly name: string;
  readonly kind: AttributeKind;
  readonly system: boolean;
  readonly label: boolean;
  /** -1 = many. */
  readonly maximumCardinality: number;
  readonly referenceObjectTypeId?: string;
  /**
   * The column (or link table, for multi-valued attributes) the mapping gives it without a rename: `label`,
   * `object_key`, `created_at`, `updated_at` for the label and system attributes; null when it has no column of its
   * own (e.g. an abstract type).
   */
  readonly column?: string | null;
}

export interface LastRun {
  readonly runId: string;
  readonly mode: 'full' | 'incremental';
  readonly startedAt: string;
  readonly finishedAt: string;
}

export type Schedule = 'hourly' | 'daily' | 'weekly';

/** An export's push destination (the backend's `DestinationView`); never the signing secret. */
export interface Destination {
  readonly url: string;
  /** `https://host[:port]`: what a site admin approves as customer-managed egress. */
  readonly origin?: string;
  /** The egress group the page approves. */
  readonly egress?: { readonly key: string; readonly domain: string };
  readonly paused?: boolean;
  readonly pausedAt?: string | null;
  readonly pausedReason?: string | null;
  readonly consecutiveFailures?: number;
  readonly schedule?: Schedule | null;
  readonly nextRunAt?: string | null;
  readonly secretCreatedAt?: string | null;
}

export interface ExportView {
  readonly id: string;
  readonly name: string;
  readonly schemaIds: readonly string[];
  readonly objectTypeIds?: readonly string[];
  readonly dialect: Dialect;
  readonly tableNames?: Readonly<Record<string, string>>;
  readonly columnNames?: Readonly<Record<string, string>>;
  readonly excludedAttributeIds?: readonly string[];
  readonly createdAt: string;
  readonly updatedAt: string;
  /** What a save sends back: a save from a stale copy is refused with CONFLICT. */
  readonly version: number;
  readonly lastRuns?: Readonly<Partial<Record<Dialect, LastRun | null>>>;
}

export interface ExportFields {
  readonly name: string;
  readonly schemaIds: readonly string[];
  readonly objectTypeIds?: readonly string[];
  readonly dialect: Dialect;
  readonly tableNames?: Readonly<Record<string, string>>;
  readonly columnNames?: Readonly<Record<string, string>>;
  readonly excludedAttributeIds?: readonly string[];
}

export interface Drift {
  /** Whose baseline was compared: pull clients' or the push destination's. */
  readonly target?: 'pull' | 'push';
  /** When that run finished. */
  readonly since: string | null;
  /** One plain-English line per change. */
  readonly changes: readonly string[];
}

export interface PreviewTable {
  readonly name: string;
  readonly objectTypeId: string;
  readonly links: readonly { readonly name: string; readonly attributeId: string }[];
}

export interface Preview {
  readonly dialect: Dialect;
  readonly tables: readonly PreviewTable[];
  readonly sql: string;
  /**
   * Schema drift since the last completed run for this dialect (pull or push, whichever finished last); null when
   * there was none, and for drafts.
   */
  readonly drift?: Drift | null;
}

export interface ApiKeyView {
  readonly id: string;
  readonly prefix: string;
  readonly label: string;
  readonly exportIds: readonly string[];
  readonly createdAt: string;
  readonly createdBy?: string;
  readonly expiresAt: string | null;
  readonly revokedAt: string | null;
  readonly lastUsedAt: string | null;
  readonly status: 'active' | 'expired' | 'revoked';
}

export type RunStatus = 'queued' | 'running' | 'paused' | 'succeeded' | 'failed';

/** One run (the backend's `RunView`). */
export interface RunView {
  readonly id: string;
  readonly status: RunStatus | string;
  readonly trigger?: 'manual' | 'schedule' | string;
  readonly mode?: 'full' | 'incremental' | null;
  readonly dialect?: Dialect | null;
  readonly createdAt?: string;
  readonly startedAt?: string | null;
  readonly finishedAt?: string | null;
  readonly rows?: number;
  readonly deleted?: number;
  readonly chunks?: number;
  readonly bytes?: number;
  readonly errorCount?: number;
  /** The last error, or why the run failed or paused. */
  readonly error?: string | null;
  /** 0..1 while running (an estimate), 1 when succeeded, null when unknown. */
  readonly progress?: number | null;
}

export interface Runs {
  readonly runs: readonly RunView[];
  readonly current?: RunView | null;
  readonly destination?: Destination | null;
}

// ---- calls ------------------------------------------------------------------------------------------------------
function failureMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  if (/timed? ?out/i.test(message)) return 'The app took too long to answer. Please try again.';
  return "The app couldn't be reached just now. Please try again.";
}

async function settle<T>(call: () => Promise<unknown>): Promise<ApiResult<T>> {
  try {
    return toResult<T>(await call());
  } catch (error) {
    return { ok: false, error: { code: 'RETRY', message: failureMessage(error) } };
  }
}

/** Which features have their resolvers (all of them, in this version). */
export const AVAILABLE = {
  attributes: true,
  runNow: true,
  runs: true,
  destination: true,
  rotateSecret: true,
  pause: true,
  schedule: true,
} as const;

export const api = {
  listSchemas: () => settle<Schema[]>(() => invoke('listSchemas', {})),
  listObjectTypes: (schemaId: string) => settle<ObjectType[]>(() => invoke('listObjectTypes', { schemaId })),
  listAttributes: (objectTypeId: string) =>
    settle<Attribute[]>(() => invoke('listAttributes', { objectTypeId })),
  listExports: () => settle<ExportView[]>(() => invoke('listExports', {})),
  saveExport: (input: ExportFields & { id?: string; version?: number }) =>
    settle<{ id: string; version: number }>(() => invoke('saveExport', { ...input })),
  previewDdl: (input: { id: string; dialect?: Dialect } | { config: ExportFields; dialect?: Dialect }) =>
    settle<Preview>(() => invoke('previewDdl', { ...input })),
  getPullEndpoint: () => settle<{ url: string }>(() => invoke('getPullEndpoint', {})),
  createApiKey: (input: { label: string; exportIds: readonly string[]; expiresAt?: string }) =>
    settle<{ id: string; key: string }>(() => invoke('createApiKey', { ...input })),
  listApiKeys: () => settle<ApiKeyView[]>(() => invoke('listApiKeys', {})),
  revokeApiKey: (id: string) =>
    settle<{ id: string; revokedAt: string }>(() => invoke('revokeApiKey', { id })),
  runExport: (id: string, full?: boolean) =>
    settle<{ runId: string; status: RunStatus }>(() =>
      invoke('runExport', { id, ...(full ? { full } : {}) }),
    ),
  getRuns: (id: string) => settle<Runs>(() => invoke('getRuns', { id })),
  getDestination: (exportId: string) =>
    settle<Destination | null>(() => invoke('getDestination', { exportId })),
  /** A new destination answers its signing secret, this once. */
  saveDestination: (exportId: string, url: string) =>
    settle<Destination & { secret?: string }>(() => invoke('saveDestination', { exportId, url })),
  rotateSecret: (exportId: string) =>
    settle<{ secret: string; previousValidUntil: string | null }>(() => invoke('rotateSecret', { exportId })),
  pauseDestination: (exportId: string) => settle<Destination>(() => invoke('pauseDestination', { exportId })),
  resumeDestination: (exportId: string) =>
    settle<Destination & { resumedRunId?: string | null }>(() => invoke('resumeDestination', { exportId })),
  setSchedule: (exportId: string, interval: Schedule | null) =>
    settle<{ interval: Schedule | null; nextRunAt: string | null }>(() =>
      invoke('setSchedule', { exportId, interval }),
    ),
};
