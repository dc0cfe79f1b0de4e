/**
 * Jira platform REST API v3 routes (real paths, scopes, status codes and JSON shapes; see the REST reference §1).
 */
import { jiraError, type Principal, type Route, type SiteRequest, type SiteResponse } from '../types';
import {
  avatarUrls,
  commentJson,
  isAdfDocument,
  isRecord,
  issueJson,
  issueTypeJson,
  jiraDate,
  parseDuration,
  parseFieldSelection,
  parseJiraDate,
  statusJson,
  transitionJson,
  userJson,
  worklogJson,
} from './format';
import { compileJql, JqlError } from './jql';
import {
  type AdfNode,
  type AssetRef,
  actorOf,
  addChangelog,
  addComment,
  addWorklog,
  applyTransition,
  assigneeChange,
  type ChangeItem,
  type Comment,
  canBrowseIssue,
  FIELD_ASSETS,
  FIELD_REQUIRED_SKILL,
  FIELD_SERVICE_LOCATION,
  findIssue,
  findProject,
  type Issue,
  type JiraState,
  type JiraUser,
  PERMISSIONS,
  PERMISSIONS_BY_KEY,
  PROJECT_PERMISSION_KEYS,
  type Project,
  projectOf,
  type ServiceLocation,
  transitionsFor,
  userHasGlobalPermission,
  userHasProjectPermission,
  type Worklog,
  workflowFor,
} from './model';

// ---------------------------------------------------------------------------------------------------------------
// Scopes

const READ_WORK = ['read:jira-work'];
const WRITE_WORK = ['write:jira-work'];
const READ_USER = ['read:jira-user'];

export const SCOPES = {
  getIssue: [
    READ_WORK,
    [
      'read:issue-meta:jira',
      'read:issue-security-level:jira',
      'read:issue.vote:jira',
      'read:issue.changelog:jira',
      'read:avatar:jira',
      'read:issue:jira',
      'read:status:jira',
      'read:user:jira',
      'read:field-configuration:jira',
    ],
  ],
  editIssue: [WRITE_WORK, ['write:issue:jira']],
  assign: [WRITE_WORK],
  search: [
    READ_WORK,
    [
      'read:issue-details:jira',
      'read:audit-log:jira',
      'read:avatar:jira',
      'read:field-configuration:jira',
      'read:issue-meta:jira',
    ],
  ],
  readTransitions: [
    READ_WORK,
    ['read:issue.transition:jira', 'read:status:jira', 'read:field-configuration:jira'],
  ],
  doTransition: [WRITE_WORK, ['write:issue:jira', 'write:issue.property:jira']],
  readComments: [
    READ_WORK,
    [
      'read:comment:jira',
      'read:comment.property:jira',
      'read:group:jira',
      'read:project:jira',
      'read:project-role:jira',
      'read:user:jira',
      'read:avatar:jira',
    ],
  ],
  addComment: [
    WRITE_WORK,
    [
      'write:comment:jira',
      'read:comment:jira',
      'read:comment.property:jira',
      'read:group:jira',
      'read:project:jira',
      'read:project-role:jira',
      'read:user:jira',
      'read:avatar:jira',
    ],
  ],
  readWorklogs: [
    READ_WORK,
    [
      'read:issue-worklog:jira',
      'read:issue-worklog.property:jira',
      'read:group:jira',
      'read:project-role:jira',
      'read:user:jira',
      'read:avatar:jira',
    ],
  ],
  addWorklog: [
    WRITE_WORK,
    [
      'write:issue-worklog:jira',
      'write:issue-worklog.property:jira',
      'read:issue-worklog:jira',
      'read:issue-worklog.property:jira',
      'read:group:jira',
      'read:project-role:jira',
      'read:user:jira',
      'read:avatar:jira',
    ],
  ],
  readProject: [
    READ_WORK,
    [
      'read:issue-type:jira',
      'read:project:jira',
      'read:project.property:jira',
      'read:user:jira',
      'read:application-role:jira',
      'read:avatar:jira',
      'read:group:jira',
      'read:issue-type-hierarchy:jira',
      'read:project-category:jira',
      'read:project-version:jira',
      'read:project.component:jira',
    ],
  ],
  projectStatuses: [READ_WORK, ['read:issue-status:jira', 'read:issue-type:jira', 'read:status:jira']],
  fields: [
    READ_WORK,
    [
      'read:field:jira',
      'read:avatar:jira',
      'read:project-category:jira',
      'read:project:jira',
      'read:field-configuration:jira',
    ],
  ],
  statuses: [READ_WORK, ['read:status:jira']],
  user: [READ_USER, ['read:application-role:jira', 'read:group:jira', 'read:user:jira', 'read:avatar:jira']],
  userSearch: [READ_USER, ['read:user:jira']],
  userGroups: [READ_USER, ['read:group:jira']],
  assignable: [
    READ_USER,
    [
      'read:issue:jira',
      'read:project:jira',
      'read:user:jira',
      'read:application-role:jira',
      'read:avatar:jira',
      'read:group:jira',
    ],
  ],
  myPermissions: [READ_WORK, ['read:permission:jira']],
  checkPermissions: [READ_USER, ['read:permission:jira']],
  configuration: [READ_USER, ['read:instance-configuration:jira']],
} as const satisfies Record<string, readonly (readonly string[])[]>;

// ---------------------------------------------------------------------------------------------------------------
// Helpers

const ISSUE_NOT_FOUND = 'Issue does not exist or you do not have permission to see it.';
const NOT_AUTHENTICATED = 'You are not authenticated. Authentication required to perform this operation.';

function fieldErrors(status: number, errors: Record<string, string>): SiteResponse {
  return { status, body: { errorMessages: [], errors } };
}

function listParam(req: SiteRequest, name: string): string[] {
  return req.query
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
}

function intParam(req: SiteRequest, name: string, fallback: number): number | undefined {
  const raw = req.query.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^-?\d+$/.test(raw)) return undefined;
  return Number(raw);
}

function now(state: JiraState): number {
  return state.now().getTime();
}

/** The issue if it exists and the caller may browse it. */
function visibleIssue(state: JiraState, principal: Principal, keyOrId: string): Issue | undefined {
  const issue = findIssue(state, keyOrId);
  return issue && canBrowseIssue(state, principal, issue) ? issue : undefined;
}

function can(state: JiraState, actor: JiraUser | undefined, project: Project, key: string): boolean {
  return actor ? userHasProjectPermission(state, actor, project, key) : false;
}

function canSeeProject(state: JiraState, actor: JiraUser | undefined, project: Project): boolean {
  if (!actor) return false;
  return (
    userHasProjectPermission(state, actor, project, 'BROWSE_PROJECTS') ||
    userHasProjectPermission(state, actor, project, 'ADMINISTER_PROJECTS') ||
    userHasGlobalPermission(state, actor, 'ADMINISTER')
  );
}

/** Comment restricted to a role or group: visible only to members (the app user sees everything). */
function canSeeComment(
  state: JiraState,
  actor: JiraUser | undefined,
  project: Project,
  comment: Comment,
): boolean {
  if (!comment.visibility) return true;
  if (!actor) return false;
  if (actor.accountType === 'app') return true;
  if (comment.visibility.type === 'group') {
    return actor.groupIds.some(
      (g) => g === comment.visibility?.value || state.groups.get(g)?.name === comment.visibility?.value,
    );
  }
  const role = state.projectRoles.find(
    (r) => r.name === comment.visibility?.value || r.id === comment.visibility?.value,
  );
  const actors = role ? project.roles[role.id] : undefined;
  return (
    !!actors &&
    (actors.accountIds.includes(actor.accountId) || actors.groupIds.some((g) => actor.groupIds.includes(g)))
  );
}

function isAssignable(state: JiraState, project: Project, accountId: string): boolean {
  const user = state.users.get(accountId);
  return !!user && user.active && userHasProjectPermission(state, user, project, 'ASSIGNABLE_USER');
}

function userWithExpand(state: JiraState, user: JiraUser, expand: ReadonlySet<string>) {
  const groups = user.groupIds.flatMap((id) => {
    const g = state.groups.get(id);
    return g
      ? [{ name: g.name, groupId: g.groupId, self: `${state.baseUrl}/rest/api/3/group?groupId=${g.groupId}` }]
      : [];
  });
  const roles =
    user.accountType === 'atlassian' ? [{ key: 'jira-servicedesk', name: 'Jira Service Management' }] : [];
  return {
    ...userJson(state, user),
    locale: user.locale,
    groups: { size: groups.length, items: expand.has('groups') ? groups : [] },
    applicationRoles: { size: roles.length, items: expand.has('applicationRoles') ? roles : [] },
    expand: 'groups,applicationRoles',
  };
}

