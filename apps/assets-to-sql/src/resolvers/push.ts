/**
 * Push: a queue-driven job that POSTs each SQL chunk of an export run to the admin's HTTPS webhook, signed per the
 * Standard Webhooks spec (src/domain/webhook.ts). Policy (retries, pause, modes) is in src/domain/push.ts.
 *
 * - Controller (`a2s-push-control`, event `{runId}`): starts a queued run: chooses full or incremental, snapshots
 *   the configuration into the engine's run state, and queues the worker for chunk 0.
 * - Worker (`a2s-push-chunks`, event `{runId, seq, cursor}`): one chunk per invocation. It builds the chunk from
 *   the committed cursor (the engine's byte/time budget keeps it inside the function's timeout), stores it in the
 *   outbox, delivers it, and only then commits the cursor and queues the next chunk. A retry of a chunk resends the
 *   outbox's bytes under the same `webhook-id`; a crash or timeout anywhere resumes from the committed cursor.
 * - Hourly trigger: starts due scheduled runs (through the controller) and restarts stalled runs.
 *
 * Retries are new events with `delayInSeconds` (≤ 900 s), not the platform's `InvocationError` retries: those stop
 * after 4, while a destination may need longer, and the delay has to honour the receiver's `Retry-After`. Thrown
 * errors (crashes, timeouts) still get the platform's retries, and the hourly trigger restarts a run nobody has
 * touched for 30 minutes.
 *
 * Logs carry ids, chunk numbers and HTTP statuses only: never a secret, a URL, a body or a response.
 */
import { randomBytes } from 'node:crypto';
import Resolver from '@forge/resolver';
import { ownKeysOnly } from '@suite/permissions';
import { createAssetsClient, RateLimitedError } from '../atlassian/assets';
import { queueChunk, queueRunStarts } from '../atlassian/queue';
import { deliver } from '../atlassian/webhook';
import { decodeCursor, encodeCursor, verifyCursor } from '../domain/cursor';
import { type RunInfo, selectTypes, sqlComment } from '../domain/engine';
import { sqlLayer } from '../domain/engine-sql';
import { MAX_CHUNK_BYTES } from '../domain/pull';
import {
  afterSuccess,
  type ChunkEvent,
  chooseMode,
  chunkEvent,
  classifyDelivery,
  controlEvent,
  type Destination,
  isActive,
  isDue,
  MAX_BUILD_ATTEMPTS,
  MAX_CONSECUTIVE_FAILURES,
  MAX_CONSECUTIVE_RATE_LIMITED,
  MAX_KICKS,
  NOT_APPROVED_REASON,
  newPushRun,
  nextRunAfter,
  type PushRun,
  type PushRunStatus,
  type RunTrigger,
  retryDelaySeconds,
  runView,
  STALL_AFTER_MS,
  samePosition,
  withError,
  withHistory,
} from '../domain/push';
import { activeSecrets, effectiveSecrets, webhookHeaders, webhookId } from '../domain/webhook';
import { type TxWrite, writeTogether } from '../storage/kv';
import {
  deleteChunkLease,
  deleteOutbox,
  ExportBusyError,
  exclusiveOnChunk,
  exclusiveOnExport,
  getDestination,
  getHistory,
  getOutbox,
  getPushRun,
  getPushState,
  getSigningSecrets,
  listPushStates,
  listSchedules,
  type OutboxChunk,
  pushRunWrite,
  putDestination,
  putHistory,
  putOutbox,
  putPushRun,
  putPushState,
  putSchedule,
} from '../storage/push';
import { beginConsumerRun, getExport, getRun, getRunTypes, putRun, workspaceCache } from '../storage/store';
import { commitRun, configSnapshot, engineContext, runChunk } from './pull';

