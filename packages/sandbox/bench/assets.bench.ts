// Assets emulation figures: memory and time to seed one million lazily generated objects, and AQL throughput.
import { opsPerSecond, report } from '../../../test/bench';
import { seedAssets } from '../src/seed/assets';
import { createRng } from '../src/seed/rng';
import { countAql, evaluateAql } from '../src/site/assets/aql-eval';

const app = { kind: 'app', appKey: 'bench' } as const;
const rssBefore = process.memoryUsage().rss;
let t = performance.now();
const big = seedAssets(createRng(1), {
  workspaceId: 'ws-bench',
  objects: 1_000_000,
  now: () => new Date('2026-01-15T09:00:00Z'),
});
report({ name: 'assets.seed.1M.time', value: performance.now() - t, unit: 'ms' });
report({
  name: 'assets.seed.1M.rssGrowth',
  value: (process.memoryUsage().rss - rssBefore) / 1e6,
  unit: 'MB',
});

const timed = (name: string, fn: () => unknown) => {
  t = performance.now();
  fn();
  report({ name, value: performance.now() - t, unit: 'ms' });
};
timed('assets.aql.1M.count.fullScan', () => countAql(big, 'Name like "Berlin"', { principal: app }));
timed('assets.aql.1M.count.typeAndDotted', () =>
  countAql(big, 'objectTypeId = 2 AND RAM >= 32 AND "Owner".Name like "ana"', { principal: app }),
);
timed('assets.aql.1M.sorted300k', () =>
  evaluateAql(big, 'objectType = Laptop ORDER BY "Purchase Date" DESC', { principal: app }),
);
timed('assets.aql.1M.inR', () =>
  countAql(big, 'objectType = Person AND object having inR(objectType = Laptop AND Status = Retired)', {
    principal: app,
  }),
);

const small = seedAssets(createRng(1), { workspaceId: 'ws-bench' });
report({
  name: 'assets.aql.2k.typical',
  value: opsPerSecond(() =>
    evaluateAql(small, 'objectType = Laptop AND "Owner".Department = IT ORDER BY Key', { principal: app }),
  ),
  unit: 'ops/s',
});
