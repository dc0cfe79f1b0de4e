/**
 * The admin page rendered by the real UI Kit reconciler (@forge/react) with a stubbed bridge: the ForgeDoc the
 * app sends is walked and handlers are called as the host would call them. The e2e test covers the real host.
 */
import { createElement, type ReactElement } from 'react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DispatchConfig } from '../src/domain/contract';

interface Doc {
  type: string;
  props: Record<string, unknown>;
  children: Doc[];
}
type Invoke = (key: string, payload: Record<string, unknown>) => unknown;

const bridge: { handler: (cmd: string, payload: unknown) => Promise<unknown> } = {
  handler: async () => undefined,
};
const seenRoots = new Set<Doc>();
let ForgeReconciler: { render: (element: ReactElement) => void };
let AdminApp: () => unknown;

beforeAll(async () => {
  const g = globalThis as unknown as Record<string, unknown>;
  g.self = globalThis;
  g.__bridge = { callBridge: (cmd: string, payload: unknown) => bridge.handler(cmd, payload) };
  ForgeReconciler = (await import('@forge/react')).default as unknown as typeof ForgeReconciler;
  AdminApp = (await import('../src/frontend/admin/app')).AdminApp as () => unknown;
});

afterEach(() => {
  bridge.handler = async () => undefined;
});

const textOf = (n: Doc): string =>
  n.type === 'String' ? String(n.props.text ?? '') : (n.children ?? []).map(textOf).join('');
