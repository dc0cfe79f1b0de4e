import { describe, expect, it } from 'vitest';
import {
  availabilityAt,
  localParts,
  pruneTimeOff,
  timeOffRange,
  zonedTimeToUtc,
} from '../src/domain/availability';
import type { TechnicianProfile } from '../src/domain/contract';

type Input = Pick<TechnicianProfile, 'timeZone' | 'hours' | 'timeOff'>;
const at = (iso: string) => Date.parse(iso);
const everyDay = (start: string, end: string): TechnicianProfile['hours'] =>
  Object.fromEntries(
    ['0', '1', '2', '3', '4', '5', '6'].map((d) => [d, { start, end }]),
  ) as TechnicianProfile['hours'];
const london: Input = { timeZone: 'Europe/London', hours: everyDay('08:00', '16:30'), timeOff: [] };
const newYork: Input = { timeZone: 'America/New_York', hours: everyDay('09:00', '17:00'), timeOff: [] };

describe('working hours are wall-clock times in the technician’s zone', () => {
  it('Europe/London, spring forward (Sunday 29 March 2026): 08:30 BST is 07:30 UTC', () => {
    expect(availabilityAt(london, at('2026-03-29T07:30:00Z'))).toMatchObject({
      availableNow: true,
      text: 'On shift until 16:30 (Europe/London)',
    });
    // 16:45 BST is 15:45 UTC: after the shift, although 15:45 is inside 08:00–16:30 in UTC.
    expect(availabilityAt(london, at('2026-03-29T15:45:00Z')).availableNow).toBe(false);
    // The day before, GMT = UTC.
    expect(availabilityAt(london, at('2026-03-28T07:30:00Z')).availableNow).toBe(false);
    expect(availabilityAt(london, at('2026-03-28T08:15:00Z')).availableNow).toBe(true);
  });

  it('Europe/London, fall back (Sunday 25 October 2026)', () => {
    expect(availabilityAt(london, at('2026-10-24T07:30:00Z')).availableNow).toBe(true); // 08:30 BST
    expect(availabilityAt(london, at('2026-10-25T07:30:00Z')).availableNow).toBe(false); // 07:30 GMT
    expect(availabilityAt(london, at('2026-10-25T08:30:00Z')).availableNow).toBe(true); // 08:30 GMT
    expect(availabilityAt(london, at('2026-10-25T16:15:00Z')).availableNow).toBe(true); // 16:15 GMT
  });

  it('America/New_York, spring forward (Sunday 8 March 2026)', () => {
    // Friday 6 March, EST (UTC-5): 13:30 UTC is 08:30, before the shift.
    expect(availabilityAt(newYork, at('2026-03-06T13:30:00Z')).availableNow).toBe(false);
    // Monday 9 March, EDT (UTC-4): 13:30 UTC is 09:30, on shift.
    expect(availabilityAt(newYork, at('2026-03-09T13:30:00Z'))).toMatchObject({
      availableNow: true,
      text: 'On shift until 17:00 (America/New_York)',
    });
  });

  it('the same instant differs by zone', () => {
    const instant = at('2026-06-01T12:30:00Z'); // 13:30 in London, 08:30 in New York
    expect(availabilityAt(london, instant).availableNow).toBe(true);
    expect(availabilityAt(newYork, instant)).toMatchObject({
      availableNow: false,
      text: 'Off shift — next shift today 09:00 (America/New_York)',
    });
  });

  it('names the next shift, days ahead, or says there are no hours', () => {
    const weekdays: Input = {
      timeZone: 'Europe/London',
      hours: { '1': { start: '08:00', end: '16:00' }, '5': { start: '10:00', end: '14:00' } },
      timeOff: [],
    };
    // Friday 5 June 2026, 15:00 BST: Friday's shift is over; next is Monday.
    expect(availabilityAt(weekdays, at('2026-06-05T14:00:00Z')).text).toBe(
      'Off shift — next shift Mon 08:00 (Europe/London)',
    );
    // Sunday → Monday is tomorrow.
    expect(availabilityAt(weekdays, at('2026-06-07T10:00:00Z')).text).toBe(
      'Off shift — next shift tomorrow 08:00 (Europe/London)',
    );
    expect(availabilityAt({ ...weekdays, hours: {} }, at('2026-06-07T10:00:00Z')).text).toBe(
      'No working hours set',
    );
  });

  it('overnight shifts run into the next day', () => {
    const nights: Input = {
      timeZone: 'Europe/London',
      hours: { '5': { start: '22:00', end: '06:00' } },
      timeOff: [],
    };
    // Friday 23:00 BST.
    expect(availabilityAt(nights, at('2026-06-05T22:00:00Z'))).toMatchObject({
      availableNow: true,
      text: 'On shift until 06:00 tomorrow (Europe/London)',
    });
    // Saturday 03:00 BST, from Friday's shift.
    expect(availabilityAt(nights, at('2026-06-06T02:00:00Z'))).toMatchObject({
      availableNow: true,
      text: 'On shift until 06:00 (Europe/London)',
    });
    // Saturday 07:00 BST: over.
    expect(availabilityAt(nights, at('2026-06-06T06:00:00Z')).availableNow).toBe(false);
  });
});

