/**
 * What the fuzz harness reads from a built bundle: `ownKeysOnly` handlers expose their own definitions, and
 * `defineResolver` functions (and `routesTo` routers) the input specs they parse with.
 */
import Resolver from '@forge/resolver';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ownKeysOnly, resolverFunctionsOf } from '../src/dispatch';
import { appAdminPolicy } from '../src/policy';
import { createResolverKit, inputSpecsOf, routesTo } from '../src/resolver';

const { defineResolver } = createResolverKit({} as never);
const policy = appAdminPolicy<unknown>('m');
const a = defineResolver({ name: 'a', input: z.strictObject({ x: z.string() }), policy, handler: () => 1 });
const b = defineResolver({
  name: 'b',
  input: z.strictObject({ y: z.number() }),
  policy,
  handler: () => 2,
  maxInputBytes: 500,
});

describe('resolver introspection', () => {
  it('exposes the input schema and payload cap of each defineResolver function', () => {
    const [spec] = inputSpecsOf(a) ?? [];
    expect(spec?.name).toBe('a');
    expect(spec?.maxInputBytes).toBe(100_000);
    expect(spec?.schema.safeParse({ x: 's' }).success).toBe(true);
    expect(spec?.schema.safeParse({ x: 1 }).success).toBe(false);
    expect(inputSpecsOf(b)?.[0]?.maxInputBytes).toBe(500);
    expect(inputSpecsOf(() => 1)).toBeUndefined();
    // Not enumerable: nothing changes for code that walks the function's own keys.
    expect(Object.keys(a)).toEqual([]);
  });

  it('routesTo exposes every spec its router may run, and refuses a target without one', () => {
    const router = routesTo((r: unknown) => (Math.random() > 2 ? a(r as never) : b(r as never)), [a, b]);
    expect(inputSpecsOf(router)?.map((s) => s.name)).toEqual(['a', 'b']);
    expect(() => routesTo(() => 1, [() => 1])).toThrow('routesTo needs functions made by defineResolver');
  });

  it("ownKeysOnly's handler exposes exactly its own definitions", () => {
    const handler = ownKeysOnly(new Resolver().define('a', a).define('b', b));
    const functions = resolverFunctionsOf(handler);
    expect(Object.keys(functions ?? {})).toEqual(['a', 'b']);
    expect(functions?.a).toBe(a);
    expect(resolverFunctionsOf(() => 1)).toBeUndefined();
  });
});
