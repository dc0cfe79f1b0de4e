/**
 * Fuzzing with figures: every resolver function of DispatchDesk (found in the built bundle, so a new one is covered
 * without editing this file) gets 1,000 generated payloads its input schema refuses, sent as the site admin,
 * through the sandbox's in-process invocation path. Every answer is INVALID_INPUT naming the field; nothing is
 * written to KVS or to Jira.
 */
import { fuzzResolvers } from '@suite/sandbox/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type TestSandbox } from './resolvers-support';

let t: TestSandbox;
beforeAll(async () => {
  t = await startSandbox();
}, 300_000); // may include a cold Forge build of the app
afterAll(() => t?.close());

describe('fuzz', () => {
  it('answers 1,000 invalid payloads per resolver with clear errors and writes nothing', async () => {
    const report = await fuzzResolvers(t.sb.sandbox, 'dispatchdesk', t.users['site-admin'] as string);
    console.log(report.line);
    console.log(
      `fuzz dispatchdesk by category: ${JSON.stringify(report.byCategory)}, ${report.fieldChecks} had to name the one field they break, ${report.elapsedMs} ms`,
    );
    expect(report.findings).toEqual([]);
    expect(report.resolvers).toBeGreaterThanOrEqual(19);
    expect(report.payloads).toBe(report.resolvers * 1_000);
    expect(report.clearErrors).toBe(report.payloads);
    expect(report.storageWrites).toBe(0);
    expect(report.productWrites).toBe(0);
    expect(report.fieldChecks).toBeGreaterThan(report.payloads / 4);
  }, 240_000);
});
