/**
 * Jira Service Management REST API routes (`/rest/servicedeskapi`, see the REST reference §2): service desks,
 * request types, customer requests, public/internal comments, SLAs, customer transitions, customers and the
 * Assets workspace id. Comment bodies are plain text here (JSM's API), stored as ADF like Jira's.
 */
import {
  adfToText,
  computeSlas,
  currentStatusJson,
  escapeHtml,
  isRecord,
  jsmDate,
  jsmStatusCategory,
  jsmUser,
  requestTypeJson,
  slaJson,
  statusHistory,
  textToAdf,
} from '../jira/format';
import {
  type AdfNode,
  actorOf,
  addComment,
  applyTransition,
  createIssue,
  FIELD_REQUIRED_SKILL,
  FIELD_SERVICE_LOCATION,
  findIssue,
  findProject,
  type Issue,
  isAgentIn,
  type JiraState,
  type JiraUser,
  type Project,
  projectOf,
  ROLE_SERVICE_DESK_CUSTOMERS,
  type ServiceDesk,
  type ServiceLocation,
  serviceDeskForProject,
  statusById,
  transitionsFor,
  userHasProjectPermission,
} from '../jira/model';
import { jsmError, type Principal, type Route, type SiteRequest, type SiteResponse } from '../types';

const READ = ['read:servicedesk-request'];
const WRITE = ['write:servicedesk-request'];
const JSM = (scope: string) => `${scope}:jira-service-management`;

export const JSM_SCOPES = {
  serviceDesks: [READ, [JSM('read:servicedesk')]],
  requestTypes: [READ, [JSM('read:requesttype')]],
  readRequest: [READ, [JSM('read:request'), 'read:user:jira']],
  writeRequest: [WRITE, [JSM('write:request')]],
  readComments: [READ, [JSM('read:request.comment')]],
  writeComments: [WRITE, [JSM('write:request.comment')]],
  readStatus: [READ, [JSM('read:request.status')]],
  writeStatus: [WRITE, [JSM('write:request.status')]],
  readSla: [READ, [JSM('read:request.sla')]],
  customers: [['manage:servicedesk-customer'], [JSM('read:servicedesk.customer')]],
  workspace: [READ],
} as const satisfies Record<string, readonly (readonly string[])[]>;

const NOT_AUTHENTICATED = 'You are not authenticated. Authentication required to perform this operation.';
const NO_REQUEST = (key: string) =>
  `The request '${key}' does not exist or you do not have permission to see it.`;

// ---------------------------------------------------------------------------------------------------------------
// Helpers

function paging(req: SiteRequest): { start: number; limit: number } | SiteResponse {
  const start = req.query.get('start') ?? '0';
  const limit = req.query.get('limit') ?? '50';
  if (!/^\d+$/.test(start) || !/^\d+$/.test(limit)) {
    return jsmError(400, "The 'start' and 'limit' parameters must be non-negative integers.");
  }
  // The server may cap `limit` below what was asked for; clients must loop on isLastPage.
  return { start: Number(start), limit: Math.min(Math.max(Number(limit), 1), 100) };
}

function page<T>(state: JiraState, path: string, values: T[], start: number, limit: number) {
  const slice = values.slice(start, start + limit);
  const isLastPage = start + slice.length >= values.length;
  const base = `${state.baseUrl}/rest/servicedeskapi`;
  return {
    size: slice.length,
    start,
    limit,
    isLastPage,
    values: slice,
    _links: {
      base: state.baseUrl,
      context: '',
      self: `${base}${path}?start=${start}&limit=${limit}`,
      ...(isLastPage ? {} : { next: `${base}${path}?start=${start + limit}&limit=${limit}` }),
      ...(start > 0 ? { prev: `${base}${path}?start=${Math.max(0, start - limit)}&limit=${limit}` } : {}),
    },
  };
}

function expandOf(req: SiteRequest): Set<string> {
  return new Set(
    req.query
      .getAll('expand')
      .flatMap((v) => v.split(','))
      .map((v) => v.trim()),
  );
}