/** Budgets of one worker invocation (the manifest gives the worker `timeoutSeconds: 300`). */
export function pushTuning() {
  const value = Number(process.env.A2S_PUSH_CHUNK_MAX_BYTES);
  return {
    /** Push chunks are smaller than pull responses: each is kept in the outbox until it is acknowledged. */
    maxBytes: Number.isInteger(value) && value >= 1_000 && value <= MAX_CHUNK_BYTES ? value : 1024 * 1024,
    /** Building a chunk stops adding pages after this long … */
    buildMs: 120_000,
    /** … and Assets retries may wait until this point of the invocation. */
    assetsDeadlineMs: 150_000,
    /** The receiver has this long to answer. 150 + 60 s leaves 90 s for KVS and the queue. */
    deliveryTimeoutMs: 60_000,
  };
}

function log(level: 'info' | 'warn' | 'error', event: string, fields: Record<string, unknown>): void {
  const line = JSON.stringify({ level, event, ...fields });
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else console.log(line);
}

// ------------------------------------------------------------------ starting runs

export class PushStartError extends Error {
  constructor(
    readonly code: 'CONFLICT' | 'NOT_FOUND' | 'UNPROCESSABLE',
    message: string,
  ) {
    super(message);
    this.name = 'PushStartError';
  }
}

interface StartInput {
  readonly exportId: string;
  readonly trigger: RunTrigger;
  readonly requestedBy?: string;
  readonly forceFull?: boolean;
  /** Written in one transaction with the new run's record (the audit entry of an admin's start). */
  readonly alongside?: (run: PushRun) => readonly TxWrite[];
}

/**
 * Creates a queued run and queues the controller for it. One run per export at a time: the check for an active
 * run and the new run's record happen under the export's lease, so concurrent starts cannot both succeed.
 */
export async function startPushRun(input: StartInput): Promise<PushRun> {
  try {
    return await exclusiveOnExport(input.exportId, () => createRun(input));
  } catch (error) {
    if (error instanceof ExportBusyError) {
      throw new PushStartError('CONFLICT', 'A run of this export is being started right now');
    }
    throw error;
  }
}

async function createRun(input: StartInput): Promise<PushRun> {
  const config = await getExport(input.exportId);
  if (!config) throw new PushStartError('NOT_FOUND', 'No export with this id');
  const destination = await getDestination(input.exportId);
  if (!destination) throw new PushStartError('UNPROCESSABLE', 'This export has no destination yet');
  if (destination.status === 'paused') {
    throw new PushStartError(
      'UNPROCESSABLE',
      `The destination is paused (${destination.pausedReason ?? 'by an admin'}); resume it first`,
    );
  }
  const state = await getPushState(input.exportId);
  if (state?.currentRunId) {
    const current = await getPushRun(state.currentRunId);
    if (current && isActive(current.status)) {
      throw new PushStartError('CONFLICT', `Run ${current.runId} of this export is ${current.status}`);
    }
  }
  const run = newPushRun({
    runId: randomBytes(16).toString('base64url'),
    exportId: input.exportId,
    trigger: input.trigger,
    ...(input.requestedBy ? { requestedBy: input.requestedBy } : {}),
    ...(input.forceFull ? { forceFull: true } : {}),
    now: new Date(),
  });
  await writeTogether([pushRunWrite(run), ...(input.alongside?.(run) ?? [])]);
  await putPushState({
    ...(state ?? { exportId: input.exportId, incrementalsSinceFull: 0 }),
    currentRunId: run.runId,
  });
  await queueRunStarts([run.runId]);
  log('info', 'push.run_queued', { exportId: run.exportId, runId: run.runId, trigger: run.trigger });
  return run;
}

// ------------------------------------------------------------------ run bookkeeping

async function saveRun(run: PushRun, changes: Partial<PushRun>): Promise<PushRun> {
  const next: PushRun = { ...run, ...changes, heartbeatAt: new Date().toISOString() };
  await putPushRun(next);
  return next;
}

