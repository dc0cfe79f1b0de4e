/** Worklog list state (pure). */
import type { TimerView, WorklogView } from '../../domain/contract';

export interface TimeState {
  readonly timer: TimerView | null;
  readonly worklogs: readonly WorklogView[];
  readonly totalLoggedSeconds: number;
}

/** Adds or replaces a worklog and keeps the total in step. */
export function withWorklog(state: TimeState, worklog: WorklogView): TimeState {
  const old = state.worklogs.find((w) => w.id === worklog.id);
  const worklogs = old
    ? state.worklogs.map((w) => (w.id === worklog.id ? worklog : w))
    : [worklog, ...state.worklogs];
  return {
    ...state,
    worklogs,
    totalLoggedSeconds: state.totalLoggedSeconds - (old?.timeSpentSeconds ?? 0) + worklog.timeSpentSeconds,
  };
}

export function withoutWorklog(state: TimeState, id: string): TimeState {
  const old = state.worklogs.find((w) => w.id === id);
  return {
    ...state,
    worklogs: state.worklogs.filter((w) => w.id !== id),
    totalLoggedSeconds: state.totalLoggedSeconds - (old?.timeSpentSeconds ?? 0),
  };
}
