/**
 * Agent resolvers of the issue panel. Each is parse (zod) → authorise (issue panel, licensed user, Jira
 * permissions on this issue asked as the user, the `agent` role) → handler; every product call runs as the agent.
 */
import { randomUUID } from 'node:crypto';
import { AqlError, aql } from '@suite/aql';
import { definePolicy, routesTo, UserError } from '@suite/permissions';
import {
  accountId as accountIdSchema,
  boundedText,
  isoDateTime,
  issueKey,
  numericId,
  parseJiraDuration,
  SanitizeError,
  textToAdf,
  toJsmCommentBody,
} from '@suite/sanitize';
import { z } from 'zod';
import * as jira from '../atlassian/jira';
import { AqlValueMissing, renderAssetSearch } from '../domain/aql-template';
import { CANNED_CAP, CANNED_PAGE, publicCanned, type StoredCanned, sortCanned } from '../domain/canned';
import { projectKeyOf } from '../domain/config';
import type {
  AssetFieldView,
  PanelData,
  ProjectConfig,
  UserRef,
  Versioned,
  WorklogView,
} from '../domain/contract';
import {
  arr,
  assetRefs,
  leftActiveAt,
  num,
  obj,
  str,
  toAssetFields,
  toAssetSummaries,
  toRequestDetails,
  toSlas,
  toStatusRef,
  toTransitions,
  toUserRef,
  toWorklogs,
  toWorklogView,
} from '../domain/mapping';
import { renderTemplate } from '../domain/templates';
import { formatWorklogStarted, isoToWorklogStarted, parseDuration, timeTrackingFrom } from '../domain/time';
import { autoTimer, type StoredTimer, startTimer, stopTimer, TimerError } from '../domain/timer';
import { addFeedback, cannedPrefix, getTimer, pageCanned, workspaceCache } from '../storage/store';
import { ADMIN_MODULE, agentPolicy, defineResolver, PANEL_MODULE, PANEL_ROLES, product } from './common';
import {
  applyTimer,
  assetSummaries,
  enabledConfig,
  loadTicketContext,
  TICKET_FIELDS,
  timerView,
  workspaceId,
} from './ticket';

const onIssue = z.strictObject({ issueKey });

/**
 * The panel's own flags, asked in one `mypermissions` call on the issue. `ADMINISTER_PROJECTS` (on the issue's
 * project) tells the panel to offer managing the project's canned responses; the save and delete resolvers ask
 * Jira again themselves, so the flag only decides what is shown.
 */
const PANEL_PERMISSIONS = [
  'ASSIGN_ISSUES',
  'TRANSITION_ISSUES',
  'ADD_COMMENTS',
  'WORK_ON_ISSUES',
  'ADMINISTER_PROJECTS',
] as const;

/** A Jira duration, checked for syntax here; converted with the site's working day/week in the handler. */
const durationText = boundedText({ max: 64, min: 1 }).superRefine((value, ctx) => {
  try {
    parseJiraDuration(value, { hoursPerDay: 24, daysPerWeek: 7 });
  } catch (error) {
    if (!(error instanceof SanitizeError)) throw error;
    ctx.addIssue({ code: 'custom', message: error.message });
  }
});

const worklogDescription = boundedText({ max: 5_000, multiline: true }).optional();

// ------------------------------------------------------------------ the panel

/** What the panel reads, all as the agent; see {@link loadPanel}. */
interface PanelReads {
  /** The account the reads were made for (the handler checks it is the authorised one). */
  readonly accountId: string;
  readonly config: ProjectConfig;
  readonly timer: StoredTimer | undefined;
  readonly canned: readonly Versioned<StoredCanned>[];
  /** Where each canned-response list's next page starts (null: all shown). */
  readonly cannedMore: Readonly<Record<'personal' | 'project' | 'global', string | null>>;
  /** The Assets workspace, and whether it was fetched (so the handler caches it) rather than read from KVS. */
  readonly workspace: { readonly id: string; readonly fetched: boolean } | null;
  readonly checkAutoStop: boolean;
  readonly issue: unknown;
  readonly transitions: unknown;
  readonly worklogs: unknown;
  readonly request: unknown;
  readonly permissions: Record<string, boolean>;
  readonly me: unknown;
  /** `POST /object/aql` for the objects connected to the ticket, or null when no Assets field is configured. */
  readonly connectedObjects: unknown;
}

/** Objects on one ticket the panel shows at most (one AQL page). */
const MAX_TICKET_OBJECTS = 100;

