/**
 * Admin page resolvers (UI Kit `dispatchdesk-admin`): `appAdminPolicy` on every one (admin page only, Jira
 * ADMINISTER asked as the user, the app-admin list; denials audited), except the site admins' break-glass
 * `resetAdminList`. Every change is audited, before → after.
 */
import {
  APP_ADMIN,
  changeRoleGrants,
  forgeResolverDeps,
  readRoleGrants,
  readVersionedRoleGrants,
  resetAppAdminGrants,
  roleActor,
  roleChangeSchema,
  UserError,
} from '@suite/permissions';
import { projectKey } from '@suite/sanitize';
import { StaleVersionError } from '@suite/storage';
import { z } from 'zod';
import * as jira from '../atlassian/jira';
import { configSchema, type DetectedFields, normaliseConfig } from '../domain/config';
import type { DispatchConfig } from '../domain/contract';
import { healthReport } from '../domain/health';
import { suggestPhase } from '../domain/phases';
import { assetObjectIds, obj, toTicketView } from '../domain/tickets';
import {
  bumpChange,
  getConfig as getStoredConfig,
  getTilesApiKey,
  permissionStore,
  putConfig,
  readConsoleState,
  setTilesApiKey,
} from '../storage/store';
import { adminPolicy, audit, defineResolver, product, resetPolicy } from './common';
import { projectsJql, tileOverride } from './load';

const empty = z.strictObject({});
const SLA_FIELD_TYPE = 'com.atlassian.servicedesk:sd-sla-field';
const REQUEST_TYPE_FIELD_TYPE = 'com.atlassian.servicedesk:vp-origin';
export const TILES_KEY_REF = 'kvs-secret:tiles-api-key';

type Field = Awaited<ReturnType<typeof jira.fieldList>>[number];

/** Proposals for a fresh install from the site's fields: SLA and request-type fields, a location and a skill field. */
export function detectFields(fields: readonly Field[]): DetectedFields {
  const location = fields.find((f) => f.custom !== null && /location/i.test(f.name) && f.type !== 'string');
  const skill = fields.find(
    (f) => f.custom !== null && /skill/i.test(f.name) && (f.type === 'option' || f.type === 'array'),
  );
  const requestType = fields.find((f) => f.custom === REQUEST_TYPE_FIELD_TYPE);
  return {
    ...(location ? { locationFieldId: location.id } : {}),
    ...(skill ? { requiredSkillFieldId: skill.id } : {}),
    ...(requestType ? { requestTypeFieldId: requestType.id } : {}),
    slaFieldIds: fields.filter((f) => f.custom === SLA_FIELD_TYPE).map((f) => f.id),
  };
}

export const getConfig = defineResolver({
  name: 'admin.config.get',
  input: empty,
  policy: adminPolicy,
  handler: async (): Promise<DispatchConfig> => {
    const stored = await getStoredConfig();
    if (stored) return normaliseConfig(stored);
    return normaliseConfig(undefined, detectFields(await product('field list', () => jira.fieldList())));
  },
});

