/** The console's pure logic: ordering (unassigned first), filters, initials from a safe alphabet, text helpers. */
import { describe, expect, it } from 'vitest';
import type { TechnicianProfile, TicketView } from '../src/domain/contract';
import { currentArrival, positionOf } from '../src/domain/positions';
import {
  canAssign,
  compareTickets,
  filterAndSort,
  formatDuration,
  NO_FILTERS,
  safeInitials,
  slaText,
  summarize,
  worstSla,
} from '../src/frontend/console/model';
import {
  fromForm,
  myTickets,
  newTimeOff,
  parseSkills,
  timeOffText,
  toForm,
  travelActions,
} from '../src/frontend/console/profile';
import { toResult } from '../src/frontend/result';

const ticket = (over: Partial<TicketView>): TicketView => ({
  key: 'FS-1',
  id: '1',
  summary: 'Boiler down',
  projectKey: 'FS',
  status: { id: '1', name: 'Open' },
  phase: 'planned',
  priority: 'Medium',
  requestType: 'Repair',
  requiredSkill: 'HVAC',
  sla: 'ok',
  slaMinutesLeft: 300,
  assignee: null,
  location: { lat: 51.5, lng: -0.1 },
  created: '2026-03-01T09:00:00Z',
  updated: '2026-03-01T09:00:00Z',
  ...over,
});

describe('queue order', () => {
  const a = ticket({ key: 'FS-1', priority: 'Low', slaMinutesLeft: 10, created: '2026-03-01T08:00:00Z' });
  const b = ticket({
    key: 'FS-2',
    priority: 'Highest',
    slaMinutesLeft: 500,
    created: '2026-03-01T10:00:00Z',
  });
  const c = ticket({
    key: 'FS-3',
    priority: 'Highest',
    slaMinutesLeft: -20,
    sla: 'breached',
    assignee: { accountId: 'x', displayName: 'X' },
  });
  const keys = (list: TicketView[]) => list.map((t) => t.key);

  it('puts unassigned tickets first whatever the sort', () => {
    for (const sort of ['priority', 'sla', 'age'] as const) {
      expect(keys([c, b, a].sort(compareTickets(sort))).at(-1)).toBe('FS-3');
    }
  });
  it('sorts by priority, SLA time left or age', () => {
    expect(keys([a, b].sort(compareTickets('priority')))).toEqual(['FS-2', 'FS-1']);
    expect(keys([b, a].sort(compareTickets('sla')))).toEqual(['FS-1', 'FS-2']);
    expect(keys([b, a].sort(compareTickets('age')))).toEqual(['FS-1', 'FS-2']);
  });
  it('filters by each facet, and an exact key finds that ticket only', () => {
    const list = [a, b, c, ticket({ key: 'FS-10', phase: 'on-site', requiredSkill: 'Electrical' })];
    expect(keys(filterAndSort(list, { ...NO_FILTERS, phase: 'on-site' }, 'sla'))).toEqual(['FS-10']);
    expect(keys(filterAndSort(list, { ...NO_FILTERS, skill: 'Electrical' }, 'sla'))).toEqual(['FS-10']);
    expect(keys(filterAndSort(list, { ...NO_FILTERS, text: 'fs-1' }, 'sla'))).toEqual(['FS-1']);
    expect(keys(filterAndSort(list, { ...NO_FILTERS, text: 'boiler' }, 'sla'))).toHaveLength(4);
  });
});

describe('helpers', () => {
  it('keeps marker initials to A–Z and 0–9', () => {
    expect(safeInitials('ab')).toBe('AB');
    expect(safeInitials('<i', '')).toBe('I');
    expect(safeInitials('"><img src=x>', '')).toBe('IMG');
    expect(safeInitials('', 'Émile Zola')).toBe('EZ');
    expect(safeInitials('', '李 小龍')).toBe('?');
  });
  it('describes SLA time and durations', () => {
    expect(formatDuration(59)).toBe('59m');
    expect(formatDuration(125)).toBe('2h 5m');
    expect(formatDuration(-1500)).toBe('1d 1h');
    expect(slaText(ticket({ slaMinutesLeft: -90 }))).toBe('Breached 1h 30m ago');
    expect(slaText(ticket({ slaMinutesLeft: null, sla: 'at-risk' }))).toBe('SLA at risk');
  });
  it('summarises the board and the worst SLA', () => {
    const list = [
      ticket({ sla: 'at-risk' }),
      ticket({ sla: 'breached', assignee: { accountId: 'a', displayName: 'A' } }),
    ];
    expect(summarize(list, [])).toMatchObject({ open: 2, unassigned: 1, breached: 1, atRisk: 1 });
    expect(worstSla(list)).toBe('breached');
    expect(worstSla([])).toBe('ok');
  });
  it('lets dispatchers and app admins assign, not technicians', () => {
    expect(canAssign(['dispatcher'])).toBe(true);
    expect(canAssign(['app-admin'])).toBe(true);
    expect(canAssign(['technician'])).toBe(false);
  });
  it('reads the resolver envelope, and anything else as an error', () => {
    expect(toResult({ ok: true, data: 1 })).toEqual({ ok: true, data: 1 });
    expect(toResult({ ok: false, error: { code: 'CONFLICT', message: 'changed' } })).toEqual({
      ok: false,
      error: { code: 'CONFLICT', message: 'changed' },
    });
    expect(toResult('<html>')).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });
});

