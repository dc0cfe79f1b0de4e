import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  accountId,
  boundedText,
  canonicalTimeZone,
  colour,
  isoDate,
  isoDateTime,
  issueKey,
  jiraDuration,
  latitude,
  longitude,
  numericId,
  projectKey,
  sqlIdentifier,
  timeOfDay,
  timeZone,
} from '../src/index';

function ok<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new Error(`expected success, got ${result.error.issues[0]?.message}`);
  return result.data;
}
function firstMessage(schema: z.ZodType, value: unknown): string | undefined {
  const result = schema.safeParse(value);
  return result.success ? undefined : result.error.issues[0]?.message;
}

describe('issueKey / projectKey', () => {
  it.each([
    ['ABC-123', 'ABC-123'],
    ['abc-1', 'ABC-1'],
    [' HD-42 ', 'HD-42'],
    ['A1_B-7', 'A1_B-7'],
    ['VERYLONGPROJECTKEY-999999999999999', 'VERYLONGPROJECTKEY-999999999999999'],
    ['AB-1\n', 'AB-1'],
  ])('accepts %j as %j', (input, expected) => {
    expect(ok(issueKey, input)).toBe(expected);
  });

  it.each([
    'ABC',
    'ABC-',
    'ABC-0',
    'ABC-012',
    '1AB-1',
    '_AB-1',
    'A-1',
    'AB-1234567890123456',
    'AB--1',
    'AB-1 OR 1=1',
    'ıT-1',
    'AB-1\u200b',
    'ÄB-1',
    '',
    `${'A'.repeat(256)}-1`,
  ])('rejects %j', (input) => {
    expect(firstMessage(issueKey, input)).toBe('Expected a Jira issue key like ABC-123');
  });

  it('rejects non-strings with the same message', () => {
    expect(firstMessage(issueKey, 123)).toBe('Expected a Jira issue key like ABC-123');
  });

  it('project keys', () => {
    expect(ok(projectKey, 'hd')).toBe('HD');
    expect(ok(projectKey, 'TECH_DESK2')).toBe('TECH_DESK2');
    for (const bad of ['H', '2HD', 'HD-1', 'H D', '', 'HÉ']) {
      expect(firstMessage(projectKey, bad)).toBe('Expected a Jira project key like ABC');
    }
  });
});

describe('accountId', () => {
  it.each([
    '5b10ac8d82e05b22cc7d4ef5',
    '557058:f58131cb-b67d-43c7-b30d-6b58d40bd077',
    'qm:a5ebc5c9-46c8-4d4e-9a61-c2b0c4a4c0b1:3f1d2e8a-1111-2222-3333-444455556666',
    '712020:6c8a3c3e_abc',
  ])('accepts %j unchanged', (id) => {
    expect(ok(accountId, id)).toBe(id);
  });

  it.each(['', 'a b', 'abc;drop', 'ab/c', '<x>', 'a'.repeat(129), 'abc\u200b'])('rejects %j', (id) => {
    expect(firstMessage(accountId, id)).toBe('Expected an Atlassian account id');
  });
});

describe('numericId', () => {
  it('accepts digit strings and safe integers, always returning a string', () => {
    expect(ok(numericId, '10010')).toBe('10010');
    expect(ok(numericId, 10010)).toBe('10010');
    expect(ok(numericId, '9223372036854775807')).toBe('9223372036854775807');
    expect(ok(numericId, Number.MAX_SAFE_INTEGER)).toBe(String(Number.MAX_SAFE_INTEGER));
  });

  it.each([
    0,
    -1,
    1.5,
    Number.MAX_SAFE_INTEGER + 1,
    Number.NaN,
    '0',
    '007',
    '-1',
    '1e3',
    '12a',
    '',
    ' 1',
    '12345678901234567890',
    null,
  ])('rejects %j', (value) => {
    expect(firstMessage(numericId, value)).toBe('Expected a numeric id');
  });
});

describe('latitude / longitude', () => {
  it('accepts finite values in range', () => {
    expect(ok(latitude, -90)).toBe(-90);
    expect(ok(latitude, 51.5)).toBe(51.5);
    expect(ok(longitude, 180)).toBe(180);
    expect(ok(longitude, -0.1276)).toBe(-0.1276);
  });

  it('rejects out of range, non-finite and non-numbers', () => {
    expect(firstMessage(latitude, 90.01)).toBe('Latitude must be between -90 and 90');
    expect(firstMessage(latitude, -91)).toBe('Latitude must be between -90 and 90');
    expect(firstMessage(longitude, 180.5)).toBe('Longitude must be between -180 and 180');
    expect(firstMessage(latitude, Number.NaN)).toBeDefined();
    expect(firstMessage(longitude, Number.POSITIVE_INFINITY)).toBeDefined();
    expect(firstMessage(latitude, '51.5')).toBe('Expected a latitude (number)');
  });
});

describe('timeZone', () => {
  it('accepts IANA names and UTC, returning canonical names', () => {
    expect(ok(timeZone, 'Europe/London')).toBe('Europe/London');
    expect(ok(timeZone, 'America/New_York')).toBe('America/New_York');
    expect(ok(timeZone, 'UTC')).toBe('UTC');
    expect(ok(timeZone, 'Etc/UTC')).toBe('UTC');
    expect(ok(timeZone, 'europe/london')).toBe('Europe/London');
    expect(ok(timeZone, ' Europe/London\n')).toBe('Europe/London');
    expect(ok(timeZone, 'US/Eastern')).toBe('America/New_York');
    expect(canonicalTimeZone('Australia/Sydney')).toBe('Australia/Sydney');
  });

  it.each(['Mars/Olympus', '', '+01:00', 'Z', 'Europe/London\u200b', `Europe/${'x'.repeat(70)}`, 'local'])(
    'rejects %j',
    (name) => {
      expect(firstMessage(timeZone, name)).toBe('Expected an IANA time zone like Europe/London or UTC');
    },
  );
});

