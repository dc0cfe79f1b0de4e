/**
 * Only the app's own resolver functions can be called: every `Object.prototype` name (`constructor`, `__proto__`,
 * `toString`…) is refused on every resolver module exactly like an unknown key, and the attempt is audited once.
 */
import { expectOwnKeysOnly, probeFunctionKeys } from '@suite/sandbox/testing';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startSandbox, type TestSandbox } from './sandbox-support';

let t: TestSandbox;
beforeAll(async () => {
  t = await startSandbox();
}, 300_000); // may include a cold Forge build of the app
afterAll(() => t?.close());

describe('function keys', () => {
  it('refuses every Object.prototype name on every resolver module, as it refuses an unknown key', async () => {
    const probes = await probeFunctionKeys(t.sb.sandbox, 'techdesk', t.sb.users().agent as string);
    expectOwnKeysOnly(probes, t.sb.kvs.dump(t.sb.sandbox.kvsScope('techdesk')));
  }, 120_000);
});
