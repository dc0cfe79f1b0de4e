/**
 * Push to a webhook, without I/O: the records the push job keeps, its retry and pause policy, schedule arithmetic,
 * the choice between a full and an incremental run, progress, and the views the admin resolvers return.
 *
 * The job itself (src/resolvers/push.ts) is a controller/worker pair on Forge queues. A run's state lives in KVS;
 * an event carries only the run id, the chunk number and the run's signed cursor. See README "Push".
 */
import { maskUrl, validateWebhookUrl } from '@suite/sanitize';
import { z } from 'zod';
import type { Position } from './cursor';
import { exportId } from './exports';
import type { Dialect } from './model';
import { parseRetryAfter } from './retry';

// ------------------------------------------------------------------ policy numbers

/** Failed deliveries in a row (5xx, timeouts, network errors, refusals) that pause the destination. */
export const MAX_CONSECUTIVE_FAILURES = 5;
/**
 * 429s in a row that pause the destination. A 429 is the receiver asking to slow down, not a failure, so it has a
 * much larger allowance; every attempt still waits for the receiver's `Retry-After` or the backoff.
 */
export const MAX_CONSECUTIVE_RATE_LIMITED = 50;
/** A queue event can be delayed at most this long (Forge: `delayInSeconds` ≤ 900). */
export const MAX_DELAY_SECONDS = 900;
/** First backoff step; doubles per attempt up to `MAX_DELAY_SECONDS`. */
export const BACKOFF_BASE_SECONDS = 10;
/** A chunk that cannot be built (Assets errors other than rate limiting) fails the run after this many tries. */
export const MAX_BUILD_ATTEMPTS = 5;
/** Errors kept per run (the count goes on). */
export const MAX_RUN_ERRORS = 10;
/** Finished runs kept in an export's history. */
export const MAX_HISTORY = 25;
/** Every this-many-th run is a full run (emits deletes); so is any run a week after the last full one. */
export const FULL_RUN_EVERY = 7;
export const FULL_RUN_MAX_AGE_MS = 7 * 24 * 3_600_000;
/** A running run whose worker has not been heard of for this long is restarted by the hourly trigger. */
export const STALL_AFTER_MS = 30 * 60_000;
/** Restarts of a stalled run before it is failed. */
export const MAX_KICKS = 24;
/** After `rotateSecret`, deliveries are also signed with the old secret for this long (default). */
export const DEFAULT_ROTATION_GRACE_HOURS = 24;

// ------------------------------------------------------------------ records (KVS)

export type ScheduleInterval = 'hourly' | 'daily' | 'weekly';
export const SCHEDULE_INTERVALS: readonly ScheduleInterval[] = ['hourly', 'daily', 'weekly'];
export const INTERVAL_MS: Readonly<Record<ScheduleInterval, number>> = {
  hourly: 3_600_000,
  daily: 24 * 3_600_000,
  weekly: 7 * 24 * 3_600_000,
};

export interface Destination {
  readonly exportId: string;
  readonly url: string;
  /** `https://host[:port]`: what a site admin approves as customer-managed egress. */
  readonly origin: string;
  readonly status: 'active' | 'paused';
  readonly pausedAt?: string;
  readonly pausedReason?: string;
  /** `app` when the app paused it (failures, not approved), else the admin's account id. */
  readonly pausedBy?: string;
  readonly consecutiveFailures: number;
  readonly consecutiveRateLimited: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
  /** When the current signing secret was made (created or rotated). Never the secret itself. */
  readonly secretCreatedAt: string;
}

