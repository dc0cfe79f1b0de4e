import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKvsStore } from '../src/kvs/index';
import { LIMITS } from '../src/runtime/limits';
import { InvocationFailure, Sandbox } from '../src/runtime/sandbox';
import { fakeSite, siteAdmins } from './support/fake-site';

const DEMO = join(import.meta.dirname, 'fixtures', 'demo-app');
const work = mkdtempSync(join(tmpdir(), 'sandbox-runtime-'));
const siteA = fakeSite('cloud-a');
const siteB = fakeSite('cloud-b');
let sandbox: Sandbox;
const hookCalls: string[] = [];

beforeAll(async () => {
  sandbox = await Sandbox.create({
    apps: [{ key: 'demo', dir: DEMO, variables: { DEMO_GREETING: 'hello from forge variables' } }],
    sites: [siteA, siteB],
    kvs: createKvsStore({}),
    workDir: work,
    baseUrl: 'http://localhost:4999',
    externalHosts: {
      'https://hooks.example.com': async (request) => {
        hookCalls.push(`${request.method} ${await request.text()}`);
        return new Response('received', { status: 202 });
      },
    },
    limits: { resolverTimeoutMs: 300, webTriggerTimeoutMs: 300, defaultAsyncTimeoutMs: 300 },
  });
}, 300_000); // may include a cold Forge build of the demo app, queued behind other files' builds

afterAll(() => rmSync(work, { recursive: true, force: true }));

const invoke = (
  functionKey: string,
  payload: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
) =>
  sandbox.invokeResolver({
    app: 'demo',
    moduleKey: 'demo-admin',
    functionKey,
    payload,
    accountId: 'u-agent',
    ...extra,
  });

describe('loading an app', () => {
  it("runs the bundle Forge's node bundler built, entered through the runtime wrapper stand-in", () => {
    const bundle = sandbox.bundleOf('demo');
    expect(bundle.file.endsWith(join('dist', 'forge', 'function', 'index.cjs'))).toBe(true);
    expect(bundle.bytes).toBeGreaterThan(10_000);
  });

  it('reads modules, functions and scopes from manifest.yml', () => {
    const manifest = sandbox.manifestOf('demo');
    expect(manifest.scopes).toEqual(['read:jira-work', 'read:jira-user', 'storage:app']);
    expect(manifest.uiModules.map((m) => m.key)).toEqual(['demo-admin', 'demo-panel']);
    expect(manifest.consumers).toEqual([
      { key: 'demo-consumer', queue: 'demo-queue', function: 'worker', method: 'work' },
    ]);
  });
});

