import { describe, expect, it } from 'vitest';
import { SEED_TYPES, seedAssets } from '../src/seed/assets';
import { createRng } from '../src/seed/rng';
import { countAql } from '../src/site/assets/aql-eval';
import { callAssets } from '../src/site/assets/testing';

/** RSS budget for seeding one million objects (measured ~30 MB: typed columns plus per-type index lists). */
const RSS_BUDGET_MB = 200;

describe('one million objects', () => {
  it('seeds lazily within the memory budget and answers queries', () => {
    const before = process.memoryUsage();
    const started = performance.now();
    const state = seedAssets(createRng(1), {
      workspaceId: 'ws-big',
      objects: 1_000_000,
      now: () => new Date('2026-01-15T09:00:00Z'),
    });
    const seedMs = performance.now() - started;
    const after = process.memoryUsage();
    const rssGrowthMb = (after.rss - before.rss) / 1e6;
    const heapGrowthMb = (after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers) / 1e6;
    console.log(
      `BENCH ${JSON.stringify({ name: 'assets.seed.1M.rssGrowth', value: Math.round(rssGrowthMb), unit: 'MB' })}`,
    );
    expect(state.slotCount).toBe(1_000_000);
    expect(state.objectCount(SEED_TYPES.laptop)).toBe(300_000);
    expect(rssGrowthMb).toBeLessThan(RSS_BUDGET_MB);
    expect(heapGrowthMb).toBeLessThan(RSS_BUDGET_MB);
    expect(seedMs).toBeLessThan(5_000);

    const app = { kind: 'app', appKey: 'scale' } as const;
    let t = performance.now();
    const count = countAql(state, 'objectTypeId = 2 AND RAM >= 32 AND "Owner".Name like "ana"', {
      principal: app,
    });
    expect(count).toBeGreaterThan(1_000);
    expect(count).toBeLessThan(300_000);
    expect(performance.now() - t).toBeLessThan(5_000);

    // A full scan over every object (no type narrowing), through the route.
    t = performance.now();
    const all = callAssets(state, 'POST', 'object/aql/totalcount', {
      body: { qlQuery: 'Name like "Berlin"' },
    });
    expect(all.status).toBe(200);
    expect((all.body as { totalCount: number }).totalCount).toBeGreaterThan(0);
    expect(performance.now() - t).toBeLessThan(5_000);

    // A sorted page deep inside 300,000 laptops.
    t = performance.now();
    const page = callAssets(state, 'POST', 'object/aql', {
      body: { qlQuery: 'objectType = Laptop ORDER BY Key DESC' },
      query: { startAt: 150_000, maxResults: 500 },
    });
    expect(page.status).toBe(200);
    const body = page.body as { isLast: boolean; values: Array<{ objectKey: string }> };
    expect(body.values).toHaveLength(500);
    expect(body.isLast).toBe(false);
    const keys = body.values.map((v) => Number(v.objectKey.split('-')[1]));
    expect(keys).toEqual([...keys].sort((a, b) => b - a));
    expect(performance.now() - t).toBeLessThan(8_000);
  });
});
