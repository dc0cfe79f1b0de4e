// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${name} is AQL template placeholder syntax, not a JS template.
import { parseAql } from '@suite/aql';
import { toJsmCommentBody } from '@suite/sanitize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  AssetSummary,
  CannedResponse,
  PanelData,
  ProjectConfig,
  WorklogView,
} from '../src/domain/contract';
import { ADMIN, data, startSandbox, type TestSandbox } from './sandbox-support';

let t: TestSandbox;
let agent: string;
let admin: string;
let customer: string;
/** An agent in project FS only (not in the it-support group, so project IT is hidden from them). */
let fsOnlyAgent: string;
/** An open FS request with objects in the Assets field. */
let ticket: string;
let itTicket: string;

type Issue = TestSandbox['site']['jira']['issues'] extends Map<string, infer I> ? I : never;
const issue = (key: string): Issue => {
  const found = [...t.site.jira.issues.values()].find((i) => i.key === key);
  if (!found) throw new Error(`no issue ${key}`);
  return found;
};
/** The sandbox stores a JSM comment body as one paragraph of text. */
const textToAdfLikeSandbox = (text: string) => ({
  type: 'doc',
  version: 1,
  content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
});
const STARTED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{4}$/;
const OPEN = ['10000', '3']; // Waiting for support, In progress

const fsConfig = (over: Partial<ProjectConfig> = {}): ProjectConfig => ({
  projectKey: 'FS',
  enabled: true,
  activeStatusIds: [],
  assets: {
    fieldIds: ['customfield_10100'],
    attributeNames: ['Model', 'Status'],
    aqlTemplate: 'objectType = Laptop AND Name like ${search}',
  },
  ...over,
});

/** The version of FS's config the admin page gets now (what a save must send back). */
async function fsVersion(): Promise<number> {
  const page = data(
    await t.invoke<{ configs: { projectKey: string; version: number }[] }>('getAdminConfig', {}, admin, {
      moduleKey: ADMIN,
    }),
  );
  return page.configs.find((c) => c.projectKey === 'FS')?.version ?? 0;
}
const current = async (config: ProjectConfig) => ({ ...config, version: await fsVersion() });

beforeAll(async () => {
  t = await startSandbox(5);
  const users = t.sb.users();
  agent = users.agent as string;
  admin = users['site-admin'] as string;
  customer = users.customer as string;
  const tom = [...t.site.jira.users.values()].find((u) => u.displayName === 'Tom Becker');
  fsOnlyAgent = tom?.accountId as string;
  const issues = [...t.site.jira.issues.values()];
  const open = issues.filter(
    (i) => i.key.startsWith('FS-') && i.requestTypeId !== null && OPEN.includes(i.fields.statusId),
  );
  ticket = (open.find((i) => i.fields.assets.length > 0) as Issue).key;
  itTicket = (issues.find((i) => i.key.startsWith('IT-')) as Issue).key;
}, 120_000);

afterAll(() => t?.close());

/** All calls started before the first one ended: one parallel wave, not a waterfall. */
function expectOneWave(calls: readonly { startedAt: string; durationMs: number }[]): void {
  const lastStart = Math.max(...calls.map((c) => Date.parse(c.startedAt)));
  const firstEnd = Math.min(...calls.map((c) => Date.parse(c.startedAt) + c.durationMs));
  expect(lastStart).toBeLessThan(firstEnd);
}