/**
 * Every read of the panel, started while the permission check runs (`prefetch`): KVS first where a product call
 * depends on it, and each product call as soon as its inputs are known, so all of them go out in one wave. The issue
 * GET waits only for the project settings and the timer (which fields, whether to expand the changelog); the
 * Assets AQL only for the settings and the cached workspace id. Reads only: nothing is written here.
 */
async function loadPanel(key: string, context: Readonly<Record<string, unknown>>): Promise<PanelReads> {
  const accountId = context.accountId;
  // Without an account the permission check denies, and this result is discarded.
  if (typeof accountId !== 'string' || accountId === '') throw new Error('No account in the context');
  const projectKey = projectKeyOf(key);

  const config = enabledConfig(key);
  const timer = getTimer(accountId);
  const cachedWorkspace = workspaceCache.get();
  // First pages only: a list may hold more (or, written before the cap, more than the cap) than fits a response.
  const canned = Promise.all([
    pageCanned(cannedPrefix('personal', accountId), CANNED_PAGE),
    pageCanned(cannedPrefix('project', accountId, projectKey), CANNED_PAGE),
    pageCanned(cannedPrefix('global', accountId), CANNED_PAGE),
  ]);

  const issue = Promise.all([config, timer]).then(([c, t]) => {
    const checkAutoStop = t?.automatic === true && t.issueKey === key;
    const expand = ['names', ...(checkAutoStop ? ['changelog'] : [])];
    return jira.getIssue(key, [...TICKET_FIELDS, ...c.assets.fieldIds], expand);
  });
  // Assets in the same wave: the objects connected to this ticket, joined with the configured fields afterwards.
  const assets = Promise.all([config, cachedWorkspace]).then(async ([c, cached]) => {
    if (c.assets.fieldIds.length === 0) return { workspace: null, body: null };
    // Only the site's first load asks for the workspace id (the handler then caches it).
    const id = cached ?? (await jira.fetchWorkspaceId());
    if (!id) return { workspace: null, body: null };
    const query = aql`object having connectedTickets(key = ${key})`;
    return {
      workspace: { id, fetched: !cached },
      body: await jira.searchObjects(id, String(query), MAX_TICKET_OBJECTS),
    };
  });

  const [reads, storage] = await product('panel', () =>
    Promise.all([
      Promise.all([
        issue,
        jira.getTransitions(key),
        jira.getWorklogs(key),
        jira.getRequest(key),
        jira.issuePermissions(key, PANEL_PERMISSIONS),
        jira.myself(),
        assets,
      ]),
      Promise.all([config, timer, canned]),
    ]),
  );
  const [issueBody, transitions, worklogs, request, permissions, me, objects] = reads;
  const [configValue, timerValue, [personal, project, global]] = storage;
  return {
    accountId,
    config: configValue,
    timer: timerValue,
    canned: [...personal.items, ...project.items, ...global.items],
    cannedMore: { personal: personal.cursor, project: project.cursor, global: global.cursor },
    workspace: objects.workspace,
    checkAutoStop: timerValue?.automatic === true && timerValue.issueKey === key,
    issue: issueBody,
    transitions,
    worklogs,
    request,
    permissions,
    me,
    connectedObjects: objects.body,
  };
}