describe('technician profile form and My work', () => {
  const profile: TechnicianProfile = {
    accountId: 'tech-1',
    skills: ['HVAC', 'Electrical'],
    homeBase: { lat: 51.5, lng: -0.1, name: 'North depot' },
    timeZone: 'Europe/London',
    hours: { '1': { start: '08:00', end: '16:30' }, '6': { start: '22:00', end: '06:00' } },
    timeOff: [{ start: '2099-12-24', end: '2099-12-26', reason: 'Holiday' }],
    manualPosition: { lat: 51.52, lng: -0.09, setAt: '2026-03-01T09:00:00.000Z' },
    lastOnSite: { issueKey: 'FS-9', lat: 51.4, lng: -0.2, at: '2026-03-01T10:00:00.000Z' },
  };

  it('round-trips a profile through the form; skills only change when the caller manages them', () => {
    const form = toForm(profile);
    expect(form.days['1']).toEqual({ working: true, start: '08:00', end: '16:30' });
    expect(form.days['3'].working).toBe(false);
    expect(fromForm(profile, form, false)).toEqual(profile);
    const edited = {
      ...form,
      skills: 'HVAC, Plumbing, ',
      days: { ...form.days, '1': { ...form.days['1'], working: false } },
    };
    expect(fromForm(profile, edited, false).skills).toEqual(['HVAC', 'Electrical']);
    expect(fromForm(profile, edited, true).skills).toEqual(['HVAC', 'Plumbing']);
    expect(fromForm(profile, edited, true).hours).toEqual({ '6': { start: '22:00', end: '06:00' } });
    expect(fromForm(profile, { ...form, homeLat: '' }, false).homeBase.lat).toBeNaN();
    expect(parseSkills(' a , ,b')).toEqual(['a', 'b']);
  });

  it('adds whole-day time off and says why not', () => {
    expect(newTimeOff('2099-01-02', '', ' Dentist ')).toEqual({
      start: '2099-01-02',
      end: '2099-01-02',
      reason: 'Dentist',
    });
    expect(newTimeOff('', '2099-01-02', '')).toBe('Choose the first day off.');
    expect(newTimeOff('2099-01-03', '2099-01-02', '')).toBe('The last day off must not be before the first.');
    expect(timeOffText({ start: '2099-12-24', end: '2099-12-26' })).toBe('24 Dec 2099 – 26 Dec 2099');
  });

  it("lists the caller's own tickets, most urgent first, and offers the travel steps by phase", () => {
    const me = { accountId: 'tech-1', displayName: 'Tess' };
    const a = ticket({ key: 'FS-1', assignee: me, phase: 'assigned', slaMinutesLeft: 90 });
    const b = ticket({ key: 'FS-2', assignee: me, phase: 'travelling', slaMinutesLeft: 10, location: null });
    const c = ticket({ key: 'FS-3', assignee: { accountId: 'tech-2', displayName: 'Other' } });
    expect(myTickets({ tickets: [a, c], unlocated: [b] }, 'tech-1').map((t) => t.key)).toEqual([
      'FS-2',
      'FS-1',
    ]);
    expect(travelActions(a)).toEqual({ startTravel: true, arrive: true });
    expect(travelActions(b)).toEqual({ startTravel: false, arrive: true });
    expect(travelActions(ticket({ assignee: me, phase: 'on-site' }))).toEqual({
      startTravel: false,
      arrive: false,
    });
    expect(travelActions(ticket({ phase: 'planned' }))).toEqual({ startTravel: false, arrive: false });
  });

  it('the stored arrival is the position (and why) until a newer manual one or 12 hours', () => {
    const at = Date.parse('2026-03-01T10:30:00Z');
    expect(positionOf(profile, [], at)).toMatchObject({
      source: 'last-on-site-ticket',
      lat: 51.4,
      why: 'Last on site at FS-9 (arrived 10:00 UTC)',
    });
    const later = { ...profile, manualPosition: { lat: 51.6, lng: 0, setAt: '2026-03-01T10:15:00.000Z' } };
    expect(positionOf(later, [], at).source).toBe('manual');
    expect(positionOf(profile, [], at + 13 * 3_600_000).source).toBe('home-base');
    // Kept on the next profile write while it counts, dropped after.
    expect(currentArrival(profile.lastOnSite, at)).toEqual(profile.lastOnSite);
    expect(currentArrival(profile.lastOnSite, at + 13 * 3_600_000)).toBeUndefined();
  });
});
