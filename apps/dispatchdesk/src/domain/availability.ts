/**
 * "Is this technician available now?" across time zones and daylight-saving changes, with no dependency:
 * everything goes through `Intl.DateTimeFormat` with the technician's IANA `timeZone`.
 *
 * Working hours are wall-clock times in the technician's own zone (08:00–16:30 stays 08:00–16:30 local on the
 * day the clocks change, even though that day is 23 or 25 hours long). A shift whose end is not after its start
 * runs overnight into the next day (22:00–06:00). Time off entries are either ISO date-times with an offset
 * (exact instants) or dates `YYYY-MM-DD`, which mean whole local days (start date 00:00 → the day after the end
 * date 00:00, local), so a day off on a DST day is exactly that local day.
 */
import type { TechnicianProfile } from './contract';

export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;
const WEEKDAYS: Record<string, Weekday> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MINUTE = 60_000;
const DAY_MS = 86_400_000;

export interface LocalParts {
  /** `YYYY-MM-DD` in the zone. */
  readonly date: string;
  readonly weekday: Weekday;
  /** Minutes since local midnight (0…1439). */
  readonly minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when `Intl` knows the zone. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock date, weekday and minute of an instant in a zone. */
export function localParts(instantMs: number, timeZone: string): LocalParts {
  let year = '';
  let month = '';
  let day = '';
  let hour = 0;
  let minute = 0;
  let weekday: Weekday = 0;
  for (const part of formatter(timeZone).formatToParts(new Date(instantMs))) {
    switch (part.type) {
      case 'year':
        year = part.value;
        break;
      case 'month':
        month = part.value;
        break;
      case 'day':
        day = part.value;
        break;
      case 'hour':
        hour = Number(part.value) % 24;
        break;
      case 'minute':
        minute = Number(part.value);
        break;
      case 'weekday':
        weekday = WEEKDAYS[part.value] ?? 0;
        break;
    }
  }
  return { date: `${year}-${month}-${day}`, weekday, minutes: hour * 60 + minute };
}

function civilMs(date: string, minutes: number): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) + minutes * MINUTE;
}

/** `date` plus `days` calendar days. */
export function addDays(date: string, days: number): string {
  return new Date(civilMs(date, 0) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The zone's offset from UTC (ms) at an instant. */
function offsetAt(instantMs: number, timeZone: string): number {
  const p = localParts(instantMs, timeZone);
  return civilMs(p.date, p.minutes) - Math.floor(instantMs / MINUTE) * MINUTE;
}

/**
 * The instant at which the zone's clocks show `date` `minutes`. A time skipped by a spring-forward change maps
 * to the instant just after the gap (01:30 on the London spring day → 02:30 BST); a time repeated in autumn maps
 * to its first occurrence.
 */
export function zonedTimeToUtc(date: string, minutes: number, timeZone: string): number {
  const guess = civilMs(date, minutes);
  const offsets = [offsetAt(guess - DAY_MS / 2, timeZone), offsetAt(guess + DAY_MS / 2, timeZone)];
  const candidates = offsets.map((o) => guess - o);
  const shows = candidates.filter((c) => {
    const p = localParts(c, timeZone);
    return p.date === date && p.minutes === minutes;
  });
  return shows.length > 0 ? Math.min(...shows) : Math.max(...candidates);
}

export function parseTimeOfDay(text: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(text);
  if (!m) throw new Error('Expected HH:mm');
  return Number(m[1]) * 60 + Number(m[2]);
}

function formatMinutes(minutes: number): string {
  const h = Math.floor(minutes / 60) % 24;
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A time off entry as an instant range [start, end). Dates are whole local days in the technician's zone. */
export function timeOffRange(
  entry: { readonly start: string; readonly end: string },
  timeZone: string,
): { start: number; end: number } {
  const start = DATE_ONLY.test(entry.start)
    ? zonedTimeToUtc(entry.start, 0, timeZone)
    : Date.parse(entry.start);
  const end = DATE_ONLY.test(entry.end)
    ? zonedTimeToUtc(addDays(entry.end, 1), 0, timeZone)
    : Date.parse(entry.end);
  return { start, end };
}

type Hours = TechnicianProfile['hours'];

function shiftOn(hours: Hours, weekday: number): { start: number; end: number } | null {
  const h = hours[String(weekday) as keyof Hours];
  if (!h) return null;
  return { start: parseTimeOfDay(h.start), end: parseTimeOfDay(h.end) };
}

export interface Availability {
  readonly availableNow: boolean;
  readonly onShift: boolean;
  readonly onTimeOff: boolean;
  /** E.g. "On shift until 17:00 (Europe/London)", "Off today (time off)". */
  readonly text: string;
}

type AvailabilityInput = Pick<TechnicianProfile, 'timeZone' | 'hours' | 'timeOff'>;

/** Whether the technician is working at `nowMs` (on shift and not on time off), and why, in words. */
export function availabilityAt(profile: AvailabilityInput, nowMs: number): Availability {
  const tz = profile.timeZone;
  const here = localParts(nowMs, tz);

  for (const entry of profile.timeOff) {
    const range = timeOffRange(entry, tz);
    if (range.start <= nowMs && nowMs < range.end) {
      const endOfToday = zonedTimeToUtc(addDays(here.date, 1), 0, tz);
      if (range.end >= endOfToday) {
        return { availableNow: false, onShift: false, onTimeOff: true, text: 'Off today (time off)' };
      }
      const until = localParts(range.end, tz);
      return {
        availableNow: false,
        onShift: false,
        onTimeOff: true,
        text: `On time off until ${formatMinutes(until.minutes)} (${tz})`,
      };
    }
  }

  const today = shiftOn(profile.hours, here.weekday);
  if (today && today.start < today.end && here.minutes >= today.start && here.minutes < today.end) {
    return onShift(`On shift until ${formatMinutes(today.end)} (${tz})`);
  }
  if (today && today.end <= today.start && here.minutes >= today.start) {
    return onShift(`On shift until ${formatMinutes(today.end)} tomorrow (${tz})`);
  }
  const yesterday = shiftOn(profile.hours, (here.weekday + 6) % 7);
  if (yesterday && yesterday.end <= yesterday.start && here.minutes < yesterday.end) {
    return onShift(`On shift until ${formatMinutes(yesterday.end)} (${tz})`);
  }

  for (let d = 0; d <= 7; d++) {
    const weekday = (here.weekday + d) % 7;
    const shift = shiftOn(profile.hours, weekday);
    if (!shift || (d === 0 && shift.start <= here.minutes)) continue;
    const when = d === 0 ? 'today' : d === 1 ? 'tomorrow' : (DAY_NAMES[weekday] as string);
    return {
      availableNow: false,
      onShift: false,
      onTimeOff: false,
      text: `Off shift — next shift ${when} ${formatMinutes(shift.start)} (${tz})`,
    };
  }
  return { availableNow: false, onShift: false, onTimeOff: false, text: 'No working hours set' };
}

function onShift(text: string): Availability {
  return { availableNow: true, onShift: true, onTimeOff: false, text };
}

/** Drops time off that ended more than a day before `nowMs` (kept small: profiles share KVS keys). */
export function pruneTimeOff<T extends { readonly start: string; readonly end: string }>(
  entries: readonly T[],
  timeZone: string,
  nowMs: number,
): T[] {
  return entries.filter((e) => timeOffRange(e, timeZone).end > nowMs - DAY_MS);
}
