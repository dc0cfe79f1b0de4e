import {
  type AppRole,
  appAdminPolicy,
  createAuditLog,
  createResolverKit,
  definePolicy,
  forgeResolverDeps,
  type Policy,
  routesTo,
  siteAdminResetPolicy,
  UserError,
} from '@suite/permissions';
import { ProductApiError } from '../atlassian/jira';
import { exclusiveOnTicket, permissionStore, TicketBusyError } from '../storage/store';

export const CONSOLE_MODULE = 'dispatchdesk-console';
export const ADMIN_MODULE = 'dispatchdesk-admin';

export const { defineResolver } = createResolverKit(forgeResolverDeps);

export const audit = () => createAuditLog(permissionStore());

/** Anyone with a DispatchDesk role: dispatchers, technicians (read-only console) and app admins. */
export const ANY_ROLE: readonly AppRole[] = ['dispatcher', 'technician', 'app-admin'];
/** Who may act on tickets and on other technicians. */
export const DISPATCH_ROLES: readonly AppRole[] = ['dispatcher', 'app-admin'];

export function rolePolicy<Input>(
  modules: readonly string[],
  appRoles: readonly AppRole[],
  jira?: Policy<Input>['jira'],
): Policy<Input> {
  return definePolicy<Input>({ modules, licence: 'required', appRoles, ...(jira ? { jira } : {}) });
}

/**
 * App-wide settings: admin page only, Jira ADMINISTER asked as the user, and the app-admin list (empty: every Jira
 * admin; otherwise only the Jira admins on it); denials audited.
 */
export const adminPolicy = appAdminPolicy(ADMIN_MODULE);

/** Break glass: a Jira site admin may reset the app-admin list from the admin page even when not on it. */
export const resetPolicy = siteAdminResetPolicy(ADMIN_MODULE);

export const canDispatch = (roles: readonly AppRole[]) => roles.some((r) => DISPATCH_ROLES.includes(r));

/** Turns a failed product call into a message the dispatcher can act on (or rethrows as an internal error). */
export function explainProductError(error: unknown, action: string): never {
  if (error instanceof ProductApiError) {
    switch (error.status) {
      case 400:
      case 422:
        throw new UserError('UNPROCESSABLE', `Jira did not accept this ${action}.`);
      case 401:
      case 403:
        throw new UserError('UNPROCESSABLE', `Jira says you may not do this ${action}.`);
      case 404:
        throw new UserError('NOT_FOUND', 'This ticket (or item) does not exist, or you cannot see it.');
      case 409:
        throw new UserError('CONFLICT', 'Someone changed this at the same time. Reload and try again.');
      case 429:
        throw new UserError('RATE_LIMITED', 'Jira is busy right now. Please try again in a moment.');
    }
  }
  throw error;
}

export async function product<T>(action: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    explainProductError(error, action);
  }
}

/**
 * A resolver where acting on yourself needs less than acting on someone else (a technician edits only their own
 * availability and location). The payload's `accountId` picks which of two kit-defined resolvers runs; each does
 * its own parsing and three-tier check, and anything but an exact match with the platform's caller id goes to
 * the stricter one.
 */
export function selfOrOthers<R>(
  self: (request: { payload?: unknown; context?: unknown }) => Promise<R>,
  others: (request: { payload?: unknown; context?: unknown }) => Promise<R>,
) {
  return routesTo(
    (request: { payload?: unknown; context?: unknown }): Promise<R> => {
      const caller = (request.context as { accountId?: unknown } | undefined)?.accountId;
      const target = (request.payload as { accountId?: unknown } | undefined)?.accountId;
      return typeof caller === 'string' && caller !== '' && target === caller
        ? self(request)
        : others(request);
    },
    [self, others],
  );
}

/**
 * Runs a change to one ticket (assign, start travel, arrive) as the only one in flight for it: the conflict guard
 * reads Jira and then writes, and Jira has no conditional update, so two dispatchers could otherwise both pass it.
 * The second gets CONFLICT and changes nothing.
 */
export async function oneChangeAtATime<T>(issueKey: string, run: () => Promise<T>): Promise<T> {
  try {
    return await exclusiveOnTicket(issueKey, run);
  } catch (error) {
    if (error instanceof TicketBusyError) {
      throw new UserError(
        'CONFLICT',
        `${issueKey} is being changed by someone else right now. Reload it to see what changed, then try again.`,
      );
    }
    throw error;
  }
}