describe('getPanel', () => {
  it('loads the ticket for an agent in one parallel wave of product calls', async () => {
    const before = t.sb.sandbox.requests.length;
    t.sb.sandbox.setFaults([{ latencyMs: 40 }]);
    let panel: PanelData;
    try {
      panel = data(await t.invoke<PanelData>('getPanel', { issueKey: ticket }, agent));
    } finally {
      t.sb.sandbox.setFaults([]);
    }
    const calls = t.sb.sandbox.requests.slice(before);
    // The policy's permission check and every read of the panel, each asked once.
    expect(calls.map((c) => c.path.split('?')[0]).sort()).toEqual(
      [
        `/rest/api/3/issue/${ticket}`,
        `/rest/api/3/issue/${ticket}/transitions`,
        `/rest/api/3/issue/${ticket}/worklog`,
        '/rest/api/3/mypermissions',
        '/rest/api/3/mypermissions',
        '/rest/api/3/myself',
        `/rest/servicedeskapi/request/${ticket}`,
      ].sort(),
    );
    expect(new Set(calls.map((c) => `${c.method} ${c.path}`)).size).toBe(calls.length);
    // Two different questions: the policy's (may they use the panel at all) and the panel's own flags.
    const asked = calls
      .filter((c) => c.path.startsWith('/rest/api/3/mypermissions'))
      .map((c) => new URLSearchParams(c.path.split('?')[1]).get('permissions') ?? '');
    expect(asked.filter((p) => p.includes('BROWSE_PROJECTS'))).toHaveLength(1);
    expect(asked.filter((p) => p.includes('ASSIGN_ISSUES'))).toHaveLength(1);
    // One wave: all of them, the permission check included, start before the first one ends.
    expectOneWave(calls);
    expect(calls.every((c) => c.as === 'user' && c.accountId === agent)).toBe(true);

    const jira = issue(ticket);
    expect(panel.issue).toMatchObject({
      key: ticket,
      id: jira.id,
      summary: jira.fields.summary,
      projectKey: 'FS',
    });
    expect(panel.issue.requestType).toEqual(expect.any(String));
    expect(panel.issue.sla.length).toBeGreaterThan(0);
    expect(panel.me.accountId).toBe(agent);
    expect(panel.permissions).toEqual({
      assign: true,
      transition: true,
      comment: true,
      logWork: true,
      manageProjectCanned: false,
    });
    expect(panel.transitions.length).toBeGreaterThan(0);
    expect(panel.requestDetails[0]).toEqual({ label: 'Summary', value: jira.fields.summary });
    expect(panel.worklogs.length).toBe(jira.worklogs.length);
    expect(panel.assets).toEqual({ fields: [], searchEnabled: false });
  });

  it('says whether the agent may manage the project canned responses, from the same wave of calls', async () => {
    const projectAdmin = t.sb.users()['project-admin'] as string;
    const load = async (accountId: string) => {
      const before = t.sb.sandbox.requests.length;
      t.sb.sandbox.setFaults([{ latencyMs: 40 }]);
      try {
        const panel = data(await t.invoke<PanelData>('getPanel', { issueKey: ticket }, accountId));
        return { panel, calls: t.sb.sandbox.requests.slice(before) };
      } finally {
        t.sb.sandbox.setFaults([]);
      }
    };
    const asAdmin = await load(projectAdmin);
    const asAgent = await load(agent);
    expect(asAdmin.panel.permissions.manageProjectCanned).toBe(true);
    expect(asAgent.panel.permissions.manageProjectCanned).toBe(false);
    // The panel's other flags are unchanged for the project admin (also in the service desk team).
    expect(asAdmin.panel.permissions).toMatchObject({ assign: true, comment: true });
    for (const { calls } of [asAdmin, asAgent]) {
      // No extra call: the same seven as before, in one wave; ADMINISTER_PROJECTS rides on the panel's flags.
      expect(calls).toHaveLength(7);
      expect(calls.filter((c) => c.path.startsWith('/rest/api/3/mypermissions'))).toHaveLength(2);
      expectOneWave(calls);
      const flags = calls
        .filter((c) => c.path.startsWith('/rest/api/3/mypermissions'))
        .map((c) => (new URLSearchParams(c.path.split('?')[1]).get('permissions') ?? '').split(','))
        .find((keys) => keys.includes('ASSIGN_ISSUES'));
      expect(flags).toEqual(
        expect.arrayContaining([
          'ASSIGN_ISSUES',
          'TRANSITION_ISSUES',
          'ADD_COMMENTS',
          'WORK_ON_ISSUES',
          'ADMINISTER_PROJECTS',
        ]),
      );
    }
    expect(asAdmin.calls.every((c) => c.accountId === projectAdmin && c.as === 'user')).toBe(true);
  });

  it('refuses a portal customer and an agent who cannot see project IT', async () => {
    const asCustomer = await t.invoke('getPanel', { issueKey: ticket }, customer);
    expect(asCustomer).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const hidden = await t.invoke('getPanel', { issueKey: itTicket }, fsOnlyAgent);
    expect(hidden.ok).toBe(false);
    expect(!hidden.ok && ['FORBIDDEN', 'RETRY']).toContain(!hidden.ok && hidden.error.code);
    expect(JSON.stringify(hidden)).not.toContain(issue(itTicket).fields.summary);
    // The same agent does get their own project's ticket, and the IT agent gets the IT ticket.
    expect((await t.invoke('getPanel', { issueKey: ticket }, fsOnlyAgent)).ok).toBe(true);
    expect((await t.invoke('getPanel', { issueKey: itTicket }, agent)).ok).toBe(true);
  });

  it('answers INVALID_INPUT naming the field for a bad issue key', async () => {
    const result = await t.invoke('getPanel', { issueKey: 'not a key' }, agent);
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', fields: [{ path: 'issueKey' }] },
    });
  });
});

