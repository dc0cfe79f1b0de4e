import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleData, DispatchConfig, RankedTechnician, TicketView } from '../src/domain/contract';
import {
  ADMIN,
  configVersion,
  data,
  errorOf,
  saveTechnicians,
  setUp,
  startSandbox,
  type TestSandbox,
} from './resolvers-support';

let t: TestSandbox;
let dispatcher: string;
let otherDispatcher: string;
let admin: string;
let config: DispatchConfig;

type Issue = TestSandbox['site']['jira']['issues'] extends Map<string, infer I> ? I : never;
const issue = (key: string): Issue => {
  const found = [...t.site.jira.issues.values()].find((i) => i.key === key);
  if (!found) throw new Error(`no issue ${key}`);
  return found;
};

beforeAll(async () => {
  t = await startSandbox();
  dispatcher = t.users.dispatcher as string;
  admin = t.users['site-admin'] as string;
  otherDispatcher = [...t.site.jira.users.values()].find(
    (u) => u.sandboxRoles.includes('dispatcher') && u.accountId !== dispatcher,
  )?.accountId as string;
  config = await setUp(t);
  await saveTechnicians(t, 10);
}, 120_000);

afterAll(() => t?.close());

/** KVS API calls and product calls made by one console load. */
async function measuredLoad(): Promise<{
  kvs: Record<string, number>;
  product: number;
  console: ConsoleData;
}> {
  t.kvsCalls.clear();
  const before = t.sb.sandbox.requests.length;
  const console = data(await t.invoke<ConsoleData>('getConsole', {}, dispatcher));
  return { kvs: Object.fromEntries(t.kvsCalls), product: t.sb.sandbox.requests.length - before, console };
}

