/**
 * The role-grants panel rendered by the real UI Kit reconciler (@forge/react 12.3.1) with a stubbed bridge: the
 * ForgeDoc sent to the host is walked and handlers are called as the host would call them.
 */
import { createElement, type ReactElement, type ReactNode } from 'react';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GrantChange, RolesPanelProps } from '../src/index';

interface Doc {
  type: string;
  props: Record<string, unknown>;
  children: Doc[];
}

let root: Doc | undefined;
let ForgeReconciler: { render: (element: ReactElement) => void };
type Role = 'app-admin' | 'agent';
let RolesPanel: (props: RolesPanelProps<Role>) => ReactNode;

beforeAll(async () => {
  const g = globalThis as unknown as Record<string, unknown>;
  g.self = globalThis;
  g.__bridge = {
    callBridge: async (cmd: string, payload: { forgeDoc?: Doc }) => {
      if (cmd === 'reconcile') root ??= payload.forgeDoc;
      return undefined;
    },
  };
  ForgeReconciler = (await import('@forge/react')).default as unknown as typeof ForgeReconciler;
  RolesPanel = (await import('../src/index')).RolesPanel as typeof RolesPanel;
});

const textOf = (n: Doc): string =>
  n.type === 'String' ? String(n.props.text ?? '') : (n.children ?? []).map(textOf).join('');
function find(n: Doc, pred: (n: Doc) => boolean): Doc | undefined {
  if (pred(n)) return n;
  for (const c of n.children ?? []) {
    const hit = find(c, pred);
    if (hit) return hit;
  }
  return undefined;
}
async function waitFor<T>(probe: () => T | undefined, what: string): Promise<T> {
  const until = Date.now() + 3000;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('RolesPanel', () => {
  it('loads the grants, edits one role and saves it through the callback', async () => {
    const saves: { role: Role; change: GrantChange }[] = [];
    ForgeReconciler.render(
      createElement(RolesPanel, {
        roles: [
          { role: 'app-admin', title: 'App admins', help: 'Configure the app.' },
          { role: 'agent', title: 'Agents', help: 'Use the panel.' },
        ],
        load: async () => ({
          ok: true as const,
          data: { roles: { agent: { accountIds: ['a1', 'a2'], groupIds: ['g1'] } } },
        }),
        // The server applies the change to what is stored: another admin granted a3 meanwhile.
        save: async (role: Role, change: GrantChange) => {
          saves.push({ role, change });
          return { ok: true as const, data: { accountIds: ['a2', 'a3'], groupIds: ['g1', 'g2'] } };
        },
      }),
    );
    const doc = () => root ?? ({ type: 'Root', props: {}, children: [] } as Doc);
    const agent = () => find(doc(), (n) => n.props?.testId === 'role-agent');
    const inAgent = (what: string, pred: (n: Doc) => boolean) =>
      waitFor(() => {
        const a = agent();
        return a ? find(a, pred) : undefined;
      }, what);

    const agents = await waitFor(agent, 'the agents editor');
    expect(textOf(agents)).toContain('Agents');
    expect(textOf(doc())).toContain('No people granted.'); // app-admin has no grant

    // Remove a1 (the first person), add a group, then save the agents.
    const remove = await inAgent('Remove', (n) => n.type === 'Button' && textOf(n) === 'Remove');
    await (remove.props.onClick as () => unknown)();
    const field = await inAgent('the group field', (n) => n.type === 'Textfield');
    (field.props.onChange as (e: { target: { value: string } }) => void)({ target: { value: ' g2 ' } });
    await inAgent('the typed group', (n) => n.type === 'Textfield' && n.props.value === ' g2 ');
    const add = await inAgent('Add group', (n) => n.type === 'Button' && textOf(n) === 'Add group');
    (add.props.onClick as () => void)();
    await inAgent('the added group', (n) => n.type === 'Tag' && n.props.text === 'g2');
    const save = await inAgent('Save', (n) => n.props?.testId === 'role-save-agent');
    await (save.props.onClick as () => unknown)();
    await inAgent('the saved message', (n) => textOf(n) === 'Agents saved.');

    // Only what this admin changed is sent, so it cannot undo someone else's concurrent grant…
    expect(saves).toEqual([
      {
        role: 'agent',
        change: { grant: { accountIds: [], groupIds: ['g2'] }, revoke: { accountIds: ['a1'], groupIds: [] } },
      },
    ]);
    // …and the panel then shows the grants as stored, that grant included.
    await inAgent('the concurrent grant', (n) => n.type === 'User' && n.props.accountId === 'a3');
    const people = () => {
      const a = agent();
      const out: string[] = [];
      const walk = (n: Doc) => {
        if (n.type === 'User') out.push(String(n.props.accountId));
        for (const c of n.children ?? []) walk(c);
      };
      if (a) walk(a);
      return out;
    };
    expect(people()).toEqual(['a2', 'a3']);
  });
});
