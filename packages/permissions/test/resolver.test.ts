import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createResolverKit, definePolicy, type Logger, UserError } from '../src/index';
import { createMemoryStore } from '../src/testing/index';
import { fakeJira } from './fake-jira';

const agent = { accountId: 'agent-1', projects: { HD: ['BROWSE_PROJECTS', 'ADD_COMMENTS'] } };
const context = {
  accountId: 'agent-1',
  accountType: 'licensed',
  moduleKey: 'issue-panel',
  environmentType: 'DEVELOPMENT',
};

const policy = definePolicy<{ issueKey: string; body: string }>({
  modules: ['issue-panel'],
  licence: 'required',
  jira: (i) => ({ scope: 'issue', issueKey: i.issueKey, permissions: ['ADD_COMMENTS'] }),
});
const input = z.object({
  issueKey: z.string().regex(/^[A-Z][A-Z0-9_]+-\d+$/),
  body: z.string().min(1).max(50),
});

function setup(user = agent) {
  const jira = fakeJira(user);
  const store = createMemoryStore();
  const logs: { level: string; event: string; fields: Record<string, unknown> }[] = [];
  const logger: Logger = {
    error: (event, fields) => logs.push({ level: 'error', event, fields }),
    warn: (event, fields) => logs.push({ level: 'warn', event, fields }),
  };
  const handler = vi.fn(async ({ input }: { input: { issueKey: string; body: string } }) => ({
    commented: input.issueKey,
  }));
  const { defineResolver } = createResolverKit({ requestJira: jira.requestJira, store, logger });
  const resolver = defineResolver({ name: 'comment.add', input, policy, handler });
  return { resolver, handler, jira, logs, store };
}