describe('resolvers through the unmodified SDK', () => {
  it('passes the platform context and calls Jira as the invoking user', async () => {
    const result = (await invoke('whoami')) as {
      context: Record<string, unknown>;
      jira: { status: number; body: unknown };
    };
    expect(result.context).toMatchObject({
      accountId: 'u-agent',
      accountType: 'licensed',
      moduleKey: 'demo-admin',
      cloudId: 'cloud-a',
      extension: { type: 'jira:adminPage' },
      installContext: 'ari:cloud:jira::site/cloud-a',
    });
    expect(result.jira).toEqual({
      status: 200,
      body: { accountId: 'u-agent', displayName: 'Ada Agent', cloud: 'cloud-a' },
    });
    expect(sandbox.requests.at(-1)).toMatchObject({
      app: 'demo',
      as: 'user',
      accountId: 'u-agent',
      path: '/rest/api/3/myself',
      status: 200,
    });
  });

  it('gives concurrent invocations each their own user and site', async () => {
    const calls = Array.from({ length: 20 }, (_, i) =>
      invoke(
        'whoami',
        {},
        { accountId: i % 2 ? 'u-agent' : 'u-cust', cloudId: i % 3 ? 'cloud-a' : 'cloud-b' },
      ),
    );
    const results = (await Promise.all(calls)) as { jira: { body: { accountId: string; cloud: string } } }[];
    results.forEach((r, i) => {
      expect(r.jira.body.accountId).toBe(i % 2 ? 'u-agent' : 'u-cust');
      expect(r.jira.body.cloud).toBe(i % 3 ? 'cloud-a' : 'cloud-b');
    });
  });

  it('applies the site permissions of the user, and the app user for asApp()', async () => {
    expect(await invoke('issue', { key: 'FS-1' }, { accountId: 'u-cust' })).toMatchObject({ status: 404 });
    expect(await invoke('issue', { key: 'FS-1', as: 'app' }, { accountId: 'u-cust' })).toMatchObject({
      status: 200,
      body: { key: 'FS-1' },
    });
  });

  it('reports a customer as a customer account', async () => {
    const result = (await invoke('whoami', {}, { accountId: 'u-cust' })) as {
      context: Record<string, unknown>;
    };
    expect(result.context.accountType).toBe('customer');
  });

  it('refuses a product call outside the manifest scopes with 401, before the site sees it', async () => {
    expect(await invoke('assign', { key: 'FS-1', accountId: 'u-agent' })).toEqual({ status: 401 });
    expect(siteA.assignee).toBeNull();
    expect(sandbox.requests.at(-1)).toMatchObject({
      method: 'PUT',
      status: 401,
      body: '{"accountId":"u-agent"}',
    });
  });

  it('maps a thrown error to a function error', async () => {
    await expect(invoke('throws')).rejects.toMatchObject({
      code: 'FUNCTION_ERROR',
      message: 'resolver exploded',
    });
  });

  it('refuses unknown modules and functions', async () => {
    await expect(invoke('whoami', {}, { moduleKey: 'nope' })).rejects.toMatchObject({
      code: 'MODULE_NOT_FOUND',
    });
    await expect(invoke('no-such-resolver')).rejects.toMatchObject({ code: 'FUNCTION_ERROR' });
  });
});

describe('platform limits', () => {
  it('uses the platform numbers by default', () => {
    expect(LIMITS.resolverTimeoutMs).toBe(25_000);
    expect(LIMITS.webTriggerTimeoutMs).toBe(55_000);
    expect(LIMITS.maxTimeoutSeconds).toBe(900);
    expect(LIMITS.invokeRequestBytes).toBe(500 * 1024);
    expect(LIMITS.invocationPayloadBytes).toBe(5 * 1024 * 1024);
  });

  it('times a resolver out and stops its later platform calls', async () => {
    await expect(invoke('sleep', { ms: 1_000 })).rejects.toMatchObject({ code: 'TIMEOUT', status: 504 });
    expect(await invoke('sleep', { ms: 10 })).toBe('woke');
  });

  it('refuses an invoke payload over 500 KB', async () => {
    await expect(invoke('write', { key: 'big', value: 'x'.repeat(510 * 1024) })).rejects.toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      status: 413,
    });
  });

  it('refuses a response over 5 MB', async () => {
    await expect(invoke('big', { bytes: 5 * 1024 * 1024 + 10 })).rejects.toMatchObject({
      code: 'RESPONSE_TOO_LARGE',
    });
    expect(await invoke('big', { bytes: 1000 })).toHaveLength(1000);
  });

  it('shows app code only its Forge variables in process.env', async () => {
    expect(await invoke('env')).toEqual({ greeting: 'hello from forge variables', path: null });
    expect(process.env.PATH).toBeTruthy();
  });
});

describe('egress', () => {
  it('lets a declared HTTPS host through (to its stand-in)', async () => {
    expect(await invoke('outbound', { url: 'https://hooks.example.com/in' })).toEqual({
      status: 202,
      body: 'received',
    });
    expect(hookCalls).toContain('POST ping');
  });

  it.each([
    ['an undeclared host', 'https://evil.example.net/x'],
    ['plain http to a declared host', 'http://hooks.example.com/in'],
    ['a subdomain of a declared host', 'https://a.hooks.example.com/in'],
    ['loopback', 'https://127.0.0.1/x'],
  ])('answers 403 for %s, as the platform does', async (_name, url) => {
    const result = (await invoke('outbound', { url })) as { status: number; body: string };
    expect(result.status).toBe(403);
    expect(result.body).toContain('not included in the external fetch backend permissions');
  });
});

