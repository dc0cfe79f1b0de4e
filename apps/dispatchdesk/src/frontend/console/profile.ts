/**
 * Pure logic behind "My work" and the technician profile editor (no DOM, no bridge): the form state of a profile,
 * turning it back into what `saveTechnician` takes, the caller's own tickets, and which travel buttons a ticket
 * offers. Unit-tested in `test/ui-console-model.test.ts`.
 */
import type { ConsoleData, Phase, TechnicianProfile, TicketView } from '../../domain/contract';

export type DayKey = '0' | '1' | '2' | '3' | '4' | '5' | '6';
/** Monday first, as a working week reads. */
export const WEEK: readonly { key: DayKey; label: string }[] = [
  { key: '1', label: 'Monday' },
  { key: '2', label: 'Tuesday' },
  { key: '3', label: 'Wednesday' },
  { key: '4', label: 'Thursday' },
  { key: '5', label: 'Friday' },
  { key: '6', label: 'Saturday' },
  { key: '0', label: 'Sunday' },
];

export interface DayForm {
  readonly working: boolean;
  readonly start: string;
  readonly end: string;
}

export interface TimeOffForm {
  readonly start: string;
  readonly end: string;
  readonly reason: string;
}

export interface ProfileForm {
  readonly timeZone: string;
  readonly days: Readonly<Record<DayKey, DayForm>>;
  readonly timeOff: readonly TimeOffForm[];
  /** Comma-separated (dispatchers edit it; technicians see it read-only). */
  readonly skills: string;
  readonly homeName: string;
  readonly homeLat: string;
  readonly homeLng: string;
}

export function toForm(p: TechnicianProfile): ProfileForm {
  const days = {} as Record<DayKey, DayForm>;
  for (const { key } of WEEK) {
    const h = p.hours[key];
    days[key] = h
      ? { working: true, start: h.start, end: h.end }
      : { working: false, start: '08:00', end: '16:00' };
  }
  return {
    timeZone: p.timeZone,
    days,
    timeOff: p.timeOff.map((t) => ({ start: t.start, end: t.end, reason: t.reason ?? '' })),
    skills: p.skills.join(', '),
    homeName: p.homeBase.name,
    homeLat: String(p.homeBase.lat),
    homeLng: String(p.homeBase.lng),
  };
}

/** Skills as typed: comma-separated, trimmed, empty ones dropped. */
export function parseSkills(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * The `saveTechnician` payload: the form's availability (and, for dispatchers, skills) on top of the loaded
 * profile. Skills stay as loaded unless `editSkills`; the manual position is the latest the server gave (it is set
 * and cleared with `setPosition`). Home base coordinates that are not numbers are sent as they are parsed (NaN
 * becomes null in JSON) so the server refuses them naming the field.
 */
export function fromForm(base: TechnicianProfile, form: ProfileForm, editSkills: boolean): TechnicianProfile {
  const hours: Partial<Record<DayKey, { start: string; end: string }>> = {};
  for (const { key } of WEEK) {
    const d = form.days[key];
    if (d.working) hours[key] = { start: d.start, end: d.end };
  }
  const num = (s: string): number => (s.trim() === '' ? Number.NaN : Number(s));
  return {
    accountId: base.accountId,
    skills: editSkills ? parseSkills(form.skills) : [...base.skills],
    homeBase: { name: form.homeName.trim(), lat: num(form.homeLat), lng: num(form.homeLng) },
    timeZone: form.timeZone,
    hours,
    timeOff: form.timeOff.map((t) => ({
      start: t.start,
      end: t.end,
      ...(t.reason.trim() ? { reason: t.reason.trim() } : {}),
    })),
    manualPosition: base.manualPosition,
    ...(base.lastOnSite !== undefined ? { lastOnSite: base.lastOnSite } : {}),
  };
}

/** A new time off entry from the add form, or why not (dates are whole local days). */
export function newTimeOff(start: string, end: string, reason: string): TimeOffForm | string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(start)) return 'Choose the first day off.';
  const last = end || start;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(last)) return 'Choose the last day off.';
  if (last < start) return 'The last day off must not be before the first.';
  return { start, end: last, reason: reason.trim().slice(0, 80) };
}

/** "24 Dec 2099 – 26 Dec 2099" for dates; date-times as they are. */
export function timeOffText(t: { start: string; end: string }): string {
  const day = (s: string) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return s;
    const d = new Date(`${s}T12:00:00Z`);
    return d.toLocaleDateString('en-GB', {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      timeZone: 'UTC',
    });
  };
  return t.start === t.end ? day(t.start) : `${day(t.start)} – ${day(t.end)}`;
}

/** Open tickets assigned to this person, located or not, most urgent SLA first. */
export function myTickets(data: Pick<ConsoleData, 'tickets' | 'unlocated'>, accountId: string): TicketView[] {
  const mine = [...data.tickets, ...data.unlocated].filter((t) => t.assignee?.accountId === accountId);
  const left = (t: TicketView) => t.slaMinutesLeft ?? Number.POSITIVE_INFINITY;
  return mine.sort((a, b) => left(a) - left(b) || a.key.localeCompare(b.key, 'en', { numeric: true }));
}

const TRAVEL_FROM: ReadonlySet<Phase> = new Set(['planned', 'assigned', 'paused']);
const ARRIVE_FROM: ReadonlySet<Phase> = new Set(['planned', 'assigned', 'travelling', 'paused']);

/** Which travel buttons a ticket offers (Jira's workflow has the last word; the server says when it refuses). */
export function travelActions(ticket: TicketView): { startTravel: boolean; arrive: boolean } {
  if (!ticket.assignee) return { startTravel: false, arrive: false };
  return { startTravel: TRAVEL_FROM.has(ticket.phase), arrive: ARRIVE_FROM.has(ticket.phase) };
}

/** The IANA zones to offer (the browser's list), always including the current one. */
export function timeZones(current: string): string[] {
  let zones: string[] = [];
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch {
    zones = [];
  }
  return zones.includes(current) ? zones : [current, ...zones];
}
