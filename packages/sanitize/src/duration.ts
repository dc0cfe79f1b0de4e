import { SanitizeError } from './errors';

/**
 * Jira time-tracking durations ("1w 2d 3h 30m", "1:15").
 *
 * Accepted: units w, d, h, m (case-insensitive), each at most once, largest first, spaces optional
 * ("1h30m" = "1h 30m"); w, d and h may have up to two decimals ("2.5h"), minutes are whole; or a lone
 * `h:mm` ("1:15"). Not accepted: seconds ("45s"), because Jira's time-tracking syntax has no seconds
 * unit and worklogs are shown in minutes. Weeks and days are working weeks/days, converted with the
 * site's time-tracking settings (Jira defaults: 8 hours per day, 5 days per week).
 */
export interface JiraDurationOptions {
  /** Working hours in a day (0 < n ≤ 24, default 8). */
  hoursPerDay?: number;
  /** Working days in a week (0 < n ≤ 7, default 5). */
  daysPerWeek?: number;
  /** Upper bound for the result in seconds (default 31,536,000 = 365 × 24 h). */
  maxSeconds?: number;
}

const DEFAULT_MAX_SECONDS = 365 * 24 * 3600;
/** Longer input is not a duration; the cap also bounds the work done on hostile input. */
const MAX_INPUT_LENGTH = 64;
const UNITS = ['w', 'd', 'h', 'm'] as const;
type Unit = (typeof UNITS)[number];

const HINT = 'use e.g. 1h 30m, 2d, 1:15';
const UNRECOGNISED = `Unrecognised duration: ${HINT}`;

/** One `<number><unit>` part. Sticky, anchored and without nested quantifiers: linear time. */
const PART = /\s*(\d{1,6})(?:\.(\d{1,2}))?\s*([wdhm])\s*/y;
const CLOCK = /^(\d{1,4}):([0-5]\d)$/;

/** Validates options (throws RangeError on programmer error) and derives unit sizes in seconds. */
export function resolveDurationOptions(options: JiraDurationOptions) {
  const { hoursPerDay = 8, daysPerWeek = 5, maxSeconds = DEFAULT_MAX_SECONDS } = options;
  if (!(Number.isFinite(hoursPerDay) && hoursPerDay > 0 && hoursPerDay <= 24)) {
    throw new RangeError('hoursPerDay must be greater than 0 and at most 24');
  }
  if (!(Number.isFinite(daysPerWeek) && daysPerWeek > 0 && daysPerWeek <= 7)) {
    throw new RangeError('daysPerWeek must be greater than 0 and at most 7');
  }
  if (!(Number.isSafeInteger(maxSeconds) && maxSeconds > 0)) {
    throw new RangeError('maxSeconds must be a positive integer');
  }
  const unitSeconds: Record<Unit, number> = {
    m: 60,
    h: 3600,
    d: hoursPerDay * 3600,
    w: daysPerWeek * hoursPerDay * 3600,
  };
  return { unitSeconds, maxSeconds };
}

function fail(message: string): never {
  throw new SanitizeError('invalid-duration', message);
}

/**
 * Parses a Jira duration into whole seconds (> 0 and ≤ maxSeconds). Throws {@link SanitizeError}
 * with code `invalid-duration` and a message that does not repeat the input.
 */
export function parseJiraDuration(text: unknown, options: JiraDurationOptions = {}): number {
  const { unitSeconds, maxSeconds } = resolveDurationOptions(options);
  if (typeof text !== 'string') fail(UNRECOGNISED);
  const input = text.trim().toLowerCase();
  if (input.length === 0 || input.length > MAX_INPUT_LENGTH) fail(UNRECOGNISED);

  let seconds: number;
  const clock = CLOCK.exec(input);
  if (clock) {
    seconds = Number(clock[1]) * 3600 + Number(clock[2]) * 60;
  } else {
    // Work in hundredths of a unit so "2.5h" is exact integer arithmetic until the final rounding.
    let hundredthsSeconds = 0;
    let lastUnitIndex = -1;
    PART.lastIndex = 0;
    while (PART.lastIndex < input.length) {
      const match = PART.exec(input);
      if (!match) fail(UNRECOGNISED);
      const [, whole = '', fraction = '', unit = ''] = match;
      const unitIndex = UNITS.indexOf(unit as Unit);
      if (unitIndex <= lastUnitIndex) {
        fail('Each unit (w, d, h, m) may appear at most once, largest first, e.g. 1w 2d 3h 30m');
      }
      lastUnitIndex = unitIndex;
      if (unit === 'm' && fraction !== '') fail('Minutes must be a whole number, e.g. 1h 30m');
      const hundredths = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
      hundredthsSeconds += hundredths * unitSeconds[unit as Unit];
    }
    seconds = Math.round(hundredthsSeconds / 100);
  }

  if (seconds <= 0) fail('Duration must be greater than zero');
  if (seconds > maxSeconds) fail(`Duration must be at most ${describeLimit(maxSeconds)}`);
  return seconds;
}

/** The limit in hours and minutes: unlike d/w they mean the same whatever the time-tracking settings. */
function describeLimit(maxSeconds: number): string {
  const hours = Math.floor(maxSeconds / 3600);
  const minutes = Math.floor((maxSeconds % 3600) / 60);
  const parts = [hours > 0 ? `${hours}h` : '', minutes > 0 ? `${minutes}m` : ''].filter((p) => p !== '');
  return parts.length > 0 ? parts.join(' ') : `${maxSeconds} seconds`;
}

/**
 * Formats seconds the way Jira does ("1w 2d 3h 30m"), largest unit first, zero parts omitted.
 * Seconds below a whole minute are dropped (Jira shows minutes). Zero formats as "0m".
 */
export function formatJiraDuration(seconds: number, options: JiraDurationOptions = {}): string {
  const { unitSeconds } = resolveDurationOptions(options);
  if (!(Number.isSafeInteger(seconds) && seconds >= 0)) {
    throw new RangeError('seconds must be a non-negative integer');
  }
  let rest = seconds;
  const parts: string[] = [];
  for (const unit of UNITS) {
    const size = unitSeconds[unit];
    const count = Math.floor(rest / size);
    if (count > 0) {
      parts.push(`${count}${unit}`);
      rest -= count * size;
    }
  }
  return parts.length > 0 ? parts.join(' ') : '0m';
}
