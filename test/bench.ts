// Tiny benchmark kit: runs a function for a fixed time budget after a warm-up and prints one line per figure,
// `BENCH {"name":…,"value":…,"unit":…}` (plus baseline and ratio when one is given), for `npm run bench`.
import { performance } from 'node:perf_hooks';

export interface BenchLine {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly baseline?: number;
  readonly ratio?: number;
}

export function report(line: BenchLine): void {
  const rounded = { ...line, value: Number(line.value.toPrecision(4)) };
  console.log(`BENCH ${JSON.stringify(rounded)}`);
}

/** Calls `fn` repeatedly for about `ms` milliseconds (after a warm-up) and returns calls per second. */
export function opsPerSecond(fn: () => unknown, ms = 500): number {
  const warmUntil = performance.now() + ms / 5;
  while (performance.now() < warmUntil) fn();
  let calls = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 50; i++) fn();
    calls += 50;
    now = performance.now();
  }
  return (calls * 1000) / (now - start);
}