export const getPanel = defineResolver({
  name: 'panel.get',
  input: onIssue,
  policy: agentPolicy(),
  prefetch: ({ input, context }) => loadPanel(input.issueKey, context),
  // Authorised: only writes (workspace cache, automatic timer) and assembling what prefetch read.
  handler: async ({ input, accountId, prefetched }): Promise<PanelData> => {
    if (prefetched.accountId !== accountId) throw new Error('Prefetch ran for another account');
    const key = input.issueKey;
    const projectKey = projectKeyOf(key);
    const { config, timer, issue, request, permissions, workspace, checkAutoStop } = prefetched;
    if (workspace?.fetched) await workspaceCache.set(workspace.id);

    const issueJson = obj(issue);
    const fields = obj(issueJson.fields);
    const names = obj(issueJson.names);
    const status = toStatusRef(fields.status);
    const assignee = toUserRef(fields.assignee);
    const meRef = toUserRef(prefetched.me) ?? { accountId, displayName: accountId };
    const worklogViews = toWorklogs(prefetched.worklogs, accountId);

    // Assets: the ticket's connected objects, kept only where they are in one of the configured fields.
    const assetFields = config.assets.fieldIds
      .filter((id) => id in fields)
      .map((fieldId) => ({ fieldId, name: str(names[fieldId]) ?? fieldId, value: fields[fieldId] }));
    const summaries =
      prefetched.connectedObjects === null
        ? []
        : toAssetSummaries(prefetched.connectedObjects, config.assets.attributeNames);

    // Automatic timer (see domain/timer.ts for the rules).
    let currentTimer = timer ?? null;
    if (config.activeStatusIds.length > 0 || checkAutoStop) {
      const decision = autoTimer({
        timer: currentTimer,
        issue: {
          key,
          id: str(issueJson.id) ?? '',
          statusId: status.id,
          assigneeAccountId: assignee?.accountId ?? null,
        },
        agentAccountId: accountId,
        activeStatusIds: config.activeStatusIds,
        now: new Date(),
        leftActiveAt:
          checkAutoStop && timer
            ? leftActiveAt(issue, config.activeStatusIds, new Date(timer.startedAt))
            : undefined,
      });
      if (decision.action !== 'none') {
        const logged = await applyTimer(accountId, decision.transition);
        currentTimer = decision.transition.next;
        if (logged) worklogViews.unshift(logged);
      }
    }

    const canned = sortCanned([...prefetched.canned]).map(publicCanned);
    const requestJson = obj(request);
    return {
      issue: {
        id: str(issueJson.id) ?? '',
        key: str(issueJson.key) ?? key,
        summary: str(fields.summary) ?? '',
        projectKey: str(obj(fields.project).key) ?? projectKey,
        status,
        priority: str(obj(fields.priority).name),
        requestType: str(obj(requestJson.requestType).name),
        assignee,
        reporter: toUserRef(fields.reporter),
        sla: toSlas(request),
      },
      me: meRef,
      permissions: {
        assign: permissions.ASSIGN_ISSUES === true,
        transition: permissions.TRANSITION_ISSUES === true,
        comment: permissions.ADD_COMMENTS === true,
        logWork: permissions.WORK_ON_ISSUES === true,
        manageProjectCanned: permissions.ADMINISTER_PROJECTS === true,
      },
      transitions: toTransitions(prefetched.transitions),
      timer: timerView(currentTimer),
      worklogs: worklogViews,
      totalLoggedSeconds:
        num(fields.timespent) ?? worklogViews.reduce((sum, w) => sum + w.timeSpentSeconds, 0),
      cannedResponses: canned,
      cannedMore: prefetched.cannedMore,
      cannedCap: CANNED_CAP,
      requestDetails: toRequestDetails(request),
      assets: {
        fields: toAssetFields(assetFields, summaries),
        searchEnabled: config.assets.aqlTemplate !== null,
      },
    };
  },
});

// ------------------------------------------------------------------ status and assignee

/** After a change made through TechDesk, start or stop the automatic timer; never fails the change itself. */
async function reconcileAutoTimer(issueKey: string, accountId: string): Promise<void> {
  try {
    const [config, timer] = await Promise.all([enabledConfig(issueKey), getTimer(accountId)]);
    const ours = timer?.automatic === true && timer.issueKey === issueKey;
    if (config.activeStatusIds.length === 0 && !ours) return;
    const issue = obj(await jira.getIssue(issueKey, ['status', 'assignee']));
    const fields = obj(issue.fields);
    const decision = autoTimer({
      timer: timer ?? null,
      issue: {
        key: issueKey,
        id: str(issue.id) ?? '',
        statusId: str(obj(fields.status).id) ?? '',
        assigneeAccountId: toUserRef(fields.assignee)?.accountId ?? null,
      },
      agentAccountId: accountId,
      activeStatusIds: config.activeStatusIds,
      now: new Date(),
    });
    if (decision.action !== 'none') await applyTimer(accountId, decision.transition);
  } catch (error) {
    console.warn(
      JSON.stringify({
        level: 'warn',
        event: 'autoTimer.failed',
        error: error instanceof Error ? error.name : 'unknown',
      }),
    );
  }
}

export const transition = defineResolver({
  name: 'issue.transition',
  input: z.strictObject({ issueKey, transitionId: numericId }),
  policy: agentPolicy('TRANSITION_ISSUES'),
  handler: async ({ input, accountId }) => {
    await enabledConfig(input.issueKey);
    const available = toTransitions(await product('transition', () => jira.getTransitions(input.issueKey)));
    const chosen = available.find((t) => t.id === input.transitionId);
    if (!chosen) {
      throw new UserError(
        'CONFLICT',
        'This transition is not available for the ticket any more. Reload the panel.',
      );
    }
    await product('transition', () => jira.doTransition(input.issueKey, chosen.id));
    await reconcileAutoTimer(input.issueKey, accountId);
    return { status: chosen.to };
  },
});