function isDeskCustomer(state: JiraState, desk: ServiceDesk, user: JiraUser): boolean {
  const project = state.projects.find((p) => p.id === desk.projectId);
  const role = project?.roles[ROLE_SERVICE_DESK_CUSTOMERS];
  return (
    desk.customerAccountIds.includes(user.accountId) ||
    !!role?.accountIds.includes(user.accountId) ||
    !!role?.groupIds.some((g) => user.groupIds.includes(g))
  );
}

function deskProject(state: JiraState, desk: ServiceDesk): Project {
  const project = state.projects.find((p) => p.id === desk.projectId);
  if (!project) throw new Error(`Service desk ${desk.id} has no project`);
  return project;
}

/** How the caller relates to a desk: agent (incl. the app user), customer, or not at all. */
function deskAccess(
  state: JiraState,
  actor: JiraUser | undefined,
  desk: ServiceDesk,
): 'agent' | 'customer' | null {
  if (!actor) return null;
  if (isAgentIn(state, actor, deskProject(state, desk)) || actor.accountType === 'app') return 'agent';
  return isDeskCustomer(state, desk, actor) ? 'customer' : null;
}

function findDesk(state: JiraState, idOrKey: string): ServiceDesk | undefined {
  const byId = state.serviceDesks.find((d) => d.id === idOrKey);
  if (byId) return byId;
  const project = findProject(state, idOrKey);
  return project ? serviceDeskForProject(state, project.id) : undefined;
}

/** How the caller relates to a request: agent of its desk, or its reporter/participant (customer view). */
function requestAccess(
  state: JiraState,
  actor: JiraUser | undefined,
  issue: Issue,
): 'agent' | 'customer' | null {
  if (!actor || issue.requestTypeId === null) return null;
  const project = projectOf(state, issue);
  if (actor.accountType === 'app' || isAgentIn(state, actor, project)) return 'agent';
  if (issue.fields.reporter === actor.accountId || issue.participants.includes(actor.accountId))
    return 'customer';
  return null;
}

function visibleRequest(
  state: JiraState,
  principal: Principal,
  key: string,
): { issue: Issue; actor: JiraUser; access: 'agent' | 'customer' } | undefined {
  const actor = actorOf(state, principal);
  const issue = findIssue(state, key);
  if (!actor || !issue) return undefined;
  const access = requestAccess(state, actor, issue);
  return access ? { issue, actor, access } : undefined;
}

function serviceDeskJson(state: JiraState, desk: ServiceDesk) {
  const project = deskProject(state, desk);
  return {
    id: desk.id,
    projectId: project.id,
    projectName: project.name,
    projectKey: project.key,
    _links: { self: `${state.baseUrl}/rest/servicedeskapi/servicedesk/${desk.id}` },
  };
}

function statusHistoryJson(state: JiraState, issue: Issue) {
  return statusHistory(issue)
    .map((h) => ({
      status: statusById(state, h.statusId)?.name ?? h.statusId,
      statusCategory: jsmStatusCategory(state, h.statusId),
      statusDate: jsmDate(h.at),
    }))
    .reverse();
}

