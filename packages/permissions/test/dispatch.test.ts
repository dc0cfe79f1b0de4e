import Resolver from '@forge/resolver';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditRefusals, ownKeysOnly, UNKNOWN_FUNCTION_ANSWER } from '../src/dispatch';
import { createMemoryStore } from '../src/testing/index';

const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype);

function app(onRefused?: Parameters<typeof ownKeysOnly>[1]) {
  const resolver = new Resolver()
    .define('hello', () => ({ hi: true }))
    .define('echoContext', ({ context }) => ({ accountId: context.accountId }));
  return ownKeysOnly(resolver, onRefused);
}

const call = (handler: ReturnType<typeof app>, functionKey: unknown, accountId = 'acc-1') =>
  (handler as unknown as (r: unknown, p: unknown) => Promise<unknown>)(
    { call: { functionKey, payload: {} }, context: { secretish: 'installation' } },
    { principal: { accountId } },
  );

describe('ownKeysOnly', () => {
  it("dispatches the app's own functions as @forge/resolver does", async () => {
    const handler = app();
    expect(await call(handler, 'hello')).toEqual({ hi: true });
    expect(await call(handler, 'echoContext', 'acc-9')).toEqual({ accountId: 'acc-9' });
  });

  it('refuses every Object.prototype name with the unknown-key error, reaching no code', async () => {
    const handler = app();
    expect(PROTOTYPE_NAMES).toContain('constructor');
    expect(PROTOTYPE_NAMES).toContain('__proto__');
    // Unwrapped, @forge/resolver runs `constructor` and hands back the invocation context.
    const raw = new Resolver().define('hello', () => 1).getDefinitions() as unknown as (
      r: unknown,
      p: unknown,
    ) => Promise<unknown>;
    await expect(raw({ call: { functionKey: 'constructor' }, context: { x: 1 } }, {})).resolves.toBeDefined();
    for (const name of [...PROTOTYPE_NAMES, 'definitelyUnknown', '', 'hello ', 'HELLO']) {
      expect(await call(handler, name), name).toEqual(UNKNOWN_FUNCTION_ANSWER);
    }
    for (const bad of [undefined, null, 42, {}, ['hello']]) {
      expect(await call(handler, bad)).toEqual(UNKNOWN_FUNCTION_ANSWER);
    }
  });

  it('property: any key but its own gets the one constant refusal, so it never echoes the key', async () => {
    const handler = app();
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 80 }), async (key) => {
        fc.pre(key !== 'hello' && key !== 'echoContext');
        const answer = await call(handler, key);
        expect(answer).toEqual(UNKNOWN_FUNCTION_ANSWER);
      }),
      { numRuns: 300 },
    );
  });

  it('audits refusals at most once per caller per window, counting them, with the key made safe', async () => {
    const store = createMemoryStore();
    let now = new Date('2026-12-03T10:00:05Z');
    const handler = app({ onRefused: auditRefusals(store, () => now) });
    for (let i = 0; i < 50; i++)
      expect(await call(handler, i === 0 ? 'constructor' : `k${i}`)).toEqual(UNKNOWN_FUNCTION_ANSWER);
    expect(await call(handler, '<script>', 'acc-2')).toEqual(UNKNOWN_FUNCTION_ANSWER);
    now = new Date('2026-12-03T10:10:01Z');
    expect(await call(handler, 'valueOf')).toEqual(UNKNOWN_FUNCTION_ANSWER);
    const entries = (await store.list('audit:', { limit: 100 })).entries.map(
      (e) => e.value as Record<string, unknown>,
    );
    expect(entries).toHaveLength(3);
    expect(entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          actor: 'acc-1',
          outcome: 'denied',
          reason: 'function key constructor',
          count: 50,
        }),
        expect.objectContaining({ actor: 'acc-2', reason: 'function key ?script?', count: 1 }),
        expect.objectContaining({ actor: 'acc-1', reason: 'function key valueOf', count: 1 }),
      ]),
    );
  });

  it('still refuses when the audit cannot be written', async () => {
    const handler = app({
      onRefused: () => {
        throw new Error('storage down');
      },
    });
    expect(await call(handler, 'toString')).toEqual(UNKNOWN_FUNCTION_ANSWER);
  });
});
