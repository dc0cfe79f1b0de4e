// End-to-end export benchmark: the app, unmodified, in an in-process sandbox whose Assets workspace holds
// A2S_BENCH_OBJECTS objects (100,000 by default), with A2S_BENCH_LATENCY_MS of latency added to every product call.
// An admin creates an export of every object type and an API key through the resolvers, then the whole export is
// pulled through the web trigger chunk by chunk, following X-Next-Cursor, as a client would.
//
// Run: `npm run bench -w @suite/assets-to-sql` (after the SQL benches), or only this file:
//   npx tsx apps/assets-to-sql/bench/export.bench.ts
// The documented 1,000,000-object run:
//   A2S_BENCH_OBJECTS=1000000 npm run bench -w @suite/assets-to-sql
//
// Settings (environment):
//   A2S_BENCH_OBJECTS      objects in the seeded workspace (default 100000, at most 1000000)
//   A2S_BENCH_LATENCY_MS   latency added to every product call (default 50)
//   A2S_BENCH_DIALECTS     comma-separated dialects to pull (default postgresql; any of postgresql,mysql,sqlserver,sqlite)
//   A2S_BENCH_SCHEMAS      comma-separated schema names to export (default every schema, IT Assets and Facilities, so
//                          the export holds every seeded object; "IT Assets" alone holds about 70 % of them)
//   A2S_BENCH_HEAP_CHUNKS  chunks the live-heap pass covers (default 20, which is every chunk of the default run;
//                          0 = all). The pass takes about twice as long per chunk as the export, so at 1,000,000
//                          objects (82 chunks) the default keeps it to a few minutes
//   A2S_CHUNK_MAX_BYTES, A2S_PAGE_SIZE  passed to the app as Forge variables when set (default: the app's own)
//
// Figures (`BENCH {…}` lines; `a2s.export.<dialect>.…` when several dialects are pulled):
//   objects, latencyMs      the settings
//   objectsPerSecond        objects exported ÷ wall time
//   wallTime                the sum of the chunk invocations' durations (the bench's own work between chunks is
//                           left out)
//   bytes, chunks           the SQL pulled
//   peakHeapPerInvocation   the largest rise of the live heap during one invocation above the heap before it, in a
//                           second pass over the export in which every collection is a full one (bench/heap.ts),
//                           plus one at the end with the response still held; the limit is 128 MB
//   peakHeapUsedPerInvocation  the same rise of the used heap in the timed pass, garbage V8 has not collected yet
//                           included: how far V8 lets the heap grow with this process's (multi-GB) heap limit
//   requestsPer1000Objects  product calls the app made (the sandbox's request log) per 1,000 objects exported
//   wallVsApiBound          wall time ÷ the API-bound limit, requests × latency ÷ concurrency (baseline, in ms). The
//                           engine fetches one step at a time, so the concurrency is 1
// The sandbox runs in this process, so heap figures also count what the emulated Assets allocates to answer the
// app's calls (each AQL page is built as objects and serialised to JSON before the app parses it).
import { performance } from 'node:perf_hooks';
import { report } from '../../../test/bench';
import { DIALECTS, type Dialect } from '../src/domain/model';
import { APP, createHarness, type Harness, type PullResponse, unwrap } from '../test/app-support';
import { gcFunction, measureHeap } from './heap';

const MB = 1024 * 1024;
const HEAP_LIMIT_MB = 128;
/** Product calls in flight at once during an export: the engine plans and fetches one step at a time. */
const CONCURRENCY = 1;
const COUNTS = /-- (\d+) objects, (\d+) deletions in this chunk; (export complete|continues)/;

function intEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer from ${min} to ${max}`);
  }
  return value;
}

function listEnv(name: string): string[] | undefined {
  const raw = process.env[name];
  return raw ? raw.split(',').map((s) => s.trim()) : undefined;
}

const settings = {
  objects: intEnv('A2S_BENCH_OBJECTS', 100_000, 1, 1_000_000),
  latencyMs: intEnv('A2S_BENCH_LATENCY_MS', 50, 0, 10_000),
  heapChunks: intEnv('A2S_BENCH_HEAP_CHUNKS', 20, 0, 1_000_000),
  dialects: (listEnv('A2S_BENCH_DIALECTS') ?? ['postgresql']).map((d) => {
    if (!(DIALECTS as readonly string[]).includes(d)) throw new Error(`unknown dialect: ${d}`);
    return d as Dialect;
  }),
  schemas: listEnv('A2S_BENCH_SCHEMAS'),
  variables: Object.fromEntries(
    ['A2S_CHUNK_MAX_BYTES', 'A2S_PAGE_SIZE'].flatMap((name) => {
      const value = process.env[name];
      return value ? [[name, value]] : [];
    }),
  ) as Record<string, string>,
};

const log = (message: string) => console.log(`# ${message}`);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Pass {
  readonly objects: number;
  readonly wallMs: number;
  readonly bytes: number;
  readonly chunks: number;
  readonly requests: number;
  /** Time the product calls took as the sandbox logged them (ms): the added latency plus the emulated site's work. */
  readonly callMs: number;
  /** Largest heap rise in one invocation (bytes) and the chunk it happened in. */
  readonly peakHeap: number;
  /** Collections during the pass. */
  readonly gcs: number;
  readonly peakChunk: number;
}

/**
 * Pulls the export from the start, one invocation per chunk, measuring each invocation's heap; `live` passes force
 * GCs while the invocation runs and may stop after `maxChunks`.
 */
async function pullExport(
  h: Harness,
  target: { exportId: string; key: string; dialect: Dialect },
  gc: () => void,
  live: boolean,
  maxChunks = 0,
): Promise<Pass> {
  const requestsBefore = h.sb.sandbox.requests.length;
  let cursor: string | undefined;
  let objects = 0;
  let wallMs = 0;
  let bytes = 0;
  let chunks = 0;
  let peakHeap = 0;
  let peakChunk = 0;
  let gcs = 0;
  for (;;) {
    const query = { export: target.exportId, dialect: target.dialect, ...(cursor ? { cursor } : {}) };
    const measured = await measureHeap(
      async () => {
        const started = performance.now();
        const response = await h.pull(query, target.key);
        return { response, ms: performance.now() - started };
      },
      gc,
      live ? 'live' : 'used',
    );
    const { response, ms }: { response: PullResponse; ms: number } = measured.result;
    wallMs += ms;
    if (response.status === 429 || response.status === 503) {
      const retryAfter = Number(response.headers['Retry-After']?.[0] ?? 1);
      log(`${target.dialect}: ${response.status}, the same cursor again in ${retryAfter} s`);
      await sleep(retryAfter * 1000);
      continue;
    }
    if (response.status !== 200) {
      throw new Error(`pull answered ${response.status}: ${response.body.slice(0, 300)}`);
    }
    const counts = COUNTS.exec(response.body.slice(-400));
    if (!counts) throw new Error('a chunk without its closing comment');
    objects += Number(counts[1]);
    bytes += Buffer.byteLength(response.body);
    chunks++;
    gcs += measured.gcs;
    if (measured.peak - measured.baseline > peakHeap) {
      peakHeap = measured.peak - measured.baseline;
      peakChunk = chunks - 1;
    }
    cursor = response.nextCursor;
    if (!cursor || chunks === maxChunks) break;
    if (chunks % 10 === 0) {
      log(
        `${live ? 'live-heap pass' : target.dialect}: ${chunks} chunks, ${objects} objects, ${Math.round(wallMs)} ms`,
      );
    }
  }
  const calls = h.sb.sandbox.requests.slice(requestsBefore).filter((r) => r.app === APP);
  const callMs = calls.reduce((sum, r) => sum + r.durationMs, 0);
  return { objects, wallMs, bytes, chunks, requests: calls.length, callMs, peakHeap, peakChunk, gcs };
}