export interface Schedule {
  readonly exportId: string;
  readonly interval: ScheduleInterval;
  /** ISO; the hourly trigger starts a run at its first tick at or after this time. */
  readonly nextRunAt: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

export interface PushState {
  readonly exportId: string;
  /** The run in progress (queued, running or paused), if any. */
  readonly currentRunId?: string;
  readonly lastSuccess?: {
    readonly runId: string;
    readonly startedAt: string;
    readonly finishedAt: string;
    readonly mode: RunMode;
    readonly dialect: Dialect;
    /** The export's `updatedAt` the run used: a changed configuration needs a full run. */
    readonly configUpdatedAt: string;
  };
  readonly lastFullStartedAt?: string;
  /** Incremental runs completed since the last full run. */
  readonly incrementalsSinceFull: number;
  readonly lastStartedAt?: string;
}

export type RunMode = 'full' | 'incremental';
export type PushRunStatus = 'queued' | 'running' | 'paused' | 'succeeded' | 'failed';
export type RunTrigger = 'manual' | 'schedule';

export interface RunError {
  readonly at: string;
  readonly chunk: number;
  readonly message: string;
}

export interface PushRun {
  readonly runId: string;
  readonly exportId: string;
  readonly trigger: RunTrigger;
  readonly requestedBy?: string;
  /** Asked for by `runExport {full: true}`. */
  readonly forceFull?: boolean;
  readonly status: PushRunStatus;
  readonly createdAt: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly dialect?: Dialect;
  readonly mode?: RunMode;
  readonly since?: string;
  /** The export's `updatedAt` when the run started. */
  readonly configUpdatedAt?: string;
  /** The next chunk to deliver (= chunks delivered so far). */
  readonly seq: number;
  /** The committed cursor: where chunk `seq` starts. */
  readonly position: Position;
  /** The highest chunk number a worker event has been queued for (-1: none yet). */
  readonly dispatched: number;
  /** Delivery (or build) attempts of chunk `seq` so far. */
  readonly attempt: number;
  readonly rows: number;
  readonly deleted: number;
  readonly chunks: number;
  readonly bytes: number;
  /** Objects a full run expects (sum of `objectCount` over its types), for the progress estimate. */
  readonly expectedObjects?: number;
  readonly tables?: number;
  readonly errors: readonly RunError[];
  readonly errorCount: number;
  /** Why the run failed or paused. */
  readonly message?: string;
  readonly heartbeatAt: string;
  readonly kicks: number;
}

/** What the worker hands back for one delivery attempt (src/atlassian/webhook.ts). */
export type DeliveryResult =
  | {
      readonly kind: 'response';
      readonly status: number;
      readonly retryAfter: string | null;
      /** `forge-proxy-error`: set when the platform, not the receiver, answered. */
      readonly proxyError: string | null;
    }
  | { readonly kind: 'not-approved' }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'network' };

export type DeliveryOutcome =
  | { readonly kind: 'delivered' }
  | { readonly kind: 'not-approved' }
  | { readonly kind: 'rate-limited'; readonly retryAfterMs: number | undefined; readonly reason: string }
  | {
      readonly kind: 'failed';
      readonly reason: string;
      /** A 503 (or any failure) may say when to come back; it is honoured like a 429's. */
      readonly retryAfterMs?: number | undefined;
    };

export const NOT_APPROVED_REASON =
  'destination not approved: a site admin must allow its domain on the Assets to SQL admin page (Push tab)';

/** What a delivery attempt means for the run. Response bodies are never looked at (nor stored, nor logged). */
export function classifyDelivery(result: DeliveryResult): DeliveryOutcome {
  switch (result.kind) {
    case 'not-approved':
      return { kind: 'not-approved' };
    case 'timeout':
      return { kind: 'failed', reason: 'the destination did not answer in time' };
    case 'network':
      return { kind: 'failed', reason: 'the destination could not be reached' };
    case 'response':
      if (result.status >= 200 && result.status < 300) return { kind: 'delivered' };
      // Forge's egress proxy refuses hosts the manifest does not declare and no admin approved.
      if (result.status === 403 && result.proxyError) return { kind: 'not-approved' };
      if (result.status === 429) {
        return {
          kind: 'rate-limited',
          retryAfterMs: parseRetryAfter(result.retryAfter, Date.now()),
          reason: 'the destination answered HTTP 429 (rate limited)',
        };
      }
      return {
        kind: 'failed',
        reason: `the destination answered HTTP ${result.status}`,
        retryAfterMs: parseRetryAfter(result.retryAfter, Date.now()),
      };
  }
}

