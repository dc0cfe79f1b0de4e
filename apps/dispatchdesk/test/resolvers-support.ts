/**
 * Runs DispatchDesk unmodified in the in-process sandbox (seed 7, real clock so Jira's `updated` and the app's
 * `Date.now()` agree), with one addition to the emulated site the tests need and the sandbox does not have yet:
 * `GET /rest/api/3/group/member` (Jira's group members, reference §1.9 family; `read:jira-user`, needs Browse users
 * and groups), answered from the same Jira state. KVS calls are counted per API path.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSandbox, type SandboxInstance, type Site } from '@suite/sandbox';
import type { DispatchConfig, Phase, TechnicianProfile } from '../src/domain/contract';

export const APP_DIR = new URL('..', import.meta.url).pathname;
export const CONSOLE = 'dispatchdesk-console';
export const ADMIN = 'dispatchdesk-admin';

export type Envelope<T = unknown> =
  | { ok: true; data: T }
  | { ok: false; error: { code: string; message: string; fields?: { path: string; message: string }[] } };

export interface TestSandbox {
  readonly sb: SandboxInstance;
  readonly site: Site;
  readonly users: Readonly<Record<string, string>>;
  /** KVS API calls by path since the last reset. */
  readonly kvsCalls: Map<string, number>;
  invoke<T = unknown>(
    functionKey: string,
    payload: unknown,
    accountId: string | undefined,
    moduleKey?: string,
  ): Promise<Envelope<T>>;
  groupId(name: string): string;
  close(): void;
}

type SiteRequest = Parameters<
  Exclude<ReturnType<Site['resolve']>, undefined | 'method-not-allowed'>['handle']
>[0];

function groupMemberRoute(site: Site) {
  return (req: SiteRequest) => {
    const state = site.jira;
    const actor = req.principal.kind === 'user' ? state.users.get(req.principal.accountId) : undefined;
    if (!actor) return { status: 401, body: { errorMessages: ['Not authenticated'], errors: {} } };
    const browse = state.globalPermissions.some(
      (g) => g.permission === 'USER_PICKER' && actor.groupIds.includes(g.groupId),
    );
    if (!browse)
      return {
        status: 403,
        body: { errorMessages: ['No permission to browse users and groups.'], errors: {} },
      };
    const groupId = req.query.get('groupId') ?? '';
    if (!state.groups.has(groupId))
      return { status: 404, body: { errorMessages: ['Group not found'], errors: {} } };
    const startAt = Number(req.query.get('startAt') ?? '0');
    const maxResults = Math.min(50, Number(req.query.get('maxResults') ?? '50'));
    const members = [...state.users.values()].filter((u) => u.groupIds.includes(groupId) && u.active);
    const page = members.slice(startAt, startAt + maxResults);
    return {
      status: 200,
      body: {
        startAt,
        maxResults,
        total: members.length,
        isLast: startAt + page.length >= members.length,
        values: page.map((u) => ({
          accountId: u.accountId,
          displayName: u.displayName,
          accountType: u.accountType === 'customer' ? 'customer' : 'atlassian',
          active: u.active,
        })),
      },
    };
  };
}