function all(root: Doc, pred: (n: Doc) => boolean, out: Doc[] = []): Doc[] {
  if (pred(root)) out.push(root);
  for (const c of root.children ?? []) all(c, pred, out);
  return out;
}
async function waitFor<T>(probe: () => T | undefined | null | false, what: string, ms = 3000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function mount(invoke: Invoke) {
  let root: Doc | undefined;
  const calls: { key: string; payload: Record<string, unknown> }[] = [];
  bridge.handler = async (cmd, payload) => {
    const p = payload as Record<string, unknown>;
    if (cmd === 'reconcile') {
      const doc = p.forgeDoc as Doc;
      if (!root && !seenRoots.has(doc)) root = doc;
      seenRoots.add(doc);
      return undefined;
    }
    if (cmd === 'getContext') return { accountId: 'admin', extension: {} };
    if (cmd === 'invoke') {
      const key = String(p.functionKey);
      const body = (p.payload ?? {}) as Record<string, unknown>;
      calls.push({ key, payload: body });
      return invoke(key, body);
    }
    throw new Error(`unexpected bridge command ${cmd}`);
  };
  ForgeReconciler.render(createElement(AdminApp as () => ReactElement));
  const doc = () => {
    if (!root) throw new Error('nothing rendered yet');
    return root;
  };
  const m = {
    /** A Textfield by the id the app gave it (the reconciler prefixes ids per app instance). */
    textfield: (id: string) =>
      waitFor(
        () =>
          root &&
          all(
            doc(),
            (n) => n.type === 'Textfield' && (n.props.id === id || String(n.props.id).endsWith(`-${id}`)),
          )[0],
        id,
      ),
    calls,
    text: () => (root ? textOf(root) : ''),
    waitText: (text: string) => waitFor(() => m.text().includes(text), `text "${text}"`),
    tab: async (index: number) => {
      const tabs = await waitFor(() => root && all(doc(), (n) => n.type === 'Tabs')[0], 'tabs');
      (tabs.props.onChange as (i: number) => void)(index);
    },
    field: async (id: string, value: string) => {
      const f = await m.textfield(id);
      (f.props.onChange as (e: unknown) => void)({ target: { value } });
      await new Promise((r) => setTimeout(r, 20));
    },
    click: async (testId: string) => {
      const b = await waitFor(() => root && all(doc(), (n) => n.props?.testId === testId)[0], testId);
      await (b.props.onClick as () => unknown)();
    },
    called: (key: string) => waitFor(() => calls.filter((c) => c.key === key).pop(), `a ${key} call`),
  };
  return m;
}

const ok = (data: unknown) => ({ ok: true, data });
const config: DispatchConfig = {
  projectKeys: ['FS'],
  locationSource: { kind: 'field', fieldId: 'customfield_10101' },
  phaseByStatus: { '1': 'planned' },
  transitions: { assign: 'Dispatch', startTravel: null, arrive: null },
  travelSpeedKmh: 30,
  tiles: {
    url: 'https://tiles.example.com/{z}/{x}/{y}.png?key={apiKey}',
    attribution: '© Example',
    apiKeyRef: 'kvs-secret:tiles-api-key',
  },
  mapView: { center: { lat: 51.5, lng: -0.12 }, zoom: 10 },
  technicianGroupId: null,
  offices: [],
  requiredSkillFieldId: 'customfield_10102',
};

function backend(key: string, payload: Record<string, unknown>): unknown {
  if (key === 'getConfig') return ok(config);
  if (key === 'saveConfig') {
    const { tilesApiKey: _, ...saved } = payload;
    return ok(saved);
  }
  if (key === 'healthCheck') return ok([{ level: 'warning', message: 'Status 5 has no phase.' }]);
  if (key === 'detectStatuses')
    return ok([{ id: '5', name: 'On site', category: 'indeterminate', suggestedPhase: 'on-site' }]);
  if (key === 'listAudit') return ok({ entries: [], cursor: null });
  if (key === 'getRoles') return ok({ roles: {} });
  return { ok: false, error: { code: 'NOT_FOUND', message: key } };
}

describe('the admin page', () => {
  it('refuses a bad travel speed before saving, then saves transitions and speed with the rest of the config', async () => {
    const m = mount(backend);
    await m.waitText('Projects');
    await m.tab(2);
    await m.field('travel-speed', 'fast');
    await m.click('save-dispatching');
    await m.waitText('Enter a speed between 1 and 300 km/h.');
    expect(m.calls.some((c) => c.key === 'saveConfig')).toBe(false);
    await m.field('travel-speed', '45');
    await m.field('transition-arrive', 'Arrive on site');
    await m.click('save-dispatching');
    const saved = await m.called('saveConfig');
    expect(saved.payload).toMatchObject({
      projectKeys: ['FS'],
      travelSpeedKmh: 45,
      transitions: { assign: 'Dispatch', startTravel: null, arrive: 'Arrive on site' },
      requiredSkillFieldId: 'customfield_10102',
    });
    expect(saved.payload).not.toHaveProperty('tilesApiKey');
    await m.waitText('Dispatching settings saved.');
  });

  it('sends a tile API key write-only and never shows the stored one', async () => {
    const m = mount(backend);
    await m.waitText('Projects');
    await m.tab(3);
    expect(String((await m.textfield('tile-key')).props.placeholder)).toContain('A key is stored');
    expect((await m.textfield('tile-key')).props.value).toBe('');
    await m.field('tile-key', 'secret-123');
    await m.click('save-map');
    const saved = await m.called('saveConfig');
    expect(saved.payload.tilesApiKey).toBe('secret-123');
    expect(JSON.stringify(saved.payload.tiles)).not.toContain('secret-123');
    await m.waitText('Map settings saved.');
    expect(m.text()).not.toContain('secret-123');
  });

  it('detects statuses with the suggested phase and shows the health check', async () => {
    const m = mount(backend);
    await m.waitText('Projects');
    await m.tab(1);
    await m.waitText('Status 5 has no phase.');
    await m.click('detect-statuses');
    await m.waitText('On site (5)');
    await m.click('save-phases');
    const saved = await m.called('saveConfig');
    expect(saved.payload.phaseByStatus).toEqual({ '1': 'planned', '5': 'on-site' });
  });
});
