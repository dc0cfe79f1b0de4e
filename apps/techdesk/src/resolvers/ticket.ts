/**
 * Shared steps of the agent resolvers: the project's settings, the ticket values that templates and AQL use, the
 * Assets workspace, and applying timer transitions (log the work in Jira first, then store the new state).
 */
import { aql, aqlId } from '@suite/aql';
import { UserError } from '@suite/permissions';
import { textToAdf } from '@suite/sanitize';
import * as jira from '../atlassian/jira';
import type { AqlTicketValues } from '../domain/aql-template';
import { defaultProjectConfig, projectKeyOf } from '../domain/config';
import type { AssetSummary, ProjectConfig, TimerView, WorklogView } from '../domain/contract';
import { obj, str, toAssetSummaries, toUserRef, toWorklogView } from '../domain/mapping';
import { firstName, type TemplateValues } from '../domain/templates';
import { formatWorklogStarted } from '../domain/time';
import type { StoredTimer, TimerTransition, WorkToLog } from '../domain/timer';
import { getProjectConfig, putTimer, workspaceCache } from '../storage/store';
import { product } from './common';

/** The project's settings (defaults when nobody saved any); refuses when an admin switched TechDesk off. */
export async function enabledConfig(issueKey: string): Promise<ProjectConfig> {
  const projectKey = projectKeyOf(issueKey);
  const config = (await getProjectConfig(projectKey)) ?? defaultProjectConfig(projectKey);
  if (!config.enabled) throw new UserError('UNPROCESSABLE', 'TechDesk is switched off for this project.');
  return config;
}

export const TICKET_FIELDS = [
  'summary',
  'status',
  'priority',
  'assignee',
  'reporter',
  'project',
  'timespent',
];

export interface TicketContext {
  readonly template: TemplateValues;
  readonly aql: AqlTicketValues;
}

/** Builds template and AQL values from already-fetched JSON (issue, JSM request, myself). */
export function ticketContextFrom(issueBody: unknown, requestBody: unknown, meBody: unknown): TicketContext {
  const issue = obj(issueBody);
  const fields = obj(issue.fields);
  const request = obj(requestBody);
  const reporter = toUserRef(fields.reporter);
  const requestReporter = obj(request.reporter);
  const assignee = toUserRef(fields.assignee);
  const me = toUserRef(meBody);
  const key = str(issue.key) ?? '';
  const summary = str(fields.summary) ?? '';
  const requestType = str(obj(request.requestType).name);
  const projectKey = str(obj(fields.project).key) ?? projectKeyOf(key);
  return {
    template: {
      'issue.key': key,
      'issue.summary': summary,
      'issue.status': str(obj(fields.status).name),
      'issue.priority': str(obj(fields.priority).name),
      'issue.requestType': requestType,
      'reporter.displayName': reporter?.displayName ?? null,
      'reporter.firstName': firstName(reporter?.displayName),
      'assignee.displayName': assignee?.displayName ?? null,
      'agent.displayName': me?.displayName ?? null,
      'agent.firstName': firstName(me?.displayName),
      'project.key': projectKey,
    },
    aql: {
      issueKey: key,
      summary,
      projectKey,
      reporterAccountId: reporter?.accountId ?? null,
      reporterEmail: str(requestReporter.emailAddress) ?? str(obj(fields.reporter).emailAddress),
      reporterDisplayName: reporter?.displayName ?? null,
      agentAccountId: me?.accountId ?? '',
      requestTypeName: requestType,
    },
  };
}

/** Fetches what templates and AQL need, in one parallel wave. */
export async function loadTicketContext(issueKey: string): Promise<TicketContext> {
  const [issue, request, me] = await product('lookup', () =>
    Promise.all([jira.getIssue(issueKey, TICKET_FIELDS), jira.getRequest(issueKey), jira.myself()]),
  );
  return ticketContextFrom(issue, request, me);
}

/** The site's Assets workspace id (cached in KVS: one per site, stable), or null when Assets is not available. */
export async function workspaceId(): Promise<string | null> {
  const cached = await workspaceCache.get();
  if (cached) return cached;
  const fetched = await product('Assets lookup', () => jira.fetchWorkspaceId());
  if (fetched) await workspaceCache.set(fetched);
  return fetched;
}

/** Summaries of the given objects, in one AQL call (`objectId in (…)`), as the user: hidden objects drop out. */
export async function assetSummaries(
  workspace: string,
  objectIds: readonly string[],
  attributeNames: readonly string[],
): Promise<AssetSummary[]> {
  if (objectIds.length === 0) return [];
  const query = aql`objectId in ${objectIds.map((id) => aqlId(id))}`;
  const body = await product('Assets lookup', () =>
    jira.searchObjects(workspace, String(query), Math.min(objectIds.length, 100)),
  );
  return toAssetSummaries(body, attributeNames);
}

export function timerView(timer: StoredTimer | null | undefined): TimerView | null {
  return timer ? { issueKey: timer.issueKey, startedAt: timer.startedAt, automatic: timer.automatic } : null;
}

/** Logs a stopped timer's work in Jira (as the agent). */
export async function logTimerWork(
  log: WorkToLog,
  accountId: string,
  description?: string,
): Promise<WorklogView> {
  const body = await product('worklog', () =>
    jira.addWorklog(log.issueKey, {
      started: formatWorklogStarted(new Date(log.startedAt)),
      timeSpentSeconds: log.seconds,
      ...(description ? { comment: textToAdf(description) } : {}),
    }),
  );
  const view = toWorklogView(body, accountId);
  if (!view) throw new Error('Jira answered the worklog with an unexpected shape');
  return view;
}

/**
 * Applies a timer transition: the work is logged first, and the stored timer only changes once Jira accepted it,
 * so a refused worklog never loses the running time.
 */
export async function applyTimer(
  accountId: string,
  transition: TimerTransition,
  description?: string,
): Promise<WorklogView | null> {
  const logged = transition.log ? await logTimerWork(transition.log, accountId, description) : null;
  await putTimer(accountId, transition.next);
  return logged;
}