export async function startSandbox(
  options: { seed?: number; technicians?: number; variables?: Record<string, string> } = {},
): Promise<TestSandbox> {
  const workDir = mkdtempSync(join(tmpdir(), 'dispatchdesk-test-'));
  const sb = await createSandbox({
    apps: [
      { key: 'dispatchdesk', dir: APP_DIR, ...(options.variables ? { variables: options.variables } : {}) },
    ],
    seed: options.seed ?? 7,
    workDir,
    clock: 'real',
  });
  const site = sb.sites()[0] as Site;
  const wrapped: Site = {
    ...site,
    resolve(method, path) {
      if (method === 'GET' && path === '/rest/api/3/group/member') {
        return { scopes: [['read:jira-user']], handle: groupMemberRoute(site) };
      }
      return site.resolve(method, path);
    },
  };
  sb.sandbox.replaceSites([wrapped]);
  const kvsCalls = new Map<string, number>();
  const original = sb.kvs.handle.bind(sb.kvs);
  sb.kvs.handle = (scope, path, body) => {
    const key = path.split('?')[0] ?? path;
    kvsCalls.set(key, (kvsCalls.get(key) ?? 0) + 1);
    return original(scope, path, body);
  };
  return {
    sb,
    site,
    users: sb.users(),
    kvsCalls,
    async invoke(functionKey, payload, accountId, moduleKey = CONSOLE) {
      return (await sb.sandbox.invokeResolver({
        app: 'dispatchdesk',
        moduleKey,
        functionKey,
        payload,
        ...(accountId ? { accountId } : {}),
      })) as Envelope<never>;
    },
    groupId(name) {
      const group = [...site.jira.groups.values()].find((g) => g.name === name);
      if (!group) throw new Error(`no group ${name}`);
      return group.groupId;
    },
    close() {
      sb.close();
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}

/** Narrows an envelope to its data, failing the test with the error otherwise. */
export function data<T>(envelope: Envelope<T>): T {
  if (!envelope.ok) throw new Error(`Expected ok, got ${JSON.stringify(envelope.error)}`);
  return envelope.data;
}

export function errorOf(envelope: Envelope): {
  code: string;
  message: string;
  fields?: { path: string; message: string }[];
} {
  if (envelope.ok) throw new Error('Expected an error, got ok');
  return envelope.error;
}

/** The stored config's version now: what a save from a freshly loaded admin page sends back. */
export async function configVersion(t: TestSandbox): Promise<number> {
  const admin = t.users['site-admin'] as string;
  return data(await t.invoke<DispatchConfig>('getConfig', {}, admin, ADMIN)).version ?? 0;
}

/** Site admin grants the dispatcher and technician roles to the seeded groups, then saves the FS config. */
export async function setUp(t: TestSandbox, over: Partial<DispatchConfig> = {}): Promise<DispatchConfig> {
  const admin = t.users['site-admin'] as string;
  data(
    await t.invoke(
      'saveRole',
      { role: 'dispatcher', grant: { groupIds: [t.groupId('dispatchers')] } },
      admin,
      ADMIN,
    ),
  );
  data(
    await t.invoke(
      'saveRole',
      { role: 'technician', grant: { groupIds: [t.groupId('field-technicians')] } },
      admin,
      ADMIN,
    ),
  );
  const statuses = data(
    await t.invoke<{ id: string; suggestedPhase: Phase }[]>(
      'detectStatuses',
      { projectKeys: ['FS'] },
      admin,
      ADMIN,
    ),
  );
  const base = data(await t.invoke<DispatchConfig>('getConfig', {}, admin, ADMIN));
  const config: DispatchConfig = {
    ...base,
    projectKeys: ['FS'],
    locationSource: { kind: 'field', fieldId: 'customfield_10101' },
    phaseByStatus: Object.fromEntries(statuses.map((s) => [s.id, s.suggestedPhase])),
    transitions: { assign: 'Dispatch', startTravel: null, arrive: 'Arrive on site' },
    ...over,
  };
  return data(await t.invoke<DispatchConfig>('saveConfig', config, admin, ADMIN));
}

/** A technician fixture as a profile (shift days → hours in the fixture's zone). */
export function profileOf(fixture: Site['technicians'][number]): TechnicianProfile {
  const hours: Record<string, { start: string; end: string }> = {};
  for (const day of fixture.shift.days)
    hours[String(day)] = { start: fixture.shift.start, end: fixture.shift.end };
  return {
    accountId: fixture.accountId,
    skills: fixture.skills,
    homeBase: fixture.homeBase,
    timeZone: fixture.shift.timeZone,
    hours: hours as TechnicianProfile['hours'],
    timeOff: [],
    manualPosition: null,
  };
}

/** Saves the first `n` seeded technicians' profiles as a dispatcher. */
export async function saveTechnicians(t: TestSandbox, n: number, from = 0): Promise<void> {
  const dispatcher = t.users.dispatcher as string;
  for (const fixture of t.site.technicians.slice(from, from + n)) {
    data(await t.invoke('saveTechnician', profileOf(fixture), dispatcher));
  }
}
