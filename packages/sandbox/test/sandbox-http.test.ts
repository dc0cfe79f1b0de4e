import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, createSandboxServer, listen, type SandboxInstance } from '../src/index';

// The whole sandbox as `npm start` runs it: seeded sites, the demo app, the HTTP interface.
const DEMO = join(import.meta.dirname, 'fixtures', 'demo-app');
const work = mkdtempSync(join(tmpdir(), 'sandbox-http-'));
let instance: SandboxInstance;
let server: Server;
let url: string;

beforeAll(async () => {
  instance = await createSandbox({
    apps: [{ key: 'demo', dir: DEMO }],
    seed: 42,
    sites: 2,
    workDir: work,
    persist: true,
  });
  server = createSandboxServer(instance.sandbox, {
    kvsDump: (app, cloudId) => instance.kvs.dump(instance.sandbox.kvsScope(app, cloudId)),
    reset: () => instance.reset(),
  });
  url = await listen(server, instance.sandbox, 0);
}, 300_000); // may include a cold Forge build of the demo app, queued behind other files' builds

afterAll(() => {
  server.close();
  instance.close();
  rmSync(work, { recursive: true, force: true });
});

const get = (path: string, user?: string, site?: string) =>
  fetch(`${url}${path}`, {
    headers: { ...(user ? { 'X-Sandbox-User': user } : {}), ...(site ? { 'X-Sandbox-Site': site } : {}) },
  });
const post = (path: string, body: unknown, user?: string) =>
  fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(user ? { 'X-Sandbox-User': user } : {}) },
    body: JSON.stringify(body),
  });