function requestJson(
  state: JiraState,
  issue: Issue,
  expand: ReadonlySet<string>,
  access: 'agent' | 'customer',
) {
  const project = projectOf(state, issue);
  const desk = serviceDeskForProject(state, project.id);
  const rt = state.requestTypes.find((r) => r.id === issue.requestTypeId);
  const description = issue.fields.description ? adfToText(issue.fields.description) : null;
  const requestFieldValues: { fieldId: string; label: string; value: unknown; renderedValue?: unknown }[] = [
    { fieldId: 'summary', label: 'Summary', value: issue.fields.summary },
  ];
  if (description !== null) {
    requestFieldValues.push({
      fieldId: 'description',
      label: 'Description',
      value: description,
      renderedValue: { html: `<p>${escapeHtml(description)}</p>` },
    });
  }
  if (issue.fields.location) {
    requestFieldValues.push({
      fieldId: FIELD_SERVICE_LOCATION,
      label: 'Service location',
      value: { ...issue.fields.location },
    });
  }
  const expands = [
    'participant',
    'status',
    'sla',
    'requestType',
    'serviceDesk',
    'attachment',
    'action',
    'comment',
  ];
  const body: Record<string, unknown> = {
    _expands: expands,
    issueId: issue.id,
    issueKey: issue.key,
    requestTypeId: issue.requestTypeId ?? '',
    serviceDeskId: desk?.id ?? '',
    createdDate: jsmDate(issue.created),
    reporter: jsmUser(state, issue.fields.reporter),
    requestFieldValues,
    currentStatus: currentStatusJson(state, issue),
    _links: {
      jiraRest: `${state.baseUrl}/rest/api/2/issue/${issue.id}`,
      web: `${state.baseUrl}/servicedesk/customer/portal/${desk?.id ?? ''}/${issue.key}`,
      agent: `${state.baseUrl}/browse/${issue.key}`,
      self: `${state.baseUrl}/rest/servicedeskapi/request/${issue.id}`,
    },
  };
  const base = `/request/${issue.id}`;
  if (expand.has('serviceDesk') && desk) body.serviceDesk = serviceDeskJson(state, desk);
  if (expand.has('requestType') && rt) body.requestType = requestTypeJson(state, rt);
  if (expand.has('participant')) {
    const people = issue.participants.map((id) => jsmUser(state, id));
    body.participants = page(state, `${base}/participant`, people, 0, 50);
  }
  if (expand.has('status'))
    body.status = page(state, `${base}/status`, statusHistoryJson(state, issue), 0, 50);
  if (expand.has('sla')) {
    const slas = access === 'agent' ? computeSlas(state, issue).map((s) => slaJson(state, issue, s)) : [];
    body.sla = page(state, `${base}/sla`, slas, 0, 50);
  }
  return body;
}