/** Ends a run: history, the export's push state, and the outbox. */
async function finishRun(run: PushRun, status: PushRunStatus, message?: string): Promise<PushRun> {
  const now = new Date();
  const { message: _old, ...rest } = run;
  const final: PushRun = {
    ...rest,
    status,
    finishedAt: now.toISOString(),
    heartbeatAt: now.toISOString(),
    ...(message ? { message } : {}),
  };
  // The run record goes last: until it says finished, a retry (after a crash anywhere here) finishes it again,
  // and every step before it is safe to repeat.
  const state = await getPushState(run.exportId);
  if (status === 'succeeded') {
    await putPushState(afterSuccess(state, final, now));
  } else if (state?.currentRunId === run.runId) {
    const { currentRunId: _done, ...others } = state;
    await putPushState(others);
  }
  await putHistory(run.exportId, withHistory(await getHistory(run.exportId), runView(final)));
  await deleteOutbox(run.runId);
  await deleteChunkLease(run.runId);
  await putPushRun(final);
  log(status === 'succeeded' ? 'info' : 'warn', `push.run_${status}`, {
    exportId: run.exportId,
    runId: run.runId,
    chunks: final.chunks,
    rows: final.rows,
  });
  return final;
}

async function pauseRun(run: PushRun, reason: string): Promise<PushRun> {
  log('warn', 'push.run_paused', { exportId: run.exportId, runId: run.runId, chunk: run.seq });
  return saveRun(run, { status: 'paused', message: reason });
}

/** Re-reads the destination and applies a change (an admin may have edited it meanwhile). */
async function updateDestination(
  exportId: string,
  change: (d: Destination) => Destination | undefined,
): Promise<Destination | undefined> {
  const current = await getDestination(exportId);
  if (!current) return undefined;
  const next = change(current);
  if (next && next !== current) await putDestination(next);
  return next ?? current;
}

async function pauseDestination(exportId: string, reason: string): Promise<void> {
  await updateDestination(exportId, (d) => ({
    ...d,
    status: 'paused',
    pausedAt: new Date().toISOString(),
    pausedReason: reason,
    pausedBy: 'app',
  }));
  log('warn', 'push.destination_paused', { exportId });
}

/** Makes sure a worker event exists for chunk `run.seq` (queued at most once per chunk, unless forced). */
export async function ensureDispatched(run: PushRun, key?: string, delaySeconds = 0): Promise<PushRun> {
  // The last chunk was acknowledged and committed, but the invocation died before the run was closed.
  if (run.position.phase === 'done') return completeRun(run);
  if (run.dispatched >= run.seq && delaySeconds === 0) return run;
  const runKey = key ?? (await getRun(run.runId))?.key;
  if (!runKey) return finishRun(run, 'failed', 'the run state expired (a run must finish within 7 days)');
  const event: ChunkEvent = {
    runId: run.runId,
    seq: run.seq,
    cursor: encodeCursor({ runId: run.runId, position: run.position }, runKey),
  };
  const saved = await saveRun(run, { dispatched: run.seq });
  await queueChunk(event, delaySeconds);
  return saved;
}

/**
 * Closes a run whose every chunk the destination acknowledged: its key set and mapping become the destination's
 * baseline, then the run succeeds. Safe to repeat (a retry after a crash between the two does both again).
 */
async function completeRun(run: PushRun): Promise<PushRun> {
  const stored = await getRun(run.runId);
  const ctx = stored ? await engineContext(stored.info, sqlLayer) : undefined;
  if (!ctx) return finishRun(run, 'failed', 'the run state expired (a run must finish within 7 days)');
  await commitRun(ctx);
  return finishRun(run, 'succeeded');
}

// ------------------------------------------------------------------ controller