describe('defineResolver', () => {
  it('parses, authorises and runs the handler with the verified account', async () => {
    const { resolver, handler } = setup();
    const result = await resolver({ payload: { issueKey: 'HD-1', body: 'hello' }, context });
    expect(result).toEqual({ ok: true, data: { commented: 'HD-1' } });
    expect(handler).toHaveBeenCalledWith(
      expect.objectContaining({
        input: { issueKey: 'HD-1', body: 'hello' },
        accountId: 'agent-1',
        roles: [],
      }),
    );
  });

  it('rejects bad input naming the field, before asking Jira or running the handler', async () => {
    const { resolver, handler, jira } = setup();
    const result = await resolver({ payload: { issueKey: 'not a key', body: 'hello' }, context });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('INVALID_INPUT');
    expect(result.error).toMatchObject({ fields: [expect.objectContaining({ path: 'issueKey' })] });
    expect(handler).not.toHaveBeenCalled();
    expect(jira.calls).toEqual([]);
  });

  it('never echoes the rejected value back (a secret pasted into the wrong field stays secret)', async () => {
    const { resolver } = setup();
    const secret = 'sk_live_51H8fake_secret_value_that_is_far_too_long_for_this_field';
    const result = await resolver({ payload: { issueKey: 'HD-1', body: secret }, context });
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain(secret);
  });

  it('rejects prototype-pollution keys before the schema runs', async () => {
    const { resolver, handler } = setup();
    const payload = JSON.parse('{"issueKey":"HD-1","body":"x","__proto__":{"admin":true}}');
    const result = await resolver({ payload, context });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(handler).not.toHaveBeenCalled();
  });

  it('rejects an oversized payload before the schema runs', async () => {
    const { resolver, handler } = setup();
    const result = await resolver({ payload: { issueKey: 'HD-1', body: 'x'.repeat(200_000) }, context });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(handler).not.toHaveBeenCalled();
  });

  it('denies without saying more than the user may know, and logs the detail', async () => {
    const { resolver, handler, logs } = setup({
      accountId: 'agent-1',
      projects: { HD: ['BROWSE_PROJECTS'] },
    });
    const result = await resolver({ payload: { issueKey: 'HD-1', body: 'hi' }, context });
    expect(result).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: "You don't have the Jira permission this action needs." },
    });
    expect(handler).not.toHaveBeenCalled();
    expect(logs).toEqual([
      {
        level: 'warn',
        event: 'resolver.denied',
        fields: {
          resolver: 'comment.add',
          tier: 'jira',
          code: 'JIRA_PERMISSION_MISSING',
          detail: 'missing ADD_COMMENTS on issue HD-1',
        },
      },
    ]);
  });

  it('gives the same answer for a wrong module as for no context, so module layout is not revealed', async () => {
    const { resolver } = setup();
    const wrongModule = await resolver({
      payload: { issueKey: 'HD-1', body: 'hi' },
      context: { ...context, moduleKey: 'x' },
    });
    const noContext = await resolver({ payload: { issueKey: 'HD-1', body: 'hi' } });
    expect(wrongModule).toEqual(noContext);
    expect(wrongModule).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('asks the user to retry when permissions could not be checked', async () => {
    const jira = fakeJira(agent, { kind: 'status', status: 429 });
    const { defineResolver } = createResolverKit({
      requestJira: jira.requestJira,
      store: createMemoryStore(),
      logger: { error() {}, warn() {} },
    });
    const handler = vi.fn();
    const resolver = defineResolver({ name: 'comment.add', input, policy, handler });
    const result = await resolver({ payload: { issueKey: 'HD-1', body: 'hi' }, context });
    expect(result).toMatchObject({ ok: false, error: { code: 'RETRY' } });
    expect(handler).not.toHaveBeenCalled();
  });

  it('passes a UserError through in its own words', async () => {
    const { resolver, handler } = setup();
    handler.mockRejectedValueOnce(
      new UserError('CONFLICT', 'This ticket was assigned to someone else meanwhile.'),
    );
    const result = await resolver({ payload: { issueKey: 'HD-1', body: 'hi' }, context });
    expect(result).toEqual({
      ok: false,
      error: { code: 'CONFLICT', message: 'This ticket was assigned to someone else meanwhile.' },
    });
  });

  it('turns an unexpected error into a generic message with a reference that is in the log', async () => {
    const { resolver, handler, logs } = setup();
    handler.mockRejectedValueOnce(new Error('db password=hunter2 at line 3'));
    const result = await resolver({ payload: { issueKey: 'HD-1', body: 'hi' }, context });
    expect(result.ok).toBe(false);
    if (result.ok || result.error.code !== 'INTERNAL') throw new Error('expected INTERNAL');
    expect(result.error.message).toBe(`Something went wrong. Reference: ${result.error.reference}`);
    expect(JSON.stringify(result)).not.toContain('hunter2');
    expect(logs).toContainEqual({
      level: 'error',
      event: 'resolver.failed',
      fields: expect.objectContaining({ resolver: 'comment.add', reference: result.error.reference }),
    });
  });

  it('never logs the payload', async () => {
    const { resolver, handler, logs } = setup();
    handler.mockRejectedValueOnce(new Error('boom'));
    await resolver({ payload: { issueKey: 'HD-1', body: 'private words' }, context });
    expect(JSON.stringify(logs)).not.toContain('private words');
  });

  it('takes its dependencies lazily, so production wiring happens inside the invocation', async () => {
    const jira = fakeJira(agent);
    const factory = vi.fn(() => ({ requestJira: jira.requestJira, store: createMemoryStore() }));
    const { defineResolver } = createResolverKit(factory);
    const resolver = defineResolver({ name: 'x', input, policy, handler: () => 'done' });
    expect(factory).not.toHaveBeenCalled();
    expect(await resolver({ payload: { issueKey: 'HD-1', body: 'hi' }, context })).toEqual({
      ok: true,
      data: 'done',
    });
    expect(factory).toHaveBeenCalledTimes(1);
  });

  describe('prefetch', () => {
    it('runs alongside the permission check and hands its result to the handler once allowed', async () => {
      const jira = fakeJira(agent);
      let permissionAnswered = false;
      let prefetchStartedBeforeAnswer = false;
      const requestJira: typeof jira.requestJira = async (path) => {
        const answer = await jira.requestJira(path);
        permissionAnswered = true;
        return answer;
      };
      const { defineResolver } = createResolverKit({ requestJira, store: createMemoryStore() });
      const resolver = defineResolver({
        name: 'panel.load',
        input,
        policy,
        prefetch: async ({ input }) => {
          prefetchStartedBeforeAnswer = !permissionAnswered;
          return `data for ${input.issueKey}`;
        },
        handler: ({ prefetched }) => prefetched,
      });
      expect(await resolver({ payload: { issueKey: 'HD-1', body: 'hi' }, context })).toEqual({
        ok: true,
        data: 'data for HD-1',
      });
      expect(prefetchStartedBeforeAnswer).toBe(true);
    });

    it('discards what was prefetched when the user is denied, even if the prefetch failed', async () => {
      const { defineResolver } = createResolverKit({
        requestJira: fakeJira({ accountId: 'agent-1', projects: { HD: ['BROWSE_PROJECTS'] } }).requestJira,
        store: createMemoryStore(),
        logger: { error() {}, warn() {} },
      });
      const handler = vi.fn();
      for (const prefetch of [async () => 'secret data', async () => Promise.reject(new Error('boom'))]) {
        const resolver = defineResolver({ name: 'panel.load', input, policy, prefetch, handler });
        const result = await resolver({ payload: { issueKey: 'HD-1', body: 'hi' }, context });
        expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
        expect(JSON.stringify(result)).not.toContain('secret data');
      }
      expect(handler).not.toHaveBeenCalled();
    });

    it('reports a failed prefetch as an unexpected error once allowed', async () => {
      const { resolver, logs } = (() => {
        const jira = fakeJira(agent);
        const logs: unknown[] = [];
        const { defineResolver } = createResolverKit({
          requestJira: jira.requestJira,
          store: createMemoryStore(),
          logger: { error: (event, fields) => logs.push({ event, fields }), warn() {} },
        });
        return {
          logs,
          resolver: defineResolver({
            name: 'panel.load',
            input,
            policy,
            prefetch: async () => {
              throw new Error('Jira 503');
            },
            handler: () => 'never',
          }),
        };
      })();
      const result = await resolver({ payload: { issueKey: 'HD-1', body: 'hi' }, context });
      expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
      expect(logs).toHaveLength(1);
    });
  });
});