describe('customer-managed egress (permissions.external.configurable)', () => {
  const approve = (accountId: string | undefined) =>
    sandbox.egressPermissions('demo', 'cloud-a', accountId, 'set', {
      egresses: [
        {
          key: 'webhook',
          description: 'Export destination',
          configured: [{ domain: 'https://receiver.example.org', type: ['FETCH_BACKEND_SIDE'] }],
        },
      ],
    });

  it('refuses an undeclared host until a site admin approves it, and only on that site', async () => {
    sandbox.setExternalHost('https://receiver.example.org', () => new Response('ok', { status: 200 }));
    expect(await invoke('outbound', { url: 'https://receiver.example.org/in' })).toMatchObject({
      status: 403,
    });
    expect(() => approve('u-agent')).toThrow(/Only a site admin/);
    siteAdmins.add('u-agent');
    approve('u-agent');
    siteAdmins.delete('u-agent');
    expect(await invoke('outbound', { url: 'https://receiver.example.org/in' })).toEqual({
      status: 200,
      body: 'ok',
    });
    expect(
      await invoke('outbound', { url: 'https://receiver.example.org/in' }, { cloudId: 'cloud-b' }),
    ).toMatchObject({
      status: 403,
    });
    expect(sandbox.egressPermissions('demo', 'cloud-a', undefined, 'get', {})).toMatchObject({
      results: [{ key: 'webhook' }],
    });
  });

  it('stops allowing a domain once it is deleted', async () => {
    siteAdmins.add('u-agent');
    sandbox.egressPermissions('demo', 'cloud-a', 'u-agent', 'deleteGroup', { key: 'webhook' });
    siteAdmins.delete('u-agent');
    expect(await invoke('outbound', { url: 'https://receiver.example.org/in' })).toMatchObject({
      status: 403,
    });
  });
});

describe('KVS through @forge/kvs', () => {
  it('round-trips values and keeps secrets apart from plain keys', async () => {
    expect(await invoke('increment', { key: 'c1' })).toBe(1);
    expect(await invoke('increment', { key: 'c1' })).toBe(2);
    expect(await invoke('secret', { value: 's3cret' })).toEqual({ plain: undefined, secret: 's3cret' });
  });

  it('isolates installations: the same app on two sites has separate storage', async () => {
    await invoke('write', { key: 'where', value: 'site A' });
    await invoke('write', { key: 'where', value: 'site B' }, { cloudId: 'cloud-b' });
    expect(await invoke('read', { key: 'where' })).toBe('site A');
    expect(await invoke('read', { key: 'where' }, { cloudId: 'cloud-b' })).toBe('site B');
  });
});

describe('web triggers', () => {
  it('returns a local URL from webTrigger.getUrl and serves the trigger', async () => {
    const url = (await invoke('hookUrl')) as string;
    expect(url).toMatch(/^http:\/\/localhost:4999\/x1\/[0-9a-f-]{36}$/);
    const id = url.split('/').pop() as string;
    const target = sandbox.webTriggerById(id);
    expect(target).toEqual({ app: 'demo', cloudId: 'cloud-a', key: 'demo-hook' });
    const response = await sandbox.invokeWebTrigger(target as NonNullable<typeof target>, {
      method: 'POST',
      path: `/x1/${id}`,
      headers: { 'content-type': 'text/plain' },
      query: new URLSearchParams('a=1&a=2'),
      body: 'hello',
    });
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({
      method: 'POST',
      body: 'hello',
      q: { a: ['1', '2'] },
      hits: 1,
    });
  });

  it('turns a response without statusCode into an error', async () => {
    await expect(
      sandbox.invokeWebTrigger(
        { app: 'demo', cloudId: 'cloud-a', key: 'demo-hook' },
        { method: 'GET', path: '/x1/x', headers: {}, query: new URLSearchParams('bad=1'), body: '' },
      ),
    ).rejects.toBeInstanceOf(InvocationFailure);
  });
});