async function startRun(payload: unknown): Promise<void> {
  const parsed = controlEvent.safeParse(payload);
  if (!parsed.success) {
    log('warn', 'push.bad_event', { queue: 'control' });
    return;
  }
  const queued = await getPushRun(parsed.data.runId);
  if (!queued) return;
  // Under the export's lease: a redelivered control event, or a start racing this one, sees the run as it is now.
  // If someone else holds it, the error fails this delivery and the platform delivers the event again later.
  await exclusiveOnExport(queued.exportId, () => startQueuedRun(parsed.data.runId));
}

async function startQueuedRun(runId: string): Promise<void> {
  const run = await getPushRun(runId);
  if (!run) return;
  const current = await getPushState(run.exportId);
  if (current?.currentRunId && current.currentRunId !== run.runId && run.status === 'queued') {
    // A newer run owns the export: this one was superseded and never starts.
    await finishRun(run, 'failed', 'superseded by a newer run of this export');
    return;
  }
  if (run.status === 'running') {
    await ensureDispatched(run);
    return;
  }
  if (run.status !== 'queued') return;
  const config = await getExport(run.exportId);
  if (!config) {
    await finishRun(run, 'failed', 'the export no longer exists');
    return;
  }
  const destination = await getDestination(run.exportId);
  if (!destination) {
    await finishRun(run, 'failed', 'the export has no destination');
    return;
  }
  if (destination.status === 'paused') {
    await pauseRun(run, destination.pausedReason ?? 'the destination is paused');
    return;
  }
  const now = new Date();
  const state = await getPushState(run.exportId);
  const wanted = chooseMode(state, {
    dialect: config.dialect,
    configUpdatedAt: config.updatedAt,
    forceFull: run.forceFull === true,
    now,
  });
  const client = createAssetsClient({ deadline: Date.now() + 30_000, workspaceCache });
  const workspaceId = await client.workspaceId();
  const startedAt = now.toISOString();
  // No usable baseline for this dialect (first run, lost or overflowed): only a full run is safe.
  const begun = await beginConsumerRun(
    run.exportId,
    config.dialect,
    'push',
    { runId: run.runId, startedAt },
    wanted.mode === 'incremental',
  );
  const mode = wanted.mode === 'incremental' && begun.incremental ? wanted : ({ mode: 'full' } as const);
  const info: RunInfo = {
    runId: run.runId,
    exportId: run.exportId,
    dialect: config.dialect,
    ...(mode.mode === 'incremental' ? { since: mode.since } : {}),
    workspaceId,
    startedAt,
    config: configSnapshot(config),
    knownRuns: begun.knownRuns,
    target: 'push',
    consumer: 'push',
  };
  const key = randomBytes(32).toString('base64url');
  await putRun({ info, key });
  const started = await saveRun(run, {
    status: 'running',
    startedAt: info.startedAt,
    dialect: info.dialect,
    mode: mode.mode,
    ...(info.since ? { since: info.since } : {}),
    configUpdatedAt: config.updatedAt,
    position: { phase: 'ddl' },
    seq: 0,
    dispatched: -1,
  });
  const { lastStartedAt: _previous, ...rest } = state ?? { exportId: run.exportId, incrementalsSinceFull: 0 };
  await putPushState({ ...rest, currentRunId: run.runId, lastStartedAt: info.startedAt });
  log('info', 'push.run_started', { exportId: run.exportId, runId: run.runId, mode: mode.mode });
  await ensureDispatched(started, key);
}

// ------------------------------------------------------------------ worker

type Built = { readonly chunk: OutboxChunk; readonly run: PushRun } | undefined;