function pageJson<T>(state: JiraState, path: string, values: T[], startAt: number, maxResults: number) {
  const page = values.slice(startAt, startAt + maxResults);
  const isLast = startAt + maxResults >= values.length;
  return {
    self: `${state.baseUrl}${path}?startAt=${startAt}&maxResults=${maxResults}`,
    ...(isLast
      ? {}
      : { nextPage: `${state.baseUrl}${path}?startAt=${startAt + maxResults}&maxResults=${maxResults}` }),
    maxResults,
    startAt,
    total: values.length,
    isLast,
    values: page,
  };
}

function validatePaging(
  startAt: number | undefined,
  maxResults: number | undefined,
): SiteResponse | undefined {
  if (startAt === undefined || startAt < 0)
    return jiraError(400, "The 'startAt' parameter must be a non-negative integer.");
  if (maxResults === undefined || maxResults < 0) {
    return jiraError(400, "The 'maxResults' parameter must be a non-negative integer.");
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Issue

function getIssue(
  req: SiteRequest,
  params: Readonly<Record<string, string>>,
  state: JiraState,
): SiteResponse {
  const issue = visibleIssue(state, req.principal, params.issueIdOrKey ?? '');
  if (!issue) return jiraError(404, ISSUE_NOT_FOUND);
  const actor = actorOf(state, req.principal);
  const project = projectOf(state, issue);
  const body = issueJson(state, issue, {
    fields: parseFieldSelection(state, listParam(req, 'fields'), '*all'),
    expand: new Set(listParam(req, 'expand')),
    transitions: () => (can(state, actor, project, 'TRANSITION_ISSUES') ? transitionsFor(state, issue) : []),
  });
  const fields = body.fields as Record<string, unknown>;
  if (isRecord(fields.comment) && Array.isArray(fields.comment.comments)) {
    const visible = issue.comments.filter((c) => canSeeComment(state, actor, project, c));
    fields.comment = {
      ...fields.comment,
      comments: visible.map((c) => commentJson(state, issue, c)),
      maxResults: visible.length,
      total: visible.length,
    };
  }
  return { status: 200, body };
}

const NOT_ON_SCREEN = (field: string) =>
  `Field '${field}' cannot be set. It is not on the appropriate screen, or unknown.`;

/** Applies `fields` (and a few `update` operations) to an issue; returns field errors or the change items. */
function applyFieldEdits(
  state: JiraState,
  issue: Issue,
  actor: JiraUser,
  fields: Record<string, unknown>,
  allowed: ReadonlySet<string> | undefined,
): { errors: Record<string, string>; items: ChangeItem[]; apply: () => void } {
  const errors: Record<string, string> = {};
  const items: ChangeItem[] = [];
  const setters: (() => void)[] = [];
  const project = projectOf(state, issue);
  const f = issue.fields;
  const change = (field: string, fieldId: string, from: string | null, to: string | null, custom = false) =>
    items.push({
      field,
      fieldtype: custom ? 'custom' : 'jira',
      fieldId,
      from: null,
      fromString: from,
      to: null,
      toString: to,
    });

  for (const [fieldId, value] of Object.entries(fields)) {
    if (allowed && !allowed.has(fieldId)) {
      errors[fieldId] = NOT_ON_SCREEN(fieldId);
      continue;
    }
    switch (fieldId) {
      case 'summary':
        if (typeof value !== 'string' || value.trim().length === 0)
          errors.summary = 'You must specify a summary of the issue.';
        else if (value.length > 255) errors.summary = 'Summary must be less than 255 characters.';
        else if (value !== f.summary) {
          change('summary', 'summary', f.summary, value);
          setters.push(() => {
            f.summary = value;
          });
        }
        break;
      case 'description':
        if (value !== null && !isAdfDocument(value)) {
          errors.description =
            'Operation value must be an Atlassian Document (see the Atlassian Document Format)';
        } else {
          change('description', 'description', null, null);
          setters.push(() => {
            f.description = value as AdfNode | null;
          });
        }
        break;
      case 'assignee': {
        if (!userHasProjectPermission(state, actor, project, 'ASSIGN_ISSUES')) {
          errors.assignee = 'You do not have permission to assign issues.';
          break;
        }
        if (
          value !== null &&
          !(isRecord(value) && (typeof value.accountId === 'string' || value.accountId === null))
        ) {
          errors.assignee = 'Specify a valid value for assignee, e.g. {"accountId":"…"} or null.';
          break;
        }
        const to = value === null ? null : (value.accountId as string | null);
        if (to !== null && !isAssignable(state, project, to)) {
          errors.assignee = `User '${to}' cannot be assigned issues.`;
          break;
        }
        if (to !== f.assignee) {
          items.push(assigneeChange(state, f.assignee, to));
          setters.push(() => {
            f.assignee = to;
          });
        }
        break;
      }
      case 'priority': {
        const p = isRecord(value)
          ? state.priorities.find((x) => x.id === value.id || x.name === value.name)
          : undefined;
        if (!p) errors.priority = 'Specify the Priority (id or name) in the proper format';
        else if (p.id !== f.priorityId) {
          const from = state.priorities.find((x) => x.id === f.priorityId)?.name ?? null;
          change('priority', 'priority', from, p.name);
          setters.push(() => {
            f.priorityId = p.id;
          });
        }
        break;
      }
      case 'labels':
        if (
          !Array.isArray(value) ||
          !value.every((l) => typeof l === 'string' && l.length > 0 && !/\s/.test(l))
        ) {
          errors.labels = 'The label must not contain spaces.';
        } else {
          change('labels', 'labels', f.labels.join(' '), value.join(' '));
          setters.push(() => {
            f.labels = [...new Set(value as string[])];
          });
        }
        break;
      case 'duedate':
        if (
          value !== null &&
          (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value)))
        ) {
          errors.duedate = "Error parsing date string: use the format 'yyyy-MM-dd'.";
        } else {
          change('duedate', 'duedate', f.dueDate, value as string | null);
          setters.push(() => {
            f.dueDate = value as string | null;
          });
        }
        break;
      case FIELD_ASSETS: {
        const refs = parseAssetRefs(state, value);
        if (typeof refs === 'string') errors[FIELD_ASSETS] = refs;
        else {
          change(
            'Affected asset',
            FIELD_ASSETS,
            f.assets.map((a) => a.id).join(','),
            refs.map((a) => a.id).join(','),
            true,
          );
          setters.push(() => {
            f.assets = refs;
          });
        }
        break;
      }
      case FIELD_SERVICE_LOCATION: {
        const loc = parseLocation(value);
        if (typeof loc === 'string') errors[FIELD_SERVICE_LOCATION] = loc;
        else {
          change(
            'Service location',
            FIELD_SERVICE_LOCATION,
            null,
            loc ? `${loc.lat},${loc.lng}` : null,
            true,
          );
          setters.push(() => {
            f.location = loc;
          });
        }
        break;
      }
      case FIELD_REQUIRED_SKILL: {
        const option =
          value === null
            ? null
            : isRecord(value)
              ? state.skillOptions.find((o) => o.id === value.id || o.value === value.value)
              : undefined;
        if (option === undefined) {
          errors[FIELD_REQUIRED_SKILL] =
            `Option value '${isRecord(value) ? String(value.value ?? value.id) : String(value)}' is not valid`;
        } else {
          const from = state.skillOptions.find((o) => o.id === f.requiredSkillId)?.value ?? null;
          change('Required skill', FIELD_REQUIRED_SKILL, from, option?.value ?? null, true);
          setters.push(() => {
            f.requiredSkillId = option?.id ?? null;
          });
        }
        break;
      }
      default:
        errors[fieldId] = NOT_ON_SCREEN(fieldId);
    }
  }
  return {
    errors,
    items,
    apply: () => {
      for (const set of setters) set();
    },
  };
}

function parseAssetRefs(state: JiraState, value: unknown): AssetRef[] | string {
  if (value === null) return [];
  if (!Array.isArray(value)) return 'Assets field value must be an array of objects.';
  const refs: AssetRef[] = [];
  for (const item of value) {
    if (!isRecord(item)) return 'Assets field value must be an array of objects.';
    const fromId = typeof item.id === 'string' && item.id.includes(':') ? item.id.split(':') : undefined;
    const workspaceId = typeof item.workspaceId === 'string' ? item.workspaceId : fromId?.[0];
    const objectId = typeof item.objectId === 'string' ? item.objectId : fromId?.[1];
    if (!workspaceId || !objectId || !/^\d+$/.test(objectId))
      return 'Invalid Assets object: give workspaceId and objectId, or id "<workspaceId>:<objectId>".';
    if (!state.assetsAvailable || workspaceId !== state.assetsWorkspaceId) {
      return `Assets workspace '${workspaceId}' does not exist.`;
    }
    refs.push({ workspaceId, id: `${workspaceId}:${objectId}`, objectId });
  }
  return refs;
}

