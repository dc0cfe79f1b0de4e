import { type Route, route } from '@forge/api';
import { z } from 'zod';
import type { JiraRequirement } from './policy';

/**
 * `asUser().requestJira` in production. Taking it as a parameter keeps the user's own Jira permissions in
 * charge (never `asApp()` here) and lets tests answer with faked Jira responses instead of the network.
 */
export type RequestJira = (path: Route) => Promise<JiraResponse>;

/** The part of a product-API response the checks read (both the Fetch API's and @forge/api's have it). */
export interface JiraResponse {
  readonly status: number;
  json(): Promise<unknown>;
}

/** Any failure to get a clear answer from Jira. The checker turns it into a denial (fail closed). */
export class PermissionCheckError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'PermissionCheckError';
  }
}

const myPermissionsSchema = z.object({
  permissions: z.record(z.string(), z.object({ havePermission: z.boolean() })),
});

const myselfGroupsSchema = z.object({
  accountId: z.string(),
  groups: z.object({
    items: z.array(z.object({ groupId: z.string().optional(), name: z.string().optional() })),
  }),
});

async function readJson(response: JiraResponse, what: string): Promise<unknown> {
  if (response.status !== 200) {
    // 401/403 a missing scope, 429/5xx are transient, anything else unexpected: all deny.
    throw new PermissionCheckError(`${what} answered HTTP ${response.status}`, response.status);
  }
  try {
    return await response.json();
  } catch {
    throw new PermissionCheckError(`${what} answered with a body that is not JSON`, response.status);
  }
}

/** Asks Jira, as the user, whether they hold every permission in the requirement. */
export async function hasJiraPermissions(
  requestJira: RequestJira,
  requirement: JiraRequirement,
): Promise<boolean> {
  const permissions = requirement.permissions.join(',');
  if (permissions.length === 0) {
    throw new PermissionCheckError('A Jira requirement must name at least one permission');
  }
  let path: Route;
  switch (requirement.scope) {
    case 'global':
      path = route`/rest/api/3/mypermissions?permissions=${permissions}`;
      break;
    case 'project':
      path = route`/rest/api/3/mypermissions?permissions=${permissions}&projectKey=${requirement.projectKey}`;
      break;
    case 'issue':
      path = route`/rest/api/3/mypermissions?permissions=${permissions}&issueKey=${requirement.issueKey}`;
      break;
  }
  const response = await requestJira(path);
  // Jira answers 404 for a project or issue the user cannot see: a clear "no", not a failure to ask.
  if (response.status === 404 && requirement.scope !== 'global') return false;
  const body = myPermissionsSchema.safeParse(await readJson(response, 'mypermissions'));
  if (!body.success) {
    throw new PermissionCheckError('mypermissions answered with an unexpected shape');
  }
  // A permission Jira leaves out of the answer counts as not held.
  return requirement.permissions.every((key) => body.data.permissions[key]?.havePermission === true);
}

/** The current user's group ids (and names, for grants made by name), read as the user. */
export async function currentUserGroups(
  requestJira: RequestJira,
  expectedAccountId: string,
): Promise<ReadonlySet<string>> {
  const body = myselfGroupsSchema.safeParse(
    await readJson(await requestJira(route`/rest/api/3/myself?expand=groups`), 'myself'),
  );
  if (!body.success) {
    throw new PermissionCheckError('myself answered with an unexpected shape');
  }
  if (body.data.accountId !== expectedAccountId) {
    throw new PermissionCheckError('myself answered for a different account than the invocation');
  }
  const ids = new Set<string>();
  for (const group of body.data.groups.items) {
    if (group.groupId) ids.add(`id:${group.groupId}`);
    if (group.name) ids.add(`name:${group.name}`);
  }
  return ids;
}
