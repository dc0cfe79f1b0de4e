import { SanitizeError } from '@suite/sanitize';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TIME_TRACKING,
  formatWorklogStarted,
  isoToWorklogStarted,
  parseDuration,
  timeTrackingFrom,
} from '../src/domain/time';

const STARTED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{4}$/;

describe('durations with the site configuration', () => {
  it('parses hours and minutes the same on every site', () => {
    expect(parseDuration('1h 30m', DEFAULT_TIME_TRACKING)).toBe(5400);
    expect(parseDuration('1h30m', { enabled: true, hoursPerDay: 24, daysPerWeek: 7 })).toBe(5400);
  });

  it('converts days and weeks with the site working day and week', () => {
    const site = timeTrackingFrom({
      timeTrackingEnabled: true,
      timeTrackingConfiguration: { workingHoursPerDay: 7.5, workingDaysPerWeek: 4 },
    });
    expect(site).toEqual({ enabled: true, hoursPerDay: 7.5, daysPerWeek: 4 });
    expect(parseDuration('1d', site)).toBe(27_000);
    expect(parseDuration('1w', site)).toBe(4 * 27_000);
    expect(parseDuration('1d', DEFAULT_TIME_TRACKING)).toBe(8 * 3600);
  });

  it('falls back to Jira defaults for a missing or odd configuration and reads "disabled"', () => {
    expect(timeTrackingFrom({})).toEqual(DEFAULT_TIME_TRACKING);
    expect(timeTrackingFrom({ timeTrackingConfiguration: { workingHoursPerDay: 99 } }).hoursPerDay).toBe(8);
    expect(timeTrackingFrom({ timeTrackingEnabled: false }).enabled).toBe(false);
  });

  it('refuses bad durations without echoing them', () => {
    expect(() => parseDuration('45s', DEFAULT_TIME_TRACKING)).toThrow(SanitizeError);
    try {
      parseDuration('<script>', DEFAULT_TIME_TRACKING);
    } catch (error) {
      expect((error as Error).message).not.toContain('<script>');
    }
  });
});

describe("worklog 'started' format", () => {
  it("is exactly yyyy-MM-dd'T'HH:mm:ss.SSS+hhmm", () => {
    const s = formatWorklogStarted(new Date('2025-01-17T12:34:05.007Z'));
    expect(s).toBe('2025-01-17T12:34:05.007+0000');
    expect(s).toMatch(STARTED);
  });

  it('writes other offsets without a colon', () => {
    expect(formatWorklogStarted(new Date('2025-01-17T12:34:00.000Z'), 330)).toBe(
      '2025-01-17T18:04:00.000+0530',
    );
    expect(formatWorklogStarted(new Date('2025-01-01T02:00:00.000Z'), -300)).toBe(
      '2024-12-31T21:00:00.000-0500',
    );
  });

  it('keeps the offset the agent gave', () => {
    expect(isoToWorklogStarted('2025-06-01T09:30:00+02:00')).toBe('2025-06-01T09:30:00.000+0200');
    expect(isoToWorklogStarted('2025-06-01T09:30Z')).toBe('2025-06-01T09:30:00.000+0000');
    expect(isoToWorklogStarted('2025-06-01T09:30:00.000-0130')).toBe('2025-06-01T09:30:00.000-0130');
  });
});