/** Exponential backoff with "equal jitter": half the step fixed, half random; 10 s, 20 s, 40 s … ≤ 900 s. */
export function backoffSeconds(attempt: number, random: () => number = Math.random): number {
  const step = Math.min(MAX_DELAY_SECONDS, BACKOFF_BASE_SECONDS * 2 ** Math.max(0, Math.min(attempt, 20)));
  return Math.max(1, Math.min(MAX_DELAY_SECONDS, Math.ceil(step / 2 + (random() * step) / 2)));
}

/**
 * Seconds until the next attempt: the receiver's `Retry-After` when given (plus up to 10 % jitter so that many
 * exports do not come back in the same second), else the backoff. Never more than one queue delay (900 s); a
 * receiver that wants longer just answers 429 again.
 */
export function retryDelaySeconds(
  attempt: number,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined) {
    const seconds = Math.ceil((retryAfterMs / 1000) * (1 + random() * 0.1));
    return Math.max(1, Math.min(MAX_DELAY_SECONDS, seconds));
  }
  return backoffSeconds(attempt, random);
}

export function withError(run: PushRun, message: string, at: Date): PushRun {
  const errors = [...run.errors, { at: at.toISOString(), chunk: run.seq, message }];
  return {
    ...run,
    errors: errors.slice(Math.max(0, errors.length - MAX_RUN_ERRORS)),
    errorCount: run.errorCount + 1,
  };
}

// ------------------------------------------------------------------ schedules and modes

/** When a newly set schedule first runs: at the next tick if it never ran, else one interval after the last run. */
export function firstRunAt(interval: ScheduleInterval, lastStartedAt: string | undefined, now: Date): string {
  if (!lastStartedAt) return now.toISOString();
  return new Date(Math.max(now.getTime(), Date.parse(lastStartedAt) + INTERVAL_MS[interval])).toISOString();
}

/** The slot after a due one, keeping the cadence and skipping slots missed while nothing ran. */
export function nextRunAfter(nextRunAt: string, interval: ScheduleInterval, now: Date): string {
  const step = INTERVAL_MS[interval];
  let next = Date.parse(nextRunAt);
  if (!Number.isFinite(next)) next = now.getTime();
  while (next <= now.getTime()) next += step;
  return new Date(next).toISOString();
}

export function isDue(schedule: Schedule, now: Date): boolean {
  return Date.parse(schedule.nextRunAt) <= now.getTime();
}

/**
 * Full or incremental: the first run, a run after the configuration or dialect changed, every `FULL_RUN_EVERY`-th
 * run and any run a week after the last full one are full (they reconcile deletions). The rest send only objects
 * updated since the last successful run started.
 */
export function chooseMode(
  state: PushState | undefined,
  input: {
    readonly dialect: Dialect;
    readonly configUpdatedAt: string;
    readonly forceFull: boolean;
    now: Date;
  },
): { mode: 'full' } | { mode: 'incremental'; since: string } {
  const last = state?.lastSuccess;
  if (!last || input.forceFull) return { mode: 'full' };
  if (last.dialect !== input.dialect || last.configUpdatedAt !== input.configUpdatedAt)
    return { mode: 'full' };
  if (state.incrementalsSinceFull + 1 >= FULL_RUN_EVERY) return { mode: 'full' };
  const lastFull = state.lastFullStartedAt ? Date.parse(state.lastFullStartedAt) : Number.NaN;
  if (!(input.now.getTime() - lastFull < FULL_RUN_MAX_AGE_MS)) return { mode: 'full' };
  return { mode: 'incremental', since: last.startedAt };
}

