/**
 * Only the app's own resolver functions can be called: every `Object.prototype` name (`constructor`, `__proto__`,
 * `toString`…) is refused on every resolver module exactly like an unknown key, and the attempt is audited once.
 */
import { expectOwnKeysOnly, probeFunctionKeys } from '@suite/sandbox/testing';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createHarness, type Harness } from './app-support';

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ objects: 10 });
}, 300_000); // may include a cold Forge build of the app
afterAll(() => h?.sb.close());

describe('function keys', () => {
  it('refuses every Object.prototype name on every resolver module, as it refuses an unknown key', async () => {
    const probes = await probeFunctionKeys(h.sb.sandbox, 'assets-to-sql', h.agent);
    expectOwnKeysOnly(probes, h.kvsDump() as { keys: Record<string, unknown> });
  }, 120_000);
});