export const saveConfig = defineResolver({
  name: 'admin.config.save',
  input: configSchema,
  policy: adminPolicy,
  handler: async ({ input, accountId }): Promise<DispatchConfig> => {
    const { tilesApiKey, version, ...rest } = input;
    const [fields, ...statuses] = await Promise.all([
      product('field list', () => jira.fieldList()),
      ...rest.projectKeys.map((key) => product('project lookup', () => jira.projectStatuses(key))),
    ]);
    const missing = rest.projectKeys.filter((_, i) => statuses[i] === null);
    if (missing.length > 0) {
      throw new UserError('NOT_FOUND', `No project ${missing.join(', ')} (or you cannot browse it).`);
    }
    const ids = new Set(fields.map((f) => f.id));
    if (!ids.has(rest.locationSource.fieldId)) {
      throw new UserError(
        'UNPROCESSABLE',
        `The location field ${rest.locationSource.fieldId} does not exist.`,
      );
    }
    const detected = detectFields(fields);
    const before = await getStoredConfig();
    const keyRef =
      tilesApiKey === undefined ? before?.tiles.apiKeyRef : tilesApiKey === null ? undefined : TILES_KEY_REF;
    const after: DispatchConfig = {
      ...(rest as Omit<DispatchConfig, 'tiles'>),
      tiles: {
        url: rest.tiles.url,
        attribution: rest.tiles.attribution,
        ...(keyRef ? { apiKeyRef: keyRef } : {}),
      },
      requiredSkillFieldId:
        rest.requiredSkillFieldId === undefined
          ? (detected.requiredSkillFieldId ?? null)
          : rest.requiredSkillFieldId,
      slaFieldIds: rest.slaFieldIds ?? [...(detected.slaFieldIds ?? [])],
      requestTypeFieldId:
        rest.requestTypeFieldId === undefined
          ? (detected.requestTypeFieldId ?? null)
          : rest.requestTypeFieldId,
    };
    let saved: DispatchConfig;
    try {
      // Stored only if nobody saved since this admin's page loaded `version`; the audit entry in the same write
      // (it never holds the key, only whether one is stored; the audit log redacts key-like names too).
      saved = await putConfig(after, version, (stored) => [
        audit().prepare({
          actor: accountId,
          action: 'config.update',
          outcome: 'changed',
          target: 'config',
          before: stored ?? null,
          after: {
            ...after,
            ...(tilesApiKey === undefined
              ? {}
              : { tileKeyChanged: tilesApiKey === null ? 'removed' : 'set' }),
          },
        }),
      ]);
    } catch (error) {
      if (error instanceof StaleVersionError) {
        throw new UserError(
          'CONFLICT',
          'Someone else changed the DispatchDesk settings since you loaded them. Reload to see their change, then make yours again.',
        );
      }
      throw error;
    }
    // After the config, so a refused save never touches the key (secrets cannot join a KVS transaction).
    if (tilesApiKey !== undefined) await setTilesApiKey(tilesApiKey);
    await bumpChange();
    return saved;
  },
});

export const detectStatuses = defineResolver({
  name: 'admin.statuses.detect',
  input: z.strictObject({ projectKeys: z.array(projectKey).min(1).max(20) }),
  policy: adminPolicy,
  handler: async ({ input }) => {
    const lists = await Promise.all(
      input.projectKeys.map((key) => product('project statuses', () => jira.projectStatuses(key))),
    );
    const missing = input.projectKeys.filter((_, i) => lists[i] === null);
    if (missing.length > 0)
      throw new UserError('NOT_FOUND', `No project ${missing.join(', ')} (or you cannot browse it).`);
    const seen = new Map<
      string,
      { id: string; name: string; category: string; suggestedPhase: ReturnType<typeof suggestPhase> }
    >();
    for (const list of lists) {
      for (const s of list ?? []) {
        if (!seen.has(s.id)) seen.set(s.id, { ...s, suggestedPhase: suggestPhase(s.name, s.category) });
      }
    }
    return [...seen.values()];
  },
});

const ROLES = ['app-admin', 'dispatcher', 'technician'] as const;