describe('admin configuration and Assets', () => {
  it('refuses admin resolvers for an agent and audits the denial', async () => {
    const denied = await t.invoke('saveProjectConfig', { ...fsConfig(), version: 0 }, agent, {
      moduleKey: ADMIN,
    });
    expect(denied).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await t.invoke('getAdminConfig', {}, agent, { moduleKey: ADMIN })).toMatchObject({ ok: false });
    const audit = data(
      await t.invoke<{ entries: { action: string; outcome: string; actor: string }[] }>(
        'listAudit',
        {},
        admin,
        { moduleKey: ADMIN },
      ),
    );
    expect(audit.entries).toContainEqual(
      expect.objectContaining({ action: 'admin.config.save', outcome: 'denied', actor: agent }),
    );
  });

  it('refuses an invalid AQL template with INVALID_INPUT naming the field, and stores nothing', async () => {
    const bad = fsConfig({
      assets: { fieldIds: ['customfield_10100'], attributeNames: [], aqlTemplate: '${search} = Name' },
    });
    const result = await t.invoke('saveProjectConfig', { ...bad, version: 0 }, admin, { moduleKey: ADMIN });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', fields: [{ path: 'assets.aqlTemplate' }] },
    });
    const unknown = await t.invoke(
      'saveProjectConfig',
      {
        ...fsConfig({ assets: { fieldIds: [], attributeNames: [], aqlTemplate: 'Name = ${apiToken}' } }),
        version: 0,
      },
      admin,
      { moduleKey: ADMIN },
    );
    expect(unknown).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const keys = Object.keys(t.sb.kvs.dump(t.sb.sandbox.kvsScope('techdesk')).keys);
    expect(keys.filter((k) => k.startsWith('config:'))).toEqual([]);
  });

  it('saves a project configuration for an admin and audits before → after', async () => {
    const fields = data(
      await t.invoke<{ fieldId: string }[]>('discoverAssetFields', {}, admin, { moduleKey: ADMIN }),
    );
    expect(fields.map((f) => f.fieldId)).toContain('customfield_10100');
    const saved = data(
      await t.invoke<ProjectConfig>('saveProjectConfig', { ...fsConfig(), version: 0 }, admin, {
        moduleKey: ADMIN,
      }),
    );
    expect(saved).toEqual({ ...fsConfig(), version: 1 });
    const audit = data(
      await t.invoke<{ entries: { action: string; before?: unknown; after?: unknown }[] }>(
        'listAudit',
        {},
        admin,
        {
          moduleKey: ADMIN,
        },
      ),
    );
    const entry = audit.entries.find((e) => e.action === 'config.project.update');
    expect(entry?.after).toEqual(fsConfig());
    expect(entry?.before).toMatchObject({ projectKey: 'FS', assets: { aqlTemplate: null } });
    const config = data(
      await t.invoke<{ configs: ProjectConfig[]; projects: { key: string }[] }>('getAdminConfig', {}, admin, {
        moduleKey: ADMIN,
      }),
    );
    expect(config.projects.map((p) => p.key)).toEqual(expect.arrayContaining(['FS', 'IT']));
    // With the version a save from this page must send back.
    expect(config.configs.find((c) => c.projectKey === 'FS')).toEqual({ ...fsConfig(), version: 1 });
  });

  it("shows the ticket's Assets objects with the chosen attributes, found in the same wave", async () => {
    // The site's first Assets load asks for the workspace id; the handler caches it (after authorisation).
    data(await t.invoke<PanelData>('getPanel', { issueKey: ticket }, agent));
    expect(t.sb.kvs.dump(t.sb.sandbox.kvsScope('techdesk')).keys['cache:assets-workspace']).toEqual(
      expect.any(String),
    );

    const before = t.sb.sandbox.requests.length;
    const aqlBefore = t.aqlBodies.length;
    t.sb.sandbox.setFaults([{ latencyMs: 40 }]);
    let panel: PanelData;
    try {
      panel = data(await t.invoke<PanelData>('getPanel', { issueKey: ticket }, agent));
    } finally {
      t.sb.sandbox.setFaults([]);
    }
    const calls = t.sb.sandbox.requests.slice(before);
    const paths = calls.map((c) => c.path.split('?')[0] ?? '');
    expect(paths.filter((p) => p.endsWith('/object/aql'))).toHaveLength(1);
    expect(paths.some((p) => p.endsWith('/assets/workspace'))).toBe(false);
    expect(calls).toHaveLength(8);
    expect(new Set(calls.map((c) => `${c.method} ${c.path}`)).size).toBe(calls.length);
    expectOneWave(calls);
    // Assets is asked for the objects connected to the ticket, with the key as a quoted literal.
    const [body] = t.aqlBodies.slice(aqlBefore) as { qlQuery: string }[];
    expect(body?.qlQuery).toBe(`object having connectedTickets(key = "${ticket}")`);
    expect(parseAql(body?.qlQuery ?? '').where).toMatchObject({
      kind: 'having',
      function: { kind: 'connectedTickets', jql: `key = "${ticket}"` },
    });

    const field = panel.assets.fields[0];
    expect(field?.fieldId).toBe('customfield_10100');
    expect(field?.objects.map((o) => o.objectId)).toEqual(issue(ticket).fields.assets.map((a) => a.objectId));
    // The object on this ticket is a Person: none of the chosen attributes (Model, Status) applies to it.
    expect(field?.objects[0]).toMatchObject({ objectType: 'Person', attributes: [] });
    expect(panel.assets.searchEnabled).toBe(true);
  });

  it('previews the AQL template against a ticket for the admin', async () => {
    const preview = data(
      await t.invoke<{ query: string; placeholders: string[]; results: AssetSummary[] }>(
        'previewAql',
        {
          projectKey: 'FS',
          issueKey: ticket,
          template: 'objectType = Laptop AND Name like ${search}',
          text: 'LT-0000',
        },
        admin,
        { moduleKey: ADMIN },
      ),
    );
    expect(preview.query).toBe('objectType = Laptop AND Name like "LT-0000"');
    expect(preview.placeholders).toEqual(['search']);
    expect(preview.results.length).toBeGreaterThan(0);
  });

  it('searches Assets with hostile text only as a quoted literal', async () => {
    const hostile = '" OR Name != "';
    const start = t.aqlBodies.length;
    const result = await t.invoke<AssetSummary[]>('searchAssets', { issueKey: ticket, text: hostile }, agent);
    expect(data(result)).toEqual([]);
    const bodies = t.aqlBodies.slice(start) as { qlQuery: string }[];
    expect(bodies).toHaveLength(1);
    const query = bodies[0]?.qlQuery ?? '';
    expect(query).toBe('objectType = Laptop AND Name like "\\" OR Name != \\""');
    // Still exactly two clauses joined by AND: the text did not add an OR.
    const ast = parseAql(query);
    expect(ast.where?.kind).toBe('and');
    expect(JSON.stringify(ast)).not.toContain('"kind":"or"');
    const literal =
      ast.where?.kind === 'and' && ast.where.right.kind === 'comparison' ? ast.where.right.value : null;
    expect(literal).toMatchObject({ kind: 'literal', quoted: true, value: hostile });
  });

  it('finds objects and links one to the ticket Assets field as the agent', async () => {
    const found = data(
      await t.invoke<AssetSummary[]>('searchAssets', { issueKey: ticket, text: 'LT-000' }, agent),
    );
    const current = issue(ticket).fields.assets.map((a) => a.objectId);
    const pick = found.find((o) => !current.includes(o.objectId)) as AssetSummary;
    expect(pick.objectType).toBe('Laptop');
    expect(pick.attributes.map((a) => a.name)).toContain('Model');
    const before = t.sb.sandbox.requests.length;
    const linked = data(
      await t.invoke<{ field: { objects: AssetSummary[] } }>(
        'linkAsset',
        { issueKey: ticket, fieldId: 'customfield_10100', objectId: pick.objectId },
        agent,
      ),
    );
    expect(issue(ticket).fields.assets.map((a) => a.objectId)).toEqual([...current, pick.objectId]);
    expect(linked.field.objects.map((o) => o.objectId)).toContain(pick.objectId);
    const put = t.sb.sandbox.requests.slice(before).find((c) => c.method === 'PUT');
    expect(put).toMatchObject({
      path: `/rest/api/3/issue/${ticket}`,
      as: 'user',
      accountId: agent,
      status: 204,
    });
    const other = await t.invoke(
      'linkAsset',
      { issueKey: ticket, fieldId: 'customfield_10101', objectId: pick.objectId },
      agent,
    );
    expect(other).toMatchObject({ ok: false, error: { code: 'UNPROCESSABLE' } });
  });
});