/** Builds chunk `run.seq` from the committed cursor and keeps it in the outbox; undefined when it will retry. */
async function buildChunk(
  run: PushRun,
  stored: NonNullable<Awaited<ReturnType<typeof getRun>>>,
  started: number,
): Promise<Built> {
  const budget = pushTuning();
  const client = createAssetsClient({ deadline: started + budget.assetsDeadlineMs, workspaceCache });
  try {
    const outcome = await runChunk(stored, run.position, client, sqlLayer, started, {
      maxBytes: budget.maxBytes,
      timeMs: budget.buildMs,
      commit: false,
      continues: 'the next chunk follows',
    });
    const last = outcome.next.phase === 'done';
    const chunk: OutboxChunk = {
      seq: run.seq,
      webhookId: webhookId(run.runId, run.seq),
      body:
        sqlComment(
          `Assets to SQL push: export ${run.exportId}, run ${run.runId}, chunk ${run.seq}${last ? ' (last)' : ''}`,
        ) + outcome.sql,
      next: outcome.next,
      objects: outcome.objects,
      deleted: outcome.deleted,
    };
    await putOutbox(run.runId, chunk);
    let updated = run;
    if (run.seq === 0) {
      // For the progress estimate: how many objects the run's types hold (Assets' objectCount).
      const types = selectTypes((await getRunTypes(run.runId)) ?? [], stored.info.config);
      updated = await saveRun(run, {
        expectedObjects: types.reduce((n, t) => n + (t.objectCount ?? 0), 0),
        tables: types.length,
      });
    }
    return { chunk, run: updated };
  } catch (error) {
    if (error instanceof RateLimitedError) {
      // Assets is busy: not the destination's fault and not a failed attempt; come back when it says so.
      log('warn', 'push.assets_rate_limited', { exportId: run.exportId, runId: run.runId, chunk: run.seq });
      await ensureDispatched(run, stored.key, Math.min(900, Math.max(1, error.retryAfterSeconds)));
      return undefined;
    }
    const kind = error instanceof Error ? error.name : 'Error';
    const status = (error as { status?: unknown }).status;
    const reason = `building the chunk failed (${kind}${typeof status === 'number' ? ` ${status}` : ''})`;
    log('error', 'push.build_failed', { exportId: run.exportId, runId: run.runId, chunk: run.seq, kind });
    const failed = withError(run, reason, new Date());
    if (failed.attempt + 1 >= MAX_BUILD_ATTEMPTS) {
      await finishRun({ ...failed, attempt: failed.attempt + 1 }, 'failed', reason);
      return undefined;
    }
    const waiting = await saveRun(failed, { attempt: failed.attempt + 1 });
    await ensureDispatched(waiting, stored.key, retryDelaySeconds(failed.attempt, undefined));
    return undefined;
  }
}

/**
 * `attempt` is the platform's retry count for this event: copies of one delivery (at-least-once) share it and
 * exclude each other; the platform's retry after a killed attempt has a higher one and takes over at once.
 */
async function runWorker(payload: unknown, attempt: number): Promise<void> {
  const started = Date.now();
  const parsed = chunkEvent.safeParse(payload);
  if (!parsed.success) {
    log('warn', 'push.bad_event', { queue: 'chunks' });
    return;
  }
  const event = parsed.data;
  const outcome = await exclusiveOnChunk(event.runId, event.seq, attempt, () => workChunk(event, started));
  if (outcome === 'busy') log('info', 'push.duplicate_chunk_event', { runId: event.runId, chunk: event.seq });
}

