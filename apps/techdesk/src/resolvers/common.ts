import {
  type AppRole,
  appAdminPolicy,
  createAuditLog,
  createResolverKit,
  definePolicy,
  forgeResolverDeps,
  type Policy,
  type ProjectPermission,
  siteAdminResetPolicy,
  UserError,
} from '@suite/permissions';
import { ProductApiError } from '../atlassian/jira';
import { permissionStore } from '../storage/store';

export const PANEL_MODULE = 'techdesk-panel';
export const ADMIN_MODULE = 'techdesk-admin';

/** Every issue panel function needs the `agent` role (a delegation list: open to all while empty). */
export const PANEL_ROLES: readonly AppRole[] = ['agent'];

export const { defineResolver } = createResolverKit(forgeResolverDeps);

export const audit = () => createAuditLog(permissionStore());

/**
 * Agent actions on a ticket: issue panel only, licensed user, Jira says (asked as the user, on this issue) that
 * they may browse it, are a JSM agent of its project, and hold the action's own permissions; and the `agent`
 * delegation list: while empty, everyone Jira lets work the ticket; once anyone is on it, only those on it.
 */
export function agentPolicy<Input extends { issueKey: string }>(
  ...permissions: ProjectPermission[]
): Policy<Input> {
  return definePolicy<Input>({
    modules: [PANEL_MODULE],
    licence: 'required',
    jira: (input) => ({
      scope: 'issue',
      issueKey: input.issueKey,
      permissions: ['BROWSE_PROJECTS', 'SERVICEDESK_AGENT', ...permissions],
    }),
    appRoles: PANEL_ROLES,
  });
}

/**
 * App-wide settings: admin page only, Jira ADMINISTER asked as the user, and the app-admin list (empty: every Jira
 * admin; otherwise only the Jira admins on it); denials audited.
 */
export const adminPolicy = appAdminPolicy(ADMIN_MODULE);

/** Break glass: a Jira site admin may reset the app-admin list from the admin page even when not on it. */
export const resetPolicy = siteAdminResetPolicy(ADMIN_MODULE);

/** Turns a failed product call into a message the agent can act on (or rethrows as an internal error). */
export function explainProductError(error: unknown, action: string): never {
  if (error instanceof ProductApiError) {
    switch (error.status) {
      case 400:
      case 422:
        throw new UserError(
          'UNPROCESSABLE',
          `Jira did not accept this ${action}. Check the values and try again.`,
        );
      case 403:
        throw new UserError('UNPROCESSABLE', `Jira says you may not do this ${action}.`);
      case 404:
        throw new UserError(
          'NOT_FOUND',
          'This ticket (or item) no longer exists, or you can no longer see it.',
        );
      case 409:
        throw new UserError(
          'CONFLICT',
          'Someone changed this ticket at the same time. Reload and try again.',
        );
      case 413:
        throw new UserError('UNPROCESSABLE', 'This ticket has reached a Jira limit for this kind of change.');
      case 429:
        throw new UserError('RATE_LIMITED', 'Jira is busy right now. Please try again in a moment.');
    }
  }
  throw error;
}

/** Runs a product call and explains its failure. */
export async function product<T>(action: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    explainProductError(error, action);
  }
}
