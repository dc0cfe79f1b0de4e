/**
 * Only the app's own resolver functions can be called: every `Object.prototype` name (`constructor`, `__proto__`,
 * `toString`…) is refused on every resolver module exactly like an unknown key, and the attempt is audited once.
 */
import { PROTOTYPE_KEYS, probeFunctionKeys } from '@suite/sandbox/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type TestSandbox } from './sandbox-support';

let t: TestSandbox;
beforeAll(async () => {
  t = await startSandbox();
}, 300_000); // may include a cold Forge build of the app
afterAll(() => t?.close());

describe('function keys', () => {
  it('refuses every Object.prototype name on every resolver module, as it refuses an unknown key', async () => {
    const probes = await probeFunctionKeys(t.sb.sandbox, 'techdesk', t.sb.users().agent as string);
    expect(probes.length).toBeGreaterThanOrEqual(PROTOTYPE_KEYS.length + 1);
    const unknown = probes.find((p) => p.functionKey === 'noSuchFunction');
    expect(unknown?.outcome).toBe('refused');
    expect(unknown?.message).toContain('This app has no such function');
    const different = probes.filter((p) => p.outcome !== 'refused' || p.message !== unknown?.message);
    expect(different).toEqual([]);
    console.log(`${probes.length} calls with prototype names and an unknown key: all refused alike`);
    // Audited, but at most once per caller per minute however many keys were tried.
    const audit = Object.entries((() => t.sb.kvs.dump(t.sb.sandbox.kvsScope('techdesk')).keys)()).filter(
      ([k, v]) => k.startsWith('audit:') && (v as { action?: string }).action === 'resolver.unknownFunction',
    );
    expect(audit.length).toBeGreaterThanOrEqual(1);
    expect(audit.length).toBeLessThanOrEqual(2); // the minute may turn over during the run
  }, 120_000);
});
