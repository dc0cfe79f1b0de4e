import { type JiraDurationOptions, parseJiraDuration } from '@suite/sanitize';

/** The site's time-tracking settings (`GET /rest/api/3/configuration`). */
export interface TimeTrackingConfig {
  readonly enabled: boolean;
  readonly hoursPerDay: number;
  readonly daysPerWeek: number;
}

export const DEFAULT_TIME_TRACKING: TimeTrackingConfig = { enabled: true, hoursPerDay: 8, daysPerWeek: 5 };

/** Reads Jira's configuration answer; anything missing or odd falls back to Jira's defaults (8 h, 5 d). */
export function timeTrackingFrom(body: unknown): TimeTrackingConfig {
  const record = (v: unknown): Record<string, unknown> =>
    typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
  const root = record(body);
  const tt = record(root.timeTrackingConfiguration);
  const num = (v: unknown, max: number, fallback: number) =>
    typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= max ? v : fallback;
  return {
    enabled: root.timeTrackingEnabled !== false,
    hoursPerDay: num(tt.workingHoursPerDay, 24, 8),
    daysPerWeek: num(tt.workingDaysPerWeek, 7, 5),
  };
}

export function durationOptions(config: TimeTrackingConfig): JiraDurationOptions {
  return { hoursPerDay: config.hoursPerDay, daysPerWeek: config.daysPerWeek };
}

/** "1h 30m", "1d" … in seconds, with the site's working day and week. Throws SanitizeError. */
export function parseDuration(text: string, config: TimeTrackingConfig): number {
  return parseJiraDuration(text, durationOptions(config));
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

/**
 * Jira's worklog `started` format, exactly `yyyy-MM-dd'T'HH:mm:ss.SSS±hhmm` (milliseconds, no colon in the offset;
 * `Z` and `+00:00` are refused by Jira). `offsetMinutes` is east of UTC (default 0).
 */
export function formatWorklogStarted(instant: Date, offsetMinutes = 0): string {
  if (Number.isNaN(instant.getTime())) throw new RangeError('Invalid date');
  const local = new Date(instant.getTime() + offsetMinutes * 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return (
    `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
    `.${pad(local.getUTCMilliseconds(), 3)}${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`
  );
}

const OFFSET = /(Z|([+-])(\d{2}):?(\d{2}))$/;

/**
 * An ISO 8601 date-time with offset (as validated by `isoDateTime`) in Jira's `started` format, keeping the
 * offset the agent gave so the worklog shows the wall-clock time they meant.
 */
export function isoToWorklogStarted(iso: string): string {
  const instant = new Date(iso);
  const m = OFFSET.exec(iso);
  let offset = 0;
  if (m && m[1] !== 'Z') {
    offset = (Number(m[3]) * 60 + Number(m[4])) * (m[2] === '-' ? -1 : 1);
  }
  // `Date` does not parse `+hhmm` without a colon: normalise first.
  if (Number.isNaN(instant.getTime()) && m && m[1] !== 'Z') {
    const fixed = `${iso.slice(0, iso.length - m[0].length)}${m[2]}${m[3]}:${m[4]}`;
    return formatWorklogStarted(new Date(fixed), offset);
  }
  return formatWorklogStarted(instant, offset);
}
