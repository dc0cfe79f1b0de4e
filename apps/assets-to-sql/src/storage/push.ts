/**
 * What push keeps in KVS (see README "Storage"):
 *
 * | Key | Value | Lifetime |
 * |---|---|---|
 * | `destination:<export>` | URL, origin, active/paused (+ reason), failure counters, when the secret was made | until replaced |
 * | secret `webhook-secret:<export>` | `{current, previous?, previousUntil?}` signing secrets | with the destination |
 * | `schedule:<export>` | interval, next run time | until `setSchedule null` |
 * | `push-state:<export>` | current run, last successful run (for `since`), full-run bookkeeping | forever |
 * | `push-run:<run>` | one run: status, committed cursor, chunk number, counters, bounded errors | 30 days |
 * | `push-history:<export>` | the last 25 finished runs (views) | forever |
 * | entity `lease`, `export:<export>` | who is starting a run of the export right now (deleted after; expires) | seconds |
 * | entity `lease`, `chunk:<run>` | which worker (chunk, attempt) is building and sending the run's chunk | until the run ends |
 * | `push-outbox:<run>` (blob) | the chunk being delivered: body, webhook id, where the next one starts | 7 days |
 *
 * The engine's own run state (`run:*`, `run-types:*`, `seen:*`, `keyset:*`) and the push target's baseline
 * (`export-state:<id>:<dialect>:push`, `export-mapping:<id>:<dialect>:push`) are in ./store.ts.
 */
import { randomUUID } from 'node:crypto';
import { forgeLeaseStore, type Lease, LeaseHeldError, withLease } from '@suite/storage';
import type { Position } from '../domain/cursor';
import type { Destination, PushRun, PushState, RunView, Schedule } from '../domain/push';
import type { SigningSecrets } from '../domain/webhook';
import {
  deleteBlob,
  deleteValue,
  getBlob,
  getSecret,
  getValue,
  listPrefix,
  putBlob,
  setSecret,
  setValue,
  type TxWrite,
} from './kv';

const PUSH_RUN_TTL_DAYS = 30;
const OUTBOX_TTL_DAYS = 7;

// ------------------------------------------------------------------ destinations

export const getDestination = (exportId: string) => getValue<Destination>(`destination:${exportId}`);
export const putDestination = (destination: Destination) =>
  setValue(`destination:${destination.exportId}`, destination);
/** The write of `putDestination`, for `writeTogether` with its audit entry. */
export const destinationWrite = (destination: Destination): TxWrite => ({
  set: `destination:${destination.exportId}`,
  value: destination,
});
export const getSigningSecrets = (exportId: string) =>
  getSecret<SigningSecrets>(`webhook-secret:${exportId}`);
export const putSigningSecrets = (exportId: string, secrets: SigningSecrets) =>
  setSecret(`webhook-secret:${exportId}`, secrets);

// ------------------------------------------------------------------ schedules

export const getSchedule = (exportId: string) => getValue<Schedule>(`schedule:${exportId}`);
export const putSchedule = (schedule: Schedule) => setValue(`schedule:${schedule.exportId}`, schedule);
export const deleteSchedule = (exportId: string) => deleteValue(`schedule:${exportId}`);
export const scheduleWrite = (schedule: Schedule): TxWrite => ({
  set: `schedule:${schedule.exportId}`,
  value: schedule,
});
export const scheduleDelete = (exportId: string): TxWrite => ({ delete: `schedule:${exportId}` });
export async function listSchedules(): Promise<Schedule[]> {
  return (await listPrefix<Schedule>('schedule:')).map((e) => e.value);
}

// ------------------------------------------------------------------ runs

export const getPushState = (exportId: string) => getValue<PushState>(`push-state:${exportId}`);
export const putPushState = (state: PushState) => setValue(`push-state:${state.exportId}`, state);
export async function listPushStates(): Promise<PushState[]> {
  return (await listPrefix<PushState>('push-state:')).map((e) => e.value);
}

