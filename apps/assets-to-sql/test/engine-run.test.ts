import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, verifyCursor } from '../src/domain/cursor';
import { applyFetched, EngineError, objectsQuery, planNext } from '../src/domain/engine';
import {
  drive,
  FakeAssets,
  FakeKeysets,
  makeObject,
  runInfo,
  stubSql,
  syntheticTypes,
  WORKSPACE,
} from './engine-support';

const KEY = Buffer.alloc(32, 1).toString('base64url');

function spreadIds(count: number, max: number, seed: number): number[] {
  const ids = new Set<number>();
  let x = seed;
  while (ids.size < count) {
    x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
    ids.add(1 + (x % max));
  }
  return [...ids].sort((a, b) => a - b);
}

describe('engine: phases', () => {
  it('starts with DDL only, then exports each non-abstract type of the schemas', () => {
    const assets = new FakeAssets([makeObject('10', 5), makeObject('12', 7), makeObject('20', 9)]);
    const { steps, objects } = drive({ run: runInfo() }, assets, new FakeKeysets());
    expect(steps[0]).toMatch(/^CREATE TABLE IF NOT EXISTS laptop/);
    expect(steps[0]).not.toMatch(/INSERT/);
    expect(steps[0]).not.toMatch(/hardware/); // abstract
    expect(steps[0]).not.toMatch(/building/); // schema 2 not selected
    expect(objects).toBe(2);
    const sql = steps.join('');
    expect(sql).toContain(`'${WORKSPACE}:5'`);
    expect(sql).toContain("'SN-5''x'");
    expect(sql).not.toContain(`'${WORKSPACE}:9'`);
  });

  it('narrows to objectTypeIds and applies renames', () => {
    const assets = new FakeAssets([makeObject('10', 5), makeObject('12', 7)]);
    const run = runInfo({
      config: {
        id: 'e',
        name: 'E',
        schemaIds: ['1'],
        objectTypeIds: ['12'],
        dialect: 'sqlite',
        tableNames: { '12': 'people' },
      },
    });
    const { steps } = drive({ run }, assets, new FakeKeysets());
    expect(steps.join('')).toContain('INSERT OR REPLACE INTO people');
    expect(steps.join('')).not.toContain('laptop');
  });

  it('replaces link rows of multi-valued attributes per page', () => {
    const assets = new FakeAssets([makeObject('10', 3), makeObject('10', 4)]);
    const sql = drive({ run: runInfo() }, assets, new FakeKeysets()).steps.join('');
    expect(sql).toContain(`DELETE FROM laptop_103 WHERE object_id IN ('${WORKSPACE}:3', '${WORKSPACE}:4');`);
    expect(sql).toContain(
      `INSERT INTO laptop_103 (object_id, position, value) VALUES ('${WORKSPACE}:3', 0, 'red'), ('${WORKSPACE}:3', 1, 'blue');`,
    );
  });

  it('adds ALTER statements for drift against the previous mapping', () => {
    const assets = new FakeAssets([makeObject('10', 1)]);
    const first = drive({ run: runInfo() }, assets, new FakeKeysets());
    const previousMapping = stubSql.buildMapping(WORKSPACE, first.types ?? [], {
      ...runInfo().config,
      excludedAttributeIds: ['102'],
    });
    const second = drive(
      { run: runInfo({ runId: 'run-0000000000000002' }), previousMapping },
      assets,
      new FakeKeysets(),
    );
    expect(second.steps[0]).toContain('-- schema change: column laptop.a_102 added');
    expect(second.steps[0]).toContain('ALTER TABLE laptop ADD COLUMN a_102 TEXT;');
    expect(first.steps[0]).not.toContain('ALTER');
  });

  it('refuses pages that are out of order or of another type instead of skipping objects', () => {
    const ctx = { run: runInfo(), sql: stubSql, types: syntheticTypes().filter((t) => t.id === '10') };
    const position = { phase: 'objects' as const, table: 0, after: 10 };
    expect(planNext(ctx, position)).toMatchObject({ kind: 'objects', typeId: '10' });
    for (const objects of [
      [makeObject('10', 12), makeObject('10', 11)],
      [makeObject('10', 10)],
      [makeObject('12', 20)],
    ]) {
      expect(() => applyFetched(ctx, position, { kind: 'objects', objects, isLast: true })).toThrow(
        EngineError,
      );
    }
  });
});

