/**
 * Fuzzing with figures: every resolver function of DispatchDesk (found in the built bundle, so a new one is covered
 * without editing this file) gets 1,000 generated payloads its input schema refuses, sent as the site admin,
 * through the sandbox's in-process invocation path. Every answer is INVALID_INPUT naming the field; nothing is
 * written to KVS or to Jira.
 */
import { expectFuzzClean, fuzzResolvers } from '@suite/sandbox/testing';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startSandbox, type TestSandbox } from './resolvers-support';

let t: TestSandbox;
beforeAll(async () => {
  t = await startSandbox();
}, 300_000); // may include a cold Forge build of the app
afterAll(() => t?.close());

describe('fuzz', () => {
  it('answers 1,000 invalid payloads per resolver with clear errors and writes nothing', async () => {
    const report = await fuzzResolvers(t.sb.sandbox, 'dispatchdesk', t.users['site-admin'] as string);
    expectFuzzClean(report, 'dispatchdesk', 19);
  }, 240_000);
});
