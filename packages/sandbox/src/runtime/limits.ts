/**
 * Platform limits the sandbox enforces, with where each number comes from (Forge "Invocation limits" and
 * "Platform quotas and limits" pages, as recorded in shared/reference/forge-platform.md §6 and §8).
 */
export const LIMITS = {
  /** UI resolver invocations (UI Kit and Custom UI `invoke`). */
  resolverTimeoutMs: 25_000,
  /** Web triggers. */
  webTriggerTimeoutMs: 55_000,
  /** Consumers and scheduled triggers without `timeoutSeconds`. */
  defaultAsyncTimeoutMs: 55_000,
  /** Upper bound for `timeoutSeconds` on a function module. */
  maxTimeoutSeconds: 900,
  /** Frontend `invoke` request payload. */
  invokeRequestBytes: 500 * 1024,
  /** Any invocation's response (and a web trigger's request/response). */
  invocationPayloadBytes: 5 * 1024 * 1024,
  /** Async events: per push request. */
  eventsPerPush: 50,
  eventPushBytes: 200 * 1024,
  eventMaxDelaySeconds: 900,
  /** Forge retries a failing async event up to this many times. */
  eventMaxRetries: 4,
  /** Scheduled trigger intervals. */
  scheduleIntervalsMs: {
    fiveMinute: 5 * 60_000,
    hour: 60 * 60_000,
    day: 24 * 60 * 60_000,
    week: 7 * 24 * 60 * 60_000,
  } as Record<string, number>,
};

export function byteLength(value: unknown): number {
  if (value === undefined) return 0;
  return Buffer.byteLength(typeof value === 'string' ? value : JSON.stringify(value), 'utf8');
}
