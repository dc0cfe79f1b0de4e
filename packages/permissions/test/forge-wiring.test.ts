import { route } from '@forge/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { forgeKvsStore, forgeResolverDeps } from '../src/index';

// The production adapters talk to the platform through the SDK's one transport, `__forge_fetch__`. Recording
// what reaches it shows what the real @forge/api and @forge/kvs send on our behalf, with no network.
interface Sent {
  target: { type: string; provider?: string; remote?: string };
  path: string;
  body: unknown;
}

const globals = globalThis as unknown as { __forge_fetch__?: unknown };
let sent: Sent[] = [];
let answer: (s: Sent) => Response;

beforeEach(() => {
  sent = [];
  answer = () => new Response(null, { status: 204 });
  globals.__forge_fetch__ = async (target: Sent['target'], path: string, init?: RequestInit) => {
    const s = { target, path, body: init?.body ? JSON.parse(String(init.body)) : undefined };
    sent.push(s);
    return answer(s);
  };
});
afterEach(() => {
  delete globals.__forge_fetch__;
});

describe('forgeKvsStore', () => {
  it('creates keys with the FAIL_IF_EXISTS policy, so an entry can never be overwritten', async () => {
    await forgeKvsStore().create('audit:1', { a: 1 });
    expect(sent).toEqual([
      {
        target: expect.objectContaining({ type: 'kvs' }),
        path: '/api/v1/set',
        body: { key: 'audit:1', value: { a: 1 }, options: { keyPolicy: 'FAIL_IF_EXISTS' } },
      },
    ]);
  });

  it('lists by key prefix with a limit and cursor', async () => {
    answer = () => Response.json({ data: [{ key: 'audit:2', value: { b: 2 } }], cursor: 'next' });
    const page = await forgeKvsStore().list('audit:', { limit: 2, cursor: 'c1' });
    expect(page).toEqual({ entries: [{ key: 'audit:2', value: { b: 2 } }], cursor: 'next' });
    expect(sent[0]?.path).toBe('/api/v1/query');
    expect(sent[0]?.body).toMatchObject({
      limit: 2,
      after: 'c1',
      where: [{ property: 'key', condition: 'BEGINS_WITH', values: ['audit:'] }],
    });
  });

  it('reads a missing key as undefined', async () => {
    answer = () => Response.json({ code: 'KEY_NOT_FOUND', message: 'nope' }, { status: 404 });
    expect(await forgeKvsStore().get('roles:dispatcher')).toBeUndefined();
  });
});

describe('forgeResolverDeps', () => {
  it('asks Jira as the invoking user, never as the app', async () => {
    answer = () => Response.json({ permissions: {} });
    await forgeResolverDeps().requestJira(route`/rest/api/3/mypermissions?permissions=${'ADMINISTER'}`);
    expect(sent).toEqual([
      {
        target: expect.objectContaining({ type: 'fpp', provider: 'user', remote: 'jira' }),
        path: '/rest/api/3/mypermissions?permissions=ADMINISTER',
        body: undefined,
      },
    ]);
  });
});