export const healthCheck = defineResolver({
  name: 'admin.health',
  input: empty,
  policy: adminPolicy,
  handler: async () => {
    const state = await readConsoleState();
    const config = normaliseConfig(state.config);
    const store = permissionStore();
    const sampleJql = `${projectsJql(config)} AND statusCategory != Done ORDER BY updated DESC`;
    const [fields, projects, sample, members, workspace, grants, tileKey] = await Promise.all([
      product('field list', () => jira.fieldList()),
      Promise.all(
        config.projectKeys.map(async (key) => ({
          key,
          statuses: await product('project statuses', () => jira.projectStatuses(key)),
        })),
      ),
      config.projectKeys.length === 0
        ? Promise.resolve({ issues: [] as unknown[], truncated: false })
        : product('ticket sample', () =>
            jira.searchIssues(
              sampleJql,
              ['project', 'status', config.locationSource.fieldId],
              50,
              'transitions',
            ),
          ),
      config.technicianGroupId
        ? jira.groupMembers(config.technicianGroupId).then(
            (m) => m.filter((u) => u.accountType === 'atlassian').length,
            (e: unknown) => ({
              error:
                e instanceof jira.ProductApiError ? `Jira answered HTTP ${e.status}.` : 'unexpected error.',
            }),
          )
        : Promise.resolve(null),
      config.locationSource.kind === 'assets'
        ? jira.assetsWorkspaceId().then(
            (id) => (id ? ('available' as const) : ('missing' as const)),
            () => 'missing' as const,
          )
        : Promise.resolve('n/a' as const),
      Promise.all(ROLES.map(async (r) => [r, await readRoleGrants(store, r)] as const)),
      config.tiles.url.includes('{apiKey}') ? getTilesApiKey() : Promise.resolve(undefined),
    ]);
    const transitionNames = new Map<string, Set<string>>();
    let withoutLocation = 0;
    for (const issue of sample.issues) {
      const i = obj(issue);
      const project = String(obj(obj(i.fields).project).key ?? '');
      let names = transitionNames.get(project);
      if (!names) {
        names = new Set();
        transitionNames.set(project, names);
      }
      for (const t of Array.isArray(i.transitions) ? i.transitions : []) {
        const name = obj(t).name;
        if (typeof name === 'string') names.add(name.trim().toLowerCase());
      }
      const view = toTicketView(issue, config);
      const located =
        config.locationSource.kind === 'field'
          ? view?.location !== null
          : assetObjectIds(obj(i.fields)[config.locationSource.fieldId]).length > 0;
      if (!located) withoutLocation++;
    }
    return healthReport({
      config,
      projects,
      fieldIds: new Set(fields.map((f) => f.id)),
      transitionNames,
      sampledTickets: sample.issues.length,
      sampledWithoutLocation: withoutLocation,
      profiles: state.technicians.length,
      profilesWithoutHours: state.technicians.filter((t) => Object.keys(t.hours).length === 0).length,
      profilesWithoutSkills: state.technicians.filter((t) => t.skills.length === 0).length,
      groupMembers: members,
      assetsWorkspace: workspace,
      tileUrlOverride: tileOverride(),
      tileKeyStored: tileKey !== undefined,
      roleGrants: Object.fromEntries(grants.map(([r, g]) => [r, g.accountIds.length + g.groupIds.length])),
    });
  },
});

export const getRoles = defineResolver({
  name: 'admin.roles.get',
  input: empty,
  policy: adminPolicy,
  handler: async () => {
    const store = permissionStore();
    const entries = await Promise.all(
      ROLES.map(async (role) => [role, await readVersionedRoleGrants(store, role)] as const),
    );
    return { roles: Object.fromEntries(entries) };
  },
});

/**
 * Grants and revokes from the roles panel, applied to what is stored now: concurrent admins' changes all land. An
 * app-admin change that would leave a list without the acting admin (by account or group) is refused.
 */
export const saveRole = defineResolver({
  name: 'admin.roles.save',
  input: z.strictObject({ role: z.enum(ROLES), ...roleChangeSchema.shape }),
  policy: adminPolicy,
  handler: async ({ input, accountId }) => {
    const { role, ...change } = input;
    // The acting admin's groups, read as them, count as being on the app-admin list.
    const actor =
      role === APP_ADMIN ? await roleActor(accountId, forgeResolverDeps().requestJira) : accountId;
    const { changed: _, ...grants } = await changeRoleGrants(permissionStore(), audit(), role, change, actor);
    return { saved: true as const, ...grants };
  },
});

/** Break glass: a Jira site admin empties the app-admin list, so every Jira admin is an app admin again. */
export const resetAdminList = defineResolver({
  name: 'admin.roles.reset',
  input: empty,
  policy: resetPolicy,
  handler: async ({ accountId }) => {
    const { changed } = await resetAppAdminGrants(permissionStore(), audit(), accountId);
    return { reset: true as const, changed };
  },
});

export const listAudit = defineResolver({
  name: 'admin.audit.list',
  input: z.strictObject({
    cursor: z
      .string()
      .regex(/^[A-Za-z0-9:._=+/-]{1,500}$/, { error: 'Expected a cursor from a previous page' })
      .optional(),
  }),
  policy: adminPolicy,
  handler: async ({ input }) => {
    const page = await audit().list({ limit: 50, cursor: input.cursor });
    const entries = page.entries.map((e) => {
      const v = obj(e.value);
      const text = (x: unknown) => (typeof x === 'string' ? x : '');
      return {
        at: text(v.at),
        actor: text(v.actor),
        action: text(v.action),
        outcome: text(v.outcome),
        ...(typeof v.target === 'string' ? { target: v.target } : {}),
      };
    });
    return { entries, cursor: page.cursor ?? null };
  },
});
