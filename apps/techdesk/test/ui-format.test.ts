import { describe, expect, it } from 'vitest';
import { placeholdersOf, withCannedPage, withConfig } from '../src/frontend/admin/model';
import {
  compactJson,
  describeChange,
  elapsedSince,
  formatClock,
  formatDateTime,
  formatSeconds,
  hasVariables,
  insertBody,
  slaAppearance,
  slaRemaining,
  splitList,
  statusAppearance,
} from '../src/frontend/format';
import { type TimeState, withoutWorklog, withWorklog } from '../src/frontend/panel/worklogs';
import { fieldError, toResult } from '../src/frontend/result';

describe('formatting', () => {
  it('formats durations and clocks', () => {
    expect(formatSeconds(5400)).toBe('1h 30m');
    expect(formatSeconds(3600)).toBe('1h');
    expect(formatSeconds(60 * 45)).toBe('45m');
    expect(formatSeconds(0)).toBe('0m');
    expect(formatSeconds(20)).toBe('< 1m');
    expect(formatClock(249_000)).toBe('0:04:09');
    expect(formatClock(-5)).toBe('0:00:00');
    expect(elapsedSince('2026-01-05T09:00:00.000Z', Date.parse('2026-01-05T10:30:00.000Z'))).toBe(5_400_000);
    expect(elapsedSince('nonsense', 10)).toBe(0);
  });

  it("reads Jira's worklog time format", () => {
    expect(formatDateTime('2026-01-05T09:15:00.000+0000')).toBe('5 Jan 2026, 09:15');
    expect(formatDateTime('2026-01-05T09:15:00.000+0100')).toBe('5 Jan 2026, 08:15');
    expect(formatDateTime('not a date')).toBe('not a date');
  });

  it('maps statuses and SLAs to lozenges', () => {
    expect(statusAppearance({ category: 'new' })).toBe('default');
    expect(statusAppearance({ category: 'indeterminate' })).toBe('inprogress');
    expect(statusAppearance({ category: 'done' })).toBe('success');
    expect(slaAppearance('breached')).toBe('removed');
    expect(slaAppearance('at-risk')).toBe('moved');
    expect(slaAppearance('ok')).toBe('inprogress');
  });

  it('inserts canned bodies and spots variables', () => {
    expect(insertBody('', 'Hello')).toBe('Hello');
    expect(insertBody('Hi  \n', 'Body')).toBe('Hi\n\nBody');
    expect(hasVariables('Dear {{reporter.displayName}}')).toBe(true);
    expect(hasVariables('no braces { here }')).toBe(false);
    expect(splitList('a, b ,, a\nc')).toEqual(['a', 'b', 'c']);
    const template = ['Name like $', '{search} AND Owner = $', '{reporter.email} OR x = $', '{search}'].join(
      '',
    );
    expect(placeholdersOf(template)).toEqual(['search', 'reporter.email']);
    expect(compactJson({ a: 1 })).toBe('{"a":1}');
    expect(compactJson(undefined)).toBe('');
    expect(slaRemaining('-30m')).toBe('30m over');
    expect(slaRemaining('2h 15m')).toBe('2h 15m left');
    expect(slaRemaining('2h 15m left')).toBe('2h 15m left');
    expect(
      describeChange(
        { enabled: true, assets: { aqlTemplate: null, fieldIds: [] } },
        { enabled: true, assets: { aqlTemplate: 'x', fieldIds: ['f'] } },
      ),
    ).toBe('assets.aqlTemplate: null → x; assets.fieldIds: [] → ["f"]');
    expect(describeChange(undefined, { id: 1 })).toBe('created {"id":1}');
    expect(describeChange(undefined, undefined)).toBe('—');
  });
});

describe('results', () => {
  it('normalises resolver answers and bridge failures into one envelope', () => {
    expect(toResult({ ok: true, data: 1 })).toEqual({ ok: true, data: 1 });
    const bad = toResult({
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        message: 'Check it',
        fields: [{ path: 'assets.aqlTemplate', message: 'x' }],
      },
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(fieldError(bad.error, 'aqlTemplate')).toBe('x');
      expect(fieldError(bad.error, 'duration')).toBeUndefined();
    }
    expect(toResult(undefined)).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(toResult({ ok: false, error: { code: 'FORBIDDEN' } })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'Something went wrong.' },
    });
  });

  it('keeps worklog totals in step', () => {
    const w = (id: string, s: number) => ({
      id,
      author: { accountId: 'a', displayName: 'A' },
      started: '2026-01-05T09:00:00.000+0000',
      timeSpentSeconds: s,
      timeSpent: `${s}s`,
      comment: '',
      mine: true,
    });
    let state: TimeState = { timer: null, worklogs: [w('1', 60)], totalLoggedSeconds: 60 };
    state = withWorklog(state, w('2', 5400));
    expect(state.totalLoggedSeconds).toBe(5460);
    state = withWorklog(state, w('2', 3600));
    expect(state.totalLoggedSeconds).toBe(3660);
    state = withoutWorklog(state, '1');
    expect(state.totalLoggedSeconds).toBe(3600);
    expect(state.worklogs.map((x) => x.id)).toEqual(['2']);
  });

  it('merges a saved project config', () => {
    const admin = {
      projects: [],
      statuses: [],
      canned: [],
      configs: [],
      cannedMore: { project: null, global: null },
      cannedCap: 200,
    };
    const config = {
      projectKey: 'FS',
      version: 2,
      enabled: true,
      activeStatusIds: [],
      assets: { fieldIds: [], attributeNames: [], aqlTemplate: null },
    };
    expect(withConfig(admin, config).configs).toEqual([config]);
    // The saved answer (with its new version) replaces the page's copy, so the next save sends that version.
    const next = { ...config, enabled: false, version: 3 };
    expect(withConfig(withConfig(admin, config), next).configs).toEqual([next]);
  });

  it("appends a further page of canned responses and keeps that list's next cursor", () => {
    const c = (id: string, version = 1) => ({ id, version, scope: 'global', title: id, body: id }) as const;
    const admin = {
      projects: [],
      statuses: [],
      configs: [],
      canned: [c('a'), c('b')],
      cannedMore: { project: 'p-cur', global: 'g-cur' },
      cannedCap: 200,
    };
    const next = withCannedPage(admin, 'global', { items: [c('b', 2), c('c')], cursor: null });
    expect(next.canned.map((x) => [x.id, x.version])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 1],
    ]);
    expect(next.cannedMore).toEqual({ project: 'p-cur', global: null });
  });
});
