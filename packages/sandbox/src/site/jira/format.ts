/**
 * Rendering the site state as Jira Cloud JSON (users, issues, comments, worklogs, SLAs) and the small parsers
 * the routes share (ADF validation, Jira dates, time-tracking durations).
 */
import {
  type AdfNode,
  type Comment,
  categoryOf,
  FIELD_ASSETS,
  FIELD_REQUEST_TYPE,
  FIELD_REQUIRED_SKILL,
  FIELD_SERVICE_LOCATION,
  FIELD_SLA_FIRST_RESPONSE,
  FIELD_SLA_RESOLUTION,
  type Issue,
  type IssueType,
  isAgentIn,
  type JiraState,
  type JiraUser,
  type Project,
  projectOf,
  type RequestType,
  type SlaMetric,
  STATUS,
  STATUS_CATEGORIES,
  type Status,
  serviceDeskForProject,
  statusById,
  type Transition,
  type Worklog,
} from './model';

// ---------------------------------------------------------------------------------------------------------------
// Dates

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Jira's timestamp format, always in UTC: `2025-01-17T12:34:00.000+0000`. */
export function jiraDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(
    d.getUTCMinutes(),
  )}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}+0000`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** JSM's DateDTO. */
export function jsmDate(ms: number) {
  const d = new Date(ms);
  const hours = d.getUTCHours();
  const h12 = hours % 12 === 0 ? 12 : hours % 12;
  return {
    iso8601: `${jiraDate(ms).slice(0, 19)}+0000`,
    jira: jiraDate(ms),
    friendly: `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${pad(d.getUTCFullYear() % 100)} ${h12}:${pad(
      d.getUTCMinutes(),
    )} ${hours < 12 ? 'AM' : 'PM'}`,
    epochMillis: ms,
  };
}

/** Worklog `started`: exactly `yyyy-MM-dd'T'HH:mm:ss.SSS±hhmm`. */
const STARTED = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.(\d{3})([+-])(\d{2})(\d{2})$/;

export function parseJiraDate(text: string): number | undefined {
  const m = STARTED.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, ms, sign, oh, om] = m.map((part) => part ?? '');
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    return undefined;
  }
  if (Number(oh) > 14 || Number(om) > 59) return undefined;
  const utc = Date.UTC(Number(y), month - 1, day, Number(h), Number(mi), Number(s), Number(ms));
  const check = new Date(Date.UTC(Number(y), month - 1, day));
  if (check.getUTCDate() !== day) return undefined;
  const offset = (Number(oh) * 60 + Number(om)) * 60_000 * (sign === '-' ? -1 : 1);
  return utc - offset;
}

// ---------------------------------------------------------------------------------------------------------------
// ADF

const MAX_ADF_DEPTH = 50;

/** Whether a value is an ADF document: `{type:'doc', version:1, content:[nodes]}` with well-formed nodes. */
export function isAdfDocument(value: unknown): value is AdfNode {
  if (!isRecord(value) || value.type !== 'doc' || value.version !== 1 || !Array.isArray(value.content)) {
    return false;
  }
  return value.content.every((node) => isAdfNode(node, 1));
}

function isAdfNode(value: unknown, depth: number): boolean {
  if (depth > MAX_ADF_DEPTH || !isRecord(value) || typeof value.type !== 'string' || value.type === 'doc') {
    return false;
  }
  if (value.type === 'text' && (typeof value.text !== 'string' || value.text.length === 0)) return false;
  if (value.content !== undefined) {
    if (!Array.isArray(value.content)) return false;
    if (!value.content.every((child) => isAdfNode(child, depth + 1))) return false;
  }
  if (value.marks !== undefined) {
    if (!Array.isArray(value.marks)) return false;
    if (!value.marks.every((mark) => isRecord(mark) && typeof mark.type === 'string')) return false;
  }
  if (value.attrs !== undefined && !isRecord(value.attrs)) return false;
  return true;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An ADF document from plain text: blank lines separate paragraphs, single newlines become hard breaks. */
export function textToAdf(text: string): AdfNode {
  const paragraphs = text
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  return {
    type: 'doc',
    version: 1,
    content: paragraphs.map((paragraph) => {
      const content: AdfNode[] = [];
      paragraph.split(/\r?\n/).forEach((line, i) => {
        if (i > 0) content.push({ type: 'hardBreak' });
        if (line.length > 0) content.push({ type: 'text', text: line });
      });
      return { type: 'paragraph', content };
    }),
  };
}

/** Plain text of an ADF document (what JSM's comment API shows as `body`). */
export function adfToText(node: unknown): string {
  if (!isRecord(node)) return '';
  if (node.type === 'text') return typeof node.text === 'string' ? node.text : '';
  if (node.type === 'hardBreak') return '\n';
  if (node.type === 'mention') {
    const attrs = isRecord(node.attrs) ? node.attrs : {};
    return typeof attrs.text === 'string' ? attrs.text : `[~accountid:${String(attrs.id ?? '')}]`;
  }
  const children = Array.isArray(node.content) ? node.content.map(adfToText) : [];
  const block = ['doc', 'bulletList', 'orderedList', 'table', 'tableRow'].includes(String(node.type));
  return children.join(block ? '\n\n' : '').replace(/\n{3,}/g, '\n\n');
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// ---------------------------------------------------------------------------------------------------------------
// Durations

/** Seconds → Jira's pretty format with the site's working day/week (`1w 2d 3h 30m`). */
export function formatDuration(state: JiraState, seconds: number): string {
  const minute = 60;
  const hour = 3600;
  const day = state.timeTracking.workingHoursPerDay * hour;
  const week = state.timeTracking.workingDaysPerWeek * day;
  let rest = Math.max(0, Math.round(seconds / minute) * minute);
  const parts: string[] = [];
  for (const [unit, size] of [
    ['w', week],
    ['d', day],
    ['h', hour],
    ['m', minute],
  ] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  return parts.length > 0 ? parts.join(' ') : '0m';
}

/** Jira's `timeSpent` syntax (`1w 2d 3h 30m`, units once each, decimals allowed) → seconds, or undefined. */
export function parseDuration(state: JiraState, text: string): number | undefined {
  if (text.length > 64) return undefined;
  const hour = 3600;
  const sizes: Record<string, number> = {
    w: state.timeTracking.workingDaysPerWeek * state.timeTracking.workingHoursPerDay * hour,
    d: state.timeTracking.workingHoursPerDay * hour,
    h: hour,
    m: 60,
  };
  const trimmed = text.trim();
  if (trimmed.length === 0) return undefined;
  const part = /(\d+(?:\.\d+)?)\s*([wdhm])\s*/gy;
  let total = 0;
  const seen = new Set<string>();
  let index = 0;
  while (index < trimmed.length) {
    part.lastIndex = index;
    const m = part.exec(trimmed);
    if (!m) return undefined;
    const unit = (m[2] ?? '').toLowerCase();
    if (seen.has(unit)) return undefined;
    seen.add(unit);
    total += Number(m[1]) * (sizes[unit] ?? 0);
    index = part.lastIndex;
  }
  const seconds = Math.round(total);
  return seconds > 0 ? seconds : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Users

export function avatarUrls(accountId: string) {
  const base = `https://avatar-management--avatars.us-west-2.prod.public.atl-paas.net/${encodeURIComponent(accountId)}`;
  return { '48x48': `${base}/48`, '24x24': `${base}/24`, '16x16': `${base}/16`, '32x32': `${base}/32` };
}

