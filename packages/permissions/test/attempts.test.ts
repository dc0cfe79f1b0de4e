import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ANONYMOUS_ACTOR,
  appAdminPolicy,
  authorise,
  DENIAL_WINDOW_MS,
  type DeniedAggregate,
  recordDenied,
} from '../src/index';
import { createMemoryStore } from '../src/testing/index';
import { fakeJira } from './fake-jira';

const auditEntries = async (store: ReturnType<typeof createMemoryStore>) =>
  (await store.list('audit:', { limit: 10_000 })).entries.map((e) => e.value as DeniedAggregate);

const policy = appAdminPolicy<Record<string, never>>('admin-page');
const context = (accountId: string | undefined, accountType = 'licensed') => ({
  ...(accountId ? { accountId } : {}),
  accountType,
  moduleKey: 'admin-page',
  environmentType: 'DEVELOPMENT',
});

describe('denied attempts are aggregated per actor, action and window', () => {
  it('1,000 denied calls from one agent, 20 at a time: one entry per window and action, counting all of them', async () => {
    const store = createMemoryStore();
    const { requestJira } = fakeJira({ accountId: 'agent-1', projects: {} });
    let now = new Date('2026-12-03T10:00:00Z');
    const deps = { requestJira, store, now: () => now };
    for (let batch = 0; batch < 50; batch++) {
      // Two windows: the first 600 calls in one, the other 400 in the next.
      if (batch === 30) now = new Date(now.getTime() + DENIAL_WINDOW_MS);
      const decisions = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          authorise(policy, context('agent-1'), {}, deps, i % 2 === 0 ? 'roles.save' : 'config.save'),
        ),
      );
      expect(decisions.every((d) => !d.allowed)).toBe(true);
    }
    const entries = await auditEntries(store);
    expect(entries).toHaveLength(4);
    const count = (action: string, from: string) =>
      entries.find((e) => e.action === action && e.firstAt.startsWith(from))?.count;
    expect(count('roles.save', '2026-12-03T10:0')).toBe(300);
    expect(count('config.save', '2026-12-03T10:0')).toBe(300);
    expect(count('roles.save', '2026-12-03T10:1')).toBe(200);
    expect(count('config.save', '2026-12-03T10:1')).toBe(200);
    expect(entries.reduce((n, e) => n + e.count, 0)).toBe(1_000);
    expect(entries[0]).toMatchObject({ actor: 'agent-1', outcome: 'denied', reason: expect.any(String) });
  });

  it('anonymous, unlicensed-without-id and malformed callers share one bucket per action', async () => {
    const store = createMemoryStore();
    const { requestJira } = fakeJira({ accountId: 'x', projects: {} });
    const deps = { requestJira, store, now: () => new Date('2026-12-03T10:00:00Z') };
    for (let i = 0; i < 200; i++) {
      const ctx =
        i % 3 === 0 ? context(undefined) : i % 3 === 1 ? null : { accountId: 42, accountType: 'licensed' };
      expect((await authorise(policy, ctx, {}, deps, 'roles.save')).allowed).toBe(false);
    }
    const entries = await auditEntries(store);
    expect(entries).toEqual([expect.objectContaining({ actor: ANONYMOUS_ACTOR, count: 200 })]);
  });

  it('for any sequence of attempts, entries = distinct (actor bucket, action, window) and counts add up', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            actor: fc.constantFrom('a-1', 'a-2', undefined, '', 'not an id!', 'unknown'),
            action: fc.constantFrom('x', 'y'),
            minute: fc.integer({ min: 0, max: 59 }),
          }),
          { maxLength: 60 },
        ),
        async (attempts) => {
          const store = createMemoryStore();
          const base = Date.parse('2026-12-03T10:00:00Z');
          for (const a of attempts) {
            await recordDenied(
              store,
              { actor: a.actor, action: a.action, reason: 'r' },
              () => new Date(base + a.minute * 60_000),
            );
          }
          const bucket = (actor: string | undefined) =>
            actor === 'a-1' || actor === 'a-2' ? actor : ANONYMOUS_ACTOR;
          const expected = new Map<string, number>();
          for (const a of attempts) {
            const k = `${bucket(a.actor)}|${a.action}|${Math.floor(a.minute / 10)}`;
            expected.set(k, (expected.get(k) ?? 0) + 1);
          }
          const entries = await auditEntries(store);
          expect(entries).toHaveLength(expected.size);
          for (const e of entries) {
            const w = Math.floor((Date.parse(e.firstAt) - base) / DENIAL_WINDOW_MS);
            expect(e.count).toBe(expected.get(`${e.actor}|${e.action}|${w}`));
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
