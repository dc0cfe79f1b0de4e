/**
 * The push job's two Forge queues (`@forge/events`). Events carry ids and a cursor only, never data: the platform
 * caps a push at 50 events and 200 KB, and the run's state lives in KVS anyway.
 * - `a2s-push-control`: one event per run to start (`{runId}`), from `runExport` and the hourly trigger.
 * - `a2s-push-chunks`: one event per chunk delivery attempt (`{runId, seq, cursor}`), optionally delayed (backoff).
 */
import { Queue } from '@forge/events';
import type { ChunkEvent } from '../domain/push';
import { MAX_DELAY_SECONDS } from '../domain/push';

export const CONTROL_QUEUE = 'a2s-push-control';
export const CHUNK_QUEUE = 'a2s-push-chunks';
const MAX_EVENTS_PER_PUSH = 50;

const control = () => new Queue({ key: CONTROL_QUEUE });
const chunks = () => new Queue({ key: CHUNK_QUEUE });

/** Queues the controller for these runs (batched by the platform's 50 events per push). */
export async function queueRunStarts(runIds: readonly string[]): Promise<void> {
  for (let i = 0; i < runIds.length; i += MAX_EVENTS_PER_PUSH) {
    await control().push(runIds.slice(i, i + MAX_EVENTS_PER_PUSH).map((runId) => ({ body: { runId } })));
  }
}

/** Queues a worker for one chunk, after `delaySeconds` (clamped to the platform's 0–900 s). */
export async function queueChunk(event: ChunkEvent, delaySeconds = 0): Promise<void> {
  const delay = Math.max(0, Math.min(MAX_DELAY_SECONDS, Math.ceil(delaySeconds)));
  await chunks().push({ body: { ...event }, ...(delay > 0 ? { delayInSeconds: delay } : {}) });
}