/** One chunk: build (or take from the outbox), deliver, commit, queue the next. Runs under the chunk's lease. */
async function workChunk(event: ChunkEvent, started: number): Promise<void> {
  let run = await getPushRun(event.runId);
  if (run?.status !== 'running') return;
  if (event.seq < run.seq) {
    // A late or repeated event for a chunk already delivered: make sure the run goes on, then stop.
    await ensureDispatched(run);
    return;
  }
  if (event.seq > run.seq) return;
  const stored = await getRun(run.runId);
  if (!stored) {
    await finishRun(run, 'failed', 'the run state expired (a run must finish within 7 days)');
    return;
  }
  try {
    const cursor = verifyCursor(decodeCursor(event.cursor), stored.key);
    if (cursor.runId !== run.runId || !samePosition(cursor.position, run.position)) return;
  } catch {
    log('warn', 'push.stale_cursor', { runId: run.runId, chunk: event.seq });
    return;
  }
  const destination = await getDestination(run.exportId);
  if (!destination) {
    await finishRun(run, 'failed', 'the export has no destination');
    return;
  }
  if (destination.status === 'paused') {
    await pauseRun(run, destination.pausedReason ?? 'the destination is paused');
    return;
  }
  const storedSecrets = await getSigningSecrets(run.exportId);
  const secrets = storedSecrets ? effectiveSecrets(storedSecrets, destination.secretCreatedAt) : undefined;
  if (!secrets) {
    await finishRun(run, 'failed', 'the signing secret is missing; rotate it');
    return;
  }

  let chunk = await getOutbox(run.runId);
  if (!chunk || chunk.seq !== run.seq) {
    const built = await buildChunk(run, stored, started);
    if (!built) return;
    chunk = built.chunk;
    run = built.run;
  }

  const now = new Date();
  const result = await deliver({
    url: destination.url,
    headers: {
      'content-type': 'application/sql; charset=utf-8',
      'user-agent': 'AssetsToSQL-Forge/1',
      'a2s-export': run.exportId,
      'a2s-run': run.runId,
      'a2s-chunk': String(chunk.seq),
      'a2s-last': chunk.next.phase === 'done' ? 'true' : 'false',
      ...webhookHeaders(
        activeSecrets(secrets, now.getTime()),
        chunk.webhookId,
        Math.floor(now.getTime() / 1000),
        chunk.body,
      ),
    },
    body: chunk.body,
    timeoutMs: pushTuning().deliveryTimeoutMs,
  });
  const outcome = classifyDelivery(result);
  const status = result.kind === 'response' ? result.status : result.kind;
  const ids = { exportId: run.exportId, runId: run.runId, chunk: chunk.seq, status };

  if (outcome.kind === 'delivered') {
    if (destination.consecutiveFailures > 0 || destination.consecutiveRateLimited > 0) {
      await updateDestination(run.exportId, (d) => ({
        ...d,
        consecutiveFailures: 0,
        consecutiveRateLimited: 0,
      }));
    }
    const committed = await saveRun(run, {
      seq: run.seq + 1,
      position: chunk.next,
      attempt: 0,
      chunks: run.chunks + 1,
      rows: run.rows + chunk.objects,
      deleted: run.deleted + chunk.deleted,
      bytes: run.bytes + Buffer.byteLength(chunk.body),
    });
    log('info', 'push.chunk_delivered', ids);
    if (chunk.next.phase === 'done') {
      await completeRun(committed);
      return;
    }
    await ensureDispatched(committed, stored.key);
    return;
  }

  if (outcome.kind === 'not-approved') {
    const reason = `${NOT_APPROVED_REASON}: ${destination.origin}`;
    log('warn', 'push.not_approved', ids);
    await pauseDestination(run.exportId, reason);
    await pauseRun(withError(run, reason, now), reason);
    return;
  }

  log('warn', 'push.delivery_failed', ids);
  const failed = withError(run, outcome.reason, now);
  const rateLimited = outcome.kind === 'rate-limited';
  const counted = await updateDestination(run.exportId, (d) =>
    rateLimited
      ? { ...d, consecutiveRateLimited: d.consecutiveRateLimited + 1 }
      : { ...d, consecutiveFailures: d.consecutiveFailures + 1 },
  );
  const failures = rateLimited ? (counted?.consecutiveRateLimited ?? 0) : (counted?.consecutiveFailures ?? 0);
  const limit = rateLimited ? MAX_CONSECUTIVE_RATE_LIMITED : MAX_CONSECUTIVE_FAILURES;
  if (failures >= limit) {
    const reason = `paused after ${failures} ${rateLimited ? 'rate-limited' : 'failed'} deliveries in a row; last: ${outcome.reason}`;
    await pauseDestination(run.exportId, reason);
    await pauseRun({ ...failed, attempt: failed.attempt + 1 }, reason);
    return;
  }
  const delay = retryDelaySeconds(failed.attempt, outcome.retryAfterMs);
  const waiting = await saveRun(failed, { attempt: failed.attempt + 1 });
  await ensureDispatched(waiting, stored.key, delay);
}

