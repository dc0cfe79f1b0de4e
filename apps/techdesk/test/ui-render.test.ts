/**
 * The panel and admin page rendered by the real UI Kit reconciler (@forge/react 12.3.1) with a stubbed bridge:
 * the ForgeDoc the app sends is walked, and handlers are called as the host would call them. Fast checks of the
 * UI's behaviour (what is called with what, what is shown); the browser e2e test covers the real host.
 */
import { createElement, type ReactElement } from 'react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PanelData, WorklogView } from '../src/domain/contract';

interface Doc {
  type: string;
  props: Record<string, unknown>;
  children: Doc[];
  key?: string;
}
type Invoke = (key: string, payload: Record<string, unknown>) => unknown;

const bridge: { handler: (cmd: string, payload: unknown) => Promise<unknown> } = {
  handler: async () => undefined,
};
const seenRoots = new Set<Doc>();
let ForgeReconciler: { render: (element: ReactElement) => void };
let PanelApp: () => unknown;
let AdminApp: () => unknown;

beforeAll(async () => {
  const g = globalThis as unknown as Record<string, unknown>;
  g.self = globalThis;
  g.__bridge = { callBridge: (cmd: string, payload: unknown) => bridge.handler(cmd, payload) };
  ForgeReconciler = (await import('@forge/react')).default as unknown as typeof ForgeReconciler;
  PanelApp = (await import('../src/frontend/panel/app')).PanelApp as () => unknown;
  AdminApp = (await import('../src/frontend/admin/app')).AdminApp as () => unknown;
});

afterEach(() => {
  bridge.handler = async () => undefined;
});

// ---- ForgeDoc helpers -------------------------------------------------------------------------------------------
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

interface Mounted {
  readonly calls: { key: string; payload: Record<string, unknown> }[];
  doc(): Doc;
  text(): string;
  byTestId(id: string): Doc | undefined;
  button(label: string): Doc | undefined;
  click(label: string): Promise<void>;
  waitText(text: string): Promise<void>;
  called(key: string): Promise<Record<string, unknown>>;
}

function mount(app: () => unknown, invoke: Invoke, issueKey = 'FS-1'): Mounted {
  let root: Doc | undefined;
  const calls: Mounted['calls'] = [];
  bridge.handler = async (cmd, payload) => {
    const p = payload as Record<string, unknown>;
    if (cmd === 'reconcile') {
      const doc = p.forgeDoc as Doc;
      if (!root && !seenRoots.has(doc)) root = doc;
      seenRoots.add(doc);
      return undefined;
    }
    if (cmd === 'getContext') return { accountId: 'me', extension: { issue: { key: issueKey } } };
    if (cmd === 'invoke') {
      const key = String(p.functionKey);
      const body = (p.payload ?? {}) as Record<string, unknown>;
      calls.push({ key, payload: body });
      return invoke(key, body);
    }
    throw new Error(`unexpected bridge command ${cmd}`);
  };
  ForgeReconciler.render(createElement(app as () => ReactElement));
  const doc = () => {
    if (!root) throw new Error('nothing rendered yet');
    return root;
  };
  const m: Mounted = {
    calls,
    doc,
    text: () => (root ? textOf(root) : ''),
    byTestId: (id) => (root ? all(root, (n) => n.props?.testId === id)[0] : undefined),
    button: (label) =>
      root ? all(root, (n) => n.type === 'Button' && textOf(n).trim() === label)[0] : undefined,
    async click(label) {
      const b = await waitFor(() => m.button(label), `button "${label}"`);
      await (b.props.onClick as () => unknown)();
    },
    async waitText(text) {
      await waitFor(() => m.text().includes(text), `text "${text}"`);
    },
    async called(key) {
      const c = await waitFor(() => calls.find((x) => x.key === key), `a ${key} call`);
      return c.payload;
    },
  };
  return m;
}

const ok = (data: unknown) => ({ ok: true, data });
const fail = (code: string, message: string, fields?: { path: string; message: string }[]) => ({
  ok: false,
  error: { code, message, ...(fields ? { fields } : {}) },
});

const me = { accountId: 'me', displayName: 'Jordan Lee' };
const worklog = (id: string, seconds: number, mine: boolean): WorklogView => ({
  id,
  author: mine ? me : { accountId: 'other', displayName: 'Tom Becker' },
  started: '2026-01-05T09:00:00.000+0000',
  timeSpentSeconds: seconds,
  timeSpent: seconds === 5400 ? '1h 30m' : `${seconds / 60}m`,
  comment: mine ? 'Mine' : 'Theirs',
  mine,
});

