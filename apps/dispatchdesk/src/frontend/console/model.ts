/**
 * Pure console logic (no DOM, no bridge): filters, sorting, colours, distances and the text helpers the console
 * uses. Unit-tested in `test/ui-console-model.test.ts`.
 */
import type { LatLng, Phase, SlaState, TechnicianView, TicketView } from '../../domain/contract';

export const PHASES: readonly Phase[] = ['planned', 'assigned', 'travelling', 'on-site', 'paused', 'done'];
export const PHASE_LABEL: Readonly<Record<Phase, string>> = {
  planned: 'Planned',
  assigned: 'Assigned',
  travelling: 'Travelling',
  'on-site': 'On site',
  paused: 'Paused',
  done: 'Done',
};
export const SLA_LABEL: Readonly<Record<SlaState, string>> = {
  ok: 'SLA ok',
  'at-risk': 'SLA at risk',
  breached: 'SLA breached',
};
/** Colours are also in console.css (classes); these are for vector markers, which take colours as options. */
export const SLA_COLOR: Readonly<Record<SlaState, string>> = {
  ok: '#1f845a',
  'at-risk': '#d97008',
  breached: '#c9372c',
};
export const PHASE_COLOR: Readonly<Record<Phase, string>> = {
  planned: '#626f86',
  assigned: '#0c66e4',
  travelling: '#6e5dc6',
  'on-site': '#227d9b',
  paused: '#b65c02',
  done: '#4c6b1f',
};

export const SLA_RANK: Readonly<Record<SlaState, number>> = { ok: 0, 'at-risk': 1, breached: 2 };
export const SLA_BY_RANK: readonly SlaState[] = ['ok', 'at-risk', 'breached'];

const PRIORITY_RANK: Readonly<Record<string, number>> = {
  highest: 0,
  blocker: 0,
  critical: 0,
  high: 1,
  major: 1,
  medium: 2,
  low: 3,
  minor: 3,
  lowest: 4,
  trivial: 4,
};
export function priorityRank(priority: string | null): number {
  if (!priority) return 5;
  return PRIORITY_RANK[priority.toLowerCase()] ?? 5;
}

export type SortKey = 'priority' | 'sla' | 'age';

export interface Filters {
  readonly text: string;
  readonly project: string;
  readonly status: string;
  readonly requestType: string;
  readonly priority: string;
  readonly skill: string;
  readonly phase: string;
}
export const NO_FILTERS: Filters = {
  text: '',
  project: '',
  status: '',
  requestType: '',
  priority: '',
  skill: '',
  phase: '',
};

export function activeFilterCount(filters: Filters): number {
  return Object.values(filters).filter((v) => v !== '').length;
}

export function matches(ticket: TicketView, f: Filters): boolean {
  if (f.project && ticket.projectKey !== f.project) return false;
  if (f.status && ticket.status.name !== f.status) return false;
  if (f.requestType && (ticket.requestType ?? '') !== f.requestType) return false;
  if (f.priority && (ticket.priority ?? '') !== f.priority) return false;
  if (f.skill && (ticket.requiredSkill ?? '') !== f.skill) return false;
  if (f.phase && ticket.phase !== f.phase) return false;
  if (f.text) {
    const q = f.text.trim().toLowerCase();
    // An exact issue key ("FS-3") finds that ticket only, not FS-30…FS-399.
    if (/^[a-z][a-z0-9_]*-\d+$/.test(q)) return ticket.key.toLowerCase() === q;
    if (!ticket.key.toLowerCase().includes(q) && !ticket.summary.toLowerCase().includes(q)) return false;
  }
  return true;
}

function slaMinutes(t: TicketView): number {
  if (t.slaMinutesLeft !== null) return t.slaMinutesLeft;
  // Unknown time left: order by state, after every ticket with a known clock in the same state.
  return t.sla === 'breached' ? 0 : t.sla === 'at-risk' ? 1e6 : 1e9;
}

const createdMs = new WeakMap<TicketView, number>();
/** `Date.parse(created)`, once per ticket object (sorting 10,000 tickets compares ~140,000 times). */
function created(t: TicketView): number {
  let ms = createdMs.get(t);
  if (ms === undefined) {
    ms = Date.parse(t.created);
    createdMs.set(t, ms);
  }
  return ms;
}