describe('dates and times', () => {
  it('isoDate accepts real calendar dates only', () => {
    for (const d of ['2025-01-31', '2024-02-29', '2000-02-29', '0001-01-01', '9999-12-31']) {
      expect(ok(isoDate, d)).toBe(d);
    }
    for (const d of [
      '2025-02-29',
      '1900-02-29',
      '2025-04-31',
      '2025-13-01',
      '2025-00-10',
      '2025-01-00',
      '2025-1-1',
      '25-01-01',
      '2025-01-01T00:00',
      ' 2025-01-01',
    ]) {
      expect(firstMessage(isoDate, d)).toBe('Expected a calendar date like 2025-01-31');
    }
  });

  it('isoDateTime requires an offset and a real date', () => {
    for (const d of [
      '2025-01-31T09:30:00+01:00',
      '2025-01-31T09:30Z',
      '2025-01-17T12:34:00.000+0000',
      '2024-02-29T23:59:59.999-05:30',
    ]) {
      expect(ok(isoDateTime, d)).toBe(d);
    }
    for (const d of [
      '2025-01-31T09:30:00',
      '2025-02-30T09:30:00Z',
      '2025-01-31T24:00:00Z',
      '2025-01-31T09:60:00Z',
      '2025-01-31T09:30:60Z',
      '2025-01-31 09:30:00Z',
      '2025-01-31T09:30:00+1',
      '2025-01-31T09:30:00+24:00',
      '2025-01-31T09:30:00.1234Z',
    ]) {
      expect(firstMessage(isoDateTime, d)).toBe(
        'Expected a date-time with offset like 2025-01-31T09:30:00+01:00',
      );
    }
  });

  it('timeOfDay is HH:mm 24-hour', () => {
    for (const t of ['00:00', '09:30', '23:59']) expect(ok(timeOfDay, t)).toBe(t);
    for (const t of ['24:00', '9:30', '09:60', '09:30:00', '0930', '']) {
      expect(firstMessage(timeOfDay, t)).toBe('Expected a time like 09:30 (24-hour HH:mm)');
    }
  });
});

describe('colour', () => {
  it('normalises to lower-case #rrggbb', () => {
    expect(ok(colour, '#1A2B3C')).toBe('#1a2b3c');
    expect(ok(colour, '#ABC')).toBe('#aabbcc');
    expect(ok(colour, '#fff')).toBe('#ffffff');
  });

  it.each(['red', '#12', '#1234', '#12345g', '123456', '#1234567', 'rgb(0,0,0)', 'url(javascript:x)'])(
    'rejects %j',
    (c) => {
      expect(firstMessage(colour, c)).toBe('Expected a colour like #1a2b3c');
    },
  );
});

describe('sqlIdentifier', () => {
  const identifier = sqlIdentifier();
  it('accepts safe identifiers as-is (reserved words allowed by default)', () => {
    for (const name of ['assets', 'Asset_Name', '_x', 'a'.repeat(63), 'order', 'User']) {
      expect(ok(identifier, name)).toBe(name);
    }
  });

  it.each(['', '1abc', 'a-b', 'a b', 'a;drop table x', 'a"b', 'café', 'a'.repeat(64), 'tbl\u200b'])(
    'rejects %j',
    (name) => {
      expect(firstMessage(identifier, name)).toBe(
        'Expected a name of 1 to 63 letters, digits or underscores, not starting with a digit',
      );
    },
  );

  it('optionally rejects reserved words case-insensitively', () => {
    const strict = sqlIdentifier({ rejectReserved: true });
    expect(firstMessage(strict, 'SELECT')).toBe('This name is a reserved SQL word; choose another');
    expect(firstMessage(strict, 'order')).toBe('This name is a reserved SQL word; choose another');
    expect(ok(strict, 'orders')).toBe('orders');
  });
});

describe('boundedText', () => {
  it('sanitises and names the limit when too long', () => {
    const summary = boundedText({ max: 12 });
    expect(ok(summary, ' Printer\u200b\ndown ')).toBe('Printer down');
    expect(firstMessage(summary, 'x'.repeat(13))).toBe('Must be at most 12 characters');
    expect(firstMessage(summary, 42)).toBe('Expected text');
  });

  it('supports multiline and min', () => {
    const body = boundedText({ max: 100, min: 1, multiline: true });
    expect(ok(body, 'a\r\nb')).toBe('a\nb');
    expect(firstMessage(body, ' \u200b ')).toBe('Must not be empty');
  });

  it('rejects bad options at definition time', () => {
    expect(() => boundedText({ max: 0 })).toThrow(RangeError);
    expect(() => boundedText({ max: 5, min: 6 })).toThrow(RangeError);
  });
});

describe('jiraDuration', () => {
  it('parses to seconds with the given settings', () => {
    expect(ok(jiraDuration(), '1h 30m')).toBe(5400);
    expect(ok(jiraDuration({ hoursPerDay: 24 }), '1d')).toBe(86400);
    expect(firstMessage(jiraDuration(), 'soon')).toBe('Unrecognised duration: use e.g. 1h 30m, 2d, 1:15');
    expect(firstMessage(jiraDuration(), 5400)).toBe('Expected a duration like 1h 30m');
    expect(() => jiraDuration({ hoursPerDay: 30 })).toThrow(RangeError);
  });
});