describe('scheduled triggers', () => {
  it('fire on demand and on their interval by the sandbox clock', async () => {
    await sandbox.fireScheduled('demo', 'demo-tick');
    expect(await invoke('read', { key: 'ticks' })).toBe(1);
    await sandbox.advance(59 * 60_000);
    expect(await invoke('read', { key: 'ticks' })).toBe(1);
    await sandbox.advance(2 * 60_000);
    expect(await invoke('read', { key: 'ticks' })).toBe(2);
  });
});

describe('queues', () => {
  it('delivers pushed events to the consumer with their jobId', async () => {
    const { jobId } = (await invoke('enqueue', {
      events: [{ body: { id: 'a' } }, { body: { id: 'b' } }],
    })) as { jobId: string };
    expect(sandbox.queue.size()).toBe(2);
    await sandbox.drainQueues();
    expect(await invoke('read', { key: 'done:a' })).toEqual({ jobId, attempts: 1 });
    expect(await invoke('read', { key: 'done:b' })).toEqual({ jobId, attempts: 1 });
  });

  it('delivers at most maxDeliveries per drain and keeps the rest queued', async () => {
    await invoke('enqueue', {
      events: [{ body: { id: 'q1' } }, { body: { id: 'q2' } }, { body: { id: 'q3' } }],
    });
    expect(await sandbox.drainQueues(2)).toBe(2);
    expect(sandbox.queue.size()).toBe(1);
    expect(await sandbox.drainQueues()).toBe(1);
    for (const id of ['q1', 'q2', 'q3'])
      expect(await invoke('read', { key: `done:${id}` })).toMatchObject({ attempts: 1 });
  });

  it('holds delayed events until the clock reaches them', async () => {
    await invoke('enqueue', { events: [{ body: { id: 'late' }, delayInSeconds: 60 }] });
    await sandbox.drainQueues();
    expect(await invoke('read', { key: 'done:late' })).toBeUndefined();
    await sandbox.advance(61_000);
    expect(await invoke('read', { key: 'done:late' })).toMatchObject({ attempts: 1 });
  });

  it('retries an event whose consumer asks for a retry, after its retryAfter', async () => {
    await invoke('enqueue', { events: [{ body: { id: 'flaky', failTimes: 2 } }] });
    await sandbox.drainQueues();
    expect(await invoke('read', { key: 'done:flaky' })).toBeUndefined();
    await sandbox.advance(5_000);
    await sandbox.advance(5_000);
    expect(await invoke('read', { key: 'done:flaky' })).toMatchObject({ attempts: 3 });
  });

  it('gives up after the retry limit when the consumer keeps failing', async () => {
    await invoke('enqueue', { events: [{ body: { id: 'doomed', crash: true } }] });
    for (let i = 0; i < 8; i++) await sandbox.advance(60_000);
    const outcomes = sandbox.queue.deliveries
      .filter((d) => d.error === 'consumer crashed')
      .map((d) => d.outcome);
    expect(outcomes).toEqual(['retry', 'retry', 'retry', 'retry', 'failed']);
  });

  it('enforces the SDK event limits: 50 events per push, delay ≤ 900 s', async () => {
    const many = Array.from({ length: 51 }, (_, i) => ({ body: { id: `m${i}` } }));
    await expect(invoke('enqueue', { events: many })).rejects.toMatchObject({ code: 'FUNCTION_ERROR' });
    await expect(
      invoke('enqueue', { events: [{ body: { id: 'd' }, delayInSeconds: 901 }] }),
    ).rejects.toMatchObject({
      code: 'FUNCTION_ERROR',
    });
  });

  it('refuses a push over 200 KB', async () => {
    const big = Array.from({ length: 3 }, (_, i) => ({
      body: { id: `big${i}`, pad: 'x'.repeat(80 * 1024) },
    }));
    await expect(invoke('enqueue', { events: big })).rejects.toMatchObject({ code: 'FUNCTION_ERROR' });
  });
});