describe('replies and canned responses', () => {
  let canned: CannedResponse;

  it('lets an admin save a global canned response (audited) but not an agent', async () => {
    const payload = {
      scope: 'global',
      title: 'Acknowledge',
      body: 'Hi {{reporter.firstName}}, {{agent.displayName}} is on {{issue.key}}. {{unknown}}',
    };
    expect(await t.invoke('saveCannedResponse', payload, agent, { moduleKey: ADMIN })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await t.invoke('saveCannedResponse', payload, agent)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    canned = data(await t.invoke<CannedResponse>('saveCannedResponse', payload, admin, { moduleKey: ADMIN }));
    expect(canned).toMatchObject({ scope: 'global', title: 'Acknowledge' });
    const audit = data(
      await t.invoke<{ entries: { action: string; target?: string }[] }>('listAudit', {}, admin, {
        moduleKey: ADMIN,
      }),
    );
    // The newest change heads the log; counted denials sort at their window's end, so they are set aside here.
    const changes = audit.entries.filter((e) => (e as { outcome?: string }).outcome === 'changed');
    expect(changes[0]).toMatchObject({ action: 'canned.create', target: canned.id });
  });

  it('keeps personal responses private to their owner', async () => {
    const mine = data(
      await t.invoke<CannedResponse>(
        'saveCannedResponse',
        { scope: 'personal', title: 'Mine', body: 'Thanks!' },
        agent,
      ),
    );
    const panel = data(await t.invoke<PanelData>('getPanel', { issueKey: ticket }, agent));
    expect(panel.cannedResponses.map((c) => c.id)).toEqual(expect.arrayContaining([mine.id, canned.id]));
    const otherPanel = data(await t.invoke<PanelData>('getPanel', { issueKey: ticket }, fsOnlyAgent));
    expect(otherPanel.cannedResponses.map((c) => c.id)).not.toContain(mine.id);
    expect(
      await t.invoke('deleteCannedResponse', { id: mine.id, version: mine.version }, fsOnlyAgent),
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(
      data(await t.invoke('deleteCannedResponse', { id: mine.id, version: mine.version }, agent)),
    ).toEqual({ deleted: true });
  });

  it('lets a project admin manage project responses from the panel, not an agent', async () => {
    const projectAdmin = t.sb.users()['project-admin'] as string;
    const payload = {
      scope: 'project',
      projectKey: 'FS',
      title: 'On site',
      body: 'A technician is on the way.',
    };
    expect(await t.invoke('saveCannedResponse', payload, agent)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    const saved = data(await t.invoke<CannedResponse>('saveCannedResponse', payload, projectAdmin));
    expect(saved.id.startsWith('p.FS.')).toBe(true);
    expect(
      data(await t.invoke('deleteCannedResponse', { id: saved.id, version: saved.version }, projectAdmin)),
    ).toEqual({
      deleted: true,
    });
  });

  it('previews variables, keeping unknown ones visible', async () => {
    const preview = data(
      await t.invoke<{ text: string; unknownVariables: string[] }>(
        'previewReply',
        { issueKey: ticket, text: canned.body },
        agent,
      ),
    );
    const reporter = t.site.jira.users.get(issue(ticket).fields.reporter);
    expect(preview.text).toBe(
      `Hi ${reporter?.displayName.split(' ')[0]}, Jordan Lee is on ${ticket}. {{unknown}}`,
    );
    expect(preview.unknownVariables).toEqual(['unknown']);
  });

  it('sends an internal note from a canned response through the JSM API', async () => {
    const count = issue(ticket).comments.length;
    const { text } = data(
      await t.invoke<{ text: string }>('previewReply', { issueKey: ticket, text: canned.body }, agent),
    );
    const sent = data(
      await t.invoke<{ commentId: string }>('sendReply', { issueKey: ticket, text: canned.body }, agent),
    );
    const comments = issue(ticket).comments;
    expect(comments).toHaveLength(count + 1);
    const note = comments[comments.length - 1];
    expect(note).toMatchObject({ id: sent.commentId, internal: true, authorAccountId: agent });
    // The JSM body is the rendered text, wiki-escaped (`FS\-1` renders as `FS-1` in JSM).
    expect(note?.body).toEqual(textToAdfLikeSandbox(toJsmCommentBody(text)));
    const posted = t.sb.sandbox.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/comment'));
    expect(posted.at(-1)?.path).toBe(`/rest/servicedeskapi/request/${ticket}/comment`);
  });

  it('refuses a public reply without confirmation and sends it with confirmation', async () => {
    const count = issue(ticket).comments.length;
    const refused = await t.invoke(
      'sendReply',
      { issueKey: ticket, text: 'Fixed *now*', visibility: 'public' },
      agent,
    );
    expect(refused).toMatchObject({ ok: false, error: { code: 'UNPROCESSABLE' } });
    expect(issue(ticket).comments).toHaveLength(count);
    data(
      await t.invoke(
        'sendReply',
        { issueKey: ticket, text: 'Fixed *now*', visibility: 'public', confirmPublic: true },
        agent,
      ),
    );
    const last = issue(ticket).comments.at(-1);
    expect(last?.internal).toBe(false);
    // Wiki markup is escaped: the customer sees the asterisks, not bold text.
    expect(JSON.stringify(last?.body)).toContain('\\\\*now\\\\*');
  });

  it('rejects an empty reply as INVALID_INPUT naming the field', async () => {
    const count = issue(ticket).comments.length;
    const result = await t.invoke('sendReply', { issueKey: ticket, text: '   ' }, agent);
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: [{ path: 'text' }] } });
    expect(issue(ticket).comments).toHaveLength(count);
  });
});