async function main(): Promise<void> {
  const gc = gcFunction();
  if (!gc) throw new Error('no way to run the GC (node --expose-gc)');
  const setupStarted = performance.now();
  const h = await createHarness({ objects: settings.objects, variables: settings.variables });
  try {
    const all = unwrap(await h.invoke<{ id: string; name: string }[]>('listSchemas'));
    const names = settings.schemas;
    const schemas = names ? all.filter((s) => names.includes(s.name)) : all;
    if (schemas.length === 0) throw new Error(`no schema named ${names?.join(', ')}`);
    let expected = 0;
    for (const schema of schemas) {
      const types = unwrap(
        await h.invoke<{ abstract: boolean; objectCount: number }[]>('listObjectTypes', {
          schemaId: schema.id,
        }),
      );
      for (const t of types) if (!t.abstract) expected += t.objectCount;
    }
    const exportId = unwrap(
      await h.invoke<{ id: string }>('saveExport', {
        name: 'Bench',
        schemaIds: schemas.map((s) => s.id),
        dialect: settings.dialects[0],
      }),
    ).id;
    const key = unwrap(
      await h.invoke<{ key: string }>('createApiKey', { label: 'bench', exportIds: [exportId] }),
    ).key;
    const variables = Object.keys(settings.variables).length ? `, ${JSON.stringify(settings.variables)}` : '';
    log(
      `sandbox with ${settings.objects} objects in ${Math.round(performance.now() - setupStarted)} ms; exporting ` +
        `${schemas.map((s) => s.name).join(' + ')} (${expected} objects) with ${settings.latencyMs} ms latency ` +
        `per product call, dialects ${settings.dialects.join(', ')}${variables}`,
    );
    report({ name: 'a2s.export.objects', value: expected, unit: 'objects' });
    report({ name: 'a2s.export.latencyMs', value: settings.latencyMs, unit: 'ms' });
    h.sb.sandbox.setFaults(settings.latencyMs > 0 ? [{ latencyMs: settings.latencyMs }] : []);

    for (const dialect of settings.dialects) {
      const target = { exportId, key, dialect };
      const timed = await pullExport(h, target, gc, false);
      if (timed.objects !== expected) {
        throw new Error(`${dialect}: exported ${timed.objects} objects, Assets holds ${expected}`);
      }
      log(
        `${dialect}: ${timed.objects} objects in ${timed.chunks} chunks, ${(timed.bytes / MB).toFixed(1)} MB, ` +
          `${timed.requests} product calls, ${(timed.wallMs / 1000).toFixed(1)} s; used heap rose at most ` +
          `${(timed.peakHeap / MB).toFixed(1)} MB (chunk ${timed.peakChunk})`,
      );
      const latencyTotal = timed.requests * settings.latencyMs;
      log(
        `${dialect}: product calls took ${(timed.callMs / 1000).toFixed(1)} s (${(latencyTotal / 1000).toFixed(1)} s ` +
          `added latency, ${((timed.callMs - latencyTotal) / 1000).toFixed(1)} s the emulated Assets answering); ` +
          `the other ${((timed.wallMs - timed.callMs) / 1000).toFixed(1)} s is the app and the emulated platform ` +
          '(KVS, invocation); measuring the live heap…',
      );
      const heap = await pullExport(h, target, gc, true, settings.heapChunks);
      log(
        `${dialect}: live heap rose at most ${(heap.peakHeap / MB).toFixed(1)} MB (chunk ${heap.peakChunk}) over ` +
          `${heap.chunks} of ${timed.chunks} chunks (${heap.gcs} full GCs)`,
      );

      const prefix = settings.dialects.length > 1 ? `a2s.export.${dialect}` : 'a2s.export';
      const apiBoundMs = (timed.requests * settings.latencyMs) / CONCURRENCY;
      const heapLine = (name: string, bytes: number) => {
        const mb = bytes / MB;
        const ratio = Number((mb / HEAP_LIMIT_MB).toFixed(3));
        report({ name: `${prefix}.${name}`, value: mb, unit: 'MB', baseline: HEAP_LIMIT_MB, ratio });
      };
      report({
        name: `${prefix}.objectsPerSecond`,
        value: (timed.objects * 1000) / timed.wallMs,
        unit: 'objects/s',
      });
      report({ name: `${prefix}.wallTime`, value: timed.wallMs / 1000, unit: 's' });
      report({ name: `${prefix}.bytes`, value: timed.bytes / MB, unit: 'MB' });
      report({ name: `${prefix}.chunks`, value: timed.chunks, unit: 'chunks' });
      heapLine('peakHeapPerInvocation', heap.peakHeap);
      heapLine('peakHeapUsedPerInvocation', timed.peakHeap);
      report({
        name: `${prefix}.requestsPer1000Objects`,
        value: (timed.requests * 1000) / timed.objects,
        unit: 'requests',
      });
      if (apiBoundMs > 0) {
        const ratio = timed.wallMs / apiBoundMs;
        report({
          name: `${prefix}.wallVsApiBound`,
          value: ratio,
          unit: 'x',
          baseline: Math.round(apiBoundMs),
          ratio: Number(ratio.toFixed(3)),
        });
      }
    }
  } finally {
    h.sb.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