function parseLocation(value: unknown): ServiceLocation | null | string {
  if (value === null) return null;
  if (!isRecord(value)) return 'Service location must be an object {lat, lng, address}.';
  const { lat, lng, address } = value;
  if (typeof lat !== 'number' || !Number.isFinite(lat) || lat < -90 || lat > 90)
    return 'lat must be a number between -90 and 90.';
  if (typeof lng !== 'number' || !Number.isFinite(lng) || lng < -180 || lng > 180)
    return 'lng must be a number between -180 and 180.';
  if (address !== undefined && (typeof address !== 'string' || address.length > 255)) {
    return 'address must be a string of at most 255 characters.';
  }
  return { lat, lng, address: (address as string | undefined) ?? '' };
}

function editIssue(
  req: SiteRequest,
  params: Readonly<Record<string, string>>,
  state: JiraState,
): SiteResponse {
  const actor = actorOf(state, req.principal);
  if (!actor) return jiraError(401, NOT_AUTHENTICATED);
  const issue = visibleIssue(state, req.principal, params.issueIdOrKey ?? '');
  if (!issue) return jiraError(404, ISSUE_NOT_FOUND);
  const project = projectOf(state, issue);
  if (!userHasProjectPermission(state, actor, project, 'EDIT_ISSUES')) {
    return jiraError(403, 'You do not have permission to edit issues in this project.');
  }
  if (!isRecord(req.body)) return jiraError(400, 'Request body is missing or not a JSON object.');
  const fields: Record<string, unknown> = isRecord(req.body.fields) ? { ...req.body.fields } : {};
  if (req.body.fields !== undefined && !isRecord(req.body.fields))
    return jiraError(400, "'fields' must be an object.");
  if (req.body.update !== undefined) {
    if (!isRecord(req.body.update)) return jiraError(400, "'update' must be an object.");
    for (const [fieldId, ops] of Object.entries(req.body.update)) {
      if (!Array.isArray(ops)) return fieldErrors(400, { [fieldId]: 'Operations must be an array.' });
      let current: unknown = fieldId === 'labels' ? [...issue.fields.labels] : undefined;
      for (const op of ops) {
        if (!isRecord(op)) return fieldErrors(400, { [fieldId]: 'Invalid operation.' });
        if ('set' in op) current = op.set;
        else if (fieldId === 'labels' && Array.isArray(current) && ('add' in op || 'remove' in op)) {
          current = 'add' in op ? [...current, op.add] : current.filter((l) => l !== op.remove);
        } else return fieldErrors(400, { [fieldId]: `Operation not supported for field '${fieldId}'.` });
      }
      fields[fieldId] = current;
    }
  }
  const { errors, items, apply } = applyFieldEdits(state, issue, actor, fields, undefined);
  if (Object.keys(errors).length > 0) return fieldErrors(400, errors);
  apply();
  const at = now(state);
  addChangelog(state, issue, actor.accountId, items, at);
  issue.updated = at;
  if (req.query.get('returnIssue') === 'true') {
    return {
      status: 200,
      body: issueJson(state, issue, {
        fields: parseFieldSelection(state, [], '*all'),
        expand: new Set(listParam(req, 'expand')),
      }),
    };
  }
  return { status: 204 };
}

function assignIssue(
  req: SiteRequest,
  params: Readonly<Record<string, string>>,
  state: JiraState,
): SiteResponse {
  const actor = actorOf(state, req.principal);
  if (!actor) return jiraError(401, NOT_AUTHENTICATED);
  const issue = visibleIssue(state, req.principal, params.issueIdOrKey ?? '');
  if (!issue) return jiraError(404, ISSUE_NOT_FOUND);
  const project = projectOf(state, issue);
  if (!userHasProjectPermission(state, actor, project, 'ASSIGN_ISSUES')) {
    return jiraError(403, 'You do not have permission to assign issues.');
  }
  if (!isRecord(req.body) || !('accountId' in req.body)) {
    return fieldErrors(400, {
      assignee: 'Specify the accountId of the user to assign, "-1" for the default, or null.',
    });
  }
  const raw = req.body.accountId;
  if (raw !== null && typeof raw !== 'string')
    return fieldErrors(400, { assignee: 'accountId must be a string or null.' });
  let to: string | null = raw;
  if (raw === '-1') to = project.assigneeType === 'PROJECT_LEAD' ? project.leadAccountId : null;
  if (to !== null && !isAssignable(state, project, to)) {
    return fieldErrors(400, { assignee: `User '${to}' cannot be assigned issues.` });
  }
  if (to !== issue.fields.assignee) {
    const at = now(state);
    addChangelog(state, issue, actor.accountId, [assigneeChange(state, issue.fields.assignee, to)], at);
    issue.fields.assignee = to;
    issue.updated = at;
  }
  return { status: 204 };
}

// ---------------------------------------------------------------------------------------------------------------
// Search

function hashText(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h.toString(36);
}

function encodeToken(jql: string, offset: number): string {
  return Buffer.from(JSON.stringify({ q: hashText(jql), o: offset })).toString('base64url');
}

function decodeToken(jql: string, token: string): number | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (
      isRecord(parsed) &&
      parsed.q === hashText(jql) &&
      Number.isInteger(parsed.o) &&
      (parsed.o as number) > 0
    ) {
      return parsed.o as number;
    }
  } catch {
    // fall through
  }
  return undefined;
}

const UNBOUNDED =
  'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.';

function runJql(state: JiraState, principal: Principal, jql: string): Issue[] | SiteResponse {
  const actor = actorOf(state, principal);
  let compiled: ReturnType<typeof compileJql>;
  try {
    compiled = compileJql({ state, principal, currentAccountId: actor?.accountId }, jql);
  } catch (error) {
    if (error instanceof JqlError) return jiraError(400, error.message);
    throw error;
  }
  if (!compiled.bounded) return jiraError(400, UNBOUNDED);
  const results: Issue[] = [];
  for (const issue of state.issues.values()) {
    if (canBrowseIssue(state, principal, issue) && compiled.matches(issue)) results.push(issue);
  }
  return results.sort(compiled.compare);
}

interface SearchInput {
  jql: unknown;
  nextPageToken: unknown;
  maxResults: unknown;
  fields: string[];
  expand: string[];
}

function search(state: JiraState, principal: Principal, input: SearchInput): SiteResponse {
  if (input.jql !== undefined && typeof input.jql !== 'string')
    return jiraError(400, "'jql' must be a string.");
  const jql = (input.jql as string | undefined) ?? '';
  let offset = 0;
  if (input.nextPageToken !== undefined && input.nextPageToken !== null && input.nextPageToken !== '') {
    if (typeof input.nextPageToken !== 'string') return jiraError(400, 'Invalid nextPageToken.');
    const decoded = decodeToken(jql, input.nextPageToken);
    if (decoded === undefined) return jiraError(400, 'The provided next page token is invalid or expired.');
    offset = decoded;
  }
  const selection = parseFieldSelection(state, input.fields, 'id');
  let maxResults = 50;
  if (input.maxResults !== undefined && input.maxResults !== null) {
    const n = typeof input.maxResults === 'string' ? Number(input.maxResults) : input.maxResults;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0)
      return jiraError(400, "'maxResults' must be a non-negative integer.");
    maxResults = n;
  }
  maxResults = Math.min(maxResults, selection.idOnly ? 5000 : 100);
  const results = runJql(state, principal, jql);
  if (!Array.isArray(results)) return results;
  const page = results.slice(offset, offset + maxResults);
  const isLast = offset + page.length >= results.length;
  const expand = new Set(input.expand.flatMap((e) => e.split(',')).map((e) => e.trim()));
  const actor = actorOf(state, principal);
  const onlyId = selection.idOnly && !selection.has('key') && !selection.has('issuekey');
  const issues = page.map((issue) => {
    if (onlyId && expand.size === 0) return { id: issue.id };
    const json = issueJson(state, issue, {
      fields: selection,
      expand,
      transitions: () =>
        can(state, actor, projectOf(state, issue), 'TRANSITION_ISSUES') ? transitionsFor(state, issue) : [],
    });
    const { names: _n, schema: _s, ...rest } = json;
    return rest;
  });
  const body: Record<string, unknown> = { issues };
  if (!isLast) body.nextPageToken = encodeToken(jql, offset + page.length);
  body.isLast = isLast;
  if (expand.has('names') && page[0]) {
    body.names = issueJson(state, page[0], { fields: selection, expand: new Set(['names']) }).names;
  }
  if (expand.has('schema') && page[0]) {
    body.schema = issueJson(state, page[0], { fields: selection, expand: new Set(['schema']) }).schema;
  }
  return { status: 200, body };
}

// ---------------------------------------------------------------------------------------------------------------
// Transitions

