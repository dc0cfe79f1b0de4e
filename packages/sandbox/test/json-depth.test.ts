import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nestingDepth } from '../src/server';

const depthOf = (v: unknown): number =>
  v !== null && typeof v === 'object'
    ? 1 + Math.max(0, ...Object.values(v as Record<string, unknown>).map(depthOf))
    : 0;

describe('nestingDepth', () => {
  it('property: equals the depth of any JSON value, brackets and quotes inside strings ignored', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), (value) => {
        expect(nestingDepth(JSON.stringify(value))).toBe(depthOf(value));
      }),
      { numRuns: 500 },
    );
  });

  it('handles 100,000 levels without recursion', () => {
    expect(nestingDepth(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)).toBe(100_000);
    expect(nestingDepth('"[[[\\"{{"')).toBe(0);
  });
});