describe('engine: partitioning by objectId', () => {
  it('jumps over gaps: ids spread over millions cost ⌈n/page⌉ queries, none past 999 results', () => {
    const ids = spreadIds(2_345, 9_000_000, 17);
    const assets = new FakeAssets(ids.map((id) => makeObject('12', id)));
    const run = runInfo({
      config: { id: 'e', name: 'E', schemaIds: ['1'], objectTypeIds: ['12'], dialect: 'sqlite' },
    });
    const result = drive({ run, options: { pageSize: 250 } }, assets, new FakeKeysets());
    expect(result.objects).toBe(2_345);
    expect(assets.requests.length).toBe(Math.ceil(2_345 / 250));
    expect(assets.requests.every((r) => r.maxResults <= 999)).toBe(true);
    const sql = result.steps.join('');
    for (const id of ids) expect(sql).toContain(`'${WORKSPACE}:${id}'`);
  });

  it('exports types larger than the 1,000-result window completely', () => {
    const assets = new FakeAssets(Array.from({ length: 3_100 }, (_, i) => makeObject('12', 10 + i * 3)));
    const run = runInfo({
      config: { id: 'e', name: 'E', schemaIds: ['1'], objectTypeIds: ['12'], dialect: 'sqlite' },
    });
    const result = drive({ run, options: { pageSize: 999 } }, assets, new FakeKeysets());
    expect(result.objects).toBe(3_100);
    // 3 full pages, the 4th (103 objects) is last; every query starts at 0.
    expect(assets.requests.length).toBe(4);
  });

  it('builds keyset AQL through @suite/aql', () => {
    expect(objectsQuery('12', 0, undefined)).toBe('objectTypeId = 12 AND objectId > 0 ORDER BY objectId ASC');
    expect(objectsQuery('12', 99, '2025-03-04T05:06:59.000Z')).toBe(
      'objectTypeId = 12 AND objectId > 99 AND Updated >= "2025-03-04 05:06" ORDER BY objectId ASC',
    );
    expect(() => objectsQuery('12 OR 1=1', 0, undefined)).toThrow();
  });
});