function panelData(over: Partial<PanelData> = {}): PanelData {
  return {
    issue: {
      id: '10001',
      key: 'FS-1',
      summary: 'Printer on fire',
      projectKey: 'FS',
      status: { id: '1', name: 'Waiting for support', category: 'new' },
      priority: 'High',
      requestType: 'Broken equipment',
      assignee: null,
      reporter: { accountId: 'cust', displayName: 'Olivia Brown' },
      sla: [
        { name: 'Time to first response', state: 'at-risk', remaining: '15m' },
        { name: 'Time to resolution', state: 'breached', remaining: '-2h' },
      ],
    },
    me,
    permissions: { assign: true, transition: true, comment: true, logWork: true, manageProjectCanned: false },
    transitions: [
      { id: '11', name: 'Start progress', to: { id: '3', name: 'In progress', category: 'indeterminate' } },
    ],
    timer: null,
    worklogs: [worklog('w1', 1800, false), worklog('w2', 600, true)],
    totalLoggedSeconds: 2400,
    cannedResponses: [
      {
        id: 'c1',
        version: 1,
        scope: 'global',
        title: 'Greeting',
        body: 'Hello {{reporter.displayName}}, we are on it.',
      },
    ],
    cannedMore: { personal: null, project: null, global: null },
    cannedCap: 200,
    requestDetails: [{ label: 'Site', value: 'London depot' }],
    assets: {
      fields: [{ fieldId: 'customfield_10100', name: 'Affected assets', objects: [] }],
      searchEnabled: true,
    },
    ...over,
  };
}

