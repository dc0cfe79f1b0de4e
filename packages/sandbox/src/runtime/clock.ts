/**
 * Sandbox time. `manual` time moves only when told (tests: deterministic schedules and delays); `real` time
 * follows the wall clock, and `advance` jumps it forward (the browser host's "fast-forward").
 */
export class SandboxClock {
  private offsetMs = 0;
  private manualNow: number;

  constructor(
    readonly mode: 'manual' | 'real',
    start: Date = new Date('2026-01-05T09:00:00.000Z'),
  ) {
    this.manualNow = start.getTime();
  }

  nowMs(): number {
    return this.mode === 'manual' ? this.manualNow : Date.now() + this.offsetMs;
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  advance(ms: number): void {
    if (ms < 0) throw new RangeError('The sandbox clock only moves forward');
    if (this.mode === 'manual') this.manualNow += ms;
    else this.offsetMs += ms;
  }
}