/** The export's push state after a successful run. */
export function afterSuccess(state: PushState | undefined, run: PushRun, finishedAt: Date): PushState {
  // Finishing a run again (a retry after a crash) changes nothing.
  if (state?.lastSuccess?.runId === run.runId && state.currentRunId !== run.runId) return state;
  const full = run.mode === 'full';
  const { currentRunId: _done, ...rest } = state ?? { exportId: run.exportId, incrementalsSinceFull: 0 };
  return {
    ...rest,
    exportId: run.exportId,
    lastSuccess: {
      runId: run.runId,
      startedAt: run.startedAt ?? run.createdAt,
      finishedAt: finishedAt.toISOString(),
      mode: run.mode ?? 'full',
      dialect: run.dialect ?? 'postgresql',
      configUpdatedAt: run.configUpdatedAt ?? '',
    },
    incrementalsSinceFull: full ? 0 : (state?.incrementalsSinceFull ?? 0) + 1,
    ...(full ? { lastFullStartedAt: run.startedAt ?? run.createdAt } : {}),
  };
}

// ------------------------------------------------------------------ progress and views

export interface RunView {
  readonly id: string;
  readonly status: PushRunStatus;
  readonly trigger: RunTrigger;
  readonly mode: RunMode | null;
  readonly dialect: Dialect | null;
  readonly since: string | null;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly rows: number;
  readonly deleted: number;
  readonly chunks: number;
  readonly bytes: number;
  readonly errorCount: number;
  readonly errors: readonly RunError[];
  /** The last error or the pause/failure reason. */
  readonly error: string | null;
  /** 0..1: an estimate while running (objects sent / `objectCount` of the run's types), 1 when succeeded. */
  readonly progress: number | null;
  readonly expectedObjects: number | null;
}

/**
 * How far a run is: a full run counts objects sent against the types' `objectCount` (an estimate: counts move while
 * the run goes, so it is capped below 1 until the run is done); an incremental run has no total, so it counts
 * tables done.
 */
export function estimateProgress(run: PushRun): number | null {
  if (run.status === 'succeeded') return 1;
  if (run.status === 'queued' || run.seq === 0) return run.status === 'failed' ? null : 0;
  const position = run.position;
  if (position.phase === 'scan' || position.phase === 'deletes' || position.phase === 'done') return 0.99;
  if (run.mode === 'full' && run.expectedObjects && run.expectedObjects > 0) {
    return Math.min(0.99, run.rows / run.expectedObjects);
  }
  if (run.tables && run.tables > 0 && position.phase === 'objects') {
    return Math.min(0.99, position.table / run.tables);
  }
  return null;
}

export function runView(run: PushRun): RunView {
  return {
    id: run.runId,
    status: run.status,
    trigger: run.trigger,
    mode: run.mode ?? null,
    dialect: run.dialect ?? null,
    since: run.since ?? null,
    createdAt: run.createdAt,
    startedAt: run.startedAt ?? null,
    finishedAt: run.finishedAt ?? null,
    rows: run.rows,
    deleted: run.deleted,
    chunks: run.chunks,
    bytes: run.bytes,
    errorCount: run.errorCount,
    errors: run.errors,
    error: run.message ?? run.errors[run.errors.length - 1]?.message ?? null,
    progress: estimateProgress(run),
    expectedObjects: run.expectedObjects ?? null,
  };
}

/** Newest first, at most `MAX_HISTORY`. */
export function withHistory(history: readonly RunView[], entry: RunView): RunView[] {
  return [entry, ...history.filter((h) => h.id !== entry.id)].slice(0, MAX_HISTORY);
}