// ---- the issue panel ----------------------------------------------------------------------------------------------
describe('issue panel', () => {
  it('loads with one getPanel call and shows the header', async () => {
    const ui = mount(PanelApp, (key) => (key === 'getPanel' ? ok(panelData()) : fail('INTERNAL', 'no')));
    await ui.waitText('Waiting for support');
    expect(ui.calls.map((c) => c.key)).toEqual(['getPanel']);
    expect(ui.calls[0]?.payload).toEqual({ issueKey: 'FS-1' });
    const text = ui.text();
    for (const s of [
      'Broken equipment',
      'High',
      'Unassigned',
      'Time to first response',
      '15m left',
      'breached',
    ])
      expect(text).toContain(s);
    expect(textOf(ui.byTestId('visibility') as Doc)).toBe('Internal');
    expect(ui.byTestId('mode-internal')?.props.isSelected).toBe(true);
    // Edit/delete only on the agent's own worklog.
    expect(all(ui.doc(), (n) => n.type === 'Button' && textOf(n) === 'Delete')).toHaveLength(1);
    expect(textOf(ui.byTestId('total-logged') as Doc)).toBe('40m');
  });

  it('shows the error, not data, when getPanel is refused', async () => {
    const ui = mount(PanelApp, () =>
      fail('FORBIDDEN', "You don't have the Jira permission this action needs."),
    );
    await ui.waitText("You don't have the Jira permission");
    expect(ui.byTestId('techdesk-panel')).toBeUndefined();
    expect(ui.text()).not.toContain('Reply');
  });

  it('sends an internal note from a canned response (checked for unknown variables), then clears the box', async () => {
    const ui = mount(PanelApp, (key, p) => {
      if (key === 'getPanel') return ok(panelData());
      if (key === 'previewReply')
        return ok({
          text: String(p.text).replace('{{reporter.displayName}}', 'Olivia Brown'),
          unknownVariables: [],
        });
      if (key === 'sendReply') return ok({ commentId: '1' });
      return fail('INTERNAL', key);
    });
    const select = await waitFor(() => ui.byTestId('canned-select'), 'canned select');
    (select.props.onChange as (o: unknown) => void)({ value: 'c1', label: 'Greeting (global)' });
    await waitFor(
      () => String(ui.byTestId('reply-text')?.props.value).startsWith('Hello {{reporter'),
      'canned body in the box',
    );
    await ui.click('Add internal note');
    const sent = await ui.called('sendReply');
    expect(sent).toEqual({
      issueKey: 'FS-1',
      text: 'Hello {{reporter.displayName}}, we are on it.',
      visibility: 'internal',
    });
    expect(ui.calls.map((c) => c.key)).toEqual(['getPanel', 'previewReply', 'sendReply']);
    await ui.waitText('Internal note added.');
    expect(ui.byTestId('reply-text')?.props.value).toBe('');
  });

  it('asks before a public reply and sends it with confirmPublic', async () => {
    const ui = mount(PanelApp, (key) => {
      if (key === 'getPanel') return ok(panelData());
      if (key === 'sendReply') return ok({ commentId: '2' });
      return fail('INTERNAL', key);
    });
    await ui.click('Reply to customer');
    const box = await waitFor(() => ui.byTestId('reply-text'), 'reply box');
    (box.props.onChange as (e: unknown) => void)({ target: { value: 'We fixed it.' } });
    await ui.click('Send to customer…');
    await waitFor(() => ui.byTestId('confirm-public'), 'confirmation modal');
    expect(ui.calls.some((c) => c.key === 'sendReply')).toBe(false);
    const confirm = await waitFor(() => ui.byTestId('confirm-public-send'), 'confirm button');
    await (confirm.props.onClick as () => Promise<void>)();
    expect(await ui.called('sendReply')).toEqual({
      issueKey: 'FS-1',
      text: 'We fixed it.',
      visibility: 'public',
      confirmPublic: true,
    });
    await ui.waitText('Reply sent to the customer.');
  });

  it('shows unknown variables from Preview as a warning', async () => {
    const ui = mount(PanelApp, (key) => {
      if (key === 'getPanel') return ok(panelData());
      if (key === 'previewReply') return ok({ text: 'Hi {{nope}}', unknownVariables: ['nope'] });
      return fail('INTERNAL', key);
    });
    const box = await waitFor(() => ui.byTestId('reply-text'), 'reply box');
    (box.props.onChange as (e: unknown) => void)({ target: { value: 'Hi {{nope}}' } });
    await ui.click('Preview');
    await waitFor(() => ui.byTestId('unknown-variables'), 'warning');
    expect(ui.text()).toContain('{{nope}}');
  });

  it('logs time with useForm and shows the field error from the backend', async () => {
    let attempts = 0;
    const ui = mount(PanelApp, (key, p) => {
      if (key === 'getPanel') return ok(panelData());
      if (key === 'logWork') {
        attempts++;
        if (p.duration === 'soon')
          return fail('INVALID_INPUT', 'Check the fields', [
            { path: 'duration', message: 'Use a duration like 1h 30m.' },
          ]);
        return ok({ worklog: worklog('w3', 5400, true) });
      }
      return fail('INTERNAL', key);
    });
    const type = async (value: string) => {
      const field = await waitFor(() => ui.byTestId('log-duration'), 'duration field');
      (field.props.onChange as (e: unknown) => void)({
        target: { name: field.props.name, value, type: 'text' },
      });
    };
    const submit = async () => {
      const form = await waitFor(() => all(ui.doc(), (n) => n.type === 'Form')[0], 'form');
      await (form.props.onSubmit as () => Promise<void>)();
    };
    await type('soon');
    await submit();
    await ui.waitText('Use a duration like 1h 30m.');
    await type('1h 30m');
    await submit();
    await ui.waitText('Logged 1h 30m.');
    expect(attempts).toBe(2);
    expect(ui.calls.filter((c) => c.key === 'logWork').map((c) => c.payload.duration)).toEqual([
      'soon',
      '1h 30m',
    ]);
    expect(textOf(ui.byTestId('total-logged') as Doc)).toBe('2h 10m');
  });

  it('says when the running timer is on another ticket', async () => {
    const ui = mount(PanelApp, (key) =>
      key === 'getPanel'
        ? ok(
            panelData({
              timer: {
                issueKey: 'IT-9',
                startedAt: new Date(Date.now() - 65_000).toISOString(),
                automatic: false,
              },
            }),
          )
        : fail('INTERNAL', key),
    );
    const note = await waitFor(() => ui.byTestId('timer-elsewhere'), 'timer note');
    expect(textOf(note)).toContain('IT-9');
    expect(textOf(note)).toMatch(/0:01:0\d/);
    expect(ui.button('Start timer here')).toBeDefined();
  });

  it('transitions and refreshes the panel quietly', async () => {
    let loads = 0;
    const ui = mount(PanelApp, (key) => {
      if (key === 'getPanel') {
        loads++;
        return ok(
          loads === 1
            ? panelData()
            : panelData({
                issue: {
                  ...panelData().issue,
                  status: { id: '3', name: 'In progress', category: 'indeterminate' },
                },
                transitions: [],
              }),
        );
      }
      if (key === 'transition')
        return ok({ status: { id: '3', name: 'In progress', category: 'indeterminate' } });
      return fail('INTERNAL', key);
    });
    const select = await waitFor(() => ui.byTestId('transition-select'), 'transition select');
    await (select.props.onChange as (o: unknown) => Promise<void>)({ value: '11', label: 'Start progress' });
    expect(await ui.called('transition')).toEqual({ issueKey: 'FS-1', transitionId: '11' });
    await waitFor(() => textOf(ui.byTestId('status') as Doc) === 'In progress', 'new status');
    await waitFor(() => loads === 2 && !ui.byTestId('transition-select'), 'refreshed transitions');
  });

  it('searches Assets and links an object', async () => {
    const laptop = {
      objectId: '77',
      objectKey: 'ITA-77',
      label: 'Dell Latitude 7440',
      objectType: 'Laptop',
      attributes: [{ name: 'Serial number', value: 'SN-1' }],
    };
    const ui = mount(PanelApp, (key) => {
      if (key === 'getPanel') return ok(panelData());
      if (key === 'searchAssets') return ok([laptop]);
      if (key === 'linkAsset')
        return ok({ field: { fieldId: 'customfield_10100', name: 'Affected assets', objects: [laptop] } });
      return fail('INTERNAL', key);
    });
    const box = await waitFor(() => ui.byTestId('asset-search'), 'asset search');
    (box.props.onChange as (e: unknown) => void)({ target: { value: 'dell' } });
    await ui.click('Search');
    expect(await ui.called('searchAssets')).toEqual({ issueKey: 'FS-1', text: 'dell' });
    await ui.click('Link');
    expect(await ui.called('linkAsset')).toEqual({
      issueKey: 'FS-1',
      fieldId: 'customfield_10100',
      objectId: '77',
    });
    await ui.waitText('Linked Dell Latitude 7440 (ITA-77).');
    expect(ui.text()).toContain('Assets (1)');
  });

  it('sends feedback from the footer', async () => {
    const ui = mount(PanelApp, (key) => {
      if (key === 'getPanel') return ok(panelData());
      if (key === 'submitFeedback') return ok({ id: 'f1' });
      return fail('INTERNAL', key);
    });
    await ui.click('Send feedback');
    const box = await waitFor(() => ui.byTestId('feedback-text'), 'feedback box');
    (box.props.onChange as (e: unknown) => void)({ target: { value: 'Love the timer' } });
    const send = await waitFor(() => ui.byTestId('feedback-send'), 'send button');
    await (send.props.onClick as () => Promise<void>)();
    expect(await ui.called('submitFeedback')).toEqual({ text: 'Love the timer' });
    await ui.waitText('Thanks — your feedback was sent.');
  });
});