export const getPushRun = (runId: string) => getValue<PushRun>(`push-run:${runId}`);
export const putPushRun = (run: PushRun) => setValue(`push-run:${run.runId}`, run, PUSH_RUN_TTL_DAYS);
export const pushRunWrite = (run: PushRun): TxWrite => ({
  set: `push-run:${run.runId}`,
  value: run,
  ttlDays: PUSH_RUN_TTL_DAYS,
});

export async function getHistory(exportId: string): Promise<RunView[]> {
  return (await getValue<RunView[]>(`push-history:${exportId}`)) ?? [];
}
export const putHistory = (exportId: string, history: readonly RunView[]) =>
  setValue(`push-history:${exportId}`, history);

// ------------------------------------------------------------------ outbox

/** The chunk being delivered, kept so every retry sends the same bytes under the same webhook id. */
export interface OutboxChunk {
  readonly seq: number;
  readonly webhookId: string;
  readonly body: string;
  /** Where the chunk after this one starts. */
  readonly next: Position;
  readonly objects: number;
  readonly deleted: number;
}

export const getOutbox = (runId: string) => getBlob<OutboxChunk>(`push-outbox:${runId}`);
export const putOutbox = (runId: string, chunk: OutboxChunk) =>
  putBlob(`push-outbox:${runId}`, chunk, OUTBOX_TTL_DAYS);
export const deleteOutbox = (runId: string) => deleteBlob(`push-outbox:${runId}`);

const leases = forgeLeaseStore();
/** Longer than the push worker may run (its manifest timeout is 300 s), so a live holder never loses it. */
const EXPORT_LEASE_MS = 360_000;

export class ExportBusyError extends Error {
  constructor(readonly exportId: string) {
    super(`A run of export ${exportId} is being started or changed right now`);
    this.name = 'ExportBusyError';
  }
}

/**
 * Runs `fn` as the only start-or-transition of a push run of this export in flight: checking "no active run" and
 * recording the new one happen under one lease, so two starts (admin clicks, a schedule, a redelivered control
 * event) can never both create or start a run.
 */
export async function exclusiveOnExport<T>(exportId: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await withLease(leases, `export:${exportId}`, { ttlMs: EXPORT_LEASE_MS }, fn);
  } catch (error) {
    if (error instanceof LeaseHeldError) throw new ExportBusyError(exportId);
    throw error;
  }
}

/**
 * Runs `fn` as the only worker on this run's chunk `seq`. The queue is at-least-once: the same chunk event can be
 * delivered twice at the same moment, and without this both copies would build and send the chunk. One lease per
 * run (`chunk:<run>`), owned by `<seq>:<attempt>:<random>`: a copy of the same delivery finds it held and returns
 * `'busy'`, doing nothing; a later chunk, or the platform's retry of this one (a higher attempt, which the platform
 * sends only after the previous attempt ended), takes it over at once. Deleted when the run ends.
 */
export async function exclusiveOnChunk<T>(
  runId: string,
  seq: number,
  attempt: number,
  fn: () => Promise<T>,
): Promise<T | 'busy'> {
  const owner = `${seq}:${attempt}:${randomUUID()}`;
  const supersedes = (current: Lease) => {
    const [s, a] = current.owner.split(':').map(Number) as [number, number];
    return s < seq || (s === seq && a < attempt);
  };
  try {
    return await withLease(leases, chunkLeaseKey(runId), { ttlMs: EXPORT_LEASE_MS, owner, supersedes }, fn);
  } catch (error) {
    if (error instanceof LeaseHeldError) return 'busy';
    throw error;
  }
}

const chunkLeaseKey = (runId: string) => `chunk:${runId}`;

/** Removes a finished run's chunk lease (left behind only by a worker that was killed). */
export async function deleteChunkLease(runId: string): Promise<void> {
  const current = await leases.read(chunkLeaseKey(runId));
  if (current) await leases.compareAndDelete(chunkLeaseKey(runId), current.version);
}