export const assign = defineResolver({
  name: 'issue.assign',
  input: z.strictObject({ issueKey, accountId: accountIdSchema.nullable() }),
  policy: agentPolicy('ASSIGN_ISSUES'),
  handler: async ({ input, accountId }) => {
    await enabledConfig(input.issueKey);
    let assignee: UserRef | null = null;
    if (input.accountId !== null) {
      const target = input.accountId;
      const found = arr(
        await product('assignment', () => jira.assignableUsers(input.issueKey, { accountId: target }, 1)),
      )
        .map(toUserRef)
        .find((u) => u?.accountId === target);
      if (!found) throw new UserError('UNPROCESSABLE', 'This person cannot be assigned this ticket.');
      assignee = found;
    }
    await product('assignment', () => jira.assignIssue(input.issueKey, input.accountId));
    await reconcileAutoTimer(input.issueKey, accountId);
    return { assignee };
  },
});

export const assignToMe = defineResolver({
  name: 'issue.assignToMe',
  input: onIssue,
  policy: agentPolicy('ASSIGN_ISSUES'),
  handler: async ({ input, accountId }) => {
    await enabledConfig(input.issueKey);
    const me = toUserRef(await product('assignment', () => jira.myself())) ?? {
      accountId,
      displayName: accountId,
    };
    await product('assignment', () => jira.assignIssue(input.issueKey, accountId));
    await reconcileAutoTimer(input.issueKey, accountId);
    return { assignee: me };
  },
});

export const searchAssignable = defineResolver({
  name: 'issue.searchAssignable',
  input: z.strictObject({ issueKey, query: boundedText({ max: 100 }) }),
  policy: agentPolicy('ASSIGN_ISSUES'),
  handler: async ({ input }) => {
    const users = await product('user search', () =>
      jira.assignableUsers(input.issueKey, { query: input.query }, 20),
    );
    return arr(users)
      .map(toUserRef)
      .filter((u): u is UserRef => u !== null);
  },
});

// ------------------------------------------------------------------ replies

const replyText = boundedText({ max: 10_000, min: 1, multiline: true });

export const previewReply = defineResolver({
  name: 'reply.preview',
  input: z.strictObject({ issueKey, text: boundedText({ max: 10_000, multiline: true }) }),
  policy: agentPolicy(),
  handler: async ({ input }) => {
    const context = await loadTicketContext(input.issueKey);
    return renderTemplate(input.text, context.template);
  },
});

export const sendReply = defineResolver({
  name: 'reply.send',
  input: z.strictObject({
    issueKey,
    text: replyText,
    visibility: z.enum(['internal', 'public']).default('internal'),
    confirmPublic: z.boolean().optional(),
  }),
  policy: agentPolicy('ADD_COMMENTS'),
  handler: async ({ input }) => {
    const isPublic = input.visibility === 'public';
    if (isPublic && input.confirmPublic !== true) {
      throw new UserError(
        'UNPROCESSABLE',
        'A public reply is visible to the customer. Confirm that you want to send it publicly.',
      );
    }
    await enabledConfig(input.issueKey);
    // Variables are rendered here too, so a canned response works without a preview first.
    const text = input.text.includes('{{')
      ? renderTemplate(input.text, (await loadTicketContext(input.issueKey)).template).text
      : input.text;
    let body: string;
    try {
      body = toJsmCommentBody(text);
    } catch (error) {
      if (error instanceof SanitizeError) throw new UserError('UNPROCESSABLE', `Reply: ${error.message}`);
      throw error;
    }
    const created = obj(await product('reply', () => jira.addRequestComment(input.issueKey, body, isPublic)));
    return { commentId: str(created.id) ?? String(num(created.id) ?? '') };
  },
});

// ------------------------------------------------------------------ time

export const startTimerResolver = defineResolver({
  name: 'timer.start',
  input: onIssue,
  policy: agentPolicy('WORK_ON_ISSUES'),
  handler: async ({ input, accountId }) => {
    await enabledConfig(input.issueKey);
    const [issue, current] = await Promise.all([
      product('timer', () => jira.getIssue(input.issueKey, ['status'])),
      getTimer(accountId),
    ]);
    const id = str(obj(issue).id) ?? '';
    const next = startTimer(current ?? null, { key: input.issueKey, id }, new Date());
    const stopped = await applyTimer(accountId, next);
    const timer = timerView(next.next);
    if (!timer) throw new Error('startTimer produced no timer');
    return { timer, stopped };
  },
});

