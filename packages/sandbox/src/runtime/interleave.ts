import { createRng, type Rng } from '../seed/rng';

/**
 * Concurrency as Forge has it, made reproducible. On the platform, invocations of one app run side by side and
 * their KVS calls interleave; in one process with an in-memory store they would run in lockstep and no race would
 * ever show. With interleaving on, every KVS call waits a seeded random number of event-loop turns before it
 * reaches the store and again before its answer returns (product calls to the emulated site too), so other
 * invocations' calls land in between — the same
 * seed always gives the same schedule. Queue delivery can also run several events at once and deliver an event
 * twice, as Forge's at-least-once queue may.
 */
export interface InterleavingOptions {
  readonly seed: number;
  /** Upper bound of event-loop turns to wait around each storage call (default 8). */
  readonly maxYields?: number;
  /** Events delivered at once by `drainQueues` (default 4). */
  readonly deliveryConcurrency?: number;
  /** Probability that a delivered event is delivered a second time (default 0). */
  readonly duplicateDeliveryRate?: number;
}

export class Interleaver {
  readonly maxYields: number;
  readonly deliveryConcurrency: number;
  readonly duplicateDeliveryRate: number;
  private readonly rng: Rng;
  /** How many platform calls (KVS and product) went through it. */
  storageCalls = 0;
  /** Which invocation's call reached the store, in order (by the order invocations first called): the schedule. */
  readonly schedule: number[] = [];
  private readonly callers = new Map<string, number>();

  constructor(readonly options: InterleavingOptions) {
    this.rng = createRng(options.seed);
    this.maxYields = options.maxYields ?? 8;
    this.deliveryConcurrency = Math.max(1, options.deliveryConcurrency ?? 4);
    this.duplicateDeliveryRate = options.duplicateDeliveryRate ?? 0;
  }

  /** Waits 0…maxYields event-loop turns (setImmediate, so timers and I/O of others run too). */
  async pause(): Promise<void> {
    const turns = this.rng.int(0, this.maxYields);
    for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
  }

  /** Runs a platform call with a pause before it is made and one before its answer comes back. */
  async around<T>(caller: string, call: () => T | Promise<T>): Promise<T> {
    this.storageCalls++;
    if (!this.callers.has(caller)) this.callers.set(caller, this.callers.size);
    await this.pause();
    this.schedule.push(this.callers.get(caller) as number);
    const result = await call();
    await this.pause();
    return result;
  }

  /** Deliveries running now, and the most that ran at once. */
  deliveriesInFlight = 0;
  maxDeliveriesInFlight = 0;

  deliveryStarted(): void {
    this.deliveriesInFlight++;
    this.maxDeliveriesInFlight = Math.max(this.maxDeliveriesInFlight, this.deliveriesInFlight);
  }

  deliveryEnded(): void {
    this.deliveriesInFlight--;
  }

  duplicate(): boolean {
    return this.duplicateDeliveryRate > 0 && this.rng.bool(this.duplicateDeliveryRate);
  }
}