function getTransitions(
  req: SiteRequest,
  params: Readonly<Record<string, string>>,
  state: JiraState,
): SiteResponse {
  const issue = visibleIssue(state, req.principal, params.issueIdOrKey ?? '');
  if (!issue) return jiraError(404, ISSUE_NOT_FOUND);
  const actor = actorOf(state, req.principal);
  if (!can(state, actor, projectOf(state, issue), 'TRANSITION_ISSUES')) {
    return { status: 200, body: { expand: 'transitions', transitions: [] } };
  }
  const only = req.query.get('transitionId');
  const withFields = listParam(req, 'expand').includes('transitions.fields');
  const transitions = transitionsFor(state, issue)
    .filter((tr) => only === null || tr.id === only)
    .map((tr) => ({
      ...transitionJson(state, tr),
      ...(withFields ? { fields: transitionFields(state, tr.to) } : {}),
    }));
  return { status: 200, body: { expand: 'transitions', transitions } };
}

function transitionFields(state: JiraState, toStatusId: string) {
  const done = state.statuses.find((s) => s.id === toStatusId)?.categoryId === 3;
  const fields: Record<string, unknown> = {
    assignee: {
      required: false,
      schema: { type: 'user', system: 'assignee' },
      name: 'Assignee',
      key: 'assignee',
      operations: ['set'],
    },
  };
  if (done) {
    fields.resolution = {
      required: false,
      schema: { type: 'resolution', system: 'resolution' },
      name: 'Resolution',
      key: 'resolution',
      operations: ['set'],
      allowedValues: state.resolutions.map((r) => ({
        self: `${state.baseUrl}/rest/api/3/resolution/${r.id}`,
        id: r.id,
        name: r.name,
      })),
    };
  }
  return fields;
}

function doTransition(
  req: SiteRequest,
  params: Readonly<Record<string, string>>,
  state: JiraState,
): SiteResponse {
  const actor = actorOf(state, req.principal);
  if (!actor) return jiraError(401, NOT_AUTHENTICATED);
  const issue = visibleIssue(state, req.principal, params.issueIdOrKey ?? '');
  if (!issue) return jiraError(404, ISSUE_NOT_FOUND);
  const project = projectOf(state, issue);
  if (!userHasProjectPermission(state, actor, project, 'TRANSITION_ISSUES')) {
    return jiraError(403, 'You do not have permission to transition this issue.');
  }
  const body = req.body;
  if (!isRecord(body) || !isRecord(body.transition)) return jiraError(400, 'Missing transition.');
  const id = typeof body.transition.id === 'number' ? String(body.transition.id) : body.transition.id;
  const transition = transitionsFor(state, issue).find((tr) => tr.id === id);
  if (!transition) {
    // Ids are per workflow: one that is valid elsewhere (or from another status) is just as invalid here.
    return jiraError(400, `Transition id '${String(id)}' is not valid for this issue.`);
  }
  const fields = body.fields === undefined ? {} : body.fields;
  if (!isRecord(fields)) return jiraError(400, "'fields' must be an object.");
  const toDone = state.statuses.find((s) => s.id === transition.to)?.categoryId === 3;
  let resolutionId: string | undefined;
  const otherFields: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const [fieldId, value] of Object.entries(fields)) {
    if (fieldId === 'resolution') {
      if (!toDone) {
        errors.resolution = NOT_ON_SCREEN('resolution');
        continue;
      }
      const r = isRecord(value)
        ? state.resolutions.find((x) => x.id === value.id || x.name === value.name)
        : undefined;
      if (!r) errors.resolution = 'Specify a valid resolution (id or name).';
      else resolutionId = r.id;
    } else otherFields[fieldId] = value;
  }
  const edits = applyFieldEdits(state, issue, actor, otherFields, new Set(['assignee']));
  Object.assign(errors, edits.errors);
  // update.comment: [{add:{body, visibility?, properties?}}]
  const comments: { body: AdfNode; internal: boolean; visibility: Comment['visibility'] }[] = [];
  if (body.update !== undefined) {
    if (!isRecord(body.update)) return jiraError(400, "'update' must be an object.");
    for (const [fieldId, ops] of Object.entries(body.update)) {
      if (fieldId !== 'comment' || !Array.isArray(ops)) {
        errors[fieldId] = NOT_ON_SCREEN(fieldId);
        continue;
      }
      for (const op of ops) {
        const add = isRecord(op) ? op.add : undefined;
        if (!isRecord(add) || !isAdfDocument(add.body)) {
          errors.comment =
            'Operation value must be an Atlassian Document (see the Atlassian Document Format)';
          continue;
        }
        const parsed = parseCommentExtras(state, add);
        if (typeof parsed === 'string') errors.comment = parsed;
        else comments.push({ body: add.body, ...parsed });
      }
    }
    if (comments.length > 0 && !userHasProjectPermission(state, actor, project, 'ADD_COMMENTS')) {
      errors.comment = 'You do not have the permission to comment on this issue.';
    }
  }
  if (Object.keys(errors).length > 0) return fieldErrors(400, errors);
  const at = now(state);
  applyTransition(state, issue, transition, actor.accountId, at, resolutionId);
  edits.apply();
  addChangelog(state, issue, actor.accountId, edits.items, at);
  for (const c of comments) addComment(state, issue, { authorAccountId: actor.accountId, at, ...c });
  issue.updated = at;
  return { status: 204 };
}

// ---------------------------------------------------------------------------------------------------------------
// Comments

/** Reads `visibility` and the JSM `sd.public.comment` property. */
function parseCommentExtras(
  state: JiraState,
  body: Record<string, unknown>,
): { internal: boolean; visibility: Comment['visibility'] } | string {
  let internal = false;
  if (body.properties !== undefined) {
    if (!Array.isArray(body.properties)) return 'properties must be an array.';
    for (const p of body.properties) {
      if (!isRecord(p) || typeof p.key !== 'string') return 'Each property needs a key.';
      if (p.key === 'sd.public.comment') internal = isRecord(p.value) && p.value.internal === true;
    }
  }
  let visibility: Comment['visibility'] = null;
  if (body.visibility !== undefined && body.visibility !== null) {
    const v = body.visibility;
    const value = isRecord(v) ? (v.value ?? v.identifier) : undefined;
    if (!isRecord(v) || (v.type !== 'role' && v.type !== 'group') || typeof value !== 'string') {
      return 'visibility must be {"type":"role"|"group","value":"…"}.';
    }
    const known =
      v.type === 'role'
        ? state.projectRoles.some((r) => r.name === value || r.id === value)
        : [...state.groups.values()].some((g) => g.name === value || g.groupId === value);
    if (!known)
      return v.type === 'role' ? `Role '${value}' does not exist.` : `Group '${value}' does not exist.`;
    visibility = { type: v.type, value };
  }
  return { internal, visibility };
}

function getComments(
  req: SiteRequest,
  params: Readonly<Record<string, string>>,
  state: JiraState,
): SiteResponse {
  const issue = visibleIssue(state, req.principal, params.issueIdOrKey ?? '');
  if (!issue) return jiraError(404, ISSUE_NOT_FOUND);
  const startAt = intParam(req, 'startAt', 0);
  const maxResults = intParam(req, 'maxResults', 100);
  const bad = validatePaging(startAt, maxResults);
  if (bad || startAt === undefined || maxResults === undefined) return bad ?? jiraError(400, 'Bad paging');
  const actor = actorOf(state, req.principal);
  const project = projectOf(state, issue);
  const orderBy = req.query.get('orderBy') ?? 'created';
  const visible = issue.comments.filter((c) => canSeeComment(state, actor, project, c));
  if (orderBy === '-created') visible.reverse();
  const rendered = listParam(req, 'expand').includes('renderedBody');
  const capped = Math.min(maxResults, 5000);
  return {
    status: 200,
    body: {
      comments: visible.slice(startAt, startAt + capped).map((c) => commentJson(state, issue, c, rendered)),
      maxResults: capped,
      total: visible.length,
      startAt,
    },
  };
}