function commentJsm(state: JiraState, issue: Issue, comment: Issue['comments'][number], rendered: boolean) {
  const text = adfToText(comment.body);
  return {
    id: comment.id,
    body: text,
    ...(rendered ? { renderedBody: { html: `<p>${escapeHtml(text)}</p>` } } : {}),
    public: !comment.internal,
    author: jsmUser(state, comment.authorAccountId),
    created: jsmDate(comment.created),
    _links: { self: `${state.baseUrl}/rest/servicedeskapi/request/${issue.id}/comment/${comment.id}` },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Handlers

function listServiceDesks(
  req: SiteRequest,
  _p: Readonly<Record<string, string>>,
  state: JiraState,
): SiteResponse {
  const actor = actorOf(state, req.principal);
  if (!actor) return jsmError(401, NOT_AUTHENTICATED);
  const paged = paging(req);
  if ('status' in paged) return paged;
  const desks = state.serviceDesks
    .filter((d) => deskAccess(state, actor, d) !== null)
    .map((d) => serviceDeskJson(state, d));
  return { status: 200, body: page(state, '/servicedesk', desks, paged.start, paged.limit) };
}

function getServiceDesk(
  req: SiteRequest,
  p: Readonly<Record<string, string>>,
  state: JiraState,
): SiteResponse {
  const actor = actorOf(state, req.principal);
  if (!actor) return jsmError(401, NOT_AUTHENTICATED);
  const desk = findDesk(state, p.serviceDeskId ?? '');
  if (!desk || deskAccess(state, actor, desk) === null) {
    return jsmError(
      404,
      `The service desk '${p.serviceDeskId ?? ''}' does not exist or you do not have permission to see it.`,
    );
  }
  return { status: 200, body: serviceDeskJson(state, desk) };
}

function listRequestTypes(
  req: SiteRequest,
  p: Readonly<Record<string, string>>,
  state: JiraState,
): SiteResponse {
  const actor = actorOf(state, req.principal);
  if (!actor) return jsmError(401, NOT_AUTHENTICATED);
  const desk = findDesk(state, p.serviceDeskId ?? '');
  if (!desk || deskAccess(state, actor, desk) === null) {
    return jsmError(
      404,
      `The service desk '${p.serviceDeskId ?? ''}' does not exist or you do not have permission to see it.`,
    );
  }
  const paged = paging(req);
  if ('status' in paged) return paged;
  const query = (req.query.get('searchQuery') ?? '').toLowerCase();
  const groupId = req.query.get('groupId');
  const types = state.requestTypes
    .filter((rt) => rt.serviceDeskId === desk.id)
    .filter((rt) => query === '' || rt.name.toLowerCase().includes(query))
    .filter((rt) => groupId === null || rt.groupIds.includes(groupId))
    .map((rt) => requestTypeJson(state, rt));
  return {
    status: 200,
    body: page(state, `/servicedesk/${desk.id}/requesttype`, types, paged.start, paged.limit),
  };
}

function listRequests(
  req: SiteRequest,
  _p: Readonly<Record<string, string>>,
  state: JiraState,
): SiteResponse {
  const actor = actorOf(state, req.principal);
  if (!actor) return jsmError(401, NOT_AUTHENTICATED);
  const paged = paging(req);
  if ('status' in paged) return paged;
  const ownership = req.query.get('requestOwnership');
  const status = req.query.get('requestStatus') ?? 'ALL_REQUESTS';
  const deskId = req.query.get('serviceDeskId');
  const typeId = req.query.get('requestTypeId');
  const term = (req.query.get('searchTerm') ?? '').toLowerCase();
  const expand = expandOf(req);
  const results: Issue[] = [];
  for (const issue of state.issues.values()) {
    const access = requestAccess(state, actor, issue);
    if (!access) continue;
    const owned = issue.fields.reporter === actor.accountId;
    const participated = issue.participants.includes(actor.accountId);
    // Customer-centric: people see their own and participated requests; the app user (an emulator choice) sees all.
    if (actor.accountType !== 'app') {
      if (ownership === 'OWNED_REQUESTS' && !owned) continue;
      if (ownership === 'PARTICIPATED_REQUESTS' && !participated) continue;
      if (!owned && !participated) continue;
    }
    const done = jsmStatusCategory(state, issue.fields.statusId) === 'DONE';
    if (status === 'OPEN_REQUESTS' && done) continue;
    if (status === 'CLOSED_REQUESTS' && !done) continue;
    const desk = serviceDeskForProject(state, issue.projectId);
    if (deskId !== null && desk?.id !== deskId) continue;
    if (typeId !== null && issue.requestTypeId !== typeId) continue;
    if (term !== '' && !issue.fields.summary.toLowerCase().includes(term)) continue;
    results.push(issue);
  }
  results.sort((a, b) => b.updated - a.updated || Number(b.id) - Number(a.id));
  const requests = results.map(
    (issue) => () => requestJson(state, issue, expand, requestAccess(state, actor, issue) ?? 'customer'),
  );
  const body = page(state, '/request', requests, paged.start, paged.limit);
  return { status: 200, body: { ...body, values: body.values.map((render) => render()) } };
}

function getRequest(req: SiteRequest, p: Readonly<Record<string, string>>, state: JiraState): SiteResponse {
  if (!actorOf(state, req.principal)) return jsmError(401, NOT_AUTHENTICATED);
  const key = p.issueIdOrKey ?? '';
  const found = visibleRequest(state, req.principal, key);
  if (!found) return jsmError(404, NO_REQUEST(key));
  return { status: 200, body: requestJson(state, found.issue, expandOf(req), found.access) };
}

function parseLocation(value: unknown): ServiceLocation | undefined {
  if (!isRecord(value)) return undefined;
  const { lat, lng, address } = value;
  if (typeof lat !== 'number' || typeof lng !== 'number' || Math.abs(lat) > 90 || Math.abs(lng) > 180)
    return undefined;
  if (address !== undefined && typeof address !== 'string') return undefined;
  return { lat, lng, address: (address as string | undefined) ?? '' };
}

function createRequest(
  req: SiteRequest,
  _p: Readonly<Record<string, string>>,
  state: JiraState,
): SiteResponse {
  const actor = actorOf(state, req.principal);
  if (!actor) return jsmError(401, NOT_AUTHENTICATED);
  const body = req.body;
  if (!isRecord(body)) return jsmError(400, 'The request body is missing or is not a JSON object.');
  const desk = typeof body.serviceDeskId === 'string' ? findDesk(state, body.serviceDeskId) : undefined;
  const access = desk ? deskAccess(state, actor, desk) : null;
  if (!desk || !access)
    return jsmError(404, 'The service desk does not exist or you do not have permission to see it.');
  const rt = state.requestTypes.find((r) => r.id === body.requestTypeId && r.serviceDeskId === desk.id);
  if (!rt)
    return jsmError(
      400,
      `The request type '${String(body.requestTypeId)}' does not exist in service desk ${desk.id}.`,
    );
  const values = isRecord(body.requestFieldValues) ? body.requestFieldValues : {};
  const summary = values.summary;
  if (typeof summary !== 'string' || summary.trim() === '' || summary.length > 255) {
    return jsmError(400, 'Summary: You must specify a summary of the issue (at most 255 characters).');
  }
  let description: AdfNode | null = null;
  if (values.description !== undefined && values.description !== null) {
    if (typeof values.description !== 'string')
      return jsmError(400, 'Description: Specify the description as text.');
    description = textToAdf(values.description);
  }
  let priorityId: string | undefined;
  if (values.priority !== undefined) {
    const pr = values.priority;
    const priority = isRecord(pr)
      ? state.priorities.find((x) => x.id === pr.id || x.name === pr.name)
      : undefined;
    if (!priority) return jsmError(400, 'Priority: Specify a valid priority (id or name).');
    priorityId = priority.id;
  }
  let location: ServiceLocation | null = null;
  if (values[FIELD_SERVICE_LOCATION] !== undefined && values[FIELD_SERVICE_LOCATION] !== null) {
    const loc = parseLocation(values[FIELD_SERVICE_LOCATION]);
    if (!loc) return jsmError(400, 'Service location: give {lat, lng, address}.');
    location = loc;
  }
  let requiredSkillId: string | null = null;
  const skill = values[FIELD_REQUIRED_SKILL];
  if (skill !== undefined && skill !== null) {
    const option = isRecord(skill)
      ? state.skillOptions.find((o) => o.id === skill.id || o.value === skill.value)
      : undefined;
    if (!option) return jsmError(400, 'Required skill: Specify a valid option.');
    requiredSkillId = option.id;
  }
  let reporter = actor.accountId;
  if (body.raiseOnBehalfOf !== undefined && body.raiseOnBehalfOf !== null) {
    if (access !== 'agent') return jsmError(403, 'Only agents can raise requests on behalf of customers.');
    const onBehalf =
      typeof body.raiseOnBehalfOf === 'string' ? state.users.get(body.raiseOnBehalfOf) : undefined;
    if (!onBehalf) return jsmError(400, `The user '${String(body.raiseOnBehalfOf)}' does not exist.`);
    reporter = onBehalf.accountId;
  }
  const participants: string[] = [];
  if (Array.isArray(body.requestParticipants)) {
    for (const id of body.requestParticipants) {
      if (typeof id !== 'string' || !state.users.has(id))
        return jsmError(400, `The participant '${String(id)}' does not exist.`);
      participants.push(id);
    }
  }
  const issue = createIssue(state, {
    projectId: desk.projectId,
    issueTypeId: rt.issueTypeId,
    summary,
    description,
    ...(priorityId ? { priorityId } : {}),
    reporter,
    creator: actor.accountId,
    location,
    requiredSkillId,
    requestTypeId: rt.id,
    participants,
  });
  return { status: 201, body: requestJson(state, issue, expandOf(req), access) };
}

function listComments(req: SiteRequest, p: Readonly<Record<string, string>>, state: JiraState): SiteResponse {
  const actor = actorOf(state, req.principal);
  if (!actor) return jsmError(401, NOT_AUTHENTICATED);
  const paged = paging(req);
  if ('status' in paged) return paged;
  const key = p.issueIdOrKey ?? '';
  const found = visibleRequest(state, req.principal, key);
  const wantPublic = req.query.get('public') !== 'false';
  const wantInternal = req.query.get('internal') !== 'false';
  const rendered = expandOf(req).has('renderedBody');
  // A request the caller cannot see yields an empty page rather than an error.
  const comments = found
    ? found.issue.comments
        .filter((c) => (c.internal ? wantInternal && found.access === 'agent' : wantPublic))
        .map((c) => commentJsm(state, found.issue, c, rendered))
    : [];
  return {
    status: 200,
    body: page(state, `/request/${found?.issue.id ?? key}/comment`, comments, paged.start, paged.limit),
  };
}

function postCommentJsm(
  req: SiteRequest,
  p: Readonly<Record<string, string>>,
  state: JiraState,
): SiteResponse {
  const actor = actorOf(state, req.principal);
  if (!actor) return jsmError(401, NOT_AUTHENTICATED);
  const key = p.issueIdOrKey ?? '';
  const found = visibleRequest(state, req.principal, key);
  if (!found) return jsmError(404, NO_REQUEST(key));
  const body = req.body;
  if (!isRecord(body) || typeof body.body !== 'string' || body.body.trim() === '') {
    return jsmError(400, 'The comment body must be a non-empty string.');
  }
  if (body.public !== undefined && typeof body.public !== 'boolean')
    return jsmError(400, "'public' must be a boolean.");
  const isPublic = body.public !== false;
  if (!isPublic && found.access !== 'agent') {
    return jsmError(403, 'Only agents can add internal comments.');
  }
  if (
    found.access === 'agent' &&
    !userHasProjectPermission(state, actor, projectOf(state, found.issue), 'ADD_COMMENTS')
  ) {
    return jsmError(403, 'You do not have permission to comment on this request.');
  }
  const comment = addComment(state, found.issue, {
    authorAccountId: actor.accountId,
    body: textToAdf(body.body),
    internal: !isPublic,
    at: state.now().getTime(),
  });
  return { status: 201, body: commentJsm(state, found.issue, comment, expandOf(req).has('renderedBody')) };
}

function getSla(req: SiteRequest, p: Readonly<Record<string, string>>, state: JiraState): SiteResponse {
  if (!actorOf(state, req.principal)) return jsmError(401, NOT_AUTHENTICATED);
  const paged = paging(req);
  if ('status' in paged) return paged;
  const key = p.issueIdOrKey ?? '';
  const found = visibleRequest(state, req.principal, key);
  if (!found) return jsmError(404, NO_REQUEST(key));
  if (found.access !== 'agent')
    return jsmError(403, 'You do not have permission to view SLA information for this request.');
  const slas = computeSlas(state, found.issue).map((s) => slaJson(state, found.issue, s));
  return { status: 200, body: page(state, `/request/${found.issue.id}/sla`, slas, paged.start, paged.limit) };
}

function getStatus(req: SiteRequest, p: Readonly<Record<string, string>>, state: JiraState): SiteResponse {
  if (!actorOf(state, req.principal)) return jsmError(401, NOT_AUTHENTICATED);
  const paged = paging(req);
  if ('status' in paged) return paged;
  const key = p.issueIdOrKey ?? '';
  const found = visibleRequest(state, req.principal, key);
  if (!found) return jsmError(404, NO_REQUEST(key));
  return {
    status: 200,
    body: page(
      state,
      `/request/${found.issue.id}/status`,
      statusHistoryJson(state, found.issue),
      paged.start,
      paged.limit,
    ),
  };
}

function customerTransitions(issue: Issue, state: JiraState) {
  return transitionsFor(state, issue).filter((t) => t.customerVisible);
}

function getCustomerTransitions(
  req: SiteRequest,
  p: Readonly<Record<string, string>>,
  state: JiraState,
): SiteResponse {
  if (!actorOf(state, req.principal)) return jsmError(401, NOT_AUTHENTICATED);
  const paged = paging(req);
  if ('status' in paged) return paged;
  const key = p.issueIdOrKey ?? '';
  const found = visibleRequest(state, req.principal, key);
  if (!found) return jsmError(404, NO_REQUEST(key));
  const values = customerTransitions(found.issue, state).map((t) => ({
    id: t.id,
    name: t.name,
    _links: { self: `${state.baseUrl}/rest/servicedeskapi/request/${found.issue.id}/transition/${t.id}` },
  }));
  return {
    status: 200,
    body: page(state, `/request/${found.issue.id}/transition`, values, paged.start, paged.limit),
  };
}

function postCustomerTransition(
  req: SiteRequest,
  p: Readonly<Record<string, string>>,
  state: JiraState,
): SiteResponse {
  if (!actorOf(state, req.principal)) return jsmError(401, NOT_AUTHENTICATED);
  const key = p.issueIdOrKey ?? '';
  const found = visibleRequest(state, req.principal, key);
  if (!found) return jsmError(404, NO_REQUEST(key));
  const body = req.body;
  if (!isRecord(body) || (typeof body.id !== 'string' && typeof body.id !== 'number')) {
    return jsmError(400, 'Specify the transition id.');
  }
  const id = String(body.id);
  const transition = customerTransitions(found.issue, state).find((t) => t.id === id);
  if (!transition) return jsmError(400, `The transition '${id}' is not available for this request.`);
  let comment: string | undefined;
  if (body.additionalComment !== undefined) {
    const c = body.additionalComment;
    if (!isRecord(c) || typeof c.body !== 'string' || c.body.trim() === '') {
      return jsmError(400, 'additionalComment.body must be a non-empty string.');
    }
    comment = c.body;
  }
  const at = state.now().getTime();
  applyTransition(state, found.issue, transition, found.actor.accountId, at);
  if (comment !== undefined) {
    addComment(state, found.issue, {
      authorAccountId: found.actor.accountId,
      body: textToAdf(comment),
      internal: false,
      at,
    });
  }
  return { status: 204 };
}

function experimental(req: SiteRequest): SiteResponse | undefined {
  const header = Object.entries(req.headers).find(([k]) => k.toLowerCase() === 'x-experimentalapi')?.[1];
  if (header?.toLowerCase() === 'opt-in') return undefined;
  return jsmError(
    412,
    "This API is experimental. Experimental APIs are not guaranteed to be stable within the preview period. You must set the header 'X-ExperimentalApi: opt-in' to opt into using this API.",
  );
}

function listCustomers(
  req: SiteRequest,
  p: Readonly<Record<string, string>>,
  state: JiraState,
): SiteResponse {
  const actor = actorOf(state, req.principal);
  if (!actor) return jsmError(401, NOT_AUTHENTICATED);
  const exp = experimental(req);
  if (exp) return exp;
  const desk = findDesk(state, p.serviceDeskId ?? '');
  if (!desk || deskAccess(state, actor, desk) === null) {
    return jsmError(
      404,
      `The service desk '${p.serviceDeskId ?? ''}' does not exist or you do not have permission to see it.`,
    );
  }
  if (deskAccess(state, actor, desk) !== 'agent')
    return jsmError(403, 'You do not have permission to view customers.');
  const paged = paging(req);
  if ('status' in paged) return paged;
  const query = (req.query.get('query') ?? '').toLowerCase();
  const customers = [...state.users.values()]
    .filter((u) => isDeskCustomer(state, desk, u))
    .filter(
      (u) =>
        query === '' ||
        u.displayName.toLowerCase().includes(query) ||
        (u.email?.toLowerCase().includes(query) ?? false),
    )
    .map((u) => jsmUser(state, u.accountId));
  return {
    status: 200,
    body: page(state, `/servicedesk/${desk.id}/customer`, customers, paged.start, paged.limit),
  };
}

function addCustomers(req: SiteRequest, p: Readonly<Record<string, string>>, state: JiraState): SiteResponse {
  const actor = actorOf(state, req.principal);
  if (!actor) return jsmError(401, NOT_AUTHENTICATED);
  const desk = findDesk(state, p.serviceDeskId ?? '');
  if (!desk || deskAccess(state, actor, desk) !== 'agent') {
    return jsmError(
      404,
      `The service desk '${p.serviceDeskId ?? ''}' does not exist or you do not have permission to see it.`,
    );
  }
  if (!userHasProjectPermission(state, actor, deskProject(state, desk), 'ADMINISTER_PROJECTS')) {
    return jsmError(403, 'You must be a service desk administrator to add customers.');
  }
  const ids = isRecord(req.body) ? req.body.accountIds : undefined;
  if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string' && state.users.has(id))) {
    return jsmError(400, 'accountIds must list existing users.');
  }
  for (const id of ids as string[])
    if (!desk.customerAccountIds.includes(id)) desk.customerAccountIds.push(id);
  return { status: 204 };
}

function assetsWorkspace(
  req: SiteRequest,
  _p: Readonly<Record<string, string>>,
  state: JiraState,
): SiteResponse {
  if (!actorOf(state, req.principal)) return jsmError(401, NOT_AUTHENTICATED);
  const paged = paging(req);
  if ('status' in paged) return paged;
  const values = state.assetsAvailable ? [{ workspaceId: state.assetsWorkspaceId }] : [];
  return { status: 200, body: page(state, '/assets/workspace', values, paged.start, paged.limit) };
}

export const jsmRoutes: Route<JiraState>[] = [
  {
    method: 'GET',
    pattern: '/rest/servicedeskapi/servicedesk',
    scopes: JSM_SCOPES.serviceDesks,
    handle: listServiceDesks,
  },
  {
    method: 'GET',
    pattern: '/rest/servicedeskapi/servicedesk/:serviceDeskId',
    scopes: JSM_SCOPES.serviceDesks,
    handle: getServiceDesk,
  },
  {
    method: 'GET',
    pattern: '/rest/servicedeskapi/servicedesk/:serviceDeskId/requesttype',
    scopes: JSM_SCOPES.requestTypes,
    handle: listRequestTypes,
  },
  {
    method: 'GET',
    pattern: '/rest/servicedeskapi/servicedesk/:serviceDeskId/customer',
    scopes: JSM_SCOPES.customers,
    handle: listCustomers,
  },
  {
    method: 'POST',
    pattern: '/rest/servicedeskapi/servicedesk/:serviceDeskId/customer',
    scopes: [['manage:servicedesk-customer']],
    handle: addCustomers,
  },
  {
    method: 'GET',
    pattern: '/rest/servicedeskapi/request',
    scopes: JSM_SCOPES.readRequest,
    handle: listRequests,
  },
  {
    method: 'POST',
    pattern: '/rest/servicedeskapi/request',
    scopes: JSM_SCOPES.writeRequest,
    handle: createRequest,
  },
  {
    method: 'GET',
    pattern: '/rest/servicedeskapi/request/:issueIdOrKey',
    scopes: JSM_SCOPES.readRequest,
    handle: getRequest,
  },
  {
    method: 'GET',
    pattern: '/rest/servicedeskapi/request/:issueIdOrKey/comment',
    scopes: JSM_SCOPES.readComments,
    handle: listComments,
  },
  {
    method: 'POST',
    pattern: '/rest/servicedeskapi/request/:issueIdOrKey/comment',
    scopes: JSM_SCOPES.writeComments,
    handle: postCommentJsm,
  },
  {
    method: 'GET',
    pattern: '/rest/servicedeskapi/request/:issueIdOrKey/sla',
    scopes: JSM_SCOPES.readSla,
    handle: getSla,
  },
  {
    method: 'GET',
    pattern: '/rest/servicedeskapi/request/:issueIdOrKey/status',
    scopes: JSM_SCOPES.readStatus,
    handle: getStatus,
  },
  {
    method: 'GET',
    pattern: '/rest/servicedeskapi/request/:issueIdOrKey/transition',
    scopes: JSM_SCOPES.readStatus,
    handle: getCustomerTransitions,
  },
  {
    method: 'POST',
    pattern: '/rest/servicedeskapi/request/:issueIdOrKey/transition',
    scopes: JSM_SCOPES.writeStatus,
    handle: postCustomerTransition,
  },
  {
    method: 'GET',
    pattern: '/rest/servicedeskapi/assets/workspace',
    scopes: JSM_SCOPES.workspace,
    handle: assetsWorkspace,
  },
];