describe('seeded site over HTTP', () => {
  it('lists users with their roles, covering every sandbox role', async () => {
    const users = (await (await get('/sandbox/users')).json()) as { accountId: string; roles: string[] }[];
    const roles = new Set(users.flatMap((u) => u.roles));
    for (const role of ['site-admin', 'project-admin', 'agent', 'dispatcher', 'technician', 'customer']) {
      expect(roles.has(role)).toBe(true);
    }
    expect(users.filter((u) => u.roles.includes('technician'))).toHaveLength(40);
  });

  it('lists two sites with distinct cloud ids', async () => {
    const sites = (await (await get('/sandbox/sites')).json()) as { cloudId: string }[];
    expect(sites).toHaveLength(2);
    expect(new Set(sites.map((s) => s.cloudId)).size).toBe(2);
  });

  it('serves Jira at its real paths as the named user, with Jira permissions', async () => {
    const users = instance.users();
    const agent = users.agent as string;
    const customer = users.customer as string;
    const me = await get('/rest/api/3/myself', agent);
    expect(me.status).toBe(200);
    expect(((await me.json()) as { accountId: string }).accountId).toBe(agent);
    const search = await get(
      '/rest/api/3/search/jql?jql=project%20%3D%20FS&fields=summary&maxResults=5',
      agent,
    );
    const page = (await search.json()) as { issues: unknown[]; nextPageToken?: string };
    expect(page.issues).toHaveLength(5);
    expect(page.nextPageToken).toBeTruthy();
    // Jira answers 400 when JQL names a project the caller cannot browse, and hides issues otherwise.
    expect((await get('/rest/api/3/search/jql?jql=project%20%3D%20FS&maxResults=5', customer)).status).toBe(
      400,
    );
    const open = encodeURIComponent('statusCategory != Done ORDER BY created DESC');
    const asCustomer = (await (
      await get(`/rest/api/3/search/jql?jql=${open}&maxResults=5`, customer)
    ).json()) as {
      issues: unknown[];
    };
    expect(asCustomer.issues).toHaveLength(0);
  });

  it('invokes a resolver as the X-Sandbox-User', async () => {
    const agent = instance.users().agent as string;
    const response = await post('/sandbox/apps/demo/invoke', { functionKey: 'whoami' }, agent);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { context: { accountId: string }; jira: { status: number } };
    expect(body.context.accountId).toBe(agent);
    expect(body.jira.status).toBe(200);
  });

  it('answers invocation failures with {error:{code,message}} and a status', async () => {
    const response = await post(
      '/sandbox/apps/demo/invoke',
      { functionKey: 'throws' },
      instance.users().agent,
    );
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({
      error: { code: 'FUNCTION_ERROR', message: 'resolver exploded' },
    });
    const missing = await post('/sandbox/apps/nope/invoke', { functionKey: 'x' });
    expect(missing.status).toBe(404);
  });

  it('serves a web trigger at the URL webTrigger.getUrl returned', async () => {
    const hookUrl = (await (
      await post('/sandbox/apps/demo/invoke', { functionKey: 'hookUrl' }, instance.users().agent)
    ).json()) as string;
    expect(hookUrl.startsWith(`${url}/x1/`)).toBe(true);
    const response = await fetch(`${hookUrl}?a=1`, { method: 'POST', body: 'payload' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toMatchObject({ method: 'POST', body: 'payload', q: { a: ['1'] } });
    expect((await fetch(`${url}/x1/00000000-0000-4000-a000-000000000000`)).status).toBe(404);
    // Prototype names in the query are plain parameter names, passed on as such (no 500).
    const odd = await fetch(`${hookUrl}?__proto__=1&constructor=2&toString=3&a=4&a=5`, {
      method: 'POST',
      body: '',
    });
    expect(odd.status).toBe(200);
    const echoed = (await odd.json()) as { q: Record<string, unknown> };
    expect(Object.keys(echoed.q).sort()).toEqual(['__proto__', 'a', 'constructor', 'toString'].sort());
    expect(echoed.q.a).toEqual(['4', '5']);
  });

  it('logs the product calls apps make', async () => {
    const log = (await (await get('/sandbox/requests')).json()) as {
      app: string;
      path: string;
      as: string;
    }[];
    expect(log.some((r) => r.app === 'demo' && r.path === '/rest/api/3/myself' && r.as === 'user')).toBe(
      true,
    );
  });

  it('injects faults over HTTP and clears them', async () => {
    const agent = instance.users().agent as string;
    await post('/sandbox/faults', {
      rules: [{ pathPrefix: '/rest/api/3/myself', status: 503, retryAfterSeconds: 1 }],
    });
    const faulted = await get('/rest/api/3/myself', agent);
    expect(faulted.status).toBe(503);
    expect(faulted.headers.get('retry-after')).toBe('1');
    await fetch(`${url}/sandbox/faults`, { method: 'DELETE' });
    expect((await get('/rest/api/3/myself', agent)).status).toBe(200);
  });

  it('answers 400, not 500, for JSON nested too deep to be a payload', async () => {
    const deep = `{"functionKey":"increment","moduleKey":"demo-admin","payload":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`;
    const response = await fetch(`${url}/sandbox/apps/demo/invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-sandbox-user': instance.users().agent as string },
      body: deep,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { message: expect.stringMatching(/nested/i) } });
  });

  it('turns interleaving and storage crashes on and off over HTTP: concurrent users really interleave', async () => {
    const agent = instance.users().agent as string;
    const increment = (key: string) =>
      fetch(`${url}/sandbox/apps/demo/invoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-sandbox-user': agent },
        body: JSON.stringify({ functionKey: 'increment', moduleKey: 'demo-admin', payload: { key } }),
      });
    const kvsValue = async (key: string) =>
      ((await (await get('/sandbox/apps/demo/kvs')).json()) as { keys: Record<string, unknown> }).keys[key];
    expect((await post('/sandbox/interleaving', {})).status).toBe(400);
    const on = await post('/sandbox/interleaving', { seed: 7 });
    expect(await on.json()).toMatchObject({ on: true, seed: 7 });
    await Promise.all(Array.from({ length: 20 }, () => increment('http-race')));
    // Twenty concurrent read-then-write requests lose updates, as they would on Forge.
    expect(await kvsValue('http-race')).toBeLessThan(20);
    expect(await (await get('/sandbox/interleaving')).json()).toMatchObject({ on: true, storageCalls: 40 });
    await fetch(`${url}/sandbox/interleaving`, { method: 'DELETE' });
    expect(await (await get('/sandbox/interleaving')).json()).toEqual({ on: false });

    expect((await post('/sandbox/storage-crash', { at: 0, when: 'before' })).status).toBe(400);
    await post('/sandbox/storage-crash', { at: 2, when: 'before', app: 'demo' });
    expect((await increment('http-crash')).status).toBeGreaterThanOrEqual(500);
    expect(await kvsValue('http-crash')).toBeUndefined();
    expect(await (await get('/sandbox/storage-crash')).json()).toMatchObject({
      on: true,
      fired: true,
      calls: 2,
    });
    await fetch(`${url}/sandbox/storage-crash`, { method: 'DELETE' });
    expect((await increment('http-crash')).status).toBe(200);
    expect(await kvsValue('http-crash')).toBe(1);
  });

  it('fires a scheduled trigger on demand, and shows the app KVS', async () => {
    const fired = await post('/sandbox/apps/demo/scheduled/demo-tick', {});
    expect(fired.status).toBe(200);
    const dump = (await (await get('/sandbox/apps/demo/kvs')).json()) as { keys: Record<string, unknown> };
    expect(dump.keys.ticks).toBe(1);
  });

  it('keeps KVS separate per site', async () => {
    const [, siteB] = instance.sites();
    const dumpB = (await (await get('/sandbox/apps/demo/kvs', undefined, siteB?.cloudId)).json()) as {
      keys: Record<string, unknown>;
    };
    expect(dumpB.keys.ticks).toBeUndefined();
  });

  it('serves Assets AQL search at the real path', async () => {
    const agent = instance.users().agent as string;
    const site = instance.sites()[0];
    const workspaceId = site?.assets.workspaceId;
    const response = await fetch(`${url}/jsm/assets/workspace/${workspaceId}/v1/object/aql?maxResults=10`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Sandbox-User': agent },
      body: JSON.stringify({ qlQuery: 'objectType = Laptop' }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { values: unknown[]; isLast: boolean };
    expect(body.values).toHaveLength(10);
    expect(body.isLast).toBe(false);
  });

  it('resets: storage emptied, sites reseeded', async () => {
    await post('/sandbox/reset', {});
    const dump = (await (await get('/sandbox/apps/demo/kvs')).json()) as { keys: Record<string, unknown> };
    expect(dump.keys).toEqual({});
  });
});