/** Unassigned first, then the chosen order; ties broken by SLA, then age, then key for a stable order. */
export function compareTickets(sort: SortKey): (a: TicketView, b: TicketView) => number {
  return (a, b) => {
    const ua = a.assignee ? 1 : 0;
    const ub = b.assignee ? 1 : 0;
    if (ua !== ub) return ua - ub;
    let d = 0;
    if (sort === 'priority') d = priorityRank(a.priority) - priorityRank(b.priority);
    else if (sort === 'sla') d = slaMinutes(a) - slaMinutes(b);
    else d = created(a) - created(b);
    if (d !== 0) return d;
    d = SLA_RANK[b.sla] - SLA_RANK[a.sla];
    if (d !== 0) return d;
    d = slaMinutes(a) - slaMinutes(b);
    if (d !== 0) return d;
    d = created(a) - created(b);
    if (d !== 0) return d;
    return a.key.localeCompare(b.key, 'en', { numeric: true });
  };
}

export function filterAndSort(tickets: readonly TicketView[], f: Filters, sort: SortKey): TicketView[] {
  return tickets.filter((t) => matches(t, f)).sort(compareTickets(sort));
}

/** Distinct, sorted values for a filter's options. */
export function optionsOf(tickets: readonly TicketView[], pick: (t: TicketView) => string | null): string[] {
  const set = new Set<string>();
  for (const t of tickets) {
    const v = pick(t);
    if (v) set.add(v);
  }
  return [...set].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

export function worstSla(tickets: readonly TicketView[]): SlaState {
  let rank = 0;
  for (const t of tickets) rank = Math.max(rank, SLA_RANK[t.sla]);
  return SLA_BY_RANK[rank] ?? 'ok';
}

const R_KM = 6371.0088;
export function distanceKm(a: LatLng, b: LatLng): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * R_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

export function formatKm(km: number): string {
  return km < 10 ? `${km.toFixed(1)} km` : `${Math.round(km)} km`;
}

/**
 * Initials for a marker, from a safe alphabet only (A–Z, 0–9, at most 3). Marker icons never carry other user
 * text; the element is filled with `textContent` anyway.
 */
export function safeInitials(initials: string, displayName = ''): string {
  const clean = (s: string) =>
    s
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, '');
  const fromInitials = clean(initials).slice(0, 3);
  if (fromInitials) return fromInitials;
  const fromName = displayName
    .split(/\s+/)
    .map((w) => clean(w).slice(0, 1))
    .join('')
    .slice(0, 3);
  return fromName || '?';
}

/** "12m", "3h 5m", "2d 4h" (absolute; the caller says "left" or "over"). */
export function formatDuration(minutes: number): string {
  const m = Math.abs(Math.round(minutes));
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h}h ${m % 60}m` : `${h}h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d}d ${h % 24}h` : `${d}d`;
}

export function slaText(t: TicketView): string {
  if (t.slaMinutesLeft === null) return SLA_LABEL[t.sla];
  if (t.slaMinutesLeft < 0) return `Breached ${formatDuration(t.slaMinutesLeft)} ago`;
  return `${formatDuration(t.slaMinutesLeft)} left`;
}

export function ageText(created: string, now: number): string {
  const at = Date.parse(created);
  if (Number.isNaN(at)) return '';
  return `${formatDuration((now - at) / 60_000)} old`;
}

export function canAssign(roles: readonly string[]): boolean {
  return roles.includes('dispatcher') || roles.includes('app-admin');
}

export interface Summary {
  readonly open: number;
  readonly unassigned: number;
  readonly breached: number;
  readonly atRisk: number;
  readonly available: number;
  readonly technicians: number;
}
export function summarize(tickets: readonly TicketView[], technicians: readonly TechnicianView[]): Summary {
  let unassigned = 0;
  let breached = 0;
  let atRisk = 0;
  for (const t of tickets) {
    if (!t.assignee) unassigned++;
    if (t.sla === 'breached') breached++;
    else if (t.sla === 'at-risk') atRisk++;
  }
  return {
    open: tickets.length,
    unassigned,
    breached,
    atRisk,
    available: technicians.filter((t) => t.availableNow).length,
    technicians: technicians.length,
  };
}