describe('time', () => {
  it('logs "1h 30m" as a 5400 s Jira worklog with the exact started format', async () => {
    const worklog = data(
      await t.invoke<{ worklog: WorklogView }>(
        'logWork',
        { issueKey: ticket, duration: '1h 30m', description: 'Replaced the fuser' },
        agent,
      ),
    ).worklog;
    const stored = issue(ticket).worklogs.find((w) => w.id === worklog.id);
    expect(stored).toMatchObject({ timeSpentSeconds: 5400, authorAccountId: agent });
    expect(stored?.started).toMatch(STARTED);
    expect(worklog).toMatchObject({ timeSpentSeconds: 5400, mine: true, comment: 'Replaced the fuser' });
  });

  it('rejects a bad duration as INVALID_INPUT naming the field, writing nothing', async () => {
    const count = issue(ticket).worklogs.length;
    const before = t.sb.sandbox.requests.length;
    const result = await t.invoke('logWork', { issueKey: ticket, duration: 'soon' }, agent);
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', fields: [{ path: 'duration' }] },
    });
    expect(issue(ticket).worklogs).toHaveLength(count);
    expect(t.sb.sandbox.requests.slice(before)).toEqual([]);
  });

  it('edits and deletes only the agent’s own worklogs', async () => {
    const own = data(
      await t.invoke<{ worklog: WorklogView }>('logWork', { issueKey: ticket, duration: '30m' }, agent),
    ).worklog;
    const updated = data(
      await t.invoke<{ worklog: WorklogView }>(
        'updateWorklog',
        { issueKey: ticket, worklogId: own.id, duration: '2h', description: 'Longer' },
        agent,
      ),
    ).worklog;
    expect(updated.timeSpentSeconds).toBe(7200);
    expect(issue(ticket).worklogs.find((w) => w.id === own.id)?.timeSpentSeconds).toBe(7200);

    // Someone else's worklog on the same ticket: refused before anything is sent to Jira.
    const theirs = data(
      await t.invoke<{ worklog: WorklogView }>('logWork', { issueKey: ticket, duration: '15m' }, fsOnlyAgent),
    ).worklog;
    const before = t.sb.sandbox.requests.length;
    for (const [key, payload] of [
      ['updateWorklog', { issueKey: ticket, worklogId: theirs.id, duration: '1m' }],
      ['deleteWorklog', { issueKey: ticket, worklogId: theirs.id }],
    ] as const) {
      expect(await t.invoke(key, payload, agent)).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN', message: 'You can only change or delete your own worklogs.' },
      });
    }
    expect(t.sb.sandbox.requests.slice(before).filter((r) => r.method !== 'GET')).toEqual([]);
    expect(issue(ticket).worklogs.find((w) => w.id === theirs.id)?.timeSpentSeconds).toBe(900);

    expect(data(await t.invoke('deleteWorklog', { issueKey: ticket, worklogId: own.id }, agent))).toEqual({
      deleted: true,
    });
    expect(issue(ticket).worklogs.some((w) => w.id === own.id)).toBe(false);
  });

  it('keeps one timer per agent: starting on another ticket stops and logs the first', async () => {
    const other = [...t.site.jira.issues.values()].find(
      (i) => i.key.startsWith('FS-') && i.key !== ticket && OPEN.includes(i.fields.statusId),
    )?.key as string;
    const first = data(
      await t.invoke<{ timer: { issueKey: string }; stopped: unknown }>(
        'startTimer',
        { issueKey: ticket },
        agent,
      ),
    );
    expect(first).toMatchObject({ timer: { issueKey: ticket, automatic: false }, stopped: null });
    const kvsTimer = t.sb.kvs.dump(t.sb.sandbox.kvsScope('techdesk')).keys[`timer:${agent}`];
    expect(kvsTimer).toMatchObject({ issueKey: ticket, automatic: false });

    const count = issue(ticket).worklogs.length;
    const second = data(
      await t.invoke<{ timer: { issueKey: string }; stopped: WorklogView | null }>(
        'startTimer',
        { issueKey: other },
        agent,
      ),
    );
    expect(second.timer.issueKey).toBe(other);
    expect(second.stopped?.timeSpentSeconds).toBe(60);
    expect(issue(ticket).worklogs).toHaveLength(count + 1);
    expect(issue(ticket).worklogs.at(-1)?.started).toMatch(STARTED);

    // The panel of any ticket shows the running timer, even when it is on another ticket.
    expect(data(await t.invoke<PanelData>('getPanel', { issueKey: ticket }, agent)).timer?.issueKey).toBe(
      other,
    );

    expect(await t.invoke('stopTimer', { issueKey: ticket }, agent)).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    const stopped = data(
      await t.invoke<{ worklog: WorklogView }>('stopTimer', { issueKey: other, description: 'Call' }, agent),
    );
    expect(stopped.worklog).toMatchObject({ timeSpentSeconds: 60, comment: 'Call', mine: true });
    expect(await t.invoke('stopTimer', { issueKey: other }, agent)).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('runs the automatic timer while the ticket is in an active status and assigned to the agent', async () => {
    data(
      await t.invoke('saveProjectConfig', await current(fsConfig({ activeStatusIds: ['3'] })), admin, {
        moduleKey: ADMIN,
      }),
    );
    // A "Service request" ticket waiting for support: Start work (11) → In progress (3), Pending customer (21).
    const target = [...t.site.jira.issues.values()].find(
      (i) => i.key.startsWith('FS-') && i.fields.statusId === '10000' && i.fields.issueTypeId === '10002',
    );
    expect(target).toBeDefined();
    const key = target?.key as string;
    data(await t.invoke('assignToMe', { issueKey: key }, agent));
    expect(issue(key).fields.assignee).toBe(agent);
    expect(data(await t.invoke<PanelData>('getPanel', { issueKey: key }, agent)).timer).toBeNull();

    const moved = data(
      await t.invoke<{ status: { id: string } }>('transition', { issueKey: key, transitionId: '11' }, agent),
    );
    expect(moved.status.id).toBe('3');
    expect(issue(key).fields.statusId).toBe('3');
    const panel = data(await t.invoke<PanelData>('getPanel', { issueKey: key }, agent));
    expect(panel.timer).toMatchObject({ issueKey: key, automatic: true });

    const count = issue(key).worklogs.length;
    data(await t.invoke('transition', { issueKey: key, transitionId: '21' }, agent));
    expect(issue(key).worklogs).toHaveLength(count + 1);
    expect(issue(key).worklogs.at(-1)).toMatchObject({ authorAccountId: agent, timeSpentSeconds: 60 });
    expect(data(await t.invoke<PanelData>('getPanel', { issueKey: key }, agent)).timer).toBeNull();
    data(await t.invoke('saveProjectConfig', await current(fsConfig()), admin, { moduleKey: ADMIN }));
  });
});

