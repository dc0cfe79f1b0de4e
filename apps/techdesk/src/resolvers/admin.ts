/**
 * Admin page resolvers: `appAdminPolicy('techdesk-admin')` on every one (admin page only, Jira ADMINISTER asked
 * as the user, the app-admin list; denials written to the audit log), except the site admins' break-glass
 * `resetAdminList`. Every change is audited, before → after.
 */
import { AqlError } from '@suite/aql';
import {
  APP_ADMIN,
  changeRoleGrants,
  forgeResolverDeps,
  readVersionedRoleGrants,
  resetAppAdminGrants,
  roleActor,
  roleChangeSchema,
  UserError,
} from '@suite/permissions';
import { boundedText, issueKey, numericId, projectKey } from '@suite/sanitize';
import { StaleVersionError } from '@suite/storage';
import { z } from 'zod';
import * as jira from '../atlassian/jira';
import { AqlValueMissing, checkAqlTemplate, renderAssetSearch } from '../domain/aql-template';
import { CANNED_CAP, CANNED_PAGE, publicCanned, sortCanned } from '../domain/canned';
import { defaultProjectConfig, normaliseProjectConfig, projectKeyOf } from '../domain/config';
import type { AuditEntryView, ProjectConfig, StatusRef, Versioned } from '../domain/contract';
import { arr, obj, str, toAssetSummaries, toStatusRef } from '../domain/mapping';
import {
  cannedPrefix,
  getProjectConfig,
  listProjectConfigs,
  pageCanned,
  permissionStore,
  putProjectConfig,
  listFeedback as storedFeedback,
} from '../storage/store';
import { adminPolicy, audit, defineResolver, product, resetPolicy } from './common';
import { loadTicketContext, workspaceId } from './ticket';

const ASSETS_FIELD_TYPE = 'com.atlassian.jira.plugins.cmdb:cmdb-object-cftype';
const empty = z.strictObject({});
const cursor = z.strictObject({
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9:._=+/-]{1,500}$/, { error: 'Expected a cursor from a previous page' })
    .optional(),
});

/** The admin's AQL template: valid AQL, placeholders only as whole values, only known names. */
export const aqlTemplateSchema = z.string({ error: 'Expected an AQL query' }).superRefine((value, ctx) => {
  const check = checkAqlTemplate(value);
  if (!check.ok) ctx.addIssue({ code: 'custom', message: check.message });
});

const projectConfigSchema = z.strictObject({
  projectKey,
  /** The version `getAdminConfig` gave with this config (0: it was never saved). */
  version: z
    .number({ error: 'Expected the version of the configuration you loaded' })
    .int({ error: 'Expected the version of the configuration you loaded' })
    .min(0)
    .max(2 ** 31),
  enabled: z.boolean(),
  activeStatusIds: z.array(numericId).max(100),
  assets: z.strictObject({
    fieldIds: z
      .array(
        z
          .string()
          .regex(/^customfield_\d{1,12}$/, { error: 'Expected a custom field id like customfield_10100' }),
      )
      .max(20),
    attributeNames: z.array(boundedText({ max: 100, min: 1 })).max(30),
    aqlTemplate: aqlTemplateSchema.nullable(),
  }),
});

export const getAdminConfig = defineResolver({
  name: 'admin.config.get',
  input: empty,
  policy: adminPolicy,
  handler: async () => {
    const [projects, configs, statusList, globalCanned, projectCanned] = await Promise.all([
      product('project list', () => jira.projects()),
      listProjectConfigs(),
      product('status list', () => jira.statuses()),
      pageCanned(cannedPrefix('global', ''), CANNED_PAGE),
      pageCanned(cannedPrefix('project', ''), CANNED_PAGE),
    ]);
    const serviceProjects = projects.filter(
      (p) => p.projectTypeKey === 'service_desk' || p.projectTypeKey === '',
    );
    const seen = new Set<string>();
    const statuses: StatusRef[] = [];
    for (const s of arr(statusList)) {
      const status = toStatusRef(s);
      if (status.id && !seen.has(status.id)) {
        seen.add(status.id);
        statuses.push(status);
      }
    }
    return {
      projects: serviceProjects.map((p) => ({ key: p.key, name: p.name })),
      configs: serviceProjects.map(
        (p) => configs.find((c) => c.projectKey === p.key) ?? { ...defaultProjectConfig(p.key), version: 0 },
      ),
      statuses,
      // First pages; the page asks listCannedResponses for the rest (a list may exceed one response).
      canned: sortCanned([...projectCanned.items, ...globalCanned.items]).map(publicCanned),
      cannedMore: { project: projectCanned.cursor, global: globalCanned.cursor },
      cannedCap: CANNED_CAP,
    };
  },
});

