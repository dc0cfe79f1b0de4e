/**
 * Fault and latency injection for product API calls, set per run (programmatically) or over HTTP
 * (`POST /sandbox/faults`). Used by tests and benchmarks to see how apps behave when Atlassian is slow or busy.
 */
export interface FaultRule {
  /** Applies to paths starting with this prefix (default: every product call). */
  readonly pathPrefix?: string;
  /** Only calls for this site (default: all sites). */
  readonly cloudId?: string;
  /** Answer with this status instead of calling the site (429, 500, 503…). */
  readonly status?: number;
  /** Seconds for a `Retry-After` header on the injected answer. */
  readonly retryAfterSeconds?: number;
  /** Added latency: fixed, or uniformly random between min and max. */
  readonly latencyMs?: number | { readonly min: number; readonly max: number };
  /** The call never answers (until the invocation times out). */
  readonly hang?: boolean;
  /** Chance this rule applies to a matching call (default 1). */
  readonly probability?: number;
  /** How many matching calls the rule applies to before it is used up (default: unlimited). */
  readonly times?: number;
}

export interface FaultDecision {
  readonly delayMs: number;
  readonly hang: boolean;
  readonly status: number | undefined;
  readonly retryAfterSeconds: number | undefined;
}

export class FaultInjector {
  private rules: { rule: FaultRule; used: number }[] = [];

  constructor(private readonly random: () => number) {}

  set(rules: readonly FaultRule[]): void {
    this.rules = rules.map((rule) => ({ rule, used: 0 }));
  }

  add(rule: FaultRule): void {
    this.rules.push({ rule, used: 0 });
  }

  clear(): void {
    this.rules = [];
  }

  list(): FaultRule[] {
    return this.rules.map((r) => r.rule);
  }

  /** Combines every rule that applies to this call: latencies add up, the first status wins. */
  decide(cloudId: string, path: string): FaultDecision {
    let delayMs = 0;
    let hang = false;
    let status: number | undefined;
    let retryAfterSeconds: number | undefined;
    for (const entry of this.rules) {
      const { rule } = entry;
      if (rule.pathPrefix && !path.startsWith(rule.pathPrefix)) continue;
      if (rule.cloudId && rule.cloudId !== cloudId) continue;
      if (rule.times !== undefined && entry.used >= rule.times) continue;
      if (rule.probability !== undefined && this.random() >= rule.probability) continue;
      entry.used++;
      if (typeof rule.latencyMs === 'number') delayMs += rule.latencyMs;
      else if (rule.latencyMs)
        delayMs += rule.latencyMs.min + this.random() * (rule.latencyMs.max - rule.latencyMs.min);
      if (rule.hang) hang = true;
      if (status === undefined && rule.status !== undefined) {
        status = rule.status;
        retryAfterSeconds = rule.retryAfterSeconds;
      }
    }
    return { delayMs, hang, status, retryAfterSeconds };
  }
}

/**
 * A crash at one storage step: the `at`-th KVS call of the app's invocations (counted from when it is set) fails
 * before it reaches the store (nothing written) or after (written, but the invocation never sees the answer),
 * by a thrown error or by hanging until the invocation times out. Tests walk `at` over every step of a run to
 * show that a run killed anywhere resumes without losing or duplicating anything.
 */
export interface StorageCrashRule {
  /** 1 = the next KVS call. */
  readonly at: number;
  readonly when: 'before' | 'after';
  readonly kind: 'throw' | 'hang';
  /** Only this app's calls count (default: every app's). */
  readonly app?: string;
}

export class StorageCrashError extends Error {
  constructor(readonly step: number) {
    super(`Sandbox: injected crash at storage step ${step}`);
    this.name = 'StorageCrashError';
  }
}

export class StorageCrasher {
  /** KVS calls counted since the rule was set. */
  calls = 0;
  /** Whether the crash has happened. */
  fired = false;
  /** What the crashed call was (KVS operation and key), for test messages. */
  crashed: string | undefined;

  constructor(readonly rule: StorageCrashRule) {}

  /** Runs one KVS call, crashing it if it is the chosen step. */
  async around<T>(app: string, call: () => Promise<T>, what?: string): Promise<T> {
    if (this.rule.app !== undefined && this.rule.app !== app) return call();
    this.calls++;
    const chosen = !this.fired && this.calls === this.rule.at;
    if (!chosen) return call();
    this.fired = true;
    this.crashed = what;
    if (this.rule.when === 'after') await call();
    if (this.rule.kind === 'hang') await new Promise<never>(() => {});
    throw new StorageCrashError(this.calls);
  }
}
