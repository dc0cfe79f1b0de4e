/**
 * The emulated Jira (and Jira Service Management) site state, plus the permission rules every route applies.
 *
 * Everything is plain data held in Maps and arrays so the seed can build it deterministically and tests can poke
 * at it. Time comes from `state.now()` (injected) so SLAs, `updated` stamps and relative JQL dates are testable.
 */
import type { Directory, DirectoryUser, Principal } from '../types';

// ---------------------------------------------------------------------------------------------------------------
// People

export type SandboxRole = 'site-admin' | 'project-admin' | 'agent' | 'dispatcher' | 'technician' | 'customer';
export type AccountType = 'atlassian' | 'customer' | 'app';

export interface JiraUser {
  readonly accountId: string;
  displayName: string;
  /** `null` when the user's privacy settings hide it (Jira then omits `emailAddress`). */
  email: string | null;
  readonly accountType: AccountType;
  active: boolean;
  timeZone: string;
  locale: string;
  groupIds: string[];
  /** What the sandbox seeded this person as; not a Jira concept, only for fixtures and the directory. */
  sandboxRoles: SandboxRole[];
}

export interface JiraGroup {
  readonly groupId: string;
  name: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Permissions

export interface PermissionDef {
  readonly id: string;
  readonly key: string;
  readonly name: string;
  readonly type: 'GLOBAL' | 'PROJECT';
  readonly description: string;
}

const G = (id: string, key: string, name: string, description: string): PermissionDef => ({
  id,
  key,
  name,
  type: 'GLOBAL',
  description,
});
const P = (id: string, key: string, name: string, description: string): PermissionDef => ({
  id,
  key,
  name,
  type: 'PROJECT',
  description,
});

/** Jira Cloud's permission catalogue (ids and names as Jira reports them). */
export const PERMISSIONS: readonly PermissionDef[] = [
  G(
    '0',
    'ADMINISTER',
    'Administer Jira',
    'Create and administer projects, issue types, fields, workflows, and schemes for all projects. Users with this permission can perform most administration tasks, except: managing users, importing data, and editing system email settings.',
  ),
  G(
    '44',
    'SYSTEM_ADMIN',
    'Administer Jira',
    'Ability to perform all administration functions. There must be at least one group with this permission.',
  ),
  G(
    '27',
    'USER_PICKER',
    'Browse users and groups',
    'View and select users or groups from the user picker, and share issues. Users with this permission can see the names of all users and groups on your site.',
  ),
  G(
    '22',
    'CREATE_SHARED_OBJECTS',
    'Share dashboards and filters',
    'Share dashboards and filters with other users.',
  ),
  G(
    '24',
    'MANAGE_GROUP_FILTER_SUBSCRIPTIONS',
    'Manage group filter subscriptions',
    'Create and delete group filter subscriptions.',
  ),
  G(
    '33',
    'BULK_CHANGE',
    'Make bulk changes',
    'Modify collections of issues at once. For example, resolve multiple issues in one step.',
  ),
  P('23', 'ADMINISTER_PROJECTS', 'Administer Projects', 'Ability to administer a project in Jira.'),
  P('10', 'BROWSE_PROJECTS', 'Browse Projects', 'Ability to browse projects and the issues within them.'),
  P(
    '29',
    'VIEW_DEV_TOOLS',
    'View Development Tools',
    'Allows users in a software project to view development-related information on the issue, such as commits, reviews and build information.',
  ),
  P(
    '45',
    'VIEW_READONLY_WORKFLOW',
    'View Read-Only Workflow',
    'Users with this permission may view a read-only version of a workflow.',
  ),
  P('11', 'CREATE_ISSUES', 'Create Issues', 'Ability to create issues.'),
  P('12', 'EDIT_ISSUES', 'Edit Issues', 'Ability to edit issues.'),
  P('46', 'TRANSITION_ISSUES', 'Transition Issues', 'Ability to transition issues.'),
  P('28', 'SCHEDULE_ISSUES', 'Schedule Issues', 'Ability to set or edit an issue due date.'),
  P(
    '25',
    'MOVE_ISSUES',
    'Move Issues',
    'Ability to move issues between projects or between workflows of the same project (if applicable). Note the user can only move issues to a project they have the create permission for.',
  ),
  P('13', 'ASSIGN_ISSUES', 'Assign Issues', 'Ability to assign issues to other people.'),
  P('17', 'ASSIGNABLE_USER', 'Assignable User', 'Users with this permission may be assigned to issues.'),
  P(
    '14',
    'RESOLVE_ISSUES',
    'Resolve Issues',
    'Ability to resolve and reopen issues. This includes the ability to set a fix version.',
  ),
  P(
    '18',
    'CLOSE_ISSUES',
    'Close Issues',
    'Ability to close issues. Often useful where your developers resolve issues, and a QA department closes them.',
  ),
  P(
    '30',
    'MODIFY_REPORTER',
    'Modify Reporter',
    'Ability to modify the reporter when creating or editing an issue.',
  ),
  P('16', 'DELETE_ISSUES', 'Delete Issues', 'Ability to delete issues.'),
  P(
    '21',
    'LINK_ISSUES',
    'Link Issues',
    'Ability to link issues together and create linked issues. Only useful if issue linking is turned on.',
  ),
  P(
    '26',
    'SET_ISSUE_SECURITY',
    'Set Issue Security',
    'Ability to set the level of security on an issue so that only people in that security level can see the issue.',
  ),
  P(
    '31',
    'VIEW_VOTERS_AND_WATCHERS',
    'View Voters and Watchers',
    'Ability to view the voters and watchers of an issue.',
  ),
  P('32', 'MANAGE_WATCHERS', 'Manage Watchers', 'Ability to manage the watchers of an issue.'),
  P('15', 'ADD_COMMENTS', 'Add Comments', 'Ability to comment on issues.'),
  P('34', 'EDIT_ALL_COMMENTS', 'Edit All Comments', 'Ability to edit all comments made on issues.'),
  P('35', 'EDIT_OWN_COMMENTS', 'Edit Own Comments', 'Ability to edit own comments made on issues.'),
  P('36', 'DELETE_ALL_COMMENTS', 'Delete All Comments', 'Ability to delete all comments made on issues.'),
  P('37', 'DELETE_OWN_COMMENTS', 'Delete Own Comments', 'Ability to delete own comments made on issues.'),
  P('19', 'CREATE_ATTACHMENTS', 'Create Attachments', 'Users with this permission may create attachments.'),
  P(
    '38',
    'DELETE_ALL_ATTACHMENTS',
    'Delete All Attachments',
    'Users with this permission may delete all attachments.',
  ),
  P(
    '39',
    'DELETE_OWN_ATTACHMENTS',
    'Delete Own Attachments',
    'Users with this permission may delete own attachments.',
  ),
  P(
    '20',
    'WORK_ON_ISSUES',
    'Work On Issues',
    'Ability to log work done against an issue. Only useful if Time Tracking is turned on.',
  ),
  P('40', 'EDIT_OWN_WORKLOGS', 'Edit Own Worklogs', 'Ability to edit own worklogs made on issues.'),
  P('41', 'EDIT_ALL_WORKLOGS', 'Edit All Worklogs', 'Ability to edit all worklogs made on issues.'),
  P('42', 'DELETE_OWN_WORKLOGS', 'Delete Own Worklogs', 'Ability to delete own worklogs made on issues.'),
  P('43', 'DELETE_ALL_WORKLOGS', 'Delete All Worklogs', 'Ability to delete all worklogs made on issues.'),
  P(
    '10000',
    'SERVICEDESK_AGENT',
    'Service Desk Agent',
    'Allows users to interact with customers and access Jira Service Management features of a project.',
  ),
];

export const PERMISSIONS_BY_KEY: ReadonlyMap<string, PermissionDef> = new Map(
  PERMISSIONS.map((p) => [p.key, p]),
);
export const PROJECT_PERMISSION_KEYS: readonly string[] = PERMISSIONS.filter((p) => p.type === 'PROJECT').map(
  (p) => p.key,
);

/** Who a global permission is granted to. */
export interface GlobalPermissionGrant {
  readonly permission: string;
  readonly groupId: string;
}

/** A grant in a permission scheme. */
export type PermissionHolder =
  | { readonly type: 'projectRole'; readonly roleId: string }
  | { readonly type: 'group'; readonly groupId: string }
  | { readonly type: 'user'; readonly accountId: string }
  | { readonly type: 'projectLead' };

export interface PermissionScheme {
  readonly id: string;
  name: string;
  /** Project permission key → holders. A key with no entry is granted to nobody. */
  grants: Record<string, PermissionHolder[]>;
}

export interface ProjectRoleDef {
  readonly id: string;
  name: string;
  description: string;
}

export const ROLE_ADMINISTRATORS = '10002';
export const ROLE_SERVICE_DESK_TEAM = '10100';
export const ROLE_SERVICE_DESK_CUSTOMERS = '10101';

export interface RoleActors {
  accountIds: string[];
  groupIds: string[];
}

// ---------------------------------------------------------------------------------------------------------------
// Projects, issue types, statuses, workflows, fields

export interface Project {
  readonly id: string;
  readonly key: string;
  name: string;
  description: string;
  readonly projectTypeKey: 'service_desk';
  leadAccountId: string;
  /** `PROJECT_LEAD` or `UNASSIGNED`: what `accountId: "-1"` on the assignee endpoint resolves to. */
  assigneeType: 'PROJECT_LEAD' | 'UNASSIGNED';
  permissionSchemeId: string;
  /** roleId → actors */
  roles: Record<string, RoleActors>;
  issueTypeIds: string[];
  /** issueTypeId → workflowId */
  workflowScheme: Record<string, string>;
  /** Next issue number for keys (`FS-<n>`). */
  nextIssueNumber: number;
}

export interface IssueType {
  readonly id: string;
  name: string;
  description: string;
  iconUrl: string;
  subtask: boolean;
}

export interface StatusCategory {
  readonly id: number;
  readonly key: 'undefined' | 'new' | 'indeterminate' | 'done';
  readonly colorName: string;
  readonly name: string;
}

export const STATUS_CATEGORIES: readonly StatusCategory[] = [
  { id: 1, key: 'undefined', colorName: 'medium-gray', name: 'No Category' },
  { id: 2, key: 'new', colorName: 'blue-gray', name: 'To Do' },
  { id: 4, key: 'indeterminate', colorName: 'yellow', name: 'In Progress' },
  { id: 3, key: 'done', colorName: 'green', name: 'Done' },
];

export interface Status {
  readonly id: string;
  name: string;
  description: string;
  categoryId: number;
}

export interface Transition {
  readonly id: string;
  name: string;
  /** Status ids the transition leaves from; empty means a global transition (from any status). */
  from: string[];
  to: string;
  /** Shown to customers on the portal (`/rest/servicedeskapi/request/{key}/transition`). */
  customerVisible: boolean;
  /** Resolution id to set when the transition does not name one (done transitions). */
  defaultResolutionId?: string;
  /** Clears the resolution (reopen). */
  clearsResolution?: boolean;
}

export interface Workflow {
  readonly id: string;
  name: string;
  initialStatusId: string;
  statusIds: string[];
  transitions: Transition[];
}

export interface Priority {
  readonly id: string;
  name: string;
  iconUrl: string;
}

export interface Resolution {
  readonly id: string;
  name: string;
  description: string;
}

export interface FieldSchema {
  readonly type: string;
  readonly items?: string;
  readonly system?: string;
  readonly custom?: string;
  readonly customId?: number;
}

export interface FieldDef {
  readonly id: string;
  readonly key: string;
  name: string;
  readonly custom: boolean;
  readonly orderable: boolean;
  readonly navigable: boolean;
  readonly searchable: boolean;
  readonly clauseNames: string[];
  readonly schema?: FieldSchema;
}

export interface SelectOption {
  readonly id: string;
  value: string;
}

/** Custom field ids the sandbox uses. */
export const FIELD_REQUEST_TYPE = 'customfield_10010';
export const FIELD_SLA_FIRST_RESPONSE = 'customfield_10020';
export const FIELD_SLA_RESOLUTION = 'customfield_10021';
export const FIELD_ASSETS = 'customfield_10100';
export const FIELD_SERVICE_LOCATION = 'customfield_10101';
export const FIELD_REQUIRED_SKILL = 'customfield_10102';

export const ASSETS_FIELD_TYPE = 'com.atlassian.jira.plugins.cmdb:cmdb-object-cftype';
/**
 * The service location field is a Forge custom field of type `object` (Jira has no native geo field). Its value is
 * `{ lat: number, lng: number, address: string }` (WGS84 degrees; address is free text, may be empty).
 */
export const SERVICE_LOCATION_FIELD_TYPE =
  'ari:cloud:ecosystem::extension/5e6f1a2b-sandbox-field-service/static/service-location';

// ---------------------------------------------------------------------------------------------------------------
// Issues

/** Atlassian Document Format node (validated on the way in). */
export interface AdfNode {
  readonly type: string;
  readonly [key: string]: unknown;
}

export interface AssetRef {
  readonly workspaceId: string;
  readonly id: string;
  readonly objectId: string;
}

export interface ServiceLocation {
  readonly lat: number;
  readonly lng: number;
  readonly address: string;
}

export interface IssueFields {
  summary: string;
  description: AdfNode | null;
  issueTypeId: string;
  statusId: string;
  priorityId: string;
  assignee: string | null;
  reporter: string;
  creator: string;
  resolutionId: string | null;
  resolutionDate: number | null;
  labels: string[];
  dueDate: string | null;
  statusCategoryChangeDate: number;
  /** customfield_10100 */
  assets: AssetRef[];
  /** customfield_10101 */
  location: ServiceLocation | null;
  /** customfield_10102: option id */
  requiredSkillId: string | null;
}

export interface Comment {
  readonly id: string;
  readonly authorAccountId: string;
  updateAuthorAccountId: string;
  body: AdfNode;
  readonly created: number;
  updated: number;
  /** JSM internal note (`sd.public.comment` `{internal:true}`; `jsdPublic: false`). */
  internal: boolean;
  visibility: { type: 'role' | 'group'; value: string } | null;
}

export interface Worklog {
  readonly id: string;
  readonly authorAccountId: string;
  updateAuthorAccountId: string;
  comment: AdfNode | null;
  /** As given (validated `yyyy-MM-dd'T'HH:mm:ss.SSS+hhmm`), echoed back verbatim like Jira does. */
  started: string;
  startedMillis: number;
  timeSpentSeconds: number;
  readonly created: number;
  updated: number;
}

export interface ChangeItem {
  readonly field: string;
  readonly fieldtype: 'jira' | 'custom';
  readonly fieldId: string;
  readonly from: string | null;
  readonly fromString: string | null;
  readonly to: string | null;
  readonly toString: string | null;
}

export interface ChangelogEntry {
  readonly id: string;
  readonly authorAccountId: string;
  readonly created: number;
  readonly items: ChangeItem[];
}

export interface Issue {
  readonly id: string;
  key: string;
  projectId: string;
  readonly created: number;
  updated: number;
  fields: IssueFields;
  comments: Comment[];
  worklogs: Worklog[];
  changelog: ChangelogEntry[];
  /** JSM request type, when the issue was raised through a service desk. */
  requestTypeId: string | null;
  participants: string[];
}

// ---------------------------------------------------------------------------------------------------------------
// JSM

export interface ServiceDesk {
  readonly id: string;
  readonly projectId: string;
  /** Portal customers (also listed in the project's Service Desk Customers role). */
  customerAccountIds: string[];
}

export interface RequestType {
  readonly id: string;
  name: string;
  description: string;
  helpText: string;
  issueTypeId: string;
  serviceDeskId: string;
  groupIds: string[];
}

/** An SLA metric: 24/7 calendar, goal chosen by priority. Pause conditions are not emulated. */
export interface SlaMetric {
  readonly id: string;
  name: string;
  fieldId: string;
  /** priorityId → goal in milliseconds; `defaultGoalMillis` for the rest. */
  goalsByPriority: Record<string, number>;
  defaultGoalMillis: number;
  /** The metric stops at the first public agent comment, `Waiting for customer`, or resolution (first response)… */
  kind: 'first-response' | 'resolution';
}

export interface TimeTrackingConfig {
  enabled: boolean;
  workingHoursPerDay: number;
  workingDaysPerWeek: number;
  timeFormat: 'pretty' | 'days' | 'hours';
  defaultUnit: 'minute' | 'hour' | 'day' | 'week';
}

// ---------------------------------------------------------------------------------------------------------------
// The site

export interface JiraState {
  baseUrl: string;
  cloudId: string;
  now: () => Date;
  users: Map<string, JiraUser>;
  groups: Map<string, JiraGroup>;
  globalPermissions: GlobalPermissionGrant[];
  projectRoles: ProjectRoleDef[];
  permissionSchemes: Map<string, PermissionScheme>;
  projects: Project[];
  issueTypes: IssueType[];
  statuses: Status[];
  workflows: Workflow[];
  priorities: Priority[];
  resolutions: Resolution[];
  fields: FieldDef[];
  skillOptions: SelectOption[];
  /** Issues by id, in creation order. */
  issues: Map<string, Issue>;
  /** Issue key (including old keys) → id. */
  issueKeys: Map<string, string>;
  timeTracking: TimeTrackingConfig;
  serviceDesks: ServiceDesk[];
  requestTypes: RequestType[];
  slaMetrics: SlaMetric[];
  /** The site's one Assets workspace (stable; Assets data keeps it even when Assets is switched off). */
  assetsWorkspaceId: string;
  /** False emulates JSM Standard/Free: `/assets/workspace` answers an empty list and Assets fields reject values. */
  assetsAvailable: boolean;
  counters: { issue: number; comment: number; worklog: number; changelog: number };
}

export interface CreateJiraStateOptions {
  now?: () => Date;
  baseUrl?: string;
  cloudId?: string;
  assetsWorkspaceId?: string;
  assetsAvailable?: boolean;
}

const ICON = (name: string) => `https://sandbox.atlassian.net/images/icons/${name}`;

/** An empty site with Jira's standard configuration (statuses, workflows, fields, priorities) but no people. */
export function createJiraState(options: CreateJiraStateOptions = {}): JiraState {
  return {
    baseUrl: options.baseUrl ?? 'https://sandbox.atlassian.net',
    cloudId: options.cloudId ?? '00000000-0000-4000-8000-000000000000',
    now: options.now ?? (() => new Date()),
    users: new Map(),
    groups: new Map(),
    globalPermissions: [],
    projectRoles: [
      {
        id: ROLE_ADMINISTRATORS,
        name: 'Administrators',
        description: 'A project role that represents administrators in a project',
      },
      {
        id: ROLE_SERVICE_DESK_TEAM,
        name: 'Service Desk Team',
        description: 'Members of the service desk team (agents).',
      },
      {
        id: ROLE_SERVICE_DESK_CUSTOMERS,
        name: 'Service Desk Customers',
        description: 'Portal customers of the service desk.',
      },
    ],
    permissionSchemes: new Map(),
    projects: [],
    issueTypes: [
      {
        id: '10001',
        name: '[System] Incident',
        description: 'For system outages or incidents.',
        iconUrl: ICON('incident.svg'),
        subtask: false,
      },
      {
        id: '10002',
        name: '[System] Service request',
        description: 'Created by Jira Service Management.',
        iconUrl: ICON('service-request.svg'),
        subtask: false,
      },
      {
        id: '10003',
        name: 'Field visit',
        description: 'Work that needs a technician on site.',
        iconUrl: ICON('field-visit.svg'),
        subtask: false,
      },
    ],
    statuses: [
      {
        id: '10000',
        name: 'Waiting for support',
        description: 'This was auto-generated by Jira Service Management during workflow import',
        categoryId: 2,
      },
      {
        id: '3',
        name: 'In Progress',
        description: 'This issue is being actively worked on at the moment by the assignee.',
        categoryId: 4,
      },
      {
        id: '10001',
        name: 'Waiting for customer',
        description: 'This was auto-generated by Jira Service Management during workflow import',
        categoryId: 4,
      },
      {
        id: '10002',
        name: 'Dispatched',
        description: 'A technician has been sent to the site.',
        categoryId: 4,
      },
      {
        id: '10003',
        name: 'On site',
        description: 'The technician is at the service location.',
        categoryId: 4,
      },
      {
        id: '10004',
        name: 'Resolved',
        description: 'This was auto-generated by Jira Service Management during workflow import',
        categoryId: 3,
      },
      {
        id: '6',
        name: 'Closed',
        description: 'The issue is considered finished, the resolution is correct.',
        categoryId: 3,
      },
      { id: '10005', name: 'Canceled', description: 'The request was withdrawn.', categoryId: 3 },
    ],
    workflows: defaultWorkflows(),
    priorities: [
      { id: '1', name: 'Highest', iconUrl: ICON('priorities/highest.svg') },
      { id: '2', name: 'High', iconUrl: ICON('priorities/high.svg') },
      { id: '3', name: 'Medium', iconUrl: ICON('priorities/medium.svg') },
      { id: '4', name: 'Low', iconUrl: ICON('priorities/low.svg') },
      { id: '5', name: 'Lowest', iconUrl: ICON('priorities/lowest.svg') },
    ],
    resolutions: [
      { id: '10000', name: 'Done', description: 'Work has been completed on this issue.' },
      { id: '10001', name: "Won't Do", description: 'This issue won’t be actioned.' },
      { id: '10002', name: 'Duplicate', description: 'The problem is a duplicate of an existing issue.' },
      { id: '10003', name: 'Cannot Reproduce', description: 'This issue couldn’t be reproduced.' },
    ],
    fields: defaultFields(),
    skillOptions: [
      { id: '10200', value: 'Electrical' },
      { id: '10201', value: 'HVAC' },
      { id: '10202', value: 'Plumbing' },
      { id: '10203', value: 'Networking' },
      { id: '10204', value: 'Printers' },
      { id: '10205', value: 'Security systems' },
      { id: '10206', value: 'Audio-visual' },
      { id: '10207', value: 'Refrigeration' },
    ],
    issues: new Map(),
    issueKeys: new Map(),
    timeTracking: {
      enabled: true,
      workingHoursPerDay: 8,
      workingDaysPerWeek: 5,
      timeFormat: 'pretty',
      defaultUnit: 'minute',
    },
    serviceDesks: [],
    requestTypes: [],
    slaMetrics: [
      {
        id: '1',
        name: 'Time to first response',
        fieldId: FIELD_SLA_FIRST_RESPONSE,
        goalsByPriority: { '1': 1 * HOUR, '2': 2 * HOUR, '3': 4 * HOUR },
        defaultGoalMillis: 8 * HOUR,
        kind: 'first-response',
      },
      {
        id: '2',
        name: 'Time to resolution',
        fieldId: FIELD_SLA_RESOLUTION,
        goalsByPriority: { '1': 24 * HOUR, '2': 72 * HOUR, '3': 7 * 24 * HOUR },
        defaultGoalMillis: 14 * 24 * HOUR,
        kind: 'resolution',
      },
    ],
    assetsWorkspaceId: options.assetsWorkspaceId ?? 'a1b2c3d4-0000-4000-8000-000000000001',
    assetsAvailable: options.assetsAvailable ?? true,
    counters: { issue: 10000, comment: 10000, worklog: 10000, changelog: 10000 },
  };
}

export const HOUR = 3_600_000;

const WFS = '10000';
const IN_PROGRESS = '3';
const WFC = '10001';
const DISPATCHED = '10002';
const ON_SITE = '10003';
const RESOLVED = '10004';
const CLOSED = '6';
const CANCELED = '10005';

/** Status ids by name, for the seed and tests. */
export const STATUS = {
  waitingForSupport: WFS,
  inProgress: IN_PROGRESS,
  waitingForCustomer: WFC,
  dispatched: DISPATCHED,
  onSite: ON_SITE,
  resolved: RESOLVED,
  closed: CLOSED,
  canceled: CANCELED,
} as const;

export const WORKFLOW_SERVICE_REQUEST = 'wf-service-request';
export const WORKFLOW_FIELD_VISIT = 'wf-field-visit';
export const WORKFLOW_INCIDENT = 'wf-incident';

function t(
  id: string,
  name: string,
  from: string[],
  to: string,
  extra: Partial<Pick<Transition, 'customerVisible' | 'defaultResolutionId' | 'clearsResolution'>> = {},
): Transition {
  return { id, name, from, to, customerVisible: extra.customerVisible ?? false, ...extra };
}

function defaultWorkflows(): Workflow[] {
  return [
    {
      id: WORKFLOW_SERVICE_REQUEST,
      name: 'Service request fulfilment workflow',
      initialStatusId: WFS,
      statusIds: [WFS, IN_PROGRESS, WFC, RESOLVED, CLOSED, CANCELED],
      transitions: [
        t('11', 'Start work', [WFS, WFC], IN_PROGRESS),
        t('21', 'Pending customer', [WFS, IN_PROGRESS], WFC),
        t('31', 'Respond to support', [WFC], WFS, { customerVisible: true }),
        t('41', 'Resolve', [WFS, IN_PROGRESS, WFC], RESOLVED, { defaultResolutionId: '10000' }),
        t('51', 'Close', [RESOLVED], CLOSED),
        t('61', 'Reopen', [RESOLVED, CLOSED], WFS, { clearsResolution: true }),
        t('71', 'Cancel request', [WFS, WFC], CANCELED, {
          customerVisible: true,
          defaultResolutionId: '10001',
        }),
      ],
    },
    {
      id: WORKFLOW_FIELD_VISIT,
      name: 'Field visit workflow',
      initialStatusId: WFS,
      statusIds: [WFS, DISPATCHED, ON_SITE, IN_PROGRESS, WFC, RESOLVED, CLOSED, CANCELED],
      transitions: [
        t('101', 'Dispatch', [WFS, IN_PROGRESS, WFC], DISPATCHED),
        t('111', 'Arrive on site', [DISPATCHED], ON_SITE),
        t('121', 'Start work', [WFS, ON_SITE, WFC], IN_PROGRESS),
        t('131', 'Pending customer', [WFS, ON_SITE, IN_PROGRESS], WFC),
        t('141', 'Resolve', [ON_SITE, IN_PROGRESS, WFC], RESOLVED, { defaultResolutionId: '10000' }),
        t('151', 'Close', [RESOLVED], CLOSED),
        t('161', 'Reopen', [RESOLVED, CLOSED], WFS, { clearsResolution: true }),
        t('171', 'Cancel request', [WFS, DISPATCHED, WFC], CANCELED, {
          customerVisible: true,
          defaultResolutionId: '10001',
        }),
        t('181', 'Return to queue', [DISPATCHED, ON_SITE], WFS),
      ],
    },
    {
      id: WORKFLOW_INCIDENT,
      name: 'Incident management workflow',
      initialStatusId: WFS,
      statusIds: [WFS, IN_PROGRESS, WFC, RESOLVED, CLOSED],
      transitions: [
        t('211', 'Investigate', [WFS, WFC], IN_PROGRESS),
        t('221', 'Pending customer', [WFS, IN_PROGRESS], WFC),
        t('231', 'Resolve', [WFS, IN_PROGRESS, WFC], RESOLVED, { defaultResolutionId: '10000' }),
        t('241', 'Close', [RESOLVED], CLOSED),
        t('251', 'Reopen', [RESOLVED, CLOSED], IN_PROGRESS, { clearsResolution: true }),
      ],
    },
  ];
}

function sys(
  id: string,
  name: string,
  schema: FieldSchema | undefined,
  opts: { orderable?: boolean; navigable?: boolean; searchable?: boolean; clauseNames?: string[] } = {},
): FieldDef {
  return {
    id,
    key: id,
    name,
    custom: false,
    orderable: opts.orderable ?? true,
    navigable: opts.navigable ?? true,
    searchable: opts.searchable ?? true,
    clauseNames: opts.clauseNames ?? [id],
    ...(schema ? { schema } : {}),
  };
}

function custom(id: string, name: string, schema: FieldSchema): FieldDef {
  const n = Number(id.slice('customfield_'.length));
  return {
    id,
    key: id,
    name,
    custom: true,
    orderable: true,
    navigable: true,
    searchable: true,
    clauseNames: [`cf[${n}]`, name],
    schema: { ...schema, customId: n },
  };
}

function defaultFields(): FieldDef[] {
  return [
    sys('issuekey', 'Key', undefined, { orderable: false, clauseNames: ['id', 'issue', 'issuekey', 'key'] }),
    sys('summary', 'Summary', { type: 'string', system: 'summary' }),
    sys('description', 'Description', { type: 'string', system: 'description' }),
    sys(
      'issuetype',
      'Issue Type',
      { type: 'issuetype', system: 'issuetype' },
      { clauseNames: ['issuetype', 'type'] },
    ),
    sys('project', 'Project', { type: 'project', system: 'project' }),
    sys('status', 'Status', { type: 'status', system: 'status' }, { orderable: false }),
    sys(
      'statusCategory',
      'Status Category',
      { type: 'statusCategory', system: 'statusCategory' },
      { orderable: false },
    ),
    sys('priority', 'Priority', { type: 'priority', system: 'priority' }),
    sys('assignee', 'Assignee', { type: 'user', system: 'assignee' }),
    sys('reporter', 'Reporter', { type: 'user', system: 'reporter' }),
    sys('creator', 'Creator', { type: 'user', system: 'creator' }, { orderable: false }),
    sys(
      'created',
      'Created',
      { type: 'datetime', system: 'created' },
      { orderable: false, clauseNames: ['created', 'createdDate'] },
    ),
    sys(
      'updated',
      'Updated',
      { type: 'datetime', system: 'updated' },
      { orderable: false, clauseNames: ['updated', 'updatedDate'] },
    ),
    sys('resolution', 'Resolution', { type: 'resolution', system: 'resolution' }),
    sys(
      'resolutiondate',
      'Resolved',
      { type: 'datetime', system: 'resolutiondate' },
      { orderable: false, clauseNames: ['resolutiondate', 'resolved'] },
    ),
    sys(
      'statuscategorychangedate',
      'Status Category Changed',
      { type: 'datetime', system: 'statuscategorychangedate' },
      { orderable: false },
    ),
    sys('labels', 'Labels', { type: 'array', items: 'string', system: 'labels' }),
    sys('duedate', 'Due date', { type: 'date', system: 'duedate' }, { clauseNames: ['due', 'duedate'] }),
    sys('comment', 'Comment', { type: 'comments-page', system: 'comment' }, { navigable: false }),
    sys('worklog', 'Log Work', { type: 'array', items: 'worklog', system: 'worklog' }, { navigable: false }),
    sys(
      'timetracking',
      'Time tracking',
      { type: 'timetracking', system: 'timetracking' },
      { navigable: false, searchable: false },
    ),
    sys('timespent', 'Time Spent', { type: 'number', system: 'timespent' }, { orderable: false }),
    custom(FIELD_REQUEST_TYPE, 'Request Type', {
      type: 'sd-customerrequesttype',
      custom: 'com.atlassian.servicedesk:vp-origin',
    }),
    custom(FIELD_SLA_FIRST_RESPONSE, 'Time to first response', {
      type: 'sd-servicelevelagreement',
      custom: 'com.atlassian.servicedesk:sd-sla-field',
    }),
    custom(FIELD_SLA_RESOLUTION, 'Time to resolution', {
      type: 'sd-servicelevelagreement',
      custom: 'com.atlassian.servicedesk:sd-sla-field',
    }),
    custom(FIELD_ASSETS, 'Affected asset', {
      type: 'array',
      items: 'cmdb-object-field',
      custom: ASSETS_FIELD_TYPE,
    }),
    custom(FIELD_SERVICE_LOCATION, 'Service location', { type: 'any', custom: SERVICE_LOCATION_FIELD_TYPE }),
    custom(FIELD_REQUIRED_SKILL, 'Required skill', {
      type: 'option',
      custom: 'com.atlassian.jira.plugin.system.customfieldtypes:select',
    }),
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// Look-ups

export function findProject(state: JiraState, keyOrId: string): Project | undefined {
  const upper = keyOrId.toUpperCase();
  return state.projects.find((p) => p.id === keyOrId || p.key === upper);
}

export function findIssue(state: JiraState, keyOrId: string): Issue | undefined {
  const byId = state.issues.get(keyOrId);
  if (byId) return byId;
  const id = state.issueKeys.get(keyOrId.toUpperCase());
  return id === undefined ? undefined : state.issues.get(id);
}

export function projectOf(state: JiraState, issue: Issue): Project {
  const project = state.projects.find((p) => p.id === issue.projectId);
  if (!project) throw new Error(`Issue ${issue.key} belongs to unknown project ${issue.projectId}`);
  return project;
}

export function statusById(state: JiraState, id: string): Status | undefined {
  return state.statuses.find((s) => s.id === id);
}

export function categoryOf(state: JiraState, statusId: string): StatusCategory {
  const status = statusById(state, statusId);
  return (
    STATUS_CATEGORIES.find((c) => c.id === status?.categoryId) ?? (STATUS_CATEGORIES[0] as StatusCategory)
  );
}

export function workflowFor(state: JiraState, project: Project, issueTypeId: string): Workflow {
  const id = project.workflowScheme[issueTypeId];
  const workflow = state.workflows.find((w) => w.id === id);
  if (!workflow) throw new Error(`No workflow for issue type ${issueTypeId} in ${project.key}`);
  return workflow;
}

/** Transitions available from the issue's current status in its workflow. */
export function transitionsFor(state: JiraState, issue: Issue): Transition[] {
  const workflow = workflowFor(state, projectOf(state, issue), issue.fields.issueTypeId);
  return workflow.transitions.filter(
    (tr) =>
      (tr.from.length === 0 || tr.from.includes(issue.fields.statusId)) && tr.to !== issue.fields.statusId,
  );
}

export function serviceDeskForProject(state: JiraState, projectId: string): ServiceDesk | undefined {
  return state.serviceDesks.find((d) => d.projectId === projectId);
}

// ---------------------------------------------------------------------------------------------------------------
// App users and principals

/** Jira's app user for a Forge app (accountType `app`), created on first use so its account id is stable. */
export function appUser(state: JiraState, appKey: string): JiraUser {
  let h = 0x811c9dc5;
  for (let i = 0; i < appKey.length; i++) h = Math.imul(h ^ appKey.charCodeAt(i), 16777619) >>> 0;
  const accountId = `712020:${h.toString(16).padStart(8, '0')}-a0a0-4a0a-8a0a-${appKey.length.toString(16).padStart(12, '0')}`;
  let user = state.users.get(accountId);
  if (!user) {
    user = {
      accountId,
      displayName: appKey.replace(/^.*\//, '') || 'Forge app',
      email: null,
      accountType: 'app',
      active: true,
      timeZone: 'UTC',
      locale: 'en_US',
      groupIds: [],
      sandboxRoles: [],
    };
    state.users.set(accountId, user);
  }
  return user;
}

/** The account acting for a principal: the user, the app's user, or undefined for anonymous/unknown. */
export function actorOf(state: JiraState, principal: Principal): JiraUser | undefined {
  if (principal.kind === 'app') return appUser(state, principal.appKey);
  if (principal.kind === 'user') {
    const user = state.users.get(principal.accountId);
    return user?.active ? user : undefined;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Permissions

function userInRole(project: Project, roleId: string, user: JiraUser): boolean {
  const actors = project.roles[roleId];
  if (!actors) return false;
  return actors.accountIds.includes(user.accountId) || actors.groupIds.some((g) => user.groupIds.includes(g));
}

/** Whether a concrete user (by account) holds a project permission through the project's scheme. */
export function userHasProjectPermission(
  state: JiraState,
  user: JiraUser,
  project: Project,
  key: string,
): boolean {
  if (!user.active) return false;
  if (user.accountType === 'app') return PROJECT_PERMISSION_KEYS.includes(key);
  // Portal customers hold no project permissions in the agent (platform) API.
  if (user.accountType === 'customer') return false;
  const scheme = state.permissionSchemes.get(project.permissionSchemeId);
  const holders = scheme?.grants[key] ?? [];
  return holders.some((holder) => {
    switch (holder.type) {
      case 'projectRole':
        return userInRole(project, holder.roleId, user);
      case 'group':
        return user.groupIds.includes(holder.groupId);
      case 'user':
        return holder.accountId === user.accountId;
      case 'projectLead':
        return project.leadAccountId === user.accountId;
    }
    return false;
  });
}

export function userHasGlobalPermission(state: JiraState, user: JiraUser, key: string): boolean {
  if (!user.active) return false;
  // The app user browses users (like atlassian-addons) but never administers Jira.
  if (user.accountType === 'app') return key === 'USER_PICKER';
  return state.globalPermissions.some((g) => g.permission === key && user.groupIds.includes(g.groupId));
}

export function hasGlobalPermission(state: JiraState, principal: Principal, key: string): boolean {
  const actor = actorOf(state, principal);
  return actor ? userHasGlobalPermission(state, actor, key) : false;
}

export function hasProjectPermission(
  state: JiraState,
  principal: Principal,
  projectKeyOrId: string,
  key: string,
): boolean {
  const project = findProject(state, projectKeyOrId);
  const actor = actorOf(state, principal);
  if (!project || !actor) return false;
  return userHasProjectPermission(state, actor, project, key);
}

export function canBrowseIssue(state: JiraState, principal: Principal, issue: Issue): boolean {
  return hasProjectPermission(state, principal, issue.projectId, 'BROWSE_PROJECTS');
}

/** Whether a user is an agent (Service Desk Team or admin with SERVICEDESK_AGENT) in a project. */
export function isAgentIn(state: JiraState, user: JiraUser, project: Project): boolean {
  return (
    user.accountType === 'atlassian' && userHasProjectPermission(state, user, project, 'SERVICEDESK_AGENT')
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Directory

export function toDirectoryUser(user: JiraUser): DirectoryUser {
  return {
    accountId: user.accountId,
    displayName: user.displayName,
    accountType: user.accountType,
    active: user.active,
    emailAddress: user.email,
    groupIds: [...user.groupIds],
  };
}

export function directoryOf(state: JiraState): Directory {
  return {
    user(accountId) {
      const user = state.users.get(accountId);
      return user ? toDirectoryUser(user) : undefined;
    },
    users() {
      return [...state.users.values()].map(toDirectoryUser);
    },
    isAgent(accountId) {
      const user = state.users.get(accountId);
      if (!user) return false;
      return state.projects.some((p) => p.projectTypeKey === 'service_desk' && isAgentIn(state, user, p));
    },
    isSiteAdmin(accountId) {
      const user = state.users.get(accountId);
      return user ? userHasGlobalPermission(state, user, 'ADMINISTER') : false;
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Mutations shared by the seed and the routes

export interface NewIssue {
  projectId: string;
  issueTypeId: string;
  summary: string;
  description?: AdfNode | null;
  priorityId?: string;
  reporter: string;
  creator?: string;
  assignee?: string | null;
  labels?: string[];
  dueDate?: string | null;
  assets?: AssetRef[];
  location?: ServiceLocation | null;
  requiredSkillId?: string | null;
  requestTypeId?: string | null;
  participants?: string[];
  /** Creation time in ms (defaults to the site clock). */
  created?: number;
}

export function createIssue(state: JiraState, input: NewIssue): Issue {
  const project = state.projects.find((p) => p.id === input.projectId);
  if (!project) throw new Error(`Unknown project ${input.projectId}`);
  const workflow = workflowFor(state, project, input.issueTypeId);
  const created = input.created ?? state.now().getTime();
  state.counters.issue += 1;
  const id = String(state.counters.issue);
  const key = `${project.key}-${project.nextIssueNumber}`;
  project.nextIssueNumber += 1;
  const issue: Issue = {
    id,
    key,
    projectId: project.id,
    created,
    updated: created,
    fields: {
      summary: input.summary,
      description: input.description ?? null,
      issueTypeId: input.issueTypeId,
      statusId: workflow.initialStatusId,
      priorityId: input.priorityId ?? '3',
      assignee: input.assignee ?? null,
      reporter: input.reporter,
      creator: input.creator ?? input.reporter,
      resolutionId: null,
      resolutionDate: null,
      labels: input.labels ?? [],
      dueDate: input.dueDate ?? null,
      statusCategoryChangeDate: created,
      assets: input.assets ?? [],
      location: input.location ?? null,
      requiredSkillId: input.requiredSkillId ?? null,
    },
    comments: [],
    worklogs: [],
    changelog: [],
    requestTypeId: input.requestTypeId ?? null,
    participants: input.participants ?? [],
  };
  state.issues.set(id, issue);
  state.issueKeys.set(key, id);
  return issue;
}

export function addChangelog(
  state: JiraState,
  issue: Issue,
  authorAccountId: string,
  items: ChangeItem[],
  at: number,
): void {
  if (items.length === 0) return;
  state.counters.changelog += 1;
  issue.changelog.push({ id: String(state.counters.changelog), authorAccountId, created: at, items });
  issue.updated = Math.max(issue.updated, at);
}

export function userName(state: JiraState, accountId: string | null): string | null {
  if (accountId === null) return null;
  return state.users.get(accountId)?.displayName ?? accountId;
}

export function assigneeChange(state: JiraState, from: string | null, to: string | null): ChangeItem {
  return {
    field: 'assignee',
    fieldtype: 'jira',
    fieldId: 'assignee',
    from,
    fromString: userName(state, from),
    to,
    toString: userName(state, to),
  };
}

/** Moves an issue along a transition (no permission checks), recording the changelog. */
export function applyTransition(
  state: JiraState,
  issue: Issue,
  transition: Transition,
  authorAccountId: string,
  at: number,
  resolutionId?: string | null,
): void {
  const items: ChangeItem[] = [];
  const fromStatus = statusById(state, issue.fields.statusId);
  const toStatus = statusById(state, transition.to);
  items.push({
    field: 'status',
    fieldtype: 'jira',
    fieldId: 'status',
    from: issue.fields.statusId,
    fromString: fromStatus?.name ?? null,
    to: transition.to,
    toString: toStatus?.name ?? null,
  });
  const fromCategory = categoryOf(state, issue.fields.statusId).id;
  issue.fields.statusId = transition.to;
  if (categoryOf(state, transition.to).id !== fromCategory) issue.fields.statusCategoryChangeDate = at;
  const nextResolution = transition.clearsResolution
    ? null
    : (resolutionId ?? transition.defaultResolutionId ?? issue.fields.resolutionId);
  if (nextResolution !== issue.fields.resolutionId) {
    const name = (id: string | null) => state.resolutions.find((r) => r.id === id)?.name ?? null;
    items.push({
      field: 'resolution',
      fieldtype: 'jira',
      fieldId: 'resolution',
      from: issue.fields.resolutionId,
      fromString: name(issue.fields.resolutionId),
      to: nextResolution,
      toString: name(nextResolution),
    });
    issue.fields.resolutionId = nextResolution;
    issue.fields.resolutionDate = nextResolution === null ? null : at;
  }
  addChangelog(state, issue, authorAccountId, items, at);
}

export function addComment(
  state: JiraState,
  issue: Issue,
  input: {
    authorAccountId: string;
    body: AdfNode;
    internal: boolean;
    at: number;
    visibility?: Comment['visibility'];
  },
): Comment {
  state.counters.comment += 1;
  const comment: Comment = {
    id: String(state.counters.comment),
    authorAccountId: input.authorAccountId,
    updateAuthorAccountId: input.authorAccountId,
    body: input.body,
    created: input.at,
    updated: input.at,
    internal: input.internal,
    visibility: input.visibility ?? null,
  };
  issue.comments.push(comment);
  issue.updated = Math.max(issue.updated, input.at);
  return comment;
}

export function addWorklog(
  state: JiraState,
  issue: Issue,
  input: {
    authorAccountId: string;
    started: string;
    startedMillis: number;
    timeSpentSeconds: number;
    comment: AdfNode | null;
    at: number;
  },
): Worklog {
  state.counters.worklog += 1;
  const worklog: Worklog = {
    id: String(state.counters.worklog),
    authorAccountId: input.authorAccountId,
    updateAuthorAccountId: input.authorAccountId,
    comment: input.comment,
    started: input.started,
    startedMillis: input.startedMillis,
    timeSpentSeconds: input.timeSpentSeconds,
    created: input.at,
    updated: input.at,
  };
  issue.worklogs.push(worklog);
  issue.updated = Math.max(issue.updated, input.at);
  return worklog;
}