describe('time off', () => {
  it('a day off is the whole local day, 23 hours long on the spring-forward day', () => {
    const range = timeOffRange({ start: '2026-03-29', end: '2026-03-29' }, 'Europe/London');
    expect(new Date(range.start).toISOString()).toBe('2026-03-29T00:00:00.000Z');
    expect(new Date(range.end).toISOString()).toBe('2026-03-29T23:00:00.000Z');
    const off: Input = { ...london, timeOff: [{ start: '2026-03-29', end: '2026-03-29' }] };
    expect(availabilityAt(off, at('2026-03-29T07:30:00Z'))).toEqual({
      availableNow: false,
      onShift: false,
      onTimeOff: true,
      text: 'Off today (time off)',
    });
    expect(availabilityAt(off, at('2026-03-30T07:30:00Z')).availableNow).toBe(true);
  });

  it('a day off in New York is New York’s day, and 25 hours long when the clocks go back', () => {
    const range = timeOffRange({ start: '2026-11-01', end: '2026-11-01' }, 'America/New_York');
    expect(new Date(range.start).toISOString()).toBe('2026-11-01T04:00:00.000Z');
    expect(new Date(range.end).toISOString()).toBe('2026-11-02T05:00:00.000Z');
  });

  it('a time off with times ends when it says, and the text says until when', () => {
    const dentist: Input = {
      ...london,
      timeOff: [{ start: '2026-06-03T09:00:00+01:00', end: '2026-06-03T14:00:00+01:00', reason: 'Dentist' }],
    };
    expect(availabilityAt(dentist, at('2026-06-03T10:00:00Z')).text).toBe(
      'On time off until 14:00 (Europe/London)',
    );
    expect(availabilityAt(dentist, at('2026-06-03T13:00:00Z')).availableNow).toBe(true);
  });

  it('old entries are pruned, current and future ones kept', () => {
    const now = at('2026-06-10T12:00:00Z');
    const kept = pruneTimeOff(
      [
        { start: '2026-05-01', end: '2026-05-02' },
        { start: '2026-06-09', end: '2026-06-10' },
        { start: '2026-07-01', end: '2026-07-14' },
      ],
      'Europe/London',
      now,
    );
    expect(kept.map((k) => k.start)).toEqual(['2026-06-09', '2026-07-01']);
  });
});

describe('zone arithmetic', () => {
  it('maps local times to instants across gaps and overlaps', () => {
    expect(new Date(zonedTimeToUtc('2026-06-01', 9 * 60, 'Europe/London')).toISOString()).toBe(
      '2026-06-01T08:00:00.000Z',
    );
    // 01:30 does not exist on the London spring day: the instant just after the gap (02:30 BST).
    expect(new Date(zonedTimeToUtc('2026-03-29', 90, 'Europe/London')).toISOString()).toBe(
      '2026-03-29T01:30:00.000Z',
    );
    // 01:30 happens twice on the autumn day: the first (BST).
    expect(new Date(zonedTimeToUtc('2026-10-25', 90, 'Europe/London')).toISOString()).toBe(
      '2026-10-25T00:30:00.000Z',
    );
    expect(new Date(zonedTimeToUtc('2026-03-08', 12 * 60, 'America/New_York')).toISOString()).toBe(
      '2026-03-08T16:00:00.000Z',
    );
  });

  it('reads local date, weekday and minutes', () => {
    expect(localParts(at('2026-03-29T23:30:00Z'), 'Europe/London')).toEqual({
      date: '2026-03-30',
      weekday: 1,
      minutes: 30,
    });
    expect(localParts(at('2026-03-29T03:30:00Z'), 'America/New_York')).toEqual({
      date: '2026-03-28',
      weekday: 6,
      minutes: 23 * 60 + 30,
    });
  });
});