describe('status and assignee', () => {
  it('transitions with the Jira workflow transitions and refuses an unavailable one', async () => {
    const panel = data(await t.invoke<PanelData>('getPanel', { issueKey: ticket }, agent));
    const chosen = panel.transitions[0];
    expect(chosen).toBeDefined();
    const result = data(
      await t.invoke<{ status: { id: string } }>(
        'transition',
        { issueKey: ticket, transitionId: chosen?.id },
        agent,
      ),
    );
    expect(result.status.id).toBe(chosen?.to.id);
    expect(issue(ticket).fields.statusId).toBe(chosen?.to.id);
    expect(await t.invoke('transition', { issueKey: ticket, transitionId: '99999' }, agent)).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
  });

  it('assigns to me, to an assignable user, and refuses a customer as assignee', async () => {
    expect(
      data(await t.invoke<{ assignee: { accountId: string } }>('assignToMe', { issueKey: ticket }, agent))
        .assignee.accountId,
    ).toBe(agent);
    expect(issue(ticket).fields.assignee).toBe(agent);
    const found = data(
      await t.invoke<{ accountId: string; displayName: string }[]>(
        'searchAssignable',
        { issueKey: ticket, query: 'Tom' },
        agent,
      ),
    );
    expect(found.map((u) => u.accountId)).toContain(fsOnlyAgent);
    data(await t.invoke('assign', { issueKey: ticket, accountId: fsOnlyAgent }, agent));
    expect(issue(ticket).fields.assignee).toBe(fsOnlyAgent);
    expect(await t.invoke('assign', { issueKey: ticket, accountId: customer }, agent)).toMatchObject({
      ok: false,
      error: { code: 'UNPROCESSABLE' },
    });
    expect(issue(ticket).fields.assignee).toBe(fsOnlyAgent);
    data(await t.invoke('assign', { issueKey: ticket, accountId: null }, agent));
    expect(issue(ticket).fields.assignee).toBeNull();
  });
});