export const saveProjectConfig = defineResolver({
  name: 'admin.config.save',
  input: projectConfigSchema,
  policy: adminPolicy,
  handler: async ({ input, accountId }): Promise<Versioned<ProjectConfig>> => {
    const project = await product('project lookup', () => jira.getProject(input.projectKey));
    if (project === null)
      throw new UserError('NOT_FOUND', 'There is no project with this key (or you cannot see it).');
    const { version, ...config } = input;
    const after = normaliseProjectConfig(config);
    try {
      // Stored only if nobody saved this project since the admin loaded it; the audit entry in the same write.
      return await putProjectConfig(after, version, (before) => [
        audit().prepare({
          actor: accountId,
          action: 'config.project.update',
          outcome: 'changed',
          target: input.projectKey,
          before: before ?? defaultProjectConfig(input.projectKey),
          after,
        }),
      ]);
    } catch (error) {
      if (error instanceof StaleVersionError) {
        throw new UserError(
          'CONFLICT',
          `Someone else changed the ${input.projectKey} settings since you loaded them. Reload to see their change, then make yours again.`,
        );
      }
      throw error;
    }
  },
});

export const discoverAssetFields = defineResolver({
  name: 'admin.assets.fields',
  input: empty,
  policy: adminPolicy,
  handler: async () => {
    const list = await product('field list', () => jira.fields());
    return arr(list).flatMap((f) => {
      const field = obj(f);
      const id = str(field.id);
      if (!id || str(obj(field.schema).custom) !== ASSETS_FIELD_TYPE) return [];
      return [{ fieldId: id, name: str(field.name) ?? id }];
    });
  },
});

export const previewAql = defineResolver({
  name: 'admin.assets.previewAql',
  input: z.strictObject({
    projectKey,
    issueKey,
    template: aqlTemplateSchema,
    text: boundedText({ max: 200 }),
  }),
  policy: adminPolicy,
  handler: async ({ input }) => {
    if (projectKeyOf(input.issueKey) !== input.projectKey) {
      throw new UserError('UNPROCESSABLE', 'Choose a ticket of this project for the preview.');
    }
    const check = checkAqlTemplate(input.template);
    const placeholders = check.ok ? check.placeholders : [];
    const [context, workspace] = await Promise.all([loadTicketContext(input.issueKey), workspaceId()]);
    if (!workspace) throw new UserError('UNPROCESSABLE', 'Assets is not available on this site.');
    let query: string;
    try {
      query = renderAssetSearch(input.template, context.aql, input.text);
    } catch (error) {
      if (error instanceof AqlValueMissing) throw new UserError('UNPROCESSABLE', error.message);
      if (error instanceof AqlError)
        throw new UserError('UNPROCESSABLE', 'These values cannot be used in the query.');
      throw error;
    }
    const config = await getProjectConfig(input.projectKey);
    const body = await product('Assets search', () => jira.searchObjects(workspace, query, 10));
    return { query, placeholders, results: toAssetSummaries(body, config?.assets.attributeNames ?? []) };
  },
});

const ROLES = ['app-admin', 'agent'] as const;

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
  input: cursor,
  policy: adminPolicy,
  handler: async ({ input }) => {
    const page = await audit().list({ limit: 50, cursor: input.cursor });
    const entries: AuditEntryView[] = page.entries.map((e) => {
      const v = obj(e.value);
      return {
        at: str(v.at) ?? '',
        actor: str(v.actor) ?? '',
        action: str(v.action) ?? '',
        outcome: str(v.outcome) ?? '',
        ...(str(v.target) ? { target: str(v.target) as string } : {}),
        ...(v.before !== undefined ? { before: v.before } : {}),
        ...(v.after !== undefined ? { after: v.after } : {}),
      };
    });
    return { entries, cursor: page.cursor ?? null };
  },
});

export const listFeedback = defineResolver({
  name: 'admin.feedback.list',
  input: cursor,
  policy: adminPolicy,
  handler: async ({ input }) => storedFeedback(50, input.cursor),
});