/** The short user bean embedded in issues, comments and searches. */
export function userJson(state: JiraState, user: JiraUser) {
  return {
    self: `${state.baseUrl}/rest/api/3/user?accountId=${encodeURIComponent(user.accountId)}`,
    accountId: user.accountId,
    ...(user.email !== null ? { emailAddress: user.email } : {}),
    avatarUrls: avatarUrls(user.accountId),
    displayName: user.displayName,
    active: user.active,
    timeZone: user.timeZone,
    accountType: user.accountType,
  };
}

export function userRef(state: JiraState, accountId: string | null) {
  if (accountId === null) return null;
  const user = state.users.get(accountId);
  if (!user) {
    return {
      accountId,
      displayName: 'Former user',
      active: false,
      accountType: 'atlassian',
      avatarUrls: avatarUrls(accountId),
    };
  }
  return userJson(state, user);
}

/** JSM's UserDTO. */
export function jsmUser(state: JiraState, accountId: string) {
  const user = state.users.get(accountId);
  return {
    accountId,
    ...(user?.email ? { emailAddress: user.email } : {}),
    displayName: user?.displayName ?? 'Former user',
    active: user?.active ?? false,
    timeZone: user?.timeZone ?? 'UTC',
    _links: {
      jiraRest: `${state.baseUrl}/rest/api/2/user?accountId=${encodeURIComponent(accountId)}`,
      avatarUrls: avatarUrls(accountId),
      self: `${state.baseUrl}/rest/api/2/user?accountId=${encodeURIComponent(accountId)}`,
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Config objects

export function statusCategoryJson(state: JiraState, statusId: string) {
  const c = categoryOf(state, statusId);
  return {
    self: `${state.baseUrl}/rest/api/3/statuscategory/${c.id}`,
    id: c.id,
    key: c.key,
    colorName: c.colorName,
    name: c.name,
  };
}

export function statusJson(state: JiraState, status: Status) {
  return {
    self: `${state.baseUrl}/rest/api/3/status/${status.id}`,
    description: status.description,
    iconUrl: `${state.baseUrl}/images/icons/statuses/generic.png`,
    name: status.name,
    untranslatedName: status.name,
    id: status.id,
    statusCategory: statusCategoryJson(state, status.id),
  };
}

export function issueTypeJson(state: JiraState, type: IssueType) {
  return {
    self: `${state.baseUrl}/rest/api/3/issuetype/${type.id}`,
    id: type.id,
    description: type.description,
    iconUrl: type.iconUrl,
    name: type.name,
    subtask: type.subtask,
    hierarchyLevel: 0,
  };
}

export function projectRefJson(state: JiraState, project: Project) {
  return {
    self: `${state.baseUrl}/rest/api/3/project/${project.id}`,
    id: project.id,
    key: project.key,
    name: project.name,
    projectTypeKey: project.projectTypeKey,
    simplified: false,
    avatarUrls: avatarUrls(`project-${project.id}`),
  };
}

export function transitionJson(state: JiraState, transition: Transition) {
  const to = statusById(state, transition.to);
  return {
    id: transition.id,
    name: transition.name,
    to: to ? statusJson(state, to) : { id: transition.to },
    hasScreen: false,
    isGlobal: transition.from.length === 0,
    isInitial: false,
    isAvailable: true,
    isConditional: false,
    isLooped: false,
  };
}

export function requestTypeJson(state: JiraState, rt: RequestType) {
  const desk = state.serviceDesks.find((d) => d.id === rt.serviceDeskId);
  return {
    _links: {
      self: `${state.baseUrl}/rest/servicedeskapi/servicedesk/${rt.serviceDeskId}/requesttype/${rt.id}`,
    },
    id: rt.id,
    name: rt.name,
    description: rt.description,
    helpText: rt.helpText,
    issueTypeId: rt.issueTypeId,
    serviceDeskId: rt.serviceDeskId,
    portalId: desk?.id ?? rt.serviceDeskId,
    groupIds: rt.groupIds,
    icon: {
      id: `1${rt.id}`,
      _links: {
        iconUrls: {
          '48x48': `${state.baseUrl}/rest/api/2/universal_avatar/view/type/SD_REQTYPE/avatar/1${rt.id}?size=large`,
        },
      },
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// JSM status and SLA

export function jsmStatusCategory(
  state: JiraState,
  statusId: string,
): 'NEW' | 'INDETERMINATE' | 'DONE' | 'UNDEFINED' {
  const key = categoryOf(state, statusId).key;
  return key === 'new'
    ? 'NEW'
    : key === 'indeterminate'
      ? 'INDETERMINATE'
      : key === 'done'
        ? 'DONE'
        : 'UNDEFINED';
}

/** `(status id, entered at)` pairs from creation to now, oldest first. */
export function statusHistory(issue: Issue): { statusId: string; at: number }[] {
  const history: { statusId: string; at: number }[] = [];
  const firstChange = issue.changelog.flatMap((e) => e.items.filter((i) => i.fieldId === 'status'))[0];
  history.push({ statusId: firstChange?.from ?? issue.fields.statusId, at: issue.created });
  for (const entry of issue.changelog) {
    for (const item of entry.items) {
      if (item.fieldId === 'status' && item.to !== null)
        history.push({ statusId: item.to, at: entry.created });
    }
  }
  return history;
}

export function currentStatusJson(state: JiraState, issue: Issue) {
  const history = statusHistory(issue);
  const last = history[history.length - 1];
  return {
    status: statusById(state, issue.fields.statusId)?.name ?? issue.fields.statusId,
    statusCategory: jsmStatusCategory(state, issue.fields.statusId),
    statusDate: jsmDate(last?.at ?? issue.created),
  };
}

export interface SlaState {
  metric: SlaMetric;
  goalMillis: number;
  startMillis: number;
  /** When the metric stopped, or null while it is running. */
  stopMillis: number | null;
  elapsedMillis: number;
  remainingMillis: number;
  breached: boolean;
  breachMillis: number;
}

/** When the first-response clock stopped: a public comment by an agent, `Waiting for customer`, or a resolution. */
function firstResponseAt(state: JiraState, issue: Issue): number | null {
  const project = projectOf(state, issue);
  let at: number | null = null;
  const consider = (t: number) => {
    if (at === null || t < at) at = t;
  };
  for (const comment of issue.comments) {
    if (comment.internal || comment.authorAccountId === issue.fields.reporter) continue;
    const author = state.users.get(comment.authorAccountId);
    if (author && isAgentIn(state, author, project)) consider(comment.created);
  }
  for (const entry of issue.changelog) {
    for (const item of entry.items) {
      if (item.fieldId === 'status' && item.to === STATUS.waitingForCustomer) consider(entry.created);
      if (item.fieldId === 'resolution' && item.to !== null) consider(entry.created);
    }
  }
  return at;
}

/**
 * SLAs run on a 24/7 calendar from creation. Time to resolution stops at the current resolution date (reopening
 * restarts the ongoing cycle); time to first response stops at the first response. Pause conditions are not emulated.
 */
export function computeSlas(state: JiraState, issue: Issue): SlaState[] {
  const now = state.now().getTime();
  return state.slaMetrics.map((metric) => {
    const goalMillis = metric.goalsByPriority[issue.fields.priorityId] ?? metric.defaultGoalMillis;
    const startMillis = issue.created;
    const stopMillis =
      metric.kind === 'resolution' ? issue.fields.resolutionDate : firstResponseAt(state, issue);
    const end = stopMillis ?? now;
    const elapsedMillis = Math.max(0, end - startMillis);
    return {
      metric,
      goalMillis,
      startMillis,
      stopMillis,
      elapsedMillis,
      remainingMillis: goalMillis - elapsedMillis,
      breached: elapsedMillis > goalMillis,
      breachMillis: startMillis + goalMillis,
    };
  });
}

export function friendlyMillis(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  return `${sign}${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}

const durationJson = (ms: number) => ({ millis: ms, friendly: friendlyMillis(ms) });

/** JSM `SlaInformationDTO` (for `/request/{key}/sla` and `expand=sla`). */
export function slaJson(state: JiraState, issue: Issue, sla: SlaState) {
  const base = {
    id: sla.metric.id,
    name: sla.metric.name,
    _links: { self: `${state.baseUrl}/rest/servicedeskapi/request/${issue.id}/sla/${sla.metric.id}` },
  };
  if (sla.stopMillis !== null) {
    return {
      ...base,
      completedCycles: [
        {
          startTime: jsmDate(sla.startMillis),
          stopTime: jsmDate(sla.stopMillis),
          breachTime: jsmDate(sla.breachMillis),
          breached: sla.breached,
          goalDuration: durationJson(sla.goalMillis),
          elapsedTime: durationJson(sla.elapsedMillis),
          remainingTime: durationJson(sla.remainingMillis),
        },
      ],
      slaDisplayFormat: 'NEW_SLA_FORMAT',
    };
  }
  return {
    ...base,
    completedCycles: [],
    ongoingCycle: {
      startTime: jsmDate(sla.startMillis),
      breachTime: jsmDate(sla.breachMillis),
      breached: sla.breached,
      paused: false,
      withinCalendarHours: true,
      goalDuration: durationJson(sla.goalMillis),
      elapsedTime: durationJson(sla.elapsedMillis),
      remainingTime: durationJson(sla.remainingMillis),
    },
    slaDisplayFormat: 'NEW_SLA_FORMAT',
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Comments and worklogs

export function commentJson(state: JiraState, issue: Issue, comment: Comment, renderedBody = false) {
  return {
    self: `${state.baseUrl}/rest/api/3/issue/${issue.id}/comment/${comment.id}`,
    id: comment.id,
    author: userRef(state, comment.authorAccountId),
    body: comment.body,
    ...(renderedBody ? { renderedBody: `<p>${escapeHtml(adfToText(comment.body))}</p>` } : {}),
    updateAuthor: userRef(state, comment.updateAuthorAccountId),
    created: jiraDate(comment.created),
    updated: jiraDate(comment.updated),
    jsdPublic: !comment.internal,
    ...(comment.visibility
      ? { visibility: { ...comment.visibility, identifier: comment.visibility.value } }
      : {}),
    ...(comment.internal ? { properties: [{ key: 'sd.public.comment', value: { internal: true } }] } : {}),
  };
}

export function worklogJson(state: JiraState, issue: Issue, worklog: Worklog) {
  return {
    self: `${state.baseUrl}/rest/api/3/issue/${issue.id}/worklog/${worklog.id}`,
    author: userRef(state, worklog.authorAccountId),
    updateAuthor: userRef(state, worklog.updateAuthorAccountId),
    ...(worklog.comment ? { comment: worklog.comment } : {}),
    created: jiraDate(worklog.created),
    updated: jiraDate(worklog.updated),
    started: worklog.started,
    timeSpent: formatDuration(state, worklog.timeSpentSeconds),
    timeSpentSeconds: worklog.timeSpentSeconds,
    id: worklog.id,
    issueId: issue.id,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Issues

/** Which fields a request asked for (`*all`, `*navigable`, ids, `-id` exclusions). */
export interface FieldSelection {
  has(fieldId: string): boolean;
  /** Only `id`/`key` (or nothing) requested: search may page up to 5000. */
  readonly idOnly: boolean;
}

export function parseFieldSelection(
  state: JiraState,
  raw: readonly string[],
  fallback: string,
): FieldSelection {
  const tokens = (raw.length === 0 ? [fallback] : raw)
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  const include = new Set<string>();
  const exclude = new Set<string>();
  let all = false;
  let navigable = false;
  for (const token of tokens) {
    if (token === '*all') all = true;
    else if (token === '*navigable') navigable = true;
    else if (token.startsWith('-')) exclude.add(token.slice(1));
    else include.add(token);
  }
  const navigableIds = new Set(state.fields.filter((f) => f.navigable).map((f) => f.id));
  const idOnly =
    !all && !navigable && [...include].every((f) => f === 'id' || f === 'key' || f === 'issuekey');
  return {
    idOnly,
    has(fieldId) {
      if (exclude.has(fieldId)) return false;
      if (all) return true;
      if (navigable && navigableIds.has(fieldId)) return true;
      return include.has(fieldId);
    },
  };
}

const ALL_ISSUE_FIELDS = [
  'summary',
  'description',
  'issuetype',
  'project',
  'status',
  'statusCategory',
  'priority',
  'assignee',
  'reporter',
  'creator',
  'created',
  'updated',
  'resolution',
  'resolutiondate',
  'statuscategorychangedate',
  'labels',
  'duedate',
  'comment',
  'worklog',
  'timetracking',
  'timespent',
  FIELD_REQUEST_TYPE,
  FIELD_SLA_FIRST_RESPONSE,
  FIELD_SLA_RESOLUTION,
  FIELD_ASSETS,
  FIELD_SERVICE_LOCATION,
  FIELD_REQUIRED_SKILL,
] as const;

/** The Jira JSON value of one field of an issue (undefined when the field does not apply). */
export function fieldValue(state: JiraState, issue: Issue, fieldId: string): unknown {
  const f = issue.fields;
  const project = projectOf(state, issue);
  switch (fieldId) {
    case 'summary':
      return f.summary;
    case 'description':
      return f.description;
    case 'issuetype': {
      const type = state.issueTypes.find((it) => it.id === f.issueTypeId);
      return type ? issueTypeJson(state, type) : null;
    }
    case 'project':
      return projectRefJson(state, project);
    case 'status': {
      const status = statusById(state, f.statusId);
      return status ? statusJson(state, status) : null;
    }
    case 'statusCategory':
      return statusCategoryJson(state, f.statusId);
    case 'priority': {
      const p = state.priorities.find((x) => x.id === f.priorityId);
      return p
        ? { self: `${state.baseUrl}/rest/api/3/priority/${p.id}`, iconUrl: p.iconUrl, name: p.name, id: p.id }
        : null;
    }
    case 'assignee':
      return userRef(state, f.assignee);
    case 'reporter':
      return userRef(state, f.reporter);
    case 'creator':
      return userRef(state, f.creator);
    case 'created':
      return jiraDate(issue.created);
    case 'updated':
      return jiraDate(issue.updated);
    case 'resolution': {
      const r = state.resolutions.find((x) => x.id === f.resolutionId);
      return r
        ? {
            self: `${state.baseUrl}/rest/api/3/resolution/${r.id}`,
            id: r.id,
            description: r.description,
            name: r.name,
          }
        : null;
    }
    case 'resolutiondate':
      return f.resolutionDate === null ? null : jiraDate(f.resolutionDate);
    case 'statuscategorychangedate':
      return jiraDate(f.statusCategoryChangeDate);
    case 'labels':
      return [...f.labels];
    case 'duedate':
      return f.dueDate;
    case 'comment':
      return {
        comments: issue.comments.map((c) => commentJson(state, issue, c)),
        self: `${state.baseUrl}/rest/api/3/issue/${issue.id}/comment`,
        maxResults: issue.comments.length,
        total: issue.comments.length,
        startAt: 0,
      };
    case 'worklog': {
      const worklogs = issue.worklogs.slice(0, 20);
      return {
        startAt: 0,
        maxResults: 20,
        total: issue.worklogs.length,
        worklogs: worklogs.map((w) => worklogJson(state, issue, w)),
      };
    }
    case 'timespent': {
      const spent = issue.worklogs.reduce((sum, w) => sum + w.timeSpentSeconds, 0);
      return spent > 0 ? spent : null;
    }
    case 'timetracking': {
      const spent = issue.worklogs.reduce((sum, w) => sum + w.timeSpentSeconds, 0);
      return spent > 0 ? { timeSpent: formatDuration(state, spent), timeSpentSeconds: spent } : {};
    }
    case FIELD_REQUEST_TYPE: {
      const rt = state.requestTypes.find((r) => r.id === issue.requestTypeId);
      if (!rt) return null;
      const desk = serviceDeskForProject(state, project.id);
      return {
        _links: {
          jiraRest: `${state.baseUrl}/rest/api/2/issue/${issue.id}`,
          web: `${state.baseUrl}/servicedesk/customer/portal/${desk?.id ?? ''}/${issue.key}`,
          self: `${state.baseUrl}/rest/servicedeskapi/request/${issue.id}`,
        },
        requestType: requestTypeJson(state, rt),
        currentStatus: currentStatusJson(state, issue),
      };
    }
    case FIELD_SLA_FIRST_RESPONSE:
    case FIELD_SLA_RESOLUTION: {
      if (issue.requestTypeId === null) return null;
      const sla = computeSlas(state, issue).find((s) => s.metric.fieldId === fieldId);
      return sla ? slaJson(state, issue, sla) : null;
    }
    case FIELD_ASSETS:
      return f.assets.length > 0 ? f.assets.map((a) => ({ ...a })) : null;
    case FIELD_SERVICE_LOCATION:
      return f.location ? { ...f.location } : null;
    case FIELD_REQUIRED_SKILL: {
      const option = state.skillOptions.find((o) => o.id === f.requiredSkillId);
      return option
        ? {
            self: `${state.baseUrl}/rest/api/3/customFieldOption/${option.id}`,
            value: option.value,
            id: option.id,
          }
        : null;
    }
  }
  return undefined;
}

export function issueJson(
  state: JiraState,
  issue: Issue,
  options: { fields: FieldSelection; expand: ReadonlySet<string>; transitions?: () => Transition[] },
) {
  const fields: Record<string, unknown> = {};
  for (const id of ALL_ISSUE_FIELDS) {
    if (options.fields.has(id)) fields[id] = fieldValue(state, issue, id);
  }
  const result: Record<string, unknown> = {
    expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
    id: issue.id,
    self: `${state.baseUrl}/rest/api/3/issue/${issue.id}`,
    key: issue.key,
    fields,
  };
  if (options.expand.has('names')) {
    result.names = Object.fromEntries(
      Object.keys(fields).map((id) => [id, state.fields.find((f) => f.id === id)?.name ?? id]),
    );
  }
  if (options.expand.has('schema')) {
    result.schema = Object.fromEntries(
      Object.keys(fields).flatMap((id) => {
        const schema = state.fields.find((f) => f.id === id)?.schema;
        return schema ? [[id, schema]] : [];
      }),
    );
  }
  if (options.expand.has('transitions')) {
    result.transitions = (options.transitions?.() ?? []).map((tr) => transitionJson(state, tr));
  }
  if (options.expand.has('changelog')) {
    result.changelog = {
      startAt: 0,
      maxResults: issue.changelog.length,
      total: issue.changelog.length,
      histories: issue.changelog.map((entry) => ({
        id: entry.id,
        author: userRef(state, entry.authorAccountId),
        created: jiraDate(entry.created),
        items: entry.items.map((item) => ({ ...item })),
      })),
    };
  }
  if (options.expand.has('renderedFields')) {
    result.renderedFields = {
      description: issue.fields.description
        ? `<p>${escapeHtml(adfToText(issue.fields.description))}</p>`
        : null,
    };
  }
  return result;
}

export function statusCategoriesJson(state: JiraState) {
  return STATUS_CATEGORIES.map((c) => ({
    self: `${state.baseUrl}/rest/api/3/statuscategory/${c.id}`,
    id: c.id,
    key: c.key,
    colorName: c.colorName,
    name: c.name,
  }));
}
