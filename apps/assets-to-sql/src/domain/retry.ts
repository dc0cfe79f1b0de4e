/**
 * Retry policy for rate-limited or overloaded product calls (reference §5): honour `Retry-After` when present,
 * otherwise exponential backoff (1 s, 2 s, 4 s … capped at 30 s) with a 0.7–1.3 jitter multiplier; never wait past
 * the invocation's deadline.
 */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 503]);
export const MAX_ATTEMPTS = 8;

/** `Retry-After` as seconds or an HTTP date; undefined when absent or unusable. */
export function parseRetryAfter(header: string | null | undefined, now: number): number | undefined {
  if (header === null || header === undefined || header.trim() === '') return undefined;
  const text = header.trim();
  if (/^\d{1,6}$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Milliseconds to wait before retry number `attempt` (0-based). */
export function retryDelayMs(
  attempt: number,
  retryAfterMs: number | undefined,
  random: () => number,
): number {
  const jitter = 0.7 + random() * 0.6;
  if (retryAfterMs !== undefined) return Math.ceil(retryAfterMs * (1 + (jitter - 0.7) / 3));
  return Math.ceil(Math.min(30_000, 1000 * 2 ** attempt) * jitter);
}
