import { describe, expect, it } from 'vitest';
import { seedJira } from '../src/seed/jira';
import { createRng } from '../src/seed/rng';
import { computeSlas } from '../src/site/jira/format';
import { categoryOf, type JiraState } from '../src/site/jira/model';

const NOW = new Date('2026-03-02T12:00:00.000Z');

/** A plain, comparable snapshot of the state (Maps to arrays, the clock dropped). */
function snapshot(state: JiraState) {
  const { now: _now, ...rest } = state;
  return JSON.parse(
    JSON.stringify(rest, (_key, value) => (value instanceof Map ? [...value.entries()] : value)),
  ) as unknown;
}

describe('seedJira', () => {
  const seeded = seedJira(createRng(42), { now: () => NOW });
  const { state, technicians } = seeded;
  const users = [...state.users.values()];
  const count = (role: string) => users.filter((u) => u.sandboxRoles.includes(role as never)).length;

  it('is deterministic for the same seed and clock, and differs for another seed', () => {
    const again = seedJira(createRng(42), { now: () => NOW });
    expect(snapshot(again.state)).toEqual(snapshot(state));
    expect(again.technicians).toEqual(technicians);
    const other = seedJira(createRng(43), { now: () => NOW });
    expect(snapshot(other.state)).not.toEqual(snapshot(state));
  });

  it('has the default sizes: 500 open FS tickets, some resolved, 40 technicians', () => {
    const fs = [...state.issues.values()].filter((i) => i.key.startsWith('FS-'));
    const open = fs.filter((i) => categoryOf(state, i.fields.statusId).key !== 'done');
    expect(open.length).toBe(500);
    expect(fs.length - open.length).toBe(100);
    expect([...state.issues.values()].filter((i) => i.key.startsWith('IT-')).length).toBe(30);
    expect(technicians.length).toBe(40);
  });

  it('seeds the role counts', () => {
    expect(count('site-admin')).toBe(1);
    expect(count('project-admin')).toBe(1);
    expect(count('agent')).toBe(4);
    expect(count('dispatcher')).toBe(2);
    expect(count('technician')).toBe(40);
    expect(count('customer')).toBe(21);
    expect(users.filter((u) => u.accountType === 'customer').length).toBe(21);
    expect(new Set(users.map((u) => u.displayName)).size).toBe(users.length);
    expect(
      users
        .filter((u) => u.accountType === 'atlassian')
        .every((u) => /^557058:[0-9a-f-]{36}$/.test(u.accountId)),
    ).toBe(true);
  });

  it('honours options', () => {
    const small = seedJira(createRng(1), {
      tickets: 10,
      technicians: 3,
      city: { name: 'Leeds', lat: 53.8, lng: -1.55 },
      now: () => NOW,
    });
    expect(small.technicians.length).toBe(3);
    const fsOpen = [...small.state.issues.values()].filter(
      (i) => i.key.startsWith('FS-') && categoryOf(small.state, i.fields.statusId).key !== 'done',
    );
    expect(fsOpen.length).toBe(10);
    expect(small.technicians[0]?.homeBase.name).toMatch(/^Leeds /);
  });

  it('produces believable tickets: keys in creation order, locations near the city, spread SLAs', () => {
    const issues = [...state.issues.values()];
    const fs = issues.filter((i) => i.key.startsWith('FS-'));
    for (let i = 1; i < fs.length; i++)
      expect(fs[i]?.created).toBeGreaterThanOrEqual(fs[i - 1]?.created ?? 0);
    for (const issue of fs) {
      expect(issue.created).toBeGreaterThan(NOW.getTime() - 31 * 86_400_000);
      const loc = issue.fields.location;
      expect(loc).not.toBeNull();
      const dLat = ((loc?.lat ?? 0) - 51.5072) * 111.32;
      const dLng = ((loc?.lng ?? 0) + 0.1276) * 111.32 * Math.cos((51.5072 * Math.PI) / 180);
      expect(Math.hypot(dLat, dLng)).toBeLessThanOrEqual(25.1);
    }
    const open = fs.filter((i) => i.fields.resolutionId === null);
    const resolution = open.map((i) => computeSlas(state, i)[1]);
    const breached = resolution.filter((s) => s?.breached).length;
    const atRisk = resolution.filter(
      (s) => s && !s.breached && s.remainingMillis < s.goalMillis * 0.25,
    ).length;
    expect(breached).toBeGreaterThan(20);
    expect(breached).toBeLessThan(open.length - 50);
    expect(atRisk).toBeGreaterThan(0);
    expect(fs.filter((i) => i.fields.requiredSkillId !== null).length).toBeGreaterThan(300);
    expect(fs.filter((i) => i.fields.assets.length > 0).length).toBeGreaterThan(200);
    expect(open.some((i) => i.fields.statusId === '10002')).toBe(true);
    expect(open.some((i) => i.comments.some((c) => c.internal))).toBe(true);
    expect(fs.some((i) => i.worklogs.length > 0)).toBe(true);
  });

  it('gives every technician skills, a depot and a shift', () => {
    const allSkills = new Set(technicians.flatMap((t) => t.skills));
    expect(allSkills.size).toBe(8);
    for (const t of technicians) {
      expect(t.skills.length).toBeGreaterThanOrEqual(1);
      expect(t.shift.start).toMatch(/^\d\d:\d\d$/);
      expect(t.shift.days.every((d) => d >= 0 && d <= 6)).toBe(true);
      expect(state.users.get(t.accountId)?.sandboxRoles).toEqual(['technician']);
    }
  });
});