describe('feedback and roles', () => {
  it('stores feedback text and author, visible to app admins only', async () => {
    const { id } = data(await t.invoke<{ id: string }>('submitFeedback', { text: 'Love the timer' }, agent));
    expect(await t.invoke('listFeedback', {}, agent, { moduleKey: ADMIN })).toMatchObject({ ok: false });
    const list = data(
      await t.invoke<{ entries: { id: string; author: string; text: string }[] }>('listFeedback', {}, admin, {
        moduleKey: ADMIN,
      }),
    );
    expect(list.entries).toContainEqual(
      expect.objectContaining({ id, author: agent, text: 'Love the timer' }),
    );
  });

  it('saves role grants for an admin with an audit entry', async () => {
    data(
      await t.invoke('saveRole', { role: 'agent', grant: { accountIds: [agent] } }, admin, {
        moduleKey: ADMIN,
      }),
    );
    const roles = data(
      await t.invoke<{ roles: Record<string, { accountIds: string[] }> }>('getRoles', {}, admin, {
        moduleKey: ADMIN,
      }),
    );
    expect(roles.roles.agent?.accountIds).toEqual([agent]);
    const audit = data(
      await t.invoke<{ entries: { action: string; after?: unknown }[] }>('listAudit', {}, admin, {
        moduleKey: ADMIN,
      }),
    );
    const changes = audit.entries.filter((e) => (e as { outcome?: string }).outcome === 'changed');
    expect(changes[0]).toMatchObject({
      action: 'roles.update',
      after: { accountIds: [agent], groupIds: [] },
    });
    expect(
      await t.invoke('saveRole', { role: 'agent', grant: { accountIds: [agent] } }, agent, {
        moduleKey: ADMIN,
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });
});
