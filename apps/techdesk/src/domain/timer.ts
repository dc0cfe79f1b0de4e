/**
 * The per-agent timer as a pure state machine. One agent has at most one running timer (stored under their
 * account id); every transition returns the next state and, when a timer stops, the work to log in Jira.
 *
 * Automatic timer (the admin marks statuses "active" per project):
 * - it is evaluated when the agent opens the panel (`getPanel`) and after the agent transitions or assigns the
 *   ticket through TechDesk;
 * - it starts when the ticket is in an active status, is assigned to the agent, and the agent has no timer running
 *   (it never replaces a timer the agent started by hand, nor one on another ticket);
 * - it stops (and logs) when its ticket is no longer in an active status or no longer assigned to the agent. If
 *   Jira's changelog says when the ticket left the active status, the work is logged up to that moment rather than
 *   up to when the agent next looked.
 */

export interface StoredTimer {
  readonly issueKey: string;
  readonly issueId: string;
  /** ISO 8601 (UTC). */
  readonly startedAt: string;
  readonly automatic: boolean;
}

/** Work to log in Jira for a stopped timer. */
export interface WorkToLog {
  readonly issueKey: string;
  readonly startedAt: string;
  readonly seconds: number;
}

export interface TimerTransition {
  readonly next: StoredTimer | null;
  readonly log: WorkToLog | null;
}

const MINUTE = 60;

/**
 * Elapsed time as Jira worklog seconds: rounded to the nearest whole minute, at least one minute (a timer that ran
 * 10 seconds still logs 1m, because Jira refuses a zero worklog and the agent did start work).
 */
export function loggedSeconds(elapsedMs: number): number {
  const minutes = Math.round(Math.max(0, elapsedMs) / 60_000);
  return Math.max(1, minutes) * MINUTE;
}

function stopAt(timer: StoredTimer, at: Date): WorkToLog {
  return {
    issueKey: timer.issueKey,
    startedAt: timer.startedAt,
    seconds: loggedSeconds(at.getTime() - Date.parse(timer.startedAt)),
  };
}

/**
 * Starts a timer on a ticket. A timer already running on the same ticket keeps running (and becomes manual when
 * the agent starts it by hand); one on another ticket is stopped and its work logged.
 */
export function startTimer(
  current: StoredTimer | null,
  issue: { key: string; id: string },
  now: Date,
  automatic = false,
): TimerTransition {
  if (current && current.issueKey === issue.key) {
    return { next: current.automatic && !automatic ? { ...current, automatic: false } : current, log: null };
  }
  return {
    next: { issueKey: issue.key, issueId: issue.id, startedAt: now.toISOString(), automatic },
    log: current ? stopAt(current, now) : null,
  };
}

export class TimerError extends Error {
  constructor(
    readonly reason: 'not-running' | 'other-ticket',
    message: string,
  ) {
    super(message);
    this.name = 'TimerError';
  }
}

/** Stops the agent's timer on this ticket; throws {@link TimerError} when no timer runs here. */
export function stopTimer(current: StoredTimer | null, issueKey: string, now: Date): TimerTransition {
  if (!current) throw new TimerError('not-running', 'No timer is running.');
  if (current.issueKey !== issueKey) {
    throw new TimerError('other-ticket', `Your timer is running on ${current.issueKey}, not on this ticket.`);
  }
  return { next: null, log: stopAt(current, now) };
}

export interface AutoTimerInput {
  readonly timer: StoredTimer | null;
  readonly issue: {
    readonly key: string;
    readonly id: string;
    readonly statusId: string;
    readonly assigneeAccountId: string | null;
  };
  readonly agentAccountId: string;
  readonly activeStatusIds: readonly string[];
  readonly now: Date;
  /** When the ticket last moved into a non-active status (from Jira's changelog), if known. */
  readonly leftActiveAt?: Date | undefined;
}

export type AutoTimerDecision =
  | { readonly action: 'none' }
  | { readonly action: 'start'; readonly transition: TimerTransition }
  | { readonly action: 'stop'; readonly transition: TimerTransition };

export function autoTimer(input: AutoTimerInput): AutoTimerDecision {
  const { timer, issue, activeStatusIds, now } = input;
  const active = activeStatusIds.includes(issue.statusId);
  const mine = issue.assigneeAccountId === input.agentAccountId;
  if (timer?.automatic && timer.issueKey === issue.key && !(active && mine)) {
    const started = Date.parse(timer.startedAt);
    const left = input.leftActiveAt?.getTime();
    const end = left !== undefined && left >= started && left <= now.getTime() ? new Date(left) : now;
    return { action: 'stop', transition: { next: null, log: stopAt(timer, end) } };
  }
  if (!timer && active && mine && activeStatusIds.length > 0) {
    return { action: 'start', transition: startTimer(null, issue, now, true) };
  }
  return { action: 'none' };
}
