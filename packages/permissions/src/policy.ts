/** Jira global permissions the suite asks about. */
export type GlobalPermission = 'ADMINISTER' | 'SYSTEM_ADMIN' | 'USER_PICKER';

/** Jira project permissions the suite asks about (evaluated for a project or an issue). */
export type ProjectPermission =
  | 'ADMINISTER_PROJECTS'
  | 'BROWSE_PROJECTS'
  | 'ASSIGN_ISSUES'
  | 'ASSIGNABLE_USER'
  | 'TRANSITION_ISSUES'
  | 'WORK_ON_ISSUES'
  | 'EDIT_ISSUES'
  | 'ADD_COMMENTS'
  | 'SERVICEDESK_AGENT';

/** What tier 2 asks Jira, as the user. Project and issue requirements name the object they apply to. */
export type JiraRequirement =
  | { readonly scope: 'global'; readonly permissions: readonly GlobalPermission[] }
  | {
      readonly scope: 'project';
      readonly projectKey: string;
      readonly permissions: readonly ProjectPermission[];
    }
  | {
      readonly scope: 'issue';
      readonly issueKey: string;
      readonly permissions: readonly ProjectPermission[];
    };

/** Roles an app keeps for itself (tier 3), granted to accounts and Jira groups on the admin page. */
export type AppRole = 'app-admin' | 'dispatcher' | 'technician' | 'agent' | 'exporter';

export const APP_ADMIN: AppRole = 'app-admin';

/**
 * Delegation lists: while nobody is granted the role, everyone who passes the policy's Jira check holds it (so a fresh
 * install works); once anyone is granted it, only those granted hold it. `app-admin` is held only by Jira
 * administrators (ADMINISTER, asked as the user) on top: the list narrows Jira's administrators, never widens them.
 * Every other role is held only by those granted it.
 */
export const DELEGATION_ROLES: readonly AppRole[] = [APP_ADMIN, 'agent'];

/**
 * One declarative policy per resolver. Identity (tier 1) always runs; the other tiers run when named.
 * `jira` may depend on the parsed input (e.g. the issue key being acted on), which is why input is parsed first.
 */
export interface Policy<Input> {
  /** Module keys this function may be invoked from. Admin functions list only the admin page module. */
  readonly modules: readonly string[];
  /**
   * `required`: in production a Marketplace licence must be present and active; outside production an absent
   * licence is accepted because Forge only supplies licences to production installs.
   */
  readonly licence: 'required' | 'not-applicable';
  readonly jira?: (input: Input) => JiraRequirement | readonly JiraRequirement[];
  /** The user must hold at least one of these app roles. */
  readonly appRoles?: readonly AppRole[];
  /** Admin functions: every denial is written to the audit log. */
  readonly admin?: boolean;
}

/** Identity for `definePolicy` so policies are typed against the input they guard. */
export function definePolicy<Input>(policy: Policy<Input>): Policy<Input> {
  if (policy.modules.length === 0) {
    throw new Error('A policy must name at least one module it may be invoked from');
  }
  return policy;
}

/**
 * The policy for functions that change app-wide settings: admin page only, Jira ADMINISTER, and the app-admin
 * delegation list (empty: every Jira administrator; otherwise only the Jira administrators on it).
 */
export function appAdminPolicy<Input>(adminModuleKey: string): Policy<Input> {
  return definePolicy<Input>({
    modules: [adminModuleKey],
    licence: 'required',
    jira: () => ({ scope: 'global', permissions: ['ADMINISTER'] }),
    appRoles: [APP_ADMIN],
    admin: true,
  });
}

/**
 * Break glass: a Jira site admin (SYSTEM_ADMIN, asked as the user) may reset the app-admin list from the admin page
 * even when not on it, so no list can lock every administrator out. No app role, since the list is what is broken.
 */
export function siteAdminResetPolicy<Input>(adminModuleKey: string): Policy<Input> {
  return definePolicy<Input>({
    modules: [adminModuleKey],
    licence: 'required',
    jira: () => ({ scope: 'global', permissions: ['SYSTEM_ADMIN'] }),
    admin: true,
  });
}