// ---- canned responses from the panel --------------------------------------------------------------------------
const MY_ID = 'u.11111111-1111-4111-8111-111111111111';
const NEW_ID = 'u.22222222-2222-4222-8222-222222222222';
const FS_ID = 'p.FS.33333333-3333-4333-8333-333333333333';
const IT_ID = 'p.IT.44444444-4444-4444-8444-444444444444';
const NEW_FS_ID = 'p.FS.55555555-5555-4555-8555-555555555555';

const cannedPanel = (manageProjectCanned: boolean) =>
  panelData({
    permissions: { assign: true, transition: true, comment: true, logWork: true, manageProjectCanned },
    cannedResponses: [
      {
        id: MY_ID,
        version: 3,
        scope: 'personal',
        title: 'My thanks',
        body: 'Thanks {{reporter.firstName}}!',
      },
      {
        id: FS_ID,
        version: 2,
        scope: 'project',
        projectKey: 'FS',
        title: 'On site',
        body: 'A technician is on the way.',
      },
      {
        id: IT_ID,
        version: 1,
        scope: 'project',
        projectKey: 'IT',
        title: 'Other desk',
        body: 'Not this project.',
      },
      {
        id: 'c1',
        version: 1,
        scope: 'global',
        title: 'Greeting',
        body: 'Hello {{reporter.displayName}}, we are on it.',
      },
    ],
  });

/** The labels the canned-response Select offers now. */
const cannedOptions = (ui: Mounted): string[] =>
  ((ui.byTestId('canned-select')?.props.options ?? []) as { label: string }[]).map((o) => o.label);
const typeInto = async (ui: Mounted, testId: string, value: string) => {
  const field = await waitFor(() => ui.byTestId(testId), testId);
  (field.props.onChange as (e: unknown) => void)({ target: { value } });
};
const press = async (ui: Mounted, testId: string) => {
  const button = await waitFor(() => ui.byTestId(testId), testId);
  expect(button.props.isDisabled).not.toBe(true);
  await (button.props.onClick as () => unknown)();
};