describe('KVS reads per console load', () => {
  it('are the same with 10 and with 40 technicians (one batch read, not one per technician)', async () => {
    const ten = await measuredLoad();
    expect(ten.console.technicians).toHaveLength(10);
    await saveTechnicians(t, 30, 10);
    const forty = await measuredLoad();
    expect(forty.console.technicians).toHaveLength(40);
    expect(forty.kvs).toEqual(ten.kvs);
    // The app's own state is one batchGet; the rest are the permission check's role grants.
    expect(forty.kvs['/api/v1/batch/get']).toBe(1);
    expect(Object.values(forty.kvs).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(5);
    console.info(
      `BENCH ${JSON.stringify({ name: 'dispatchdesk.kvs.calls.per-console-load', value: Object.values(forty.kvs).reduce((a, b) => a + b, 0), unit: 'calls', detail: forty.kvs })}`,
    );
  });
});

describe('getConsole', () => {
  it('lists located tickets, unlocated ones apart, technicians with position, availability and why', async () => {
    const first = [...t.site.jira.issues.values()].find(
      (i) => i.key.startsWith('FS-') && i.fields.resolutionDate === null && i.fields.location !== null,
    ) as Issue;
    const saved = first.fields.location;
    first.fields.location = null;
    try {
      const c = data(await t.invoke<ConsoleData>('getConsole', {}, dispatcher));
      expect(c.tickets.length).toBeGreaterThan(300);
      expect(c.tickets.every((x) => x.location !== null && x.projectKey === 'FS')).toBe(true);
      expect(c.unlocated.map((x) => x.key)).toContain(first.key);
      expect(c.unlocated.every((x) => x.location === null)).toBe(true);
      const open = [...t.site.jira.issues.values()].filter(
        (i) => i.key.startsWith('FS-') && !['10004', '6', '10005'].includes(i.fields.statusId),
      );
      expect(c.tickets.length + c.unlocated.length).toBe(open.length);
      const dispatched = c.tickets.find((x) => x.status.name === 'Dispatched');
      expect(dispatched?.phase).toBe('assigned');
      expect(c.tickets.some((x) => x.sla === 'breached')).toBe(true);
      expect(c.tickets.some((x) => x.requiredSkill !== null)).toBe(true);
      expect(c.technicians).toHaveLength(40);
      for (const tech of c.technicians) {
        expect(tech.displayName).not.toBe(tech.accountId);
        expect(tech.position.why.length).toBeGreaterThan(5);
        expect(['last-on-site-ticket', 'home-base', 'manual']).toContain(tech.position.source);
        expect(tech.availability).toMatch(/On shift|Off shift|time off|No working hours/);
      }
      const onSite = c.technicians.find((x) => x.position.source === 'last-on-site-ticket');
      expect(onSite?.position.why).toMatch(/^On site at FS-\d+/);
      expect(c.map.tileUrl).toBe('https://tile.openstreetmap.org/{z}/{x}/{y}.png');
      expect(c.map.attribution).toContain('OpenStreetMap');
      expect(c.me).toEqual({ accountId: dispatcher, roles: ['dispatcher'] });
    } finally {
      first.fields.location = saved;
    }
  });
});

describe('rank and assign', () => {
  let ticket: TicketView;

  beforeAll(async () => {
    const c = data(await t.invoke<ConsoleData>('getConsole', {}, dispatcher));
    ticket = c.tickets.find(
      (x) => x.assignee === null && x.status.name === 'Waiting for support' && x.requiredSkill !== null,
    ) as TicketView;
    expect(ticket).toBeDefined();
  });

  it('ranks every technician with a reason for each factor, best first', async () => {
    const ranked = data(
      await t.invoke<RankedTechnician[]>('rankTechnicians', { issueKey: ticket.key }, dispatcher),
    );
    expect(ranked).toHaveLength(40);
    for (let i = 1; i < ranked.length; i++) {
      expect((ranked[i - 1] as RankedTechnician).score).toBeGreaterThanOrEqual(
        (ranked[i] as RankedTechnician).score,
      );
    }
    const best = ranked[0] as RankedTechnician;
    expect(best.reasons).toHaveLength(4);
    expect(best.reasons[1]).toBe(`Has skill ${ticket.requiredSkill}`);
    expect(best.reasons[2]).toMatch(/km \(~\d+/);
    expect(best.reasons[3]).toMatch(/open ticket/);
    expect(ranked.some((r) => r.reasons[1] === `Lacks skill ${ticket.requiredSkill}`)).toBe(true);
  });

  it('assigns as the dispatcher and applies the configured transition; a stale second assign is refused', async () => {
    const ranked = data(
      await t.invoke<RankedTechnician[]>('rankTechnicians', { issueKey: ticket.key }, dispatcher),
    );
    const [first, second] = ranked as [RankedTechnician, RankedTechnician];
    const before = t.sb.sandbox.requests.length;
    const result = data(
      await t.invoke<{ ticket: TicketView; notes?: string[] }>(
        'assign',
        { issueKey: ticket.key, accountId: first.accountId, expectedUpdated: ticket.updated },
        dispatcher,
      ),
    );
    const writes = t.sb.sandbox.requests
      .slice(before)
      .filter((r) => r.method !== 'GET' && !r.path.includes('search'));
    expect(writes.every((r) => r.as === 'user' && r.accountId === dispatcher)).toBe(true);
    expect(writes.map((r) => `${r.method} ${r.path.split('?')[0]}`)).toEqual([
      `PUT /rest/api/3/issue/${ticket.key}/assignee`,
      `POST /rest/api/3/issue/${ticket.key}/transitions`,
    ]);
    expect(issue(ticket.key).fields.assignee).toBe(first.accountId);
    expect(issue(ticket.key).fields.statusId).toBe('10002');
    expect(result.ticket.assignee?.accountId).toBe(first.accountId);
    expect(result.ticket.status.name).toBe('Dispatched');
    expect(result.notes).toBeUndefined();

    // Another dispatcher who loaded the ticket before that assign still holds the old `updated`.
    const stale = errorOf(
      await t.invoke(
        'assign',
        { issueKey: ticket.key, accountId: second.accountId, expectedUpdated: ticket.updated },
        otherDispatcher,
      ),
    );
    expect(stale.code).toBe('CONFLICT');
    expect(stale.message).toContain(ticket.key);
    expect(stale.message).toContain('assigned to');
    expect(issue(ticket.key).fields.assignee).toBe(first.accountId);
  });

  it('notes when the configured transition is not available from the status', async () => {
    const c = data(await t.invoke<ConsoleData>('getConsole', {}, dispatcher));
    const onSite = c.tickets.find((x) => x.status.name === 'On site') as TicketView;
    const tech = c.technicians[0]?.accountId as string;
    const result = data(
      await t.invoke<{ ticket: TicketView; notes?: string[] }>(
        'assign',
        { issueKey: onSite.key, accountId: tech, expectedUpdated: onSite.updated },
        dispatcher,
      ),
    );
    expect(issue(onSite.key).fields.assignee).toBe(tech);
    expect(issue(onSite.key).fields.statusId).toBe('10003');
    expect(result.notes?.[0]).toContain('"Dispatch" is not available');
  });

  it('refuses to assign to someone who is not a technician', async () => {
    const c = data(await t.invoke<ConsoleData>('getConsole', {}, dispatcher));
    const free = c.tickets.find((x) => x.assignee === null) as TicketView;
    const agent = t.users.agent as string;
    const refused = errorOf(
      await t.invoke(
        'assign',
        { issueKey: free.key, accountId: agent, expectedUpdated: free.updated },
        dispatcher,
      ),
    );
    expect(refused.code).toBe('NOT_FOUND');
    expect(issue(free.key).fields.assignee).toBeNull();
  });
});

describe('getChanges', () => {
  it('is cheap: one KVS batch read and at most one search beyond the permission check', async () => {
    const c = data(await t.invoke<ConsoleData>('getConsole', {}, dispatcher));
    const before = t.sb.sandbox.requests.length;
    t.kvsCalls.clear();
    const answer = data(
      await t.invoke<{ changed: boolean; version: string }>('getChanges', { version: c.version }, dispatcher),
    );
    const calls = t.sb.sandbox.requests.slice(before);
    expect(answer.changed).toBe(false);
    expect(calls.filter((r) => r.path.startsWith('/rest/api/3/search'))).toHaveLength(1);
    // mypermissions (app-admin check) + myself?expand=groups (group grants) + the one search.
    expect(calls.length).toBeLessThanOrEqual(3);
    expect(t.kvsCalls.get('/api/v1/batch/get')).toBe(1);
  });

  it('reports a change after an assign, and after a ticket changed in Jira', async () => {
    const c = data(await t.invoke<ConsoleData>('getConsole', {}, dispatcher));
    const free = c.tickets.find(
      (x) => x.assignee === null && x.status.name === 'Waiting for support',
    ) as TicketView;
    data(
      await t.invoke(
        'assign',
        { issueKey: free.key, accountId: c.technicians[1]?.accountId, expectedUpdated: free.updated },
        dispatcher,
      ),
    );
    const after = data(
      await t.invoke<{ changed: boolean; version: string }>('getChanges', { version: c.version }, dispatcher),
    );
    expect(after.changed).toBe(true);

    const fresh = data(await t.invoke<ConsoleData>('getConsole', {}, dispatcher));
    const quiet = data(
      await t.invoke<{ changed: boolean }>('getChanges', { version: fresh.version }, dispatcher),
    );
    expect(quiet.changed).toBe(false);
    // Someone edits a ticket in Jira directly (not through the app). The seed stamps some histories a few
    // minutes ahead, so "later than anything the console has seen" is what counts.
    const newest = Math.max(Date.now(), ...[...t.site.jira.issues.values()].map((i) => i.updated));
    issue(fresh.tickets[5]?.key as string).updated = newest + 1_000;
    const external = data(
      await t.invoke<{ changed: boolean }>('getChanges', { version: fresh.version }, dispatcher),
    );
    expect(external.changed).toBe(true);
  });

  it('refuses a malformed version', async () => {
    const bad = errorOf(await t.invoke('getChanges', { version: 'v1~x~abc' }, dispatcher));
    expect(bad.code).toBe('INVALID_INPUT');
  });
});

describe('tiles', () => {
  it('puts a keyed provider’s key into the console URL only, never into config, audit or plain KVS', async () => {
    const keyed = {
      url: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png?key={apiKey}',
      attribution: '© OSM',
    };
    const saved = data(
      await t.invoke<DispatchConfig>(
        'saveConfig',
        { ...config, version: await configVersion(t), tiles: keyed, tilesApiKey: 'sekret-123' },
        admin,
        ADMIN,
      ),
    );
    expect(saved.tiles.apiKeyRef).toBeDefined();
    const c = data(await t.invoke<ConsoleData>('getConsole', {}, dispatcher));
    expect(c.map.tileUrl).toBe('https://tile.openstreetmap.org/{z}/{x}/{y}.png?key=sekret-123');
    const got = data(await t.invoke<DispatchConfig>('getConfig', {}, admin, ADMIN));
    expect(JSON.stringify(got)).not.toContain('sekret');
    const audit = data(await t.invoke<{ entries: unknown[] }>('listAudit', {}, admin, ADMIN));
    expect(JSON.stringify(audit)).not.toContain('sekret');
    const dump = t.sb.kvs.dump(t.sb.sandbox.kvsScope('dispatchdesk'));
    expect(JSON.stringify(dump.keys)).not.toContain('sekret');
    expect(Object.keys(dump.secrets)).toContain('tiles-api-key');
    // Removing the key and going back to OpenStreetMap.
    data(
      await t.invoke(
        'saveConfig',
        { ...config, version: await configVersion(t), tilesApiKey: null },
        admin,
        ADMIN,
      ),
    );
    expect(Object.keys(t.sb.kvs.dump(t.sb.sandbox.kvsScope('dispatchdesk')).secrets)).toEqual([]);
  });
});

describe('Assets as the location source', () => {
  it('places tickets at the Latitude/Longitude of the Assets object they reference', async () => {
    data(
      await t.invoke(
        'saveConfig',
        {
          ...config,
          version: await configVersion(t),
          locationSource: {
            kind: 'assets',
            fieldId: 'customfield_10100',
            latAttribute: 'Latitude',
            lngAttribute: 'Longitude',
          },
        },
        admin,
        ADMIN,
      ),
    );
    try {
      const c = data(await t.invoke<ConsoleData>('getConsole', {}, dispatcher));
      const requests = t.sb.sandbox.requests.filter((r) => r.path.includes('/object/aql'));
      expect(requests.length).toBeGreaterThan(0);
      expect(c.tickets.length + c.unlocated.length).toBeGreaterThan(300);
      for (const x of c.tickets) expect(issue(x.key).fields.assets.length).toBeGreaterThan(0);
      expect(c.unlocated.some((x) => issue(x.key).fields.assets.length === 0)).toBe(true);
    } finally {
      data(await t.invoke('saveConfig', { ...config, version: await configVersion(t) }, admin, ADMIN));
    }
  });
});