export const stopTimerResolver = defineResolver({
  name: 'timer.stop',
  input: z.strictObject({ issueKey, description: worklogDescription }),
  policy: agentPolicy('WORK_ON_ISSUES'),
  handler: async ({ input, accountId }) => {
    const current = await getTimer(accountId);
    let next: ReturnType<typeof stopTimer>;
    try {
      next = stopTimer(current ?? null, input.issueKey, new Date());
    } catch (error) {
      if (error instanceof TimerError) {
        throw new UserError(error.reason === 'not-running' ? 'NOT_FOUND' : 'CONFLICT', error.message);
      }
      throw error;
    }
    const worklog = await applyTimer(accountId, next, input.description || undefined);
    return { worklog };
  },
});

async function siteTimeTracking() {
  const config = timeTrackingFrom(await product('time tracking', () => jira.configuration()));
  if (!config.enabled)
    throw new UserError('UNPROCESSABLE', 'Time tracking is switched off on this Jira site.');
  return config;
}

function durationSeconds(text: string, config: ReturnType<typeof timeTrackingFrom>): number {
  try {
    return parseDuration(text, config);
  } catch (error) {
    if (error instanceof SanitizeError) throw new UserError('UNPROCESSABLE', `Duration: ${error.message}`);
    throw error;
  }
}

function worklogFrom(body: unknown, accountId: string): WorklogView {
  const view = toWorklogView(body, accountId);
  if (!view) throw new Error('Jira answered the worklog with an unexpected shape');
  return view;
}

export const logWork = defineResolver({
  name: 'worklog.add',
  input: z.strictObject({
    issueKey,
    duration: durationText,
    description: worklogDescription,
    started: isoDateTime.optional(),
  }),
  policy: agentPolicy('WORK_ON_ISSUES'),
  handler: async ({ input, accountId }) => {
    await enabledConfig(input.issueKey);
    const seconds = durationSeconds(input.duration, await siteTimeTracking());
    const started = input.started ? isoToWorklogStarted(input.started) : formatWorklogStarted(new Date());
    const body = await product('worklog', () =>
      jira.addWorklog(input.issueKey, {
        started,
        timeSpentSeconds: seconds,
        ...(input.description ? { comment: textToAdf(input.description) } : {}),
      }),
    );
    return { worklog: worklogFrom(body, accountId) };
  },
});

/** The worklog if it exists on this ticket and the agent wrote it; agents change only their own. */
async function ownWorklog(issueKey: string, worklogId: string, accountId: string): Promise<WorklogView> {
  const all = toWorklogs(await product('worklog', () => jira.getWorklogs(issueKey)), accountId);
  const found = all.find((w) => w.id === worklogId);
  if (!found) throw new UserError('NOT_FOUND', 'This worklog does not exist on the ticket any more.');
  if (!found.mine) throw new UserError('FORBIDDEN', 'You can only change or delete your own worklogs.');
  return found;
}

export const updateWorklog = defineResolver({
  name: 'worklog.update',
  input: z.strictObject({
    issueKey,
    worklogId: numericId,
    duration: durationText,
    description: worklogDescription,
  }),
  policy: agentPolicy('WORK_ON_ISSUES'),
  handler: async ({ input, accountId }) => {
    const [, config] = await Promise.all([
      ownWorklog(input.issueKey, input.worklogId, accountId),
      siteTimeTracking(),
    ]);
    const seconds = durationSeconds(input.duration, config);
    const body = await product('worklog', () =>
      jira.updateWorklog(input.issueKey, input.worklogId, {
        timeSpentSeconds: seconds,
        ...(input.description !== undefined ? { comment: textToAdf(input.description) } : {}),
      }),
    );
    return { worklog: worklogFrom(body, accountId) };
  },
});

export const deleteWorklog = defineResolver({
  name: 'worklog.delete',
  input: z.strictObject({ issueKey, worklogId: numericId }),
  policy: agentPolicy('WORK_ON_ISSUES'),
  handler: async ({ input, accountId }) => {
    await ownWorklog(input.issueKey, input.worklogId, accountId);
    await product('worklog', () => jira.deleteWorklog(input.issueKey, input.worklogId));
    return { deleted: true as const };
  },
});

// ------------------------------------------------------------------ Assets