describe('managing canned responses in the panel', () => {
  it('creates, previews, edits and deletes a personal response; the Select follows without reloading', async () => {
    const ui = mount(PanelApp, (key, p) => {
      if (key === 'getPanel') return ok(cannedPanel(false));
      if (key === 'previewReply')
        return ok({ text: String(p.text).replace('{{issue.key}}', 'FS-1'), unknownVariables: ['oops'] });
      if (key === 'saveCannedResponse')
        return ok({
          id: p.id ?? NEW_ID,
          version: Number(p.version ?? 0) + 1,
          scope: 'personal',
          title: p.title,
          body: p.body,
        });
      if (key === 'deleteCannedResponse') return ok({ deleted: true });
      return fail('INTERNAL', key);
    });
    await waitFor(() => ui.byTestId('canned-select'), 'canned select');
    expect(cannedOptions(ui)).toEqual([
      'My thanks',
      'On site (project)',
      'Other desk (project)',
      'Greeting (global)',
    ]);

    await press(ui, 'canned-manage');
    const manager = await waitFor(() => ui.byTestId('canned-manager'), 'manager');
    expect(textOf(manager)).toContain('My responses');
    expect(textOf(ui.byTestId('canned-section-personal') as Doc)).toContain('My thanks');
    // Not a project admin: no project section, no project buttons.
    expect(ui.byTestId('canned-section-project')).toBeUndefined();
    expect(ui.byTestId('canned-new-project')).toBeUndefined();
    expect(ui.byTestId(`canned-edit-${FS_ID}`)).toBeUndefined();

    // Create, with the variables help and a preview on this ticket.
    await press(ui, 'canned-new-personal');
    await waitFor(() => ui.byTestId('canned-editor'), 'editor');
    expect(textOf(ui.byTestId('canned-variables') as Doc)).toContain('{{reporter.displayName}}');
    expect(ui.byTestId('canned-save')?.props.isDisabled).toBe(true);
    await typeInto(ui, 'canned-title', '  Parts ordered ');
    await typeInto(ui, 'canned-body', 'Parts for {{issue.key}} are ordered. {{oops}}');
    await press(ui, 'canned-preview-button');
    expect(await ui.called('previewReply')).toEqual({
      issueKey: 'FS-1',
      text: 'Parts for {{issue.key}} are ordered. {{oops}}',
    });
    const preview = await waitFor(() => ui.byTestId('canned-preview'), 'preview');
    expect(textOf(preview)).toContain('Parts for FS-1 are ordered.');
    expect(textOf(ui.byTestId('canned-unknown-variables') as Doc)).toContain('{{oops}}');
    await press(ui, 'canned-save');
    expect(await ui.called('saveCannedResponse')).toEqual({
      scope: 'personal',
      title: 'Parts ordered',
      body: 'Parts for {{issue.key}} are ordered. {{oops}}',
    });
    await ui.waitText('Saved “Parts ordered”.');
    expect(textOf(ui.byTestId('canned-section-personal') as Doc)).toContain('Parts ordered');
    // In the Select at once, personal first and by title, without another getPanel.
    await waitFor(() => cannedOptions(ui).includes('Parts ordered'), 'new option');
    expect(cannedOptions(ui).slice(0, 2)).toEqual(['My thanks', 'Parts ordered']);

    // Edit keeps the id and sends the version it was opened from.
    await press(ui, `canned-edit-${MY_ID}`);
    expect(ui.byTestId('canned-title')?.props.value).toBe('My thanks');
    expect(ui.byTestId('canned-body')?.props.value).toBe('Thanks {{reporter.firstName}}!');
    await typeInto(ui, 'canned-title', 'Many thanks');
    await press(ui, 'canned-save');
    await ui.waitText('Saved “Many thanks”.');
    expect(ui.calls.filter((c) => c.key === 'saveCannedResponse')[1]?.payload).toEqual({
      id: MY_ID,
      version: 3,
      scope: 'personal',
      title: 'Many thanks',
      body: 'Thanks {{reporter.firstName}}!',
    });
    await waitFor(() => cannedOptions(ui).includes('Many thanks'), 'renamed option');
    expect(cannedOptions(ui)).not.toContain('My thanks');

    // Delete asks first.
    await press(ui, `canned-delete-${NEW_ID}`);
    expect(ui.calls.some((c) => c.key === 'deleteCannedResponse')).toBe(false);
    await press(ui, 'canned-delete-confirm');
    expect(await ui.called('deleteCannedResponse')).toEqual({ id: NEW_ID, version: 1 });
    await ui.waitText('Deleted “Parts ordered”.');
    await waitFor(() => !cannedOptions(ui).includes('Parts ordered'), 'option removed');
    expect(cannedOptions(ui)).toEqual([
      'Many thanks',
      'On site (project)',
      'Other desk (project)',
      'Greeting (global)',
    ]);

    await press(ui, 'canned-manager-close');
    await waitFor(() => !ui.byTestId('canned-manager'), 'manager closed');
    expect(ui.calls.filter((c) => c.key === 'getPanel')).toHaveLength(1);
  });

  it("lets a project admin manage this project's responses, not another project's", async () => {
    const ui = mount(PanelApp, (key, p) => {
      if (key === 'getPanel') return ok(cannedPanel(true));
      if (key === 'saveCannedResponse')
        return ok({
          id: p.id ?? NEW_FS_ID,
          version: Number(p.version ?? 0) + 1,
          scope: 'project',
          projectKey: p.projectKey,
          title: p.title,
          body: p.body,
        });
      if (key === 'deleteCannedResponse') return ok({ deleted: true });
      return fail('INTERNAL', key);
    });
    await press(ui, 'canned-manage');
    const section = await waitFor(() => ui.byTestId('canned-section-project'), 'project section');
    expect(textOf(section)).toContain('Project FS');
    expect(textOf(section)).toContain('On site');
    expect(textOf(section)).not.toContain('Other desk');
    expect(ui.byTestId(`canned-edit-${IT_ID}`)).toBeUndefined();

    await press(ui, 'canned-new-project');
    await typeInto(ui, 'canned-title', 'Engineer booked');
    await typeInto(ui, 'canned-body', 'An engineer visits {{issue.key}} tomorrow.');
    await press(ui, 'canned-save');
    expect(await ui.called('saveCannedResponse')).toEqual({
      scope: 'project',
      projectKey: 'FS',
      title: 'Engineer booked',
      body: 'An engineer visits {{issue.key}} tomorrow.',
    });
    await ui.waitText('Saved “Engineer booked”.');
    await waitFor(() => cannedOptions(ui).includes('Engineer booked (project)'), 'new project option');

    await press(ui, `canned-edit-${FS_ID}`);
    await typeInto(ui, 'canned-body', 'A technician is on the way to you.');
    await press(ui, 'canned-save');
    await ui.waitText('Saved “On site”.');
    expect(ui.calls.filter((c) => c.key === 'saveCannedResponse')[1]?.payload).toEqual({
      id: FS_ID,
      version: 2,
      scope: 'project',
      projectKey: 'FS',
      title: 'On site',
      body: 'A technician is on the way to you.',
    });

    await press(ui, `canned-delete-${FS_ID}`);
    await press(ui, 'canned-delete-confirm');
    // The version the edit answered: the delete is of what this agent last saw.
    expect(await ui.called('deleteCannedResponse')).toEqual({ id: FS_ID, version: 3 });
    await waitFor(() => !cannedOptions(ui).includes('On site (project)'), 'project option removed');
    expect(cannedOptions(ui)).toContain('Other desk (project)');
  });

  it('saves the reply text as a personal response and shows the backend field error', async () => {
    let saves = 0;
    const ui = mount(PanelApp, (key, p) => {
      if (key === 'getPanel') return ok(cannedPanel(false));
      if (key === 'saveCannedResponse') {
        saves++;
        if (String(p.title).length > 5)
          return fail('INVALID_INPUT', 'Check the fields', [
            { path: 'title', message: 'Too long for this test.' },
          ]);
        return ok({ id: NEW_ID, scope: 'personal', title: p.title, body: p.body });
      }
      return fail('INTERNAL', key);
    });
    await waitFor(() => ui.byTestId('reply-text'), 'reply box');
    expect(ui.byTestId('canned-save-from-reply')?.props.isDisabled).toBe(true);
    await typeInto(ui, 'reply-text', 'Rebooted {{issue.key}} remotely.');
    await press(ui, 'canned-save-from-reply');
    await waitFor(() => ui.byTestId('canned-editor'), 'editor');
    expect(ui.byTestId('canned-body')?.props.value).toBe('Rebooted {{issue.key}} remotely.');
    await typeInto(ui, 'canned-title', 'Remote reboot');
    await press(ui, 'canned-save');
    await ui.waitText('Too long for this test.');
    await typeInto(ui, 'canned-title', 'Boot');
    await press(ui, 'canned-save');
    await ui.waitText('Saved “Boot”.');
    expect(saves).toBe(2);
    expect(ui.calls.filter((c) => c.key === 'saveCannedResponse').map((c) => c.payload)).toEqual([
      { scope: 'personal', title: 'Remote reboot', body: 'Rebooted {{issue.key}} remotely.' },
      { scope: 'personal', title: 'Boot', body: 'Rebooted {{issue.key}} remotely.' },
    ]);
    await waitFor(() => cannedOptions(ui).includes('Boot'), 'new option');
    // The reply itself is untouched.
    expect(ui.byTestId('reply-text')?.props.value).toBe('Rebooted {{issue.key}} remotely.');
  });
});