describe('fault injection', () => {
  it('answers 429 with Retry-After for matching calls, then recovers', async () => {
    sandbox.setFaults([{ pathPrefix: '/rest/api/3/myself', status: 429, retryAfterSeconds: 3, times: 1 }]);
    const first = (await invoke('whoami')) as { jira: { status: number } };
    const second = (await invoke('whoami')) as { jira: { status: number } };
    expect(first.jira.status).toBe(429);
    expect(second.jira.status).toBe(200);
    sandbox.setFaults([]);
  });

  it('adds latency', async () => {
    sandbox.setFaults([{ latencyMs: 120 }]);
    const started = Date.now();
    await invoke('whoami');
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
    sandbox.setFaults([]);
  });

  it('a hanging product call makes the invocation time out', async () => {
    sandbox.setFaults([{ hang: true, times: 1 }]);
    await expect(invoke('whoami')).rejects.toMatchObject({ code: 'TIMEOUT' });
    sandbox.setFaults([]);
  });
});

describe('product and lifecycle events', () => {
  it('delivers avi:forge:installed:app to the app on every site', async () => {
    await sandbox.install();
    expect(await invoke('read', { key: 'event:avi:forge:installed:app' })).toBe(1);
    expect(await invoke('read', { key: 'event:avi:forge:installed:app' }, { cloudId: 'cloud-b' })).toBe(1);
  });

  it('emits avi:jira:updated:issue after a successful write to an issue', async () => {
    await sandbox.afterProductCall(siteA, 'PUT', '/rest/api/3/issue/FS-1/assignee', 204, 'u-agent');
    await sandbox.afterProductCall(siteA, 'PUT', '/rest/api/3/issue/FS-1/assignee', 400, 'u-agent');
    await sandbox.afterProductCall(siteA, 'GET', '/rest/api/3/issue/FS-1', 200, 'u-agent');
    expect(await invoke('read', { key: 'event:avi:jira:updated:issue' })).toBe(1);
    expect(await invoke('read', { key: 'last-updated-issue' })).toBe('FS-1');
  });

  it('does not deliver events an app did not subscribe to', async () => {
    expect(await sandbox.emitEvent('cloud-a', 'avi:jira:deleted:issue', {})).toBe(0);
  });
});

describe('time limits per kind of invocation', () => {
  const hook = { app: 'demo', cloudId: 'cloud-a', key: 'demo-hook' };
  const request = (query: string, body = '') => ({
    method: 'POST',
    path: '/x1/x',
    headers: {},
    query: new URLSearchParams(query),
    body,
  });

  it('times out a web trigger at its limit', async () => {
    await expect(sandbox.invokeWebTrigger(hook, request('sleep=1000'))).rejects.toMatchObject({
      code: 'TIMEOUT',
    });
    expect((await sandbox.invokeWebTrigger(hook, request('sleep=10'))).statusCode).toBe(200);
  });

  it('refuses a web trigger request over 5 MB', async () => {
    await expect(
      sandbox.invokeWebTrigger(hook, request('', 'x'.repeat(5 * 1024 * 1024 + 1))),
    ).rejects.toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
    });
  });

  it("honours a function's own timeoutSeconds for schedules (demo-tick allows 120 s)", async () => {
    await invoke('write', { key: 'tick-sleep', value: 500 });
    const before = (await invoke('read', { key: 'ticks' })) as number | undefined;
    await sandbox.fireScheduled('demo', 'demo-tick');
    expect(await invoke('read', { key: 'ticks' })).toBe((before ?? 0) + 1);
    await invoke('write', { key: 'tick-sleep', value: 0 });
  });

  it('times out a consumer at the default async limit and retries the event', async () => {
    await invoke('enqueue', { events: [{ body: { id: 'slow', sleepMs: 1_000 } }] });
    await sandbox.drainQueues();
    const timedOut = sandbox.queue.deliveries.filter((d) => d.error?.includes('timed out'));
    expect(timedOut.at(-1)).toMatchObject({ outcome: 'retry', attempt: 0 });
  });
});
