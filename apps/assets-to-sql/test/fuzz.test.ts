/**
 * Fuzzing with figures: every resolver function of Assets to SQL (found in the built bundle, so a new one is covered
 * without editing this file) gets 1,000 generated payloads its input schema refuses, sent as the site admin; every
 * answer is INVALID_INPUT naming the field. The pull web trigger gets 1,000 requests with a valid API key and export
 * but at least one defect (method, unknown, repeated or prototype-named parameters, bad values, bad cursor, bad
 * credentials; plus junk bodies and headers): every answer is 4xx. Nothing is written to KVS or to Jira.
 * The push worker's queue events are published by the app itself (no external input), so it is not fuzzed here.
 */
import {
  expectFuzzClean,
  fuzzResolvers,
  fuzzWebTrigger,
  nastyString,
  type WebTriggerCase,
  wireValue,
} from '@suite/sandbox/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, unwrap } from './app-support';

const APP = 'assets-to-sql';
let h: Harness;
beforeAll(async () => {
  h = await createHarness({ objects: 10 });
}, 300_000); // may include a cold Forge build of the app
afterAll(() => h?.sb.close());

describe('fuzz', () => {
  it('answers 1,000 invalid payloads per resolver with clear errors and writes nothing', async () => {
    const report = await fuzzResolvers(h.sb.sandbox, APP, h.admin);
    expectFuzzClean(report, APP, 18);
  }, 240_000);

  it('answers 1,000 bad pull requests with 4xx and writes nothing', async () => {
    const exportId = unwrap(
      await h.invoke<{ id: string }>('saveExport', { name: 'Fuzz', schemaIds: ['1'], dialect: 'sqlite' }),
    ).id;
    const key = unwrap(
      await h.invoke<{ key: string }>('createApiKey', { label: 'fuzz', exportIds: [exportId] }),
    ).key;
    // The valid request answers 200 (and is the baseline every case breaks).
    expect((await h.pull({ export: exportId, dialect: 'sqlite' }, key)).status).toBe(200);

    const PARAMETERS = ['export', 'dialect', 'cursor', 'since'];
    type Defect = (c: WebTriggerCase) => WebTriggerCase;
    const setParam =
      (name: string, value: string): Defect =>
      (c) => ({
        ...c,
        query: [...c.query.filter(([n]) => n !== name), [name, value] as [string, string]],
      });
    const defect: fc.Arbitrary<Defect> = fc.oneof(
      fc
        .oneof(
          fc.constantFrom('POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'TRACE', 'CONNECT'),
          fc.string({ minLength: 1, maxLength: 10 }).filter((m) => m.toUpperCase() !== 'GET'),
        )
        .map((method) => (c: WebTriggerCase) => ({ ...c, method })),
      fc
        .tuple(
          fc.oneof(
            fc.constantFrom(
              '__proto__',
              'constructor',
              'prototype',
              'toString',
              'hasOwnProperty',
              'EXPORT',
              '',
            ),
            nastyString,
          ),
          nastyString,
        )
        .filter(([name]) => !PARAMETERS.includes(name))
        .map(([name, value]) => (c: WebTriggerCase) => ({
          ...c,
          query: [...c.query, [name, value] as [string, string]],
        })),
      fc.constantFrom('export', 'dialect').map((name) => (c: WebTriggerCase) => ({
        ...c,
        query: [...c.query, [name, name === 'export' ? exportId : 'sqlite'] as [string, string]],
      })),
      fc.oneof(nastyString, fc.string({ minLength: 65, maxLength: 5_000 })).map((v) => setParam('export', v)),
      fc
        .oneof(nastyString, fc.constantFrom('SQLITE', 'sqlite ', 'postgres', 'oracle'))
        .filter((v) => !['postgresql', 'mysql', 'sqlserver', 'sqlite'].includes(v))
        .map((v) => setParam('dialect', v)),
      fc
        .oneof(
          nastyString,
          fc.base64String({ minLength: 8, maxLength: 600 }),
          fc.string({ minLength: 5_000, maxLength: 9_000 }),
        )
        .filter((v) => v !== '')
        .map((v) => setParam('cursor', v)),
      fc
        .oneof(
          nastyString,
          fc.constantFrom('1999-12-31T23:59:59Z', '2025-13-01T00:00:00Z', '2025-01-17', '0', 'now'),
        )
        .map((v) => setParam('since', v)),
      fc
        .oneof(
          fc.constant(undefined),
          fc.constantFrom(
            `Basic ${key}`,
            `Bearer ${key}x`,
            `Bearer ${key.slice(0, -1)}`,
            'Bearer',
            'Bearer ',
            key,
          ),
          nastyString.map((s) => `Bearer ${s}`),
          fc.string({ minLength: 9_000, maxLength: 12_000 }).map((s) => `Bearer ${s}`),
        )
        .map((authorization) => (c: WebTriggerCase) => {
          const { authorization: _dropped, ...rest } = c.headers;
          return { ...c, headers: authorization === undefined ? rest : { ...rest, authorization } };
        }),
    );
    const noise = fc.record({
      body: fc.oneof(
        fc.constant(''),
        nastyString,
        wireValue(3).map((v) => JSON.stringify(v) ?? ''),
        fc.constant('{"a":'),
      ),
      headers: fc.dictionary(
        fc.oneof(
          fc.constantFrom('__proto__', 'constructor', 'content-type', 'x-forwarded-for'),
          fc.string({ maxLength: 12 }),
        ),
        nastyString,
        { maxKeys: 3 },
      ),
    });
    const cases = fc
      .tuple(fc.array(defect, { minLength: 1, maxLength: 3 }), noise)
      .map(([defects, extra]) => {
        const valid: WebTriggerCase = {
          method: 'GET',
          headers: { ...extra.headers, authorization: `Bearer ${key}` },
          query: [
            ['export', exportId],
            ['dialect', 'sqlite'],
          ],
          body: extra.body,
        };
        return defects.reduce((c, d) => d(c), valid);
      });

    const writesBefore = h.sb.sandbox.kvsWrites(APP);
    const report = await fuzzWebTrigger(
      h.sb.sandbox,
      { app: APP, cloudId: h.cloudId, key: 'pull-endpoint' },
      cases,
    );
    console.log(
      `fuzz ${APP} pull web trigger: ${report.requests} bad requests, ${report.clientErrors} answered 4xx (${
        Math.floor((report.clientErrors / report.requests) * 1000) / 10
      } %), ${report.storageWrites} storage writes, ${report.productWrites} product writes; by status ${JSON.stringify(report.byStatus)}`,
    );
    expect(report.findings).toEqual([]);
    expect(report.requests).toBe(1_000);
    expect(report.clientErrors).toBe(report.requests);
    expect(report.storageWrites).toBe(0);
    expect(report.productWrites).toBe(0);
    expect(h.sb.sandbox.kvsWrites(APP)).toBe(writesBefore);
  }, 240_000);
});
