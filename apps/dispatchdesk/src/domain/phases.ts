/**
 * Dispatch phases: the admin maps every status of the configured projects to a phase. A ticket in a status
 * mapped to `planned` that already has an assignee is shown as `assigned` (the person is chosen, the visit is
 * not under way yet); every other phase comes from the status alone. Unmapped statuses fall back to their
 * Jira status category (new → planned, done → done, in progress → assigned) and are listed by the health check.
 */
import type { Phase } from './contract';

export const PHASES: readonly Phase[] = ['planned', 'assigned', 'travelling', 'on-site', 'paused', 'done'];

/** Jira status category keys (`statusCategory.key`). */
export type StatusCategoryKey = 'new' | 'indeterminate' | 'done' | string;

export function fallbackPhase(category: StatusCategoryKey): Phase {
  if (category === 'done') return 'done';
  if (category === 'new') return 'planned';
  return 'assigned';
}

/** A first proposal for the admin from a status's name and category; they confirm or change it. */
export function suggestPhase(name: string, category: StatusCategoryKey): Phase {
  if (category === 'done') return 'done';
  const n = name.toLowerCase();
  if (/on[\s-]?site|arrived|at location/.test(n)) return 'on-site';
  if (/travel|en route|on the way|driving/.test(n)) return 'travelling';
  if (/wait|pending|hold|paus|blocked|parts/.test(n)) return 'paused';
  if (/dispatch|assigned|scheduled/.test(n)) return 'assigned';
  if (/progress|working|repair/.test(n)) return 'on-site';
  return category === 'new' ? 'planned' : 'assigned';
}

export function phaseOf(
  status: { readonly id: string; readonly category: StatusCategoryKey },
  hasAssignee: boolean,
  phaseByStatus: Readonly<Record<string, Phase>>,
): Phase {
  const mapped = phaseByStatus[status.id] ?? fallbackPhase(status.category);
  return mapped === 'planned' && hasAssignee ? 'assigned' : mapped;
}

/** Statuses of the configured projects that have no phase yet. */
export function unmappedStatuses<S extends { readonly id: string }>(
  statuses: readonly S[],
  phaseByStatus: Readonly<Record<string, Phase>>,
): S[] {
  return statuses.filter((s) => phaseByStatus[s.id] === undefined);
}

/** The most "advanced" phase among a technician's open tickets (what they are doing now), or null. */
export function currentPhase(phases: readonly Phase[]): Phase | null {
  const order: readonly Phase[] = ['on-site', 'travelling', 'assigned', 'paused', 'planned'];
  for (const p of order) if (phases.includes(p)) return p;
  return null;
}
