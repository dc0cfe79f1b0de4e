import { createHash } from 'node:crypto';
import { updateVersioned } from '@suite/storage';
import { auditKey } from './audit';
import type { KeyValueStore } from './store';

/** Ten minutes: denied attempts add at most one audit entry per actor and action in each window. */
export const DENIAL_WINDOW_MS = 600_000;

/** Callers with no account id we can trust (anonymous, no or malformed context) share one bucket per action. */
export const ANONYMOUS_ACTOR = 'anonymous';

const ACCOUNT_ID = /^[A-Za-z0-9:_-]{1,128}$/;

export interface DeniedAttempt {
  /** The caller's account id from the invocation context; anything else is bucketed as anonymous. */
  readonly actor: string | undefined;
  /** A name the app defines (resolver name), never caller-chosen text: it keys the bucket. */
  readonly action: string;
  readonly reason: string;
}

/** The aggregate entry: the first attempt's reason, and how many attempts the window has seen. */
export interface DeniedAggregate {
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly outcome: 'denied';
  readonly reason: string;
  readonly count: number;
  readonly firstAt: string;
  readonly lastAt: string;
  readonly windowEnds: string;
}

export const bucketActor = (actor: string | undefined): string =>
  actor && ACCOUNT_ID.test(actor) && actor !== 'unknown' ? actor : ANONYMOUS_ACTOR;

/**
 * The one key an actor + action has in a window, so repeated attempts update it instead of adding entries. It sorts
 * at the window's last millisecond: its latest attempt may come at any time in the window, so the log (newest first)
 * shows it above the window's other entries.
 */
export function deniedKey(actor: string, action: string, at: Date): string {
  const last = new Date((Math.floor(at.getTime() / DENIAL_WINDOW_MS) + 1) * DENIAL_WINDOW_MS - 1);
  const id = createHash('sha256').update(`${actor}\u0000${action}`).digest('hex').slice(0, 24);
  return auditKey(last, `denied-${id}`);
}

/**
 * Counts a denied attempt in its window's aggregate entry, by compare-and-set on the entry (a versioned record at
 * its audit key), so concurrent denials each add one. This is the only audit entry that is ever updated; change
 * entries stay create-only. Throws when the entry stays contended past the retries; callers log and carry on,
 * since the denial stands either way.
 */
export async function recordDenied(
  store: KeyValueStore,
  attempt: DeniedAttempt,
  now: () => Date = () => new Date(),
): Promise<void> {
  const at = now();
  const actor = bucketActor(attempt.actor);
  const key = deniedKey(actor, attempt.action, at);
  const start = Math.floor(at.getTime() / DENIAL_WINDOW_MS) * DENIAL_WINDOW_MS;
  const iso = at.toISOString();
  await updateVersioned(
    store.versioned,
    key,
    (current) => {
      const previous = current as Partial<DeniedAggregate> | undefined;
      if (previous && typeof previous.count === 'number') {
        return { ...previous, count: previous.count + 1, lastAt: iso };
      }
      return {
        at: iso,
        actor,
        action: attempt.action,
        outcome: 'denied',
        reason: attempt.reason,
        count: 1,
        firstAt: iso,
        lastAt: iso,
        windowEnds: new Date(start + DENIAL_WINDOW_MS).toISOString(),
      } satisfies DeniedAggregate;
    },
    // Many denials at once (a script hammering a resolver) contend for one record: enough retries that each lands.
    { attempts: 60, backoff: (n) => Math.random() * Math.min(250, 5 * 2 ** n) },
  );
}
