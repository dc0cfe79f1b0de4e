// Benchmarks of the SQL core: mapping build, row conversion and rendering a 500-row upsert chunk per dialect.
// Row conversion and rendering are reported in rows/s (chunks of 500 rows, so chunks/s × 500).
// Run: `npx tsx apps/assets-to-sql/bench/sql.bench.ts` (prints `BENCH {…}` lines like the other benches).
import { opsPerSecond, report } from '../../../test/bench';
import { buildMapping, rowsForObject } from '../src/domain/mapping';
import { DIALECTS } from '../src/domain/model';
import { dialectFor } from '../src/domain/sql/index';
import { ATTRIBUTES, CONFIG, laptopObjects, TYPES, WS } from '../test/support/db-fixtures';

const mapping = buildMapping(WS, TYPES, CONFIG);
const laptop = mapping.tables.find((t) => t.name === 'laptop');
if (!laptop) throw new Error('fixture mapping has no laptop table');
const objects = laptopObjects().filter((o) => o.id !== '1052' && o.id !== '1053'); // without the 100 KB texts
const chunk = Array.from({ length: 500 }, (_, i) => {
  const object = objects[i % objects.length];
  if (!object) throw new Error('no objects');
  return { ...object, id: String(100_000 + i) };
});
const rows = chunk.map((o) => rowsForObject(laptop, WS, o, ATTRIBUTES).row);
const ROWS_PER_CHUNK = chunk.length;

report({
  name: 'sql.buildMapping',
  value: opsPerSecond(() => buildMapping(WS, TYPES, CONFIG)),
  unit: 'ops/s',
});
report({
  name: 'sql.rowsForObject.500',
  value: opsPerSecond(() => chunk.map((o) => rowsForObject(laptop, WS, o, ATTRIBUTES))) * ROWS_PER_CHUNK,
  unit: 'rows/s',
});
for (const d of DIALECTS) {
  const sql = dialectFor(d);
  report({
    name: `sql.upsert.500.${d}`,
    value: opsPerSecond(() => sql.upsert(laptop, rows)) * ROWS_PER_CHUNK,
    unit: 'rows/s',
  });
}