// ------------------------------------------------------------------ admin actions on runs

/** After `resumeDestination`: the paused run goes on where it stopped (same chunk, same webhook id). */
export async function resumeRunOf(exportId: string): Promise<string | undefined> {
  const state = await getPushState(exportId);
  if (!state?.currentRunId) return undefined;
  const run = await getPushRun(state.currentRunId);
  if (run?.status !== 'paused') return undefined;
  const { message: _reason, ...rest } = run;
  if (!run.startedAt) {
    await saveRun(rest, { status: 'queued', attempt: 0 });
    await queueRunStarts([run.runId]);
    return run.runId;
  }
  const resumed = await saveRun(rest, { status: 'running', attempt: 0, dispatched: run.seq - 1 });
  await ensureDispatched(resumed);
  return run.runId;
}

/** After `pauseDestination`: show the current run as paused at once (its next worker would do so anyway). */
export async function pauseRunOf(exportId: string, reason: string): Promise<void> {
  const state = await getPushState(exportId);
  if (!state?.currentRunId) return;
  const run = await getPushRun(state.currentRunId);
  if (run && (run.status === 'running' || run.status === 'queued')) await pauseRun(run, reason);
}

// ------------------------------------------------------------------ hourly trigger

export async function runSchedules(now = new Date()): Promise<{ started: number; restarted: number }> {
  let startedRuns = 0;
  for (const schedule of await listSchedules()) {
    if (!isDue(schedule, now)) continue;
    try {
      await startPushRun({ exportId: schedule.exportId, trigger: 'schedule' });
      startedRuns++;
    } catch (error) {
      if (!(error instanceof PushStartError)) throw error;
      log('info', 'push.schedule_skipped', { exportId: schedule.exportId, code: error.code });
    }
    await putSchedule({ ...schedule, nextRunAt: nextRunAfter(schedule.nextRunAt, schedule.interval, now) });
  }
  // Watchdog: a run nobody has touched for a while lost its event (the platform gave up retrying a crash).
  let restarted = 0;
  for (const state of await listPushStates()) {
    if (!state.currentRunId) continue;
    const run = await getPushRun(state.currentRunId);
    if (!run || (run.status !== 'running' && run.status !== 'queued')) continue;
    if (now.getTime() - Date.parse(run.heartbeatAt) < STALL_AFTER_MS) continue;
    if (run.kicks >= MAX_KICKS) {
      await finishRun(run, 'failed', `the run stalled ${MAX_KICKS} times`);
      continue;
    }
    log('warn', 'push.run_restarted', { exportId: run.exportId, runId: run.runId, chunk: run.seq });
    const kicked = await saveRun(run, { kicks: run.kicks + 1, dispatched: run.seq - 1 });
    if (kicked.status === 'queued') await queueRunStarts([kicked.runId]);
    else await ensureDispatched(kicked);
    restarted++;
  }
  return { started: startedRuns, restarted };
}

// ------------------------------------------------------------------ handlers

/** Consumers of both push queues (manifest: `push-control` → `control`, `push-chunks` → `chunk`). */
export const pushWorker = ownKeysOnly(
  new Resolver()
    .define('control', ({ payload }) => startRun(payload))
    .define('chunk', ({ payload, context }) =>
      runWorker(
        payload,
        (context as { retryContext?: { retryCount?: number } }).retryContext?.retryCount ?? 0,
      ),
    ),
);

/** The hourly scheduled trigger. */
export async function pushScheduler(): Promise<{ statusCode: number }> {
  const result = await runSchedules();
  if (result.started > 0 || result.restarted > 0) log('info', 'push.schedules', result);
  return { statusCode: 200 };
}
