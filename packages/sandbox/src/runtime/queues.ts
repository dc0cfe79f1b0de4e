import { randomUUID } from 'node:crypto';

/** One async event waiting for delivery (the body an app pushed with `@forge/events` `Queue.push`). */
export interface QueuedEvent {
  readonly eventId: string;
  readonly jobId: string;
  readonly appKey: string;
  readonly cloudId: string;
  readonly queueName: string;
  readonly body: Record<string, unknown>;
  dueAtMs: number;
  attempt: number;
  retryReason?: string;
  retryData?: unknown;
}

export interface DeliveryRecord {
  readonly eventId: string;
  readonly jobId: string;
  readonly queueName: string;
  readonly attempt: number;
  readonly outcome: 'success' | 'retry' | 'failed';
  readonly error?: string;
  /** A second delivery of the same event (at-least-once); its outcome changes nothing. */
  readonly duplicate?: boolean;
}

/**
 * The platform's event queue: events are delivered in due-time order; a consumer that throws, times out or
 * returns an `InvocationError` (`{ _retry: true }`) gets the event again after a back-off, up to the retry limit.
 */
export class EventQueue {
  private pending: QueuedEvent[] = [];
  readonly deliveries: DeliveryRecord[] = [];
  private readonly jobs = new Map<string, { total: number; success: number; failed: number }>();

  push(input: Omit<QueuedEvent, 'eventId' | 'attempt'>): QueuedEvent {
    const event: QueuedEvent = { ...input, eventId: randomUUID(), attempt: 0 };
    this.pending.push(event);
    const job = this.jobs.get(input.jobId) ?? { total: 0, success: 0, failed: 0 };
    job.total++;
    this.jobs.set(input.jobId, job);
    return event;
  }

  /** Events due at or before `nowMs`, earliest first, removed from the queue. */
  takeDue(nowMs: number): QueuedEvent[] {
    const due = this.pending.filter((e) => e.dueAtMs <= nowMs).sort((a, b) => a.dueAtMs - b.dueAtMs);
    this.pending = this.pending.filter((e) => e.dueAtMs > nowMs);
    return due;
  }

  requeue(event: QueuedEvent): void {
    this.pending.push(event);
  }

  record(record: DeliveryRecord): void {
    this.deliveries.push(record);
    const job = this.jobs.get(record.jobId);
    if (!job || record.duplicate) return;
    if (record.outcome === 'success') job.success++;
    if (record.outcome === 'failed') job.failed++;
  }

  size(): number {
    return this.pending.length;
  }

  nextDueMs(): number | undefined {
    return this.pending.reduce<number | undefined>(
      (min, e) => (min === undefined || e.dueAtMs < min ? e.dueAtMs : min),
      undefined,
    );
  }

  list(): readonly QueuedEvent[] {
    return this.pending;
  }

  jobStats(jobId: string): { success: number; inProgress: number; failed: number } | undefined {
    const job = this.jobs.get(jobId);
    if (!job) return undefined;
    return { success: job.success, failed: job.failed, inProgress: job.total - job.success - job.failed };
  }

  clear(): void {
    this.pending = [];
  }
}

export const newJobId = () => randomUUID();