describe('engine: incremental and deletes', () => {
  const personRun = (runId: string, knownRuns: string[] = [], since?: string) =>
    runInfo({
      runId,
      knownRuns,
      ...(since ? { since } : {}),
      config: { id: 'e', name: 'E', schemaIds: ['1'], objectTypeIds: ['12'], dialect: 'sqlite' },
    });

  it('since: upserts only objects updated since then, then scans ids and deletes what disappeared', () => {
    const assets = new FakeAssets([
      makeObject('12', 1, '2025-01-01T00:00:00.000Z'),
      makeObject('12', 2, '2025-03-01T12:00:00.000Z'),
      makeObject('12', 3, '2025-01-01T00:00:00.000Z'),
    ]);
    const keysets = new FakeKeysets();
    drive({ run: personRun('run-full-00000000001') }, assets, keysets);
    assets.objects = assets.objects.filter((o) => o.id !== '1');
    assets.requests.length = 0;
    const result = drive(
      { run: personRun('run-incr-00000000001', ['run-full-00000000001'], '2025-02-01T00:00:00.000Z') },
      assets,
      keysets,
    );
    const upserts = result.steps.filter((s) => s.startsWith('INSERT'));
    expect(upserts.join('')).toContain(`'${WORKSPACE}:2'`);
    expect(upserts.join('')).not.toContain(`'${WORKSPACE}:3'`);
    expect(result.steps.at(-1)).toBe(`DELETE FROM person WHERE object_id IN ('${WORKSPACE}:1');\n`);
    expect(result.deleted).toBe(1);
    expect(assets.requests.map((r) => [r.qlQuery, r.maxResults])).toEqual([
      ['objectTypeId = 12 AND objectId > 0 AND Updated >= "2025-02-01 00:00" ORDER BY objectId ASC', 500],
      ['objectTypeId = 12 AND objectId > 0 ORDER BY objectId ASC', 999],
    ]);
  });

  it('since without a baseline: changed objects only, nothing to compare, no scan', () => {
    const assets = new FakeAssets([makeObject('12', 1, '2025-03-01T00:00:00.000Z')]);
    const result = drive(
      { run: personRun('run-incr-00000000001', [], '2025-02-01T00:00:00.000Z') },
      assets,
      new FakeKeysets(),
    );
    expect(result.deleted).toBe(0);
    expect(assets.requests.length).toBe(1);
  });

  it('a full run sweeps every table: rows not written since the run started go, whatever the database held', () => {
    const assets = new FakeAssets([1, 2, 3].map((id) => makeObject('12', id)));
    const run = personRun('run-c-0000000000001', ['run-a-0000000000001']);
    const result = drive({ run }, assets, new FakeKeysets());
    expect(result.steps.at(-1)).toBe(`SWEEP person BEFORE ${Date.parse(run.startedAt)};`);
    // Even a first full run sweeps: the database may hold rows from anywhere.
    const first = drive({ run: personRun('run-d-0000000000001') }, assets, new FakeKeysets());
    expect(first.steps.at(-1)).toMatch(/^SWEEP person BEFORE \d+;$/);
  });

  it('skips deletions, with a warning, when a previous key set is incomplete', () => {
    const assets = new FakeAssets([makeObject('12', 1)]);
    const keysets = new FakeKeysets();
    keysets.add('run-old-000000000001', '12', [1, 2]);
    const result = drive(
      { run: personRun('run-new-000000000001', ['run-old-000000000001'], '2000-01-01T00:00:00.000Z') },
      assets,
      keysets,
    );
    expect(result.deleted).toBe(0);
    expect(result.steps.at(-1)).toContain(
      "-- deletions in person skipped: the previous run's key set is no longer stored",
    );
  });

  it('splits large deletions over steps with a resumable position', () => {
    const keysets = new FakeKeysets();
    keysets.add(
      'run-old-000000000001',
      '12',
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    keysets.complete.add('run-old-000000000001');
    const result = drive(
      {
        run: personRun('run-new-000000000001', ['run-old-000000000001'], '2000-01-01T00:00:00.000Z'),
        options: { maxDeletesPerStep: 20, deleteBatch: 7 },
      },
      new FakeAssets([]),
      keysets,
    );
    expect(result.deleted).toBe(50);
    expect(result.steps.filter((s) => s.includes('DELETE FROM person ')).length).toBe(3);
  });
});

describe('engine: resume', () => {
  it('resuming from any cursor gives the same SQL as an uninterrupted run', () => {
    const ids = spreadIds(180, 2_000_000, 5);
    const objects = [...ids.map((id) => makeObject(id % 2 ? '10' : '12', id))];
    const keysets0 = new FakeKeysets();
    keysets0.add(
      'run-prev-00000000001',
      '10',
      ids
        .filter((id) => id % 2)
        .concat([3, 5_000_000])
        .sort((a, b) => a - b),
    );
    keysets0.add('run-prev-00000000001', '12', [4]);
    keysets0.complete.add('run-prev-00000000001');
    // Incremental from before every object: objects, then the id scan, then deletions — every phase resumes.
    const run = runInfo({
      runId: 'run-this-00000000001',
      knownRuns: ['run-prev-00000000001'],
      since: '2000-01-01T00:00:00.000Z',
    });
    const options = { pageSize: 17, scanPageSize: 23, maxDeletesPerStep: 1 };
    const clone = (k: FakeKeysets) => {
      const c = new FakeKeysets();
      for (const [key, lists] of k.seen)
        c.seen.set(
          key,
          lists.map((l) => [...l]),
        );
      for (const r of k.complete) c.complete.add(r);
      return c;
    };
    const whole = drive({ run, options }, new FakeAssets(objects), clone(keysets0));
    expect(whole.deleted).toBe(3);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: whole.steps.length - 1 }), (k) => {
        const keysets = clone(keysets0);
        const first = drive({ run, options }, new FakeAssets(objects), keysets, { phase: 'ddl' }, k);
        // What leaves the server is the cursor; everything else comes back from storage.
        const text = encodeCursor({ runId: run.runId, position: first.position }, KEY);
        const resumed = verifyCursor(decodeCursor(text), KEY);
        const rest = drive(
          { run, options, ...(first.types ? { types: first.types } : {}) },
          new FakeAssets(objects),
          keysets,
          resumed.position,
        );
        expect([...first.steps, ...rest.steps].join('')).toBe(whole.steps.join(''));
      }),
      { numRuns: 40 },
    );
  });
});
