// Heap measurement for one async call (one web trigger invocation), relative to the used heap before it (after a
// full GC), in one of two ways:
// - `used`: the peak of V8's used heap, garbage not yet collected included. V8's GC statistics give it exactly (the
//   used heap just before each collection is a peak, since it only grows between collections), plus a 5 ms timer
//   sample and a reading at the end. How much garbage piles up first depends on V8's heuristics and the heap limit.
// - `live`: what the call really holds. Every collection is made a full one (`--gc-global`, so one runs whenever
//   the young generation fills, every few MB allocated, in the middle of synchronous work too) and the heap after
//   each is read, plus a full GC at the end with the result still held. Slower, so it is a pass of its own.
import { GCProfiler, getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * `global.gc` when node runs with `--expose-gc`; otherwise the flag is set at run time and `gc` is taken from a
 * fresh context (V8 installs it on contexts created after the flag is set), so a plain `tsx` script gets it too.
 */
export function gcFunction(): (() => void) | undefined {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (typeof existing === 'function') return existing;
  setFlagsFromString('--expose-gc');
  const fromContext: unknown = runInNewContext('typeof gc === "function" ? gc : undefined');
  return typeof fromContext === 'function' ? (fromContext as () => void) : undefined;
}

export type HeapMode = 'used' | 'live';

export interface HeapMeasurement<T> {
  readonly result: T;
  /** Used heap (bytes) before the call, after a full GC. */
  readonly baseline: number;
  /** Highest used heap (bytes) during the call: with garbage (`used`) or right after full GCs (`live`). */
  readonly peak: number;
  /** Collections during the call. */
  readonly gcs: number;
}

const used = () => getHeapStatistics().used_heap_size;

export async function measureHeap<T>(
  fn: () => Promise<T>,
  gc: () => void,
  mode: HeapMode,
): Promise<HeapMeasurement<T>> {
  gc();
  const baseline = used();
  let peak = baseline;
  const sample = () => {
    peak = Math.max(peak, used());
  };
  const profiler = new GCProfiler();
  const timer = mode === 'used' ? setInterval(sample, 5) : undefined;
  if (mode === 'live') setFlagsFromString('--gc-global');
  profiler.start();
  let result: T;
  try {
    result = await fn();
  } finally {
    clearInterval(timer);
    if (mode === 'live') setFlagsFromString('--no-gc-global');
  }
  const { statistics } = profiler.stop();
  for (const s of statistics) {
    if (mode === 'used') peak = Math.max(peak, s.beforeGC.heapStatistics.usedHeapSize);
    else if (s.gcType === 'MarkSweepCompact') peak = Math.max(peak, s.afterGC.heapStatistics.usedHeapSize);
  }
  // The result (the chunk the invocation returns) is still held here, so it counts.
  if (mode === 'live') gc();
  sample();
  return { result, baseline, peak, gcs: statistics.length };
}