describe('canned responses past the first page', () => {
  it('panel: "Load more" fetches the next page of each list that has one and offers no more after the last', async () => {
    const more = (id: string, title: string) => ({
      id,
      version: 1,
      scope: 'project' as const,
      title,
      body: id,
    });
    const ui = mount(PanelApp, (key, p) => {
      if (key === 'getPanel')
        return ok(panelData({ cannedMore: { personal: null, project: 'cur-1', global: null } }));
      if (key === 'listCannedResponses')
        return p.cursor === 'cur-1'
          ? ok({ items: [more('p2', 'Second page')], cursor: 'cur-2' })
          : ok({ items: [more('p3', 'Third page')], cursor: null });
      return fail('INTERNAL', key);
    });
    await ui.waitText('TechDesk keeps at most 200 per list');
    await ui.click('Load more');
    expect(await ui.called('listCannedResponses')).toEqual({
      issueKey: 'FS-1',
      scope: 'project',
      cursor: 'cur-1',
    });
    await ui.waitText('Showing 2 canned responses');
    await ui.click('Load more');
    await waitFor(() => (ui.byTestId('canned-more') ? undefined : true), 'no more pages');
    const options = ((ui.byTestId('canned-select') as Doc).props.options as { label: string }[]).map(
      (o) => o.label,
    );
    expect(options).toEqual(['Second page (project)', 'Third page (project)', 'Greeting (global)']);
    expect(ui.calls.filter((c) => c.key === 'listCannedResponses').map((c) => c.payload)).toEqual([
      { issueKey: 'FS-1', scope: 'project', cursor: 'cur-1' },
      { issueKey: 'FS-1', scope: 'project', cursor: 'cur-2' },
    ]);
  });
});