export const searchAssets = defineResolver({
  name: 'assets.search',
  input: z.strictObject({ issueKey, text: boundedText({ max: 200, min: 2 }) }),
  policy: agentPolicy(),
  handler: async ({ input }) => {
    const config = await enabledConfig(input.issueKey);
    const template = config.assets.aqlTemplate;
    if (!template)
      throw new UserError('UNPROCESSABLE', 'An admin has not set up an Assets search for this project.');
    const [context, workspace] = await Promise.all([loadTicketContext(input.issueKey), workspaceId()]);
    if (!workspace) throw new UserError('UNPROCESSABLE', 'Assets is not available on this site.');
    let query: string;
    try {
      query = renderAssetSearch(template, context.aql, input.text);
    } catch (error) {
      if (error instanceof AqlValueMissing) throw new UserError('UNPROCESSABLE', error.message);
      if (error instanceof AqlError)
        throw new UserError('UNPROCESSABLE', 'The search text cannot be used in a query.');
      throw error;
    }
    const body = await product('Assets search', () => jira.searchObjects(workspace, query, 25));
    return toAssetSummaries(body, config.assets.attributeNames);
  },
});

export const linkAsset = defineResolver({
  name: 'assets.link',
  input: z.strictObject({
    issueKey,
    fieldId: z
      .string()
      .regex(/^customfield_\d{1,12}$/, { error: 'Expected a custom field id like customfield_10100' }),
    objectId: numericId,
  }),
  policy: agentPolicy('EDIT_ISSUES'),
  handler: async ({ input }): Promise<{ field: AssetFieldView }> => {
    const config = await enabledConfig(input.issueKey);
    if (!config.assets.fieldIds.includes(input.fieldId)) {
      throw new UserError(
        'UNPROCESSABLE',
        'This field is not one of the Assets fields TechDesk may change here.',
      );
    }
    const workspace = await workspaceId();
    if (!workspace) throw new UserError('UNPROCESSABLE', 'Assets is not available on this site.');
    const [issue, object] = await product('Assets link', () =>
      Promise.all([
        jira.getIssue(input.issueKey, [input.fieldId], ['names']),
        jira.getObject(workspace, input.objectId),
      ]),
    );
    if (object === null)
      throw new UserError('NOT_FOUND', 'This object does not exist, or you cannot see it.');
    const issueJson = obj(issue);
    const current = obj(issueJson.fields)[input.fieldId];
    const refs = assetRefs(current, workspace);
    if (!refs.some((r) => r.objectId === input.objectId)) {
      refs.push({ workspaceId: workspace, id: `${workspace}:${input.objectId}`, objectId: input.objectId });
      await product('Assets link', () => jira.setIssueFields(input.issueKey, { [input.fieldId]: refs }));
    }
    const ids = refs.map((r) => r.objectId);
    const summaries = await assetSummaries(workspace, ids, config.assets.attributeNames);
    const name = str(obj(issueJson.names)[input.fieldId]) ?? input.fieldId;
    const [field] = toAssetFields([{ fieldId: input.fieldId, name, value: refs }], summaries);
    if (!field) throw new Error('No field view');
    return { field };
  },
});

// ------------------------------------------------------------------ feedback

const feedbackInput = z.strictObject({ text: boundedText({ max: 2_000, min: 1, multiline: true }) });

async function storeFeedback(text: string, accountId: string) {
  const id = randomUUID();
  await addFeedback({ id, at: new Date().toISOString(), author: accountId, text });
  return { id };
}

// From the panel, feedback is a panel function (agent role); from the admin page any licensed user may send it.
const submitPanelFeedback = defineResolver({
  name: 'feedback.submit',
  input: feedbackInput,
  policy: definePolicy({ modules: [PANEL_MODULE], licence: 'required', appRoles: PANEL_ROLES }),
  handler: ({ input, accountId }) => storeFeedback(input.text, accountId),
});

const submitAdminFeedback = defineResolver({
  name: 'feedback.submit',
  input: feedbackInput,
  policy: definePolicy({ modules: [ADMIN_MODULE], licence: 'required' }),
  handler: ({ input, accountId }) => storeFeedback(input.text, accountId),
});

/** Picks the resolver by the platform's module key; each then checks the module itself, so a forged one fails. */
export const submitFeedback = routesTo(
  (request: { readonly payload?: unknown; readonly context?: unknown }) => {
    const moduleKey = (request.context as { moduleKey?: unknown } | null | undefined)?.moduleKey;
    return moduleKey === ADMIN_MODULE ? submitAdminFeedback(request) : submitPanelFeedback(request);
  },
  [submitAdminFeedback, submitPanelFeedback],
);
