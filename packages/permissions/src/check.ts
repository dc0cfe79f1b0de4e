import { recordDenied } from './attempts';
import type { AuditLog } from './audit';
import { invocationContextSchema } from './context';
import { type Decision, type Denial, deny } from './decision';
import { currentUserGroups, hasJiraPermissions, type RequestJira } from './jira';
import { APP_ADMIN, type AppRole, DELEGATION_ROLES, type JiraRequirement, type Policy } from './policy';
import { readRoleList } from './roles';
import type { KeyValueStore } from './store';

export interface PermissionDeps {
  /** `asUser().requestJira`: tier 2 must be answered by Jira for this user, never as the app. */
  readonly requestJira: RequestJira;
  readonly store: KeyValueStore;
  readonly audit?: AuditLog;
  readonly now?: () => Date;
}

/**
 * Runs the three tiers in order and returns the first denial. Nothing is cached beyond this one call: a revoked
 * permission takes effect on the next invocation. Any error on the way is a denial, never a pass.
 */
export async function authorise<Input>(
  policy: Policy<Input>,
  rawContext: unknown,
  input: Input,
  deps: PermissionDeps,
  action = 'unnamed',
): Promise<Decision> {
  let decision: Decision;
  let actor = 'unknown';
  try {
    const parsed = invocationContextSchema.safeParse(rawContext);
    if (!parsed.success) {
      decision = deny('identity', 'NO_CONTEXT', 'invocation context missing or malformed');
    } else {
      actor = parsed.data.accountId ?? 'anonymous';
      decision = await runTiers(policy, parsed.data, input, deps);
    }
  } catch (error) {
    decision = deny('identity', 'PERMISSION_CHECK_FAILED', `unexpected error: ${errorName(error)}`);
  }
  if (!decision.allowed && policy.admin) {
    await recordDenial(deps, actor, action, decision);
  }
  return decision;
}

async function runTiers<Input>(
  policy: Policy<Input>,
  context: import('./context').InvocationContext,
  input: Input,
  deps: PermissionDeps,
): Promise<Decision> {
  // Tier 1: a licensed Atlassian account, from a module this function belongs to, on a licensed install.
  const { accountId, accountType, moduleKey } = context;
  if (!accountId || accountType !== 'licensed') {
    return deny('identity', 'NOT_A_LICENSED_USER', `accountType=${accountType ?? 'none'}`);
  }
  if (!moduleKey || !policy.modules.includes(moduleKey)) {
    return deny('identity', 'MODULE_NOT_ALLOWED', `moduleKey=${moduleKey ?? 'none'}`);
  }
  if (policy.licence === 'required') {
    const licence = context.license;
    const licensed = licence
      ? licence.isActive === true
      : context.environmentType !== undefined && context.environmentType !== 'PRODUCTION';
    if (!licensed) {
      return deny('identity', 'LICENCE_INACTIVE', `environment=${context.environmentType ?? 'unknown'}`);
    }
  }

  // One answer per question within this call; tier 3 reuses tier 2's ADMINISTER answer.
  const answers = new Map<string, Promise<boolean>>();
  const ask = (requirement: JiraRequirement) => {
    const key = JSON.stringify(requirement);
    let answer = answers.get(key);
    if (!answer) {
      answer = hasJiraPermissions(deps.requestJira, requirement);
      answers.set(key, answer);
    }
    return answer;
  };

  // Tier 2: Jira's own permissions, asked as the user.
  if (policy.jira) {
    const required = policy.jira(input);
    const requirements: readonly JiraRequirement[] = Array.isArray(required) ? required : [required];
    for (const requirement of requirements) {
      let held: boolean;
      try {
        held = await ask(requirement);
      } catch (error) {
        return deny('jira', 'PERMISSION_CHECK_FAILED', `Jira permission check failed: ${errorName(error)}`);
      }
      if (!held) {
        return deny('jira', 'JIRA_PERMISSION_MISSING', describe(requirement));
      }
    }
  }

  // Tier 3: the app's own roles.
  const roles: AppRole[] = [];
  if (policy.appRoles && policy.appRoles.length > 0) {
    try {
      const held = await heldRoles(policy.appRoles, accountId, ask, deps);
      if (held.length === 0) {
        return deny('app-role', 'APP_ROLE_MISSING', `needs one of ${policy.appRoles.join(', ')}`);
      }
      roles.push(...held);
    } catch (error) {
      return deny('app-role', 'PERMISSION_CHECK_FAILED', `role check failed: ${errorName(error)}`);
    }
  }
  return { allowed: true, accountId, roles };
}

async function heldRoles(
  wanted: readonly AppRole[],
  accountId: string,
  ask: (r: JiraRequirement) => Promise<boolean>,
  deps: PermissionDeps,
): Promise<AppRole[]> {
  const held: AppRole[] = [];
  let groups: ReadonlySet<string> | undefined;
  for (const role of wanted) {
    // The app-admin list narrows Jira's administrators, never widens them.
    if (role === APP_ADMIN && !(await ask({ scope: 'global', permissions: ['ADMINISTER'] }))) continue;
    const grants = await readRoleList(deps.store, role);
    // Nobody granted yet: a delegation role is open to all who passed tier 2 (bootstrap). A corrupt list grants nothing.
    if (grants === 'corrupt') continue;
    if (grants === 'empty') {
      if (DELEGATION_ROLES.includes(role)) held.push(role);
      continue;
    }
    if (grants.accountIds.includes(accountId)) {
      held.push(role);
      continue;
    }
    if (grants.groupIds.length > 0) {
      groups ??= await currentUserGroups(deps.requestJira, accountId);
      if (grants.groupIds.some((id) => groups?.has(`id:${id}`))) held.push(role);
    }
  }
  return held;
}

async function recordDenial(
  deps: PermissionDeps,
  actor: string,
  action: string,
  denial: Denial,
): Promise<void> {
  try {
    // One entry per actor and action per window, carrying a count: repeated denials cannot flood the log.
    await recordDenied(
      deps.store,
      { actor, action, reason: `${denial.tier}/${denial.code}: ${denial.detail}` },
      deps.now,
    );
  } catch (error) {
    // The denial stands whether or not it could be recorded.
    console.error(JSON.stringify({ level: 'error', msg: 'audit append failed', error: errorName(error) }));
  }
}

function describe(requirement: JiraRequirement): string {
  const on =
    requirement.scope === 'global'
      ? 'globally'
      : requirement.scope === 'project'
        ? `on project ${requirement.projectKey}`
        : `on issue ${requirement.issueKey}`;
  return `missing ${requirement.permissions.join('+')} ${on}`;
}

function errorName(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return typeof error;
}