// ---- the admin page -----------------------------------------------------------------------------------------------
const adminConfig = {
  projects: [
    { key: 'FS', name: 'Field Service' },
    { key: 'IT', name: 'IT Support' },
  ],
  configs: [],
  statuses: [
    { id: '1', name: 'Waiting for support', category: 'new' },
    { id: '3', name: 'In progress', category: 'indeterminate' },
  ],
  canned: [{ id: 'c1', version: 1, scope: 'global', title: 'Greeting', body: 'Hello' }],
  cannedMore: { project: null, global: null },
  cannedCap: 200,
};

/** `"${search}"`: a placeholder inside quotes, which the backend refuses. */
const QUOTED_SEARCH = ['"$', '{search}"'].join('');

describe('admin page', () => {
  it('saves a project and shows AQL validation errors next to the template', async () => {
    const ui = mount(AdminApp, (key, p) => {
      if (key === 'getAdminConfig') return ok(adminConfig);
      if (key === 'discoverAssetFields')
        return ok([{ fieldId: 'customfield_10100', name: 'Affected assets' }]);
      if (key === 'saveProjectConfig') {
        const assets = p.assets as { aqlTemplate: string | null };
        if (assets.aqlTemplate?.includes(QUOTED_SEARCH))
          return fail('INVALID_INPUT', 'Check the template', [
            { path: 'assets.aqlTemplate', message: 'Placeholders go in value positions, without quotes.' },
          ]);
        return ok(p);
      }
      if (key === 'previewAql')
        return ok({ query: 'Name like "dell"', placeholders: ['search'], results: [] });
      return fail('INTERNAL', key);
    });
    await ui.waitText('Configure a project');
    const toggle = await waitFor(() => ui.byTestId('project-enabled'), 'enable toggle');
    (toggle.props.onChange as () => void)();
    await ui.click('Save project');
    expect((await ui.called('saveProjectConfig')).enabled).toBe(true);
    await ui.waitText('Saved.');

    const tabs = all(ui.doc(), (n) => n.type === 'Tabs')[0] as Doc;
    (tabs.props.onChange as (i: number) => void)(2);
    await ui.waitText('AQL template');
    await ui.called('discoverAssetFields');
    const template = await waitFor(() => ui.byTestId('aql-template'), 'template');
    const bad = `Name like ${QUOTED_SEARCH}`;
    (template.props.onChange as (e: unknown) => void)({ target: { value: bad } });
    await ui.click('Save Assets settings');
    await ui.waitText('Placeholders go in value positions, without quotes.');

    const issue = await waitFor(() => ui.byTestId('preview-issue'), 'preview ticket');
    (issue.props.onChange as (e: unknown) => void)({ target: { value: 'fs-1' } });
    const preview = await ui.called('previewAql');
    expect(preview).toMatchObject({ projectKey: 'FS', issueKey: 'FS-1', template: bad });
    await ui.waitText('Name like "dell"');
  });

  it('sends the loaded version back, and on CONFLICT offers Reload, which loads the newer version', async () => {
    let loads = 0;
    const ui = mount(AdminApp, (key, p) => {
      if (key === 'getAdminConfig') {
        loads++;
        const version = loads === 1 ? 4 : 5;
        return ok({
          ...adminConfig,
          configs: [
            {
              projectKey: 'FS',
              version,
              enabled: loads > 1,
              activeStatusIds: [],
              assets: { fieldIds: [], attributeNames: [], aqlTemplate: null },
            },
          ],
        });
      }
      if (key === 'saveProjectConfig')
        return p.version === 4
          ? fail(
              'CONFLICT',
              'Someone else changed the FS settings since you loaded them. Reload to see their change.',
            )
          : ok({ ...p, version: Number(p.version) + 1 });
      return fail('INTERNAL', key);
    });
    await ui.waitText('Configure a project');
    const toggle = await waitFor(() => ui.byTestId('project-enabled'), 'enable toggle');
    (toggle.props.onChange as () => void)();
    await ui.click('Save project');
    expect(await ui.called('saveProjectConfig')).toMatchObject({
      projectKey: 'FS',
      version: 4,
      enabled: true,
    });
    await ui.waitText(
      'Someone else changed the FS settings since you loaded them. Reload to see their change.',
    );
    await press(ui, 'project-error-reload');
    await waitFor(() => loads === 2 || undefined, 'the reload');
    // The form now shows the other admin's save (enabled) and saves against its version.
    await waitFor(
      () => ui.byTestId('project-enabled')?.props.isChecked === true || undefined,
      'fresh config',
    );
    await ui.click('Save project');
    await ui.waitText('Saved.');
    expect(ui.calls.filter((c) => c.key === 'saveProjectConfig').map((c) => c.payload.version)).toEqual([
      4, 5,
    ]);
  });

  it('pages the audit log with the cursor', async () => {
    const ui = mount(AdminApp, (key, p) => {
      if (key === 'getAdminConfig') return ok(adminConfig);
      if (key === 'listAudit')
        return p.cursor
          ? ok({
              entries: [
                { at: '2026-01-04T09:00:00.000Z', actor: 'x', action: 'older.action', outcome: 'changed' },
              ],
              cursor: null,
            })
          : ok({
              entries: [
                { at: '2026-01-05T09:00:00.000Z', actor: 'x', action: 'settings.update', outcome: 'denied' },
              ],
              cursor: 'c2',
            });
      return fail('INTERNAL', key);
    });
    await ui.waitText('Projects');
    const tabs = all(ui.doc(), (n) => n.type === 'Tabs')[0] as Doc;
    (tabs.props.onChange as (i: number) => void)(5);
    await ui.waitText('settings.update');
    await ui.click('Older entries');
    await ui.waitText('older.action');
    expect(ui.calls.filter((c) => c.key === 'listAudit').map((c) => c.payload)).toEqual([
      {},
      { cursor: 'c2' },
    ]);
  });

  it('canned responses tab: "Load more" pages each list with its cursor and says the cap', async () => {
    const ui = mount(AdminApp, (key, p) => {
      if (key === 'getAdminConfig')
        return ok({ ...adminConfig, cannedMore: { project: 'p1', global: null } });
      if (key === 'listCannedResponses')
        return ok({
          items: [
            { id: 'p.FS.x', version: 3, scope: 'project', projectKey: 'FS', title: 'Paged in', body: 'b' },
          ],
          cursor: p.cursor === 'p1' ? null : 'never',
        });
      return fail('INTERNAL', key);
    });
    await ui.waitText('Projects');
    const tabs = all(ui.doc(), (n) => n.type === 'Tabs')[0] as Doc;
    (tabs.props.onChange as (i: number) => void)(1);
    await ui.waitText('TechDesk keeps at most 200 per project');
    await ui.click('Load more');
    await ui.waitText('Paged in');
    await waitFor(() => (ui.byTestId('canned-more') ? undefined : true), 'no more pages');
    expect(ui.calls.filter((c) => c.key === 'listCannedResponses').map((c) => c.payload)).toEqual([
      { scope: 'project', cursor: 'p1' },
    ]);
  });

  it('shows a refusal instead of settings', async () => {
    const ui = mount(AdminApp, () => fail('FORBIDDEN', 'Ask an app admin to give you access to this.'));
    await ui.waitText('Ask an app admin to give you access to this.');
    expect(ui.byTestId('techdesk-admin')).toBeUndefined();
  });
});
