/**
 * The per-key rate limit under real concurrency: the sandbox interleaves the pull invocations' KVS calls (seeded;
 * seeds from SANDBOX_SEEDS). With the limit at 10 a minute (A2S_PULL_RATE_PER_MINUTE), 40 requests at once must let
 * at most 10 through, whatever the interleaving; the rest get 429 with a Retry-After.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHarness, type Harness, unwrap } from './app-support';

const SEEDS = (process.env.SANDBOX_SEEDS ?? '1,2,3').split(',').map(Number);
const LIMIT = 10;
let h: Harness;
let exportId: string;

beforeAll(async () => {
  h = await createHarness({ objects: 60, variables: { A2S_PULL_RATE_PER_MINUTE: String(LIMIT) } });
  exportId = unwrap(
    await h.invoke<{ id: string }>('saveExport', { name: 'Rate', schemaIds: ['1'], dialect: 'sqlite' }),
  ).id;
}, 300_000); // may include a cold Forge build of the app

afterAll(() => {
  vi.useRealTimers();
  h?.sb.close();
});

describe('pull rate limit under concurrent requests', () => {
  it.each(SEEDS)('seed %i: 40 requests at once on one key, at most the limit get through', async (seed) => {
    // A fresh key and minute per seed: the limit counts per key per minute.
    const { key } = unwrap(
      await h.invoke<{ key: string }>('createApiKey', { label: `rate ${seed}`, exportIds: [exportId] }),
    );
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.UTC(2026, 11, 3, 12, seed, 5));
    h.sb.sandbox.setInterleaving({ seed });
    try {
      const responses = await Promise.all(
        Array.from({ length: 40 }, () => h.pull({ export: exportId, dialect: 'sqlite' }, key)),
      );
      const statuses = responses.map((r) => r.status);
      const passed = statuses.filter((s) => s === 200).length;
      console.log(`seed ${seed}: ${passed} of 40 concurrent pulls passed a limit of ${LIMIT}`);
      expect(passed).toBeGreaterThanOrEqual(1);
      expect(passed).toBeLessThanOrEqual(LIMIT);
      expect(statuses.filter((s) => s !== 200 && s !== 429)).toEqual([]);
      for (const r of responses.filter((x) => x.status === 429)) {
        expect(Number(r.headers['retry-after']?.[0] ?? r.headers['Retry-After']?.[0])).toBeGreaterThanOrEqual(
          1,
        );
      }
    } finally {
      h.sb.sandbox.setInterleaving(undefined);
      vi.useRealTimers();
    }
  });
});
