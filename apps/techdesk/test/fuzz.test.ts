/**
 * Fuzzing with figures: every resolver function of TechDesk (found in the built bundle, so a new one is covered
 * without editing this file) gets 1,000 generated payloads its input schema refuses, sent as the site admin on an
 * open ticket, through the sandbox's in-process invocation path. Every answer is INVALID_INPUT naming the field;
 * nothing is written to KVS or to Jira.
 */
import { expectFuzzClean, fuzzResolvers } from '@suite/sandbox/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startSandbox, type TestSandbox } from './sandbox-support';

let t: TestSandbox;
beforeAll(async () => {
  t = await startSandbox();
}, 300_000); // may include a cold Forge build of the app
afterAll(() => t?.close());

describe('fuzz', () => {
  it('answers 1,000 invalid payloads per resolver with clear errors and writes nothing', async () => {
    const admin = t.sb.users()['site-admin'] as string;
    const issue = [...t.site.jira.issues.values()][0];
    expect(issue).toBeDefined();
    const report = await fuzzResolvers(t.sb.sandbox, 'techdesk', admin, {
      extension: (moduleKey) =>
        moduleKey === ADMIN ? undefined : { issue: { key: issue?.key, id: issue?.id } },
    });
    expectFuzzClean(report, 'techdesk', 28);
  }, 240_000);
});