function postComment(
  req: SiteRequest,
  params: Readonly<Record<string, string>>,
  state: JiraState,
): SiteResponse {
  const actor = actorOf(state, req.principal);
  if (!actor) return jiraError(401, NOT_AUTHENTICATED);
  const issue = visibleIssue(state, req.principal, params.issueIdOrKey ?? '');
  if (!issue) return jiraError(404, ISSUE_NOT_FOUND);
  if (!userHasProjectPermission(state, actor, projectOf(state, issue), 'ADD_COMMENTS')) {
    return jiraError(403, 'You do not have the permission to comment on this issue.');
  }
  if (!isRecord(req.body) || !isAdfDocument(req.body.body)) {
    return fieldErrors(400, {
      comment: 'Operation value must be an Atlassian Document (see the Atlassian Document Format)',
    });
  }
  const extras = parseCommentExtras(state, req.body);
  if (typeof extras === 'string') return fieldErrors(400, { commentLevel: extras });
  if (issue.comments.length >= 5000)
    return jiraError(413, 'The issue has reached the limit of 5000 comments.');
  const comment = addComment(state, issue, {
    authorAccountId: actor.accountId,
    body: req.body.body,
    at: now(state),
    ...extras,
  });
  return {
    status: 201,
    body: commentJson(state, issue, comment, listParam(req, 'expand').includes('renderedBody')),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Worklogs

function getWorklogs(
  req: SiteRequest,
  params: Readonly<Record<string, string>>,
  state: JiraState,
): SiteResponse {
  const issue = visibleIssue(state, req.principal, params.issueIdOrKey ?? '');
  if (!issue) return jiraError(404, ISSUE_NOT_FOUND);
  const startAt = intParam(req, 'startAt', 0);
  const maxResults = intParam(req, 'maxResults', 5000);
  const bad = validatePaging(startAt, maxResults);
  if (bad || startAt === undefined || maxResults === undefined) return bad ?? jiraError(400, 'Bad paging');
  const after = intParam(req, 'startedAfter', Number.NEGATIVE_INFINITY);
  const before = intParam(req, 'startedBefore', Number.POSITIVE_INFINITY);
  if (after === undefined || before === undefined)
    return jiraError(400, 'startedAfter and startedBefore are epoch milliseconds.');
  const matching = issue.worklogs.filter((w) => w.startedMillis >= after && w.startedMillis <= before);
  return {
    status: 200,
    body: {
      startAt,
      maxResults,
      total: matching.length,
      worklogs: matching.slice(startAt, startAt + maxResults).map((w) => worklogJson(state, issue, w)),
    },
  };
}

const STARTED_FORMAT = "yyyy-MM-dd'T'HH:mm:ss.SSSZ (e.g. 2025-01-17T12:34:00.000+0000)";

function postWorklog(
  req: SiteRequest,
  params: Readonly<Record<string, string>>,
  state: JiraState,
): SiteResponse {
  const actor = actorOf(state, req.principal);
  if (!actor) return jiraError(401, NOT_AUTHENTICATED);
  const issue = visibleIssue(state, req.principal, params.issueIdOrKey ?? '');
  if (!issue) return jiraError(404, ISSUE_NOT_FOUND);
  if (!state.timeTracking.enabled) {
    return jiraError(400, 'Time Tracking is not enabled. Worklogs cannot be added or edited.');
  }
  if (!userHasProjectPermission(state, actor, projectOf(state, issue), 'WORK_ON_ISSUES')) {
    return jiraError(403, 'You do not have the permission to associate a worklog to this issue.');
  }
  const body = req.body;
  if (!isRecord(body)) return jiraError(400, 'Worklog must not be null.');
  const errors: Record<string, string> = {};
  let startedMillis: number | undefined;
  if (typeof body.started !== 'string') errors.started = `Started date is required: ${STARTED_FORMAT}.`;
  else {
    startedMillis = parseJiraDate(body.started);
    if (startedMillis === undefined)
      errors.started = `Could not parse the started date '${body.started}': use ${STARTED_FORMAT}.`;
  }
  let seconds: number | undefined;
  const hasSeconds = body.timeSpentSeconds !== undefined && body.timeSpentSeconds !== null;
  const hasText = body.timeSpent !== undefined && body.timeSpent !== null;
  if (hasSeconds && hasText) errors.timeLogged = 'Specify either timeSpent or timeSpentSeconds, not both.';
  else if (hasSeconds) {
    if (
      typeof body.timeSpentSeconds !== 'number' ||
      !Number.isInteger(body.timeSpentSeconds) ||
      body.timeSpentSeconds <= 0
    ) {
      errors.timeLogged = 'timeSpentSeconds must be a positive whole number.';
    } else seconds = body.timeSpentSeconds;
  } else if (hasText) {
    seconds = typeof body.timeSpent === 'string' ? parseDuration(state, body.timeSpent) : undefined;
    if (seconds === undefined) errors.timeLogged = 'Invalid time duration entered.';
  } else errors.timeLogged = 'You must indicate the time spent working.';
  let comment: AdfNode | null = null;
  if (body.comment !== undefined && body.comment !== null) {
    if (!isAdfDocument(body.comment)) {
      errors.comment = 'Operation value must be an Atlassian Document (see the Atlassian Document Format)';
    } else comment = body.comment;
  }
  if (Object.keys(errors).length > 0 || startedMillis === undefined || seconds === undefined) {
    return fieldErrors(400, errors);
  }
  if (issue.worklogs.length >= 5000)
    return jiraError(413, 'The issue has reached the limit of 5000 worklogs.');
  const worklog = addWorklog(state, issue, {
    authorAccountId: actor.accountId,
    started: body.started as string,
    startedMillis,
    timeSpentSeconds: seconds,
    comment,
    at: now(state),
  });
  return { status: 201, body: worklogJson(state, issue, worklog) };
}

/** The worklog a caller may change: own ones with EDIT_OWN/DELETE_OWN, anyone's with the _ALL permission. */
function changeableWorklog(
  req: SiteRequest,
  params: Readonly<Record<string, string>>,
  state: JiraState,
  action: 'EDIT' | 'DELETE',
): { issue: Issue; index: number; actorId: string } | SiteResponse {
  const actor = actorOf(state, req.principal);
  if (!actor) return jiraError(401, NOT_AUTHENTICATED);
  const issue = visibleIssue(state, req.principal, params.issueIdOrKey ?? '');
  if (!issue) return jiraError(404, ISSUE_NOT_FOUND);
  if (!state.timeTracking.enabled) {
    return jiraError(400, 'Time Tracking is not enabled. Worklogs cannot be added or edited.');
  }
  const index = issue.worklogs.findIndex((w) => w.id === params.id);
  const worklog = issue.worklogs[index];
  if (!worklog) return jiraError(404, `Cannot find worklog with id: '${params.id ?? ''}'.`);
  const project = projectOf(state, issue);
  const own = worklog.authorAccountId === actor.accountId;
  const allowed =
    userHasProjectPermission(state, actor, project, `${action}_ALL_WORKLOGS`) ||
    (own && userHasProjectPermission(state, actor, project, `${action}_OWN_WORKLOGS`));
  if (!allowed) {
    return jiraError(403, `You do not have the permission to ${action.toLowerCase()} this worklog.`);
  }
  return { issue, index, actorId: actor.accountId };
}

function putWorklog(
  req: SiteRequest,
  params: Readonly<Record<string, string>>,
  state: JiraState,
): SiteResponse {
  const found = changeableWorklog(req, params, state, 'EDIT');
  if ('status' in found) return found;
  const worklog = found.issue.worklogs[found.index] as Worklog;
  const body = req.body;
  if (!isRecord(body)) return jiraError(400, 'Worklog must not be null.');
  const errors: Record<string, string> = {};
  let startedMillis = worklog.startedMillis;
  if (body.started !== undefined) {
    const parsed = typeof body.started === 'string' ? parseJiraDate(body.started) : undefined;
    if (parsed === undefined) errors.started = `Could not parse the started date: use ${STARTED_FORMAT}.`;
    else startedMillis = parsed;
  }
  let seconds = worklog.timeSpentSeconds;
  if (body.timeSpentSeconds !== undefined && body.timeSpent !== undefined) {
    errors.timeLogged = 'Specify either timeSpent or timeSpentSeconds, not both.';
  } else if (body.timeSpentSeconds !== undefined) {
    if (
      typeof body.timeSpentSeconds !== 'number' ||
      !Number.isInteger(body.timeSpentSeconds) ||
      body.timeSpentSeconds <= 0
    ) {
      errors.timeLogged = 'timeSpentSeconds must be a positive whole number.';
    } else seconds = body.timeSpentSeconds;
  } else if (body.timeSpent !== undefined) {
    const parsed = typeof body.timeSpent === 'string' ? parseDuration(state, body.timeSpent) : undefined;
    if (parsed === undefined) errors.timeLogged = 'Invalid time duration entered.';
    else seconds = parsed;
  }
  let comment = worklog.comment;
  if (body.comment !== undefined) {
    if (body.comment !== null && !isAdfDocument(body.comment)) {
      errors.comment = 'Operation value must be an Atlassian Document (see the Atlassian Document Format)';
    } else comment = (body.comment as AdfNode | null) ?? null;
  }
  if (Object.keys(errors).length > 0) return fieldErrors(400, errors);
  const at = now(state);
  const updated: Worklog = {
    ...worklog,
    ...(typeof body.started === 'string' ? { started: body.started } : {}),
    startedMillis,
    timeSpentSeconds: seconds,
    comment,
    updateAuthorAccountId: found.actorId,
    updated: at,
  };
  found.issue.worklogs[found.index] = updated;
  found.issue.updated = Math.max(found.issue.updated, at);
  return { status: 200, body: worklogJson(state, found.issue, updated) };
}

function deleteWorklog(
  req: SiteRequest,
  params: Readonly<Record<string, string>>,
  state: JiraState,
): SiteResponse {
  const found = changeableWorklog(req, params, state, 'DELETE');
  if ('status' in found) return found;
  found.issue.worklogs.splice(found.index, 1);
  found.issue.updated = Math.max(found.issue.updated, now(state));
  return { status: 204 };
}

// ---------------------------------------------------------------------------------------------------------------
// Projects

function projectJson(state: JiraState, project: Project, expand: ReadonlySet<string>) {
  const lead = state.users.get(project.leadAccountId);
  return {
    expand: 'description,lead,issueTypes,url,projectKeys,permissions,insight',
    self: `${state.baseUrl}/rest/api/3/project/${project.id}`,
    id: project.id,
    key: project.key,
    description: project.description,
    ...(lead ? { lead: userJson(state, lead) } : {}),
    components: [],
    issueTypes: project.issueTypeIds.flatMap((id) => {
      const type = state.issueTypes.find((it) => it.id === id);
      return type ? [issueTypeJson(state, type)] : [];
    }),
    assigneeType: project.assigneeType,
    versions: [],
    name: project.name,
    roles: Object.fromEntries(
      state.projectRoles.map((r) => [
        r.name,
        `${state.baseUrl}/rest/api/3/project/${project.id}/role/${r.id}`,
      ]),
    ),
    avatarUrls: avatarUrls(`project-${project.id}`),
    projectTypeKey: project.projectTypeKey,
    simplified: false,
    style: 'classic',
    isPrivate: false,
    properties: {},
    ...(expand.has('insight')
      ? { insight: { totalIssueCount: countIssues(state, project), lastIssueUpdateTime: null } }
      : {}),
  };
}

function countIssues(state: JiraState, project: Project): number {
  let n = 0;
  for (const issue of state.issues.values()) if (issue.projectId === project.id) n++;
  return n;
}

function projectSearch(
  req: SiteRequest,
  _params: Readonly<Record<string, string>>,
  state: JiraState,
): SiteResponse {
  const startAt = intParam(req, 'startAt', 0);
  const maxResults = intParam(req, 'maxResults', 50);
  const bad = validatePaging(startAt, maxResults);
  if (bad || startAt === undefined || maxResults === undefined) return bad ?? jiraError(400, 'Bad paging');
  const actor = actorOf(state, req.principal);
  const query = (req.query.get('query') ?? '').toLowerCase();
  const keys = listParam(req, 'keys').map((k) => k.toUpperCase());
  const expand = new Set(listParam(req, 'expand'));
  const projects = state.projects
    .filter((p) => canSeeProject(state, actor, p))
    .filter(
      (p) => query === '' || p.key.toLowerCase().includes(query) || p.name.toLowerCase().includes(query),
    )
    .filter((p) => keys.length === 0 || keys.includes(p.key))
    .sort((a, b) => a.key.localeCompare(b.key))
    .map((p) => projectJson(state, p, expand));
  return {
    status: 200,
    body: pageJson(state, '/rest/api/3/project/search', projects, startAt, Math.min(maxResults, 100)),
  };
}

function visibleProject(state: JiraState, principal: Principal, keyOrId: string): Project | undefined {
  const project = findProject(state, keyOrId);
  return project && canSeeProject(state, actorOf(state, principal), project) ? project : undefined;
}

function getProject(
  req: SiteRequest,
  params: Readonly<Record<string, string>>,
  state: JiraState,
): SiteResponse {
  const key = params.projectIdOrKey ?? '';
  const project = visibleProject(state, req.principal, key);
  if (!project) return jiraError(404, `No project could be found with key '${key}'.`);
  return { status: 200, body: projectJson(state, project, new Set(listParam(req, 'expand'))) };
}

function projectStatuses(
  req: SiteRequest,
  params: Readonly<Record<string, string>>,
  state: JiraState,
): SiteResponse {
  const key = params.projectIdOrKey ?? '';
  const project = findProject(state, key);
  const actor = actorOf(state, req.principal);
  if (!project || !can(state, actor, project, 'BROWSE_PROJECTS')) {
    return jiraError(404, `No project could be found with key '${key}'.`);
  }
  return {
    status: 200,
    body: project.issueTypeIds.flatMap((id) => {
      const type = state.issueTypes.find((it) => it.id === id);
      if (!type) return [];
      const workflow = workflowFor(state, project, id);
      return [
        {
          self: `${state.baseUrl}/rest/api/3/issuetype/${type.id}`,
          id: type.id,
          name: type.name,
          subtask: type.subtask,
          statuses: workflow.statusIds.flatMap((sid) => {
            const status = state.statuses.find((s) => s.id === sid);
            return status ? [statusJson(state, status)] : [];
          }),
        },
      ];
    }),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Users

function canBrowseUsers(state: JiraState, actor: JiraUser | undefined): boolean {
  return !!actor && userHasGlobalPermission(state, actor, 'USER_PICKER');
}

function myself(req: SiteRequest, _params: Readonly<Record<string, string>>, state: JiraState): SiteResponse {
  const actor = actorOf(state, req.principal);
  if (!actor) return jiraError(401, NOT_AUTHENTICATED);
  return { status: 200, body: userWithExpand(state, actor, new Set(listParam(req, 'expand'))) };
}

function getUser(
  req: SiteRequest,
  _params: Readonly<Record<string, string>>,
  state: JiraState,
): SiteResponse {
  const actor = actorOf(state, req.principal);
  if (!actor) return jiraError(401, NOT_AUTHENTICATED);
  const accountId = req.query.get('accountId');
  if (!accountId) return jiraError(400, "The query parameter 'accountId' is required.");
  const user = state.users.get(accountId);
  if (!user || (!canBrowseUsers(state, actor) && user.accountId !== actor.accountId)) {
    return jiraError(404, `Specified user does not exist or you do not have required permissions`);
  }
  return { status: 200, body: userWithExpand(state, user, new Set(listParam(req, 'expand'))) };
}

function bulkUsers(
  req: SiteRequest,
  _params: Readonly<Record<string, string>>,
  state: JiraState,
): SiteResponse {
  const actor = actorOf(state, req.principal);
  if (!actor) return jiraError(401, NOT_AUTHENTICATED);
  const startAt = intParam(req, 'startAt', 0);
  const maxResults = intParam(req, 'maxResults', 10);
  const bad = validatePaging(startAt, maxResults);
  if (bad || startAt === undefined || maxResults === undefined) return bad ?? jiraError(400, 'Bad paging');
  const ids = req.query.getAll('accountId');
  if (ids.length === 0) return jiraError(400, "The query parameter 'accountId' is required.");
  if (ids.length > 200) return jiraError(400, 'At most 200 account ids may be given.');
  const browse = canBrowseUsers(state, actor);
  const users = ids.flatMap((id) => {
    const user = state.users.get(id);
    return user && (browse || id === actor.accountId) ? [userJson(state, user)] : [];
  });
  return { status: 200, body: pageJson(state, '/rest/api/3/user/bulk', users, startAt, maxResults) };
}

function matchesQuery(user: JiraUser, query: string): boolean {
  if (query === '') return true;
  const q = query.toLowerCase();
  return (
    user.displayName
      .toLowerCase()
      .split(/\s+/)
      .some((word) => word.startsWith(q)) ||
    user.displayName.toLowerCase().startsWith(q) ||
    (user.email?.toLowerCase().startsWith(q) ?? false)
  );
}

function searchUsers(
  req: SiteRequest,
  _params: Readonly<Record<string, string>>,
  state: JiraState,
): SiteResponse {
  const actor = actorOf(state, req.principal);
  if (!actor) return jiraError(401, NOT_AUTHENTICATED);
  const startAt = intParam(req, 'startAt', 0);
  const maxResults = intParam(req, 'maxResults', 50);
  const bad = validatePaging(startAt, maxResults);
  if (bad || startAt === undefined || maxResults === undefined) return bad ?? jiraError(400, 'Bad paging');
  const browse = canBrowseUsers(state, actor);
  const query = req.query.get('query') ?? '';
  const accountId = req.query.get('accountId');
  const users = [...state.users.values()].filter(
    (u) =>
      (browse || u.accountId === actor.accountId) &&
      (accountId === null || u.accountId === accountId) &&
      matchesQuery(u, query),
  );
  return {
    status: 200,
    body: users.slice(startAt, startAt + Math.min(maxResults, 1000)).map((u) => userJson(state, u)),
  };
}

/** `GET /rest/api/3/group/member`: a group's members, paged (`startAt`, `maxResults` ≤ 50), Browse users required. */
function groupMembers(
  req: SiteRequest,
  _params: Readonly<Record<string, string>>,
  state: JiraState,
): SiteResponse {
  const actor = actorOf(state, req.principal);
  if (!actor) return jiraError(401, NOT_AUTHENTICATED);
  if (!canBrowseUsers(state, actor)) {
    return jiraError(403, 'You do not have the permission to browse users and groups.');
  }
  const groupId = req.query.get('groupId');
  const groupName = req.query.get('groupname');
  const group = [...state.groups.values()].find((g) =>
    groupId ? g.groupId === groupId : g.name === groupName,
  );
  if (!groupId && !groupName) return jiraError(400, "Either 'groupId' or 'groupname' is required.");
  if (!group) return jiraError(404, 'The specified group does not exist.');
  const startAt = Math.max(0, Number(req.query.get('startAt') ?? 0) || 0);
  const maxResults = Math.min(50, Math.max(1, Number(req.query.get('maxResults') ?? 50) || 50));
  const includeInactive = req.query.get('includeInactiveUsers') === 'true';
  const members = [...state.users.values()].filter(
    (u) => u.groupIds.includes(group.groupId) && (includeInactive || u.active),
  );
  const page = members.slice(startAt, startAt + maxResults);
  return {
    status: 200,
    body: {
      self: `${state.baseUrl}/rest/api/3/group/member?groupId=${group.groupId}&startAt=${startAt}&maxResults=${maxResults}`,
      maxResults,
      startAt,
      total: members.length,
      isLast: startAt + page.length >= members.length,
      values: page.map((u) => userJson(state, u)),
    },
  };
}

function userGroups(
  req: SiteRequest,
  _params: Readonly<Record<string, string>>,
  state: JiraState,
): SiteResponse {
  const actor = actorOf(state, req.principal);
  if (!actor) return jiraError(401, NOT_AUTHENTICATED);
  if (!canBrowseUsers(state, actor)) {
    return jiraError(403, 'You do not have the permission to browse users and groups.');
  }
  const accountId = req.query.get('accountId');
  if (!accountId) return jiraError(400, "The query parameter 'accountId' is required.");
  const user = state.users.get(accountId);
  if (!user) return jiraError(404, `Specified user does not exist or you do not have required permissions`);
  return {
    status: 200,
    body: user.groupIds.flatMap((id) => {
      const g = state.groups.get(id);
      return g
        ? [
            {
              name: g.name,
              groupId: g.groupId,
              self: `${state.baseUrl}/rest/api/3/group?groupId=${g.groupId}`,
            },
          ]
        : [];
    }),
  };
}

function assignableSearch(
  req: SiteRequest,
  _params: Readonly<Record<string, string>>,
  state: JiraState,
): SiteResponse {
  const actor = actorOf(state, req.principal);
  if (!actor) return jiraError(401, NOT_AUTHENTICATED);
  const startAt = intParam(req, 'startAt', 0);
  const maxResults = intParam(req, 'maxResults', 50);
  const bad = validatePaging(startAt, maxResults);
  if (bad || startAt === undefined || maxResults === undefined) return bad ?? jiraError(400, 'Bad paging');
  const projectParam = req.query.get('project');
  const issueParam = req.query.get('issueKey') ?? req.query.get('issueId');
  let project: Project | undefined;
  if (issueParam) {
    const issue = visibleIssue(state, req.principal, issueParam);
    if (!issue) return jiraError(404, ISSUE_NOT_FOUND);
    project = projectOf(state, issue);
  } else if (projectParam) {
    project = findProject(state, projectParam);
    if (!project || !can(state, actor, project, 'BROWSE_PROJECTS')) {
      return jiraError(404, `No project could be found with key '${projectParam}'.`);
    }
  } else {
    return jiraError(400, 'A project key, project id, issue key or issue id is required.');
  }
  const query = req.query.get('query') ?? req.query.get('username') ?? '';
  const accountId = req.query.get('accountId');
  const target = project;
  const users = [...state.users.values()].filter(
    (u) =>
      u.accountType !== 'app' &&
      userHasProjectPermission(state, u, target, 'ASSIGNABLE_USER') &&
      (accountId === null || u.accountId === accountId) &&
      matchesQuery(u, query),
  );
  return {
    status: 200,
    body: users.slice(startAt, startAt + Math.min(maxResults, 1000)).map((u) => userJson(state, u)),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Permissions

function permissionEntry(key: string, have: boolean) {
  const def = PERMISSIONS_BY_KEY.get(key);
  return {
    id: def?.id ?? key,
    key,
    name: def?.name ?? key,
    type: def?.type ?? 'PROJECT',
    description: def?.description ?? '',
    havePermission: have,
  };
}

function myPermissions(
  req: SiteRequest,
  _params: Readonly<Record<string, string>>,
  state: JiraState,
): SiteResponse {
  const keys = listParam(req, 'permissions');
  if (keys.length === 0) return jiraError(400, "The 'permissions' query parameter is required.");
  const unknown = keys.filter((k) => !PERMISSIONS_BY_KEY.has(k));
  if (unknown.length > 0) return jiraError(400, `Invalid permission key(s): ${unknown.join(', ')}.`);
  const actor = actorOf(state, req.principal);
  let projects: Project[] = state.projects;
  const projectKey = req.query.get('projectKey') ?? req.query.get('projectId');
  const issueKey = req.query.get('issueKey') ?? req.query.get('issueId');
  if (issueKey) {
    const issue = visibleIssue(state, req.principal, issueKey);
    if (!issue) return jiraError(404, ISSUE_NOT_FOUND);
    projects = [projectOf(state, issue)];
  } else if (projectKey) {
    const project = visibleProject(state, req.principal, projectKey);
    if (!project) return jiraError(404, `No project could be found with key '${projectKey}'.`);
    projects = [project];
  }
  const permissions: Record<string, ReturnType<typeof permissionEntry>> = {};
  for (const key of keys) {
    const def = PERMISSIONS_BY_KEY.get(key);
    const have = !actor
      ? false
      : def?.type === 'GLOBAL'
        ? userHasGlobalPermission(state, actor, key)
        : projects.some((p) => userHasProjectPermission(state, actor, p, key));
    permissions[key] = permissionEntry(key, have);
  }
  return { status: 200, body: { permissions } };
}

function checkPermissions(
  req: SiteRequest,
  _params: Readonly<Record<string, string>>,
  state: JiraState,
): SiteResponse {
  const caller = actorOf(state, req.principal);
  const body = req.body === undefined ? {} : req.body;
  if (!isRecord(body)) return jiraError(400, 'Request body must be a JSON object.');
  let subject: JiraUser | undefined = caller;
  if (body.accountId !== undefined && body.accountId !== null) {
    if (typeof body.accountId !== 'string') return jiraError(400, 'accountId must be a string.');
    const isSelf = caller?.accountId === body.accountId;
    const allowed =
      req.principal.kind === 'app' || (caller && userHasGlobalPermission(state, caller, 'ADMINISTER'));
    if (!isSelf && !allowed) {
      return jiraError(
        403,
        'You need the Administer Jira global permission to check permissions of other users.',
      );
    }
    subject = state.users.get(body.accountId);
    if (!subject) return jiraError(400, `The user with account ID '${body.accountId}' does not exist.`);
  }
  const globals = body.globalPermissions ?? [];
  if (!Array.isArray(globals) || !globals.every((g) => typeof g === 'string')) {
    return jiraError(400, 'globalPermissions must be an array of permission keys.');
  }
  const projectChecks = body.projectPermissions ?? [];
  if (!Array.isArray(projectChecks)) return jiraError(400, 'projectPermissions must be an array.');
  const badGlobal = globals.filter((g) => PERMISSIONS_BY_KEY.get(g)?.type !== 'GLOBAL');
  if (badGlobal.length > 0)
    return jiraError(400, `Unrecognized global permission keys: ${badGlobal.join(', ')}`);
  const projectPermissions: { permission: string; projects: number[]; issues: number[] }[] = [];
  for (const check of projectChecks) {
    if (!isRecord(check) || !Array.isArray(check.permissions)) {
      return jiraError(400, 'Each projectPermissions entry needs a permissions array.');
    }
    const projectIds = (Array.isArray(check.projects) ? check.projects : []).map(Number);
    const issueIds = (Array.isArray(check.issues) ? check.issues : []).map(Number);
    for (const key of check.permissions) {
      if (typeof key !== 'string' || !PROJECT_PERMISSION_KEYS.includes(key)) {
        return jiraError(400, `Unrecognized project permission key: ${String(key)}`);
      }
      const holds = (project: Project) =>
        subject ? userHasProjectPermission(state, subject, project, key) : false;
      projectPermissions.push({
        permission: key,
        projects: projectIds.filter((id) => {
          const project = state.projects.find((p) => p.id === String(id));
          return !!project && holds(project);
        }),
        issues: issueIds.filter((id) => {
          const issue = state.issues.get(String(id));
          return !!issue && holds(projectOf(state, issue));
        }),
      });
    }
  }
  return {
    status: 200,
    body: {
      globalPermissions: subject ? globals.filter((g) => userHasGlobalPermission(state, subject, g)) : [],
      projectPermissions,
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Configuration

function fieldsList(
  _req: SiteRequest,
  _params: Readonly<Record<string, string>>,
  state: JiraState,
): SiteResponse {
  return {
    status: 200,
    body: state.fields.map((f) => ({
      id: f.id,
      key: f.key,
      name: f.name,
      untranslatedName: f.name,
      custom: f.custom,
      orderable: f.orderable,
      navigable: f.navigable,
      searchable: f.searchable,
      clauseNames: f.clauseNames,
      ...(f.schema ? { schema: f.schema } : {}),
    })),
  };
}

function configuration(
  _req: SiteRequest,
  _params: Readonly<Record<string, string>>,
  state: JiraState,
): SiteResponse {
  const tt = state.timeTracking;
  return {
    status: 200,
    body: {
      votingEnabled: true,
      watchingEnabled: true,
      unassignedIssuesAllowed: true,
      subTasksEnabled: true,
      issueLinkingEnabled: true,
      timeTrackingEnabled: tt.enabled,
      attachmentsEnabled: true,
      ...(tt.enabled
        ? {
            timeTrackingConfiguration: {
              workingHoursPerDay: tt.workingHoursPerDay,
              workingDaysPerWeek: tt.workingDaysPerWeek,
              timeFormat: tt.timeFormat,
              defaultUnit: tt.defaultUnit,
            },
          }
        : {}),
    },
  };
}

function serverInfo(
  _req: SiteRequest,
  _params: Readonly<Record<string, string>>,
  state: JiraState,
): SiteResponse {
  return {
    status: 200,
    body: {
      baseUrl: state.baseUrl,
      displayUrl: state.baseUrl,
      displayUrlServicedeskHelpCenter: state.baseUrl,
      version: '1001.0.0-SNAPSHOT',
      versionNumbers: [1001, 0, 0],
      deploymentType: 'Cloud',
      buildNumber: 100289,
      buildDate: '2026-01-01T00:00:00.000+0000',
      serverTime: jiraDate(state.now().getTime()),
      scmInfo: 'sandbox',
      serverTitle: 'Jira',
      defaultLocale: { locale: 'en_US' },
      serverTimeZone: 'Etc/UTC',
    },
  };
}

const GONE = jiraError(
  410,
  'The requested API has been removed. Please use the newer, enhanced search-based API instead. See https://developer.atlassian.com/changelog/#CHANGE-2046 for more details.',
);

export const jiraRoutes: Route<JiraState>[] = [
  { method: 'GET', pattern: '/rest/api/3/myself', scopes: SCOPES.user, handle: myself },
  { method: 'GET', pattern: '/rest/api/3/issue/:issueIdOrKey', scopes: SCOPES.getIssue, handle: getIssue },
  { method: 'PUT', pattern: '/rest/api/3/issue/:issueIdOrKey', scopes: SCOPES.editIssue, handle: editIssue },
  {
    method: 'PUT',
    pattern: '/rest/api/3/issue/:issueIdOrKey/assignee',
    scopes: SCOPES.assign,
    handle: assignIssue,
  },
  {
    method: 'GET',
    pattern: '/rest/api/3/search/jql',
    scopes: SCOPES.search,
    handle: (req, _p, state) =>
      search(state, req.principal, {
        jql: req.query.get('jql') ?? undefined,
        nextPageToken: req.query.get('nextPageToken') ?? undefined,
        maxResults: req.query.get('maxResults') ?? undefined,
        fields: listParam(req, 'fields'),
        expand: listParam(req, 'expand'),
      }),
  },
  {
    method: 'POST',
    pattern: '/rest/api/3/search/jql',
    scopes: SCOPES.search,
    handle: (req, _p, state) => {
      const body = isRecord(req.body) ? req.body : {};
      const fields = Array.isArray(body.fields)
        ? body.fields.filter((f): f is string => typeof f === 'string')
        : [];
      const expand =
        typeof body.expand === 'string'
          ? [body.expand]
          : Array.isArray(body.expand)
            ? body.expand.filter((e): e is string => typeof e === 'string')
            : [];
      return search(state, req.principal, {
        jql: body.jql,
        nextPageToken: body.nextPageToken,
        maxResults: body.maxResults,
        fields,
        expand,
      });
    },
  },
  {
    method: 'POST',
    pattern: '/rest/api/3/search/approximate-count',
    scopes: [READ_WORK],
    handle: (req, _p, state) => {
      const jql = isRecord(req.body) ? req.body.jql : undefined;
      if (jql !== undefined && typeof jql !== 'string') return jiraError(400, "'jql' must be a string.");
      const results = runJql(state, req.principal, jql ?? '');
      return Array.isArray(results) ? { status: 200, body: { count: results.length } } : results;
    },
  },
  { method: 'GET', pattern: '/rest/api/3/search', scopes: [READ_WORK], handle: () => GONE },
  { method: 'POST', pattern: '/rest/api/3/search', scopes: [READ_WORK], handle: () => GONE },
  { method: 'GET', pattern: '/rest/api/2/search', scopes: [READ_WORK], handle: () => GONE },
  { method: 'POST', pattern: '/rest/api/2/search', scopes: [READ_WORK], handle: () => GONE },
  {
    method: 'GET',
    pattern: '/rest/api/3/issue/:issueIdOrKey/transitions',
    scopes: SCOPES.readTransitions,
    handle: getTransitions,
  },
  {
    method: 'POST',
    pattern: '/rest/api/3/issue/:issueIdOrKey/transitions',
    scopes: SCOPES.doTransition,
    handle: doTransition,
  },
  {
    method: 'GET',
    pattern: '/rest/api/3/issue/:issueIdOrKey/comment',
    scopes: SCOPES.readComments,
    handle: getComments,
  },
  {
    method: 'POST',
    pattern: '/rest/api/3/issue/:issueIdOrKey/comment',
    scopes: SCOPES.addComment,
    handle: postComment,
  },
  {
    method: 'GET',
    pattern: '/rest/api/3/issue/:issueIdOrKey/worklog',
    scopes: SCOPES.readWorklogs,
    handle: getWorklogs,
  },
  {
    method: 'POST',
    pattern: '/rest/api/3/issue/:issueIdOrKey/worklog',
    scopes: SCOPES.addWorklog,
    handle: postWorklog,
  },
  {
    method: 'PUT',
    pattern: '/rest/api/3/issue/:issueIdOrKey/worklog/:id',
    scopes: SCOPES.addWorklog,
    handle: putWorklog,
  },
  {
    method: 'DELETE',
    pattern: '/rest/api/3/issue/:issueIdOrKey/worklog/:id',
    scopes: SCOPES.addWorklog,
    handle: deleteWorklog,
  },
  { method: 'GET', pattern: '/rest/api/3/project/search', scopes: SCOPES.readProject, handle: projectSearch },
  {
    method: 'GET',
    pattern: '/rest/api/3/project/:projectIdOrKey/statuses',
    scopes: SCOPES.projectStatuses,
    handle: projectStatuses,
  },
  {
    method: 'GET',
    pattern: '/rest/api/3/project/:projectIdOrKey',
    scopes: SCOPES.readProject,
    handle: getProject,
  },
  { method: 'GET', pattern: '/rest/api/3/field', scopes: SCOPES.fields, handle: fieldsList },
  {
    method: 'GET',
    pattern: '/rest/api/3/status',
    scopes: SCOPES.statuses,
    handle: (_req, _p, state) => ({ status: 200, body: state.statuses.map((s) => statusJson(state, s)) }),
  },
  { method: 'GET', pattern: '/rest/api/3/user', scopes: SCOPES.user, handle: getUser },
  { method: 'GET', pattern: '/rest/api/3/user/bulk', scopes: SCOPES.userSearch, handle: bulkUsers },
  { method: 'GET', pattern: '/rest/api/3/users/search', scopes: SCOPES.userSearch, handle: searchUsers },
  { method: 'GET', pattern: '/rest/api/3/user/groups', scopes: SCOPES.userGroups, handle: userGroups },
  { method: 'GET', pattern: '/rest/api/3/group/member', scopes: SCOPES.userGroups, handle: groupMembers },
  {
    method: 'GET',
    pattern: '/rest/api/3/user/assignable/search',
    scopes: SCOPES.assignable,
    handle: assignableSearch,
  },
  {
    method: 'GET',
    pattern: '/rest/api/3/mypermissions',
    scopes: SCOPES.myPermissions,
    handle: myPermissions,
  },
  {
    method: 'POST',
    pattern: '/rest/api/3/permissions/check',
    scopes: SCOPES.checkPermissions,
    handle: checkPermissions,
  },
  {
    method: 'GET',
    pattern: '/rest/api/3/configuration',
    scopes: SCOPES.configuration,
    handle: configuration,
  },
  { method: 'GET', pattern: '/rest/api/3/serverInfo', scopes: SCOPES.configuration, handle: serverInfo },
];

/** Every permission key Jira knows (for callers that want to list them). */
export const PERMISSION_KEYS: readonly string[] = PERMISSIONS.map((p) => p.key);