export interface DestinationView {
  readonly exportId: string;
  readonly url: string;
  readonly origin: string;
  /** The customer-managed egress group the admin page approves: `{key, description, configured: [origin]}`. */
  readonly egress: { readonly key: string; readonly domain: string };
  readonly status: 'active' | 'paused';
  readonly paused: boolean;
  readonly pausedAt: string | null;
  readonly pausedReason: string | null;
  readonly consecutiveFailures: number;
  readonly secretCreatedAt: string;
  readonly schedule: ScheduleInterval | null;
  readonly nextRunAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** The egress group key the admin page uses for an export's destination. */
export const egressKeyOf = (id: string) => `destination-${id}`;

export function destinationView(destination: Destination, schedule: Schedule | undefined): DestinationView {
  return {
    exportId: destination.exportId,
    // A receiver's token in the query string is a credential: the page shows it masked.
    url: maskUrl(destination.url),
    origin: destination.origin,
    egress: { key: egressKeyOf(destination.exportId), domain: destination.origin },
    status: destination.status,
    paused: destination.status === 'paused',
    pausedAt: destination.pausedAt ?? null,
    pausedReason: destination.pausedReason ?? null,
    consecutiveFailures: destination.consecutiveFailures,
    secretCreatedAt: destination.secretCreatedAt,
    schedule: schedule?.interval ?? null,
    nextRunAt: schedule?.nextRunAt ?? null,
    createdAt: destination.createdAt,
    updatedAt: destination.updatedAt,
  };
}

/**
 * What the audit log keeps of a destination: no secret (there is none in the record), and the URL without its
 * query string, which may carry a receiver's token.
 */
export function auditedDestination(destination: Destination): Record<string, unknown> {
  const url = new URL(destination.url);
  const { url: _url, ...rest } = destination;
  return { ...rest, endpoint: `${url.origin}${url.pathname}${url.search ? '?…' : ''}` };
}

// ------------------------------------------------------------------ resolver inputs

/** An HTTPS URL that `@suite/sanitize` accepts (public host, port 443, no credentials); normalised. */
export const webhookUrl = z.string({ error: 'Expected an HTTPS URL' }).transform((value, ctx) => {
  try {
    return validateWebhookUrl(value);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : 'Not a valid URL' });
    return z.NEVER;
  }
});

export const runExportInput = z.strictObject({ id: exportId, full: z.boolean().optional() });
export const getRunsInput = z.strictObject({ id: exportId });
export const saveDestinationInput = z.strictObject({ exportId, url: webhookUrl });
export const rotateSecretInput = z.strictObject({
  exportId,
  graceHours: z.number().int().min(0).max(168).optional(),
});
export const destinationInput = z.strictObject({ exportId });
export const setScheduleInput = z.strictObject({
  exportId,
  interval: z
    .enum(SCHEDULE_INTERVALS as [ScheduleInterval, ...ScheduleInterval[]], {
      error: `Expected one of ${SCHEDULE_INTERVALS.join(', ')} or null`,
    })
    .nullable(),
});

/** Queue event bodies: ids and a cursor only, never data. */
export const controlEvent = z.strictObject({ runId: z.string().regex(/^[A-Za-z0-9_-]{16,43}$/) });
export const chunkEvent = z.strictObject({
  runId: z.string().regex(/^[A-Za-z0-9_-]{16,43}$/),
  seq: z.number().int().min(0).max(10_000_000),
  /** The run's signed cursor for chunk `seq` (src/domain/cursor.ts). */
  cursor: z.string().max(512),
});
export type ChunkEvent = z.output<typeof chunkEvent>;

/** A run as `runExport` or the hourly trigger creates it; the controller fills in the rest when it starts. */
export function newPushRun(input: {
  readonly runId: string;
  readonly exportId: string;
  readonly trigger: RunTrigger;
  readonly requestedBy?: string;
  readonly forceFull?: boolean;
  readonly now: Date;
}): PushRun {
  const at = input.now.toISOString();
  return {
    runId: input.runId,
    exportId: input.exportId,
    trigger: input.trigger,
    ...(input.requestedBy ? { requestedBy: input.requestedBy } : {}),
    ...(input.forceFull ? { forceFull: true } : {}),
    status: 'queued',
    createdAt: at,
    seq: 0,
    position: { phase: 'ddl' },
    dispatched: -1,
    attempt: 0,
    rows: 0,
    deleted: 0,
    chunks: 0,
    bytes: 0,
    errors: [],
    errorCount: 0,
    heartbeatAt: at,
    kicks: 0,
  };
}

export const isActive = (status: PushRunStatus) =>
  status === 'queued' || status === 'running' || status === 'paused';

export function samePosition(a: Position, b: Position): boolean {
  if (a.phase !== b.phase) return false;
  if (a.phase === 'objects' || a.phase === 'scan' || a.phase === 'deletes') {
    const other = b as typeof a;
    return a.table === other.table && a.after === other.after;
  }
  return true;
}
