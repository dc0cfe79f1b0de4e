/// <reference lib="dom" />
import { type ReactNode, useState } from 'react';
import { h } from '../client/h';
import { Avatar } from '../renderer/users';
import { adfText, api, type SandboxApp, type Session, type UiModuleInfo } from './api';
import { type FrameEvents, ModuleFrame } from './frame';
import { useLoad } from './hooks';
import { A, Lozenge, Message, type Nav, projectColor, Spinner, STATUS_APPEARANCE } from './ui';

export interface PageProps {
  session: Session;
  nav: Nav;
  apps: SandboxApp[];
  events: FrameEvents;
}

interface Project {
  id: string;
  key: string;
  name: string;
  projectTypeKey?: string;
}
interface Issue {
  id: string;
  key: string;
  fields: {
    summary?: string;
    status?: { name?: string; statusCategory?: { key?: string } };
    assignee?: { accountId?: string; displayName?: string } | null;
    reporter?: { displayName?: string } | null;
    priority?: { name?: string } | null;
    issuetype?: { id?: string; name?: string } | null;
    project?: Project;
    created?: string;
    updated?: string;
    description?: unknown;
    labels?: string[];
  };
}

export const GLOBAL_TYPES = ['jira:globalPage'];
export const PROJECT_TYPES = ['jira:projectPage', 'jiraServiceManagement:queuePage'];
export const ADMIN_TYPES = ['jira:adminPage'];
export const ISSUE_MAIN_TYPES = ['jira:issuePanel', 'jira:issueActivity'];
export const ISSUE_SIDE_TYPES = ['jira:issueContext', 'jira:issueGlance'];
const KNOWN = new Set([
  ...GLOBAL_TYPES,
  ...PROJECT_TYPES,
  ...ADMIN_TYPES,
  ...ISSUE_MAIN_TYPES,
  ...ISSUE_SIDE_TYPES,
]);

export function modulesOf(apps: SandboxApp[], types: string[]): { app: SandboxApp; module: UiModuleInfo }[] {
  return apps.flatMap((app) =>
    app.modules.filter((m) => types.includes(m.type)).map((module) => ({ app, module })),
  );
}

function loading(what: string): ReactNode {
  return h('div', { className: 'sh-muted' }, Spinner(), ` Loading ${what}…`);
}

const renderKind = (m: UiModuleInfo) =>
  Lozenge(m.render === 'native' ? 'new' : 'moved', m.render === 'native' ? 'UI Kit' : 'Custom UI');

// ---- home -----------------------------------------------------------------------------------------------------
export function Home({ session, nav, apps }: PageProps): ReactNode {
  const projects = useLoad(
    () => api<{ values?: Project[] }>(session, '/rest/api/3/project/search?maxResults=50'),
    [session.user, session.site],
  );
  return h(
    'div',
    null,
    h('h1', null, 'Your work'),
    h('h2', null, 'Projects'),
    projects.loading && !projects.data
      ? loading('projects')
      : projects.error
        ? Message(
            'warning',
            'Projects are not available',
            `The site answered ${projects.error}. You can still open an issue by key from the search box.`,
          )
        : (projects.data?.values ?? []).length === 0
          ? h('p', { className: 'sh-muted' }, 'This user can see no projects.')
          : h(
              'div',
              { className: 'sh-grid' },
              (projects.data?.values ?? []).map((p) =>
                h(
                  A,
                  {
                    key: p.key,
                    nav,
                    to: `/jira/projects/${p.key}`,
                    className: 'sh-card',
                    testId: `project-${p.key}`,
                  },
                  h(
                    'div',
                    { className: 'sh-project' },
                    h(
                      'span',
                      { className: 'sh-project__icon', style: { background: projectColor(p.key) } },
                      p.key.slice(0, 2),
                    ),
                    h('strong', null, p.name),
                  ),
                  h('div', { className: 'sh-muted' }, `${p.key} · ${p.projectTypeKey ?? 'software'}`),
                ),
              ),
            ),
    h('h2', null, 'Apps'),
    h(
      'div',
      { className: 'sh-grid' },
      apps.map((app) =>
        h(
          'div',
          { key: app.key, className: 'sh-card' },
          h('strong', null, app.key),
          h(
            'div',
            { className: 'sh-muted' },
            `${(app.bundleBytes / 1024).toFixed(0)} KB bundle · ${app.scopes.length} scopes`,
          ),
          h(
            'ul',
            { className: 'fk-list' },
            app.modules.map((m) =>
              h(
                'li',
                { key: m.key },
                h(A, { nav, to: moduleUrl(app.key, m) }, m.title ?? m.key),
                ' ',
                h('span', { className: 'sh-muted' }, m.type),
                ' ',
                renderKind(m),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

/** Where the shell shows a module of this type. */
export function moduleUrl(app: string, m: UiModuleInfo): string {
  if (ADMIN_TYPES.includes(m.type)) return `/jira/settings/apps/${app}/${m.key}`;
  if (ISSUE_MAIN_TYPES.includes(m.type) || ISSUE_SIDE_TYPES.includes(m.type))
    return `/jira/apps/${app}/${m.key}?needs=issue`;
  return `/jira/apps/${app}/${m.key}`;
}

// ---- apps ---------------------------------------------------------------------------------------------------------
export function AppsPage({ nav, apps, admin }: PageProps & { admin: boolean }): ReactNode {
  const list = admin ? modulesOf(apps, ADMIN_TYPES) : modulesOf(apps, GLOBAL_TYPES);
  const others = admin
    ? []
    : apps.flatMap((app) => app.modules.filter((m) => !KNOWN.has(m.type)).map((module) => ({ app, module })));
  const rows = [...list, ...others];
  return h(
    'div',
    null,
    h('div', { className: 'sh-crumbs' }, admin ? 'Settings / Apps' : 'Apps'),
    h('h1', null, admin ? 'Manage apps' : 'Apps'),
    rows.length === 0
      ? h(
          'p',
          { className: 'sh-muted' },
          admin ? 'No app has a jira:adminPage.' : 'No app has a jira:globalPage.',
        )
      : h(
          'table',
          { className: 'sh-table' },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              h('th', null, 'Page'),
              h('th', null, 'App'),
              h('th', null, 'Module type'),
              h('th', null, 'Kind'),
            ),
          ),
          h(
            'tbody',
            null,
            rows.map(({ app, module }) =>
              h(
                'tr',
                { key: `${app.key}/${module.key}` },
                h(
                  'td',
                  null,
                  h(
                    A,
                    {
                      nav,
                      to: admin
                        ? `/jira/settings/apps/${app.key}/${module.key}`
                        : `/jira/apps/${app.key}/${module.key}`,
                      testId: `open-${module.key}`,
                    },
                    module.title ?? module.key,
                  ),
                ),
                h('td', null, app.key),
                h('td', { className: 'sh-mono' }, module.type),
                h('td', null, renderKind(module)),
              ),
            ),
          ),
        ),
  );
}

export function ModulePage({
  session,
  nav,
  apps,
  events,
  app,
  moduleKey,
  admin,
}: PageProps & { app: string; moduleKey: string; admin: boolean }): ReactNode {
  const found = apps.find((a) => a.key === app);
  const module = found?.modules.find((m) => m.key === moduleKey);
  if (!module) return Message('error', 'Module not found', `No module ${moduleKey} in app ${app}.`);
  const issueKey = new URLSearchParams(window.location.search).get('issue');
  const extension = issueKey ? { issue: { key: issueKey } } : {};
  return h(
    'div',
    null,
    h(
      'div',
      { className: 'sh-crumbs' },
      h(A, { nav, to: admin ? '/jira/settings/apps' : '/jira/apps' }, admin ? 'Settings / Apps' : 'Apps'),
      ' / ',
      app,
    ),
    h('h1', null, module.title ?? module.key),
    h(ModuleFrame, { app, module, session, extension, events, minHeight: 200 }),
  );
}

// ---- projects -------------------------------------------------------------------------------------------------------
export const QUEUES: { id: string; name: string; jql: (key: string) => string }[] = [
  {
    id: 'open',
    name: 'All open',
    jql: (k) => `project = ${k} AND statusCategory != Done ORDER BY created DESC`,
  },
  {
    id: 'mine',
    name: 'Assigned to me',
    jql: (k) =>
      `project = ${k} AND assignee = currentUser() AND statusCategory != Done ORDER BY created DESC`,
  },
  {
    id: 'unassigned',
    name: 'Unassigned',
    jql: (k) => `project = ${k} AND assignee is EMPTY AND statusCategory != Done ORDER BY created DESC`,
  },
  {
    id: 'done',
    name: 'Resolved',
    jql: (k) => `project = ${k} AND statusCategory = Done ORDER BY updated DESC`,
  },
  { id: 'all', name: 'All issues', jql: (k) => `project = ${k} ORDER BY created DESC` },
];

export function ProjectSidebar({
  nav,
  apps,
  projectKey,
  active,
}: PageProps & { projectKey: string; active: string }): ReactNode {
  const pages = modulesOf(apps, PROJECT_TYPES);
  return h(
    'nav',
    { className: 'sh-side', 'aria-label': 'Project' },
    h(
      'div',
      { className: 'sh-project' },
      h(
        'span',
        { className: 'sh-project__icon', style: { background: projectColor(projectKey) } },
        projectKey.slice(0, 2),
      ),
      h('strong', null, projectKey),
    ),
    h('h4', null, 'Queues'),
    QUEUES.map((q) =>
      h(
        A,
        {
          key: q.id,
          nav,
          to: `/jira/projects/${projectKey}/queues/${q.id}`,
          className: active === q.id ? 'active' : undefined,
        },
        q.name,
      ),
    ),
    pages.length ? h('h4', null, 'Apps') : null,
    pages.map(({ app, module }) =>
      h(
        A,
        {
          key: `${app.key}/${module.key}`,
          nav,
          to: `/jira/projects/${projectKey}/apps/${app.key}/${module.key}`,
          className: active === `${app.key}/${module.key}` ? 'active' : undefined,
        },
        module.title ?? module.key,
      ),
    ),
  );
}

export function QueuePage({
  session,
  nav,
  projectKey,
  queueId,
}: PageProps & { projectKey: string; queueId: string }): ReactNode {
  const queue = QUEUES.find((q) => q.id === queueId) ?? (QUEUES[0] as (typeof QUEUES)[number]);
  const [page, setPage] = useState<string[]>([]);
  const token = page[page.length - 1];
  const issues = useLoad(
    () =>
      api<{ issues?: Issue[]; nextPageToken?: string; isLast?: boolean }>(
        session,
        `/rest/api/3/search/jql?${new URLSearchParams({
          jql: queue.jql(projectKey),
          fields: 'summary,status,assignee,priority,issuetype,created',
          maxResults: '25',
          ...(token ? { nextPageToken: token } : {}),
        })}`,
      ),
    [session.user, session.site, projectKey, queue.id, token],
  );
  const list = issues.data?.issues ?? [];
  return h(
    'div',
    null,
    h('div', { className: 'sh-crumbs' }, h(A, { nav, to: '/jira/projects' }, 'Projects'), ' / ', projectKey),
    h('h1', null, queue.name),
    issues.loading && !issues.data
      ? loading('issues')
      : issues.error
        ? Message('warning', 'The search failed', issues.error)
        : list.length === 0
          ? h('p', { className: 'sh-muted' }, 'No issues in this queue for this user.')
          : h(
              'table',
              { className: 'sh-table', 'data-testid': 'queue-table' },
              h(
                'thead',
                null,
                h(
                  'tr',
                  null,
                  ['Key', 'Summary', 'Type', 'Status', 'Priority', 'Assignee', 'Created'].map((t) =>
                    h('th', { key: t }, t),
                  ),
                ),
              ),
              h(
                'tbody',
                null,
                list.map((i) =>
                  h(
                    'tr',
                    { key: i.key },
                    h('td', null, h(A, { nav, to: `/jira/browse/${i.key}` }, i.key)),
                    h('td', null, h(A, { nav, to: `/jira/browse/${i.key}` }, i.fields.summary ?? '')),
                    h('td', null, i.fields.issuetype?.name ?? ''),
                    h(
                      'td',
                      null,
                      Lozenge(
                        STATUS_APPEARANCE[i.fields.status?.statusCategory?.key ?? ''] ?? 'default',
                        i.fields.status?.name ?? '—',
                      ),
                    ),
                    h('td', null, i.fields.priority?.name ?? ''),
                    h(
                      'td',
                      null,
                      i.fields.assignee?.displayName ?? h('span', { className: 'sh-muted' }, 'Unassigned'),
                    ),
                    h(
                      'td',
                      { className: 'sh-muted' },
                      i.fields.created ? new Date(i.fields.created).toLocaleDateString() : '',
                    ),
                  ),
                ),
              ),
            ),
    h(
      'div',
      { className: 'sh-toolbar', style: { marginTop: 12 } },
      page.length
        ? h(
            'button',
            { type: 'button', className: 'fk-button', onClick: () => setPage(page.slice(0, -1)) },
            'Previous',
          )
        : null,
      issues.data?.nextPageToken
        ? h(
            'button',
            {
              type: 'button',
              className: 'fk-button',
              onClick: () => setPage([...page, issues.data?.nextPageToken as string]),
            },
            'Next',
          )
        : null,
    ),
  );
}

export function ProjectAppPage(
  props: PageProps & { projectKey: string; app: string; moduleKey: string },
): ReactNode {
  const { session, apps, events, projectKey, app, moduleKey } = props;
  const project = useLoad(
    () => api<Project>(session, `/rest/api/3/project/${projectKey}`),
    [session.user, session.site, projectKey],
  );
  const module = apps.find((a) => a.key === app)?.modules.find((m) => m.key === moduleKey);
  if (!module) return Message('error', 'Module not found', `${app}/${moduleKey}`);
  if (project.loading && !project.data && !project.error) return loading('project');
  const extension = {
    project: {
      id: project.data?.id ?? '',
      key: projectKey,
      type: project.data?.projectTypeKey ?? 'software',
    },
  };
  return h(
    'div',
    null,
    h('h1', null, module.title ?? module.key),
    h(ModuleFrame, { app, module, session, extension, events, minHeight: 200 }),
  );
}

// ---- issue --------------------------------------------------------------------------------------------------------------
export function IssuePage({
  session,
  nav,
  apps,
  events,
  issueKey,
}: PageProps & { issueKey: string }): ReactNode {
  const issue = useLoad(
    () => api<Issue>(session, `/rest/api/3/issue/${encodeURIComponent(issueKey)}`),
    [session.user, session.site, issueKey],
  );
  const main = modulesOf(apps, ISSUE_MAIN_TYPES);
  const side = modulesOf(apps, ISSUE_SIDE_TYPES);
  const f = issue.data?.fields;
  const project = f?.project;
  const extension = {
    issue: {
      id: issue.data?.id ?? '',
      key: issueKey,
      type: f?.issuetype?.name ?? '',
      typeId: f?.issuetype?.id ?? '',
    },
    project: {
      id: project?.id ?? '',
      key: project?.key ?? issueKey.split('-')[0],
      type: project?.projectTypeKey ?? 'service_desk',
    },
    isNewToIssue: false,
  };
  const panels = (list: typeof main) =>
    list.map(({ app, module }) =>
      h(
        'section',
        { key: `${app.key}/${module.key}`, className: 'sh-panel', 'data-testid': `panel-${module.key}` },
        h(
          'div',
          { className: 'sh-panel__head' },
          module.title ?? module.key,
          h('span', { className: 'sh-muted', style: { fontWeight: 400 } }, ` · ${app.key}`),
        ),
        h(
          'div',
          { className: 'sh-panel__body' },
          issue.loading && !issue.data
            ? Spinner()
            : h(ModuleFrame, { app: app.key, module, session, extension, events }),
        ),
      ),
    );
  return h(
    'div',
    null,
    h(
      'div',
      { className: 'sh-crumbs' },
      h(A, { nav, to: '/jira/projects' }, 'Projects'),
      ' / ',
      project
        ? h(A, { nav, to: `/jira/projects/${project.key}` }, project.name)
        : (issueKey.split('-')[0] ?? ''),
      ' / ',
      issueKey,
    ),
    issue.error ? Message('warning', `${issueKey} is not available to this user`, issue.error) : null,
    h(
      'div',
      { className: 'sh-issue' },
      h(
        'div',
        null,
        h('h1', { 'data-testid': 'issue-summary' }, f?.summary ?? issueKey),
        f?.description
          ? h(
              'div',
              null,
              h('h2', null, 'Description'),
              h('p', { style: { whiteSpace: 'pre-wrap' } }, adfText(f.description)),
            )
          : null,
        panels(main),
      ),
      h(
        'aside',
        null,
        f
          ? h(
              'div',
              { className: 'sh-card' },
              Lozenge(
                STATUS_APPEARANCE[f.status?.statusCategory?.key ?? ''] ?? 'default',
                f.status?.name ?? '—',
              ),
              h(
                'dl',
                { className: 'sh-issue__fields' },
                h('dt', null, 'Assignee'),
                h(
                  'dd',
                  null,
                  f.assignee?.displayName
                    ? h(
                        'span',
                        { className: 'fk-user' },
                        h(Avatar, { name: f.assignee.displayName }),
                        f.assignee.displayName,
                      )
                    : 'Unassigned',
                ),
                h('dt', null, 'Reporter'),
                h('dd', null, f.reporter?.displayName ?? '—'),
                h('dt', null, 'Priority'),
                h('dd', null, f.priority?.name ?? '—'),
                h('dt', null, 'Type'),
                h('dd', null, f.issuetype?.name ?? '—'),
                f.created
                  ? [
                      h('dt', { key: 'c' }, 'Created'),
                      h('dd', { key: 'cv' }, new Date(f.created).toLocaleString()),
                    ]
                  : null,
              ),
            )
          : null,
        panels(side),
      ),
    ),
  );
}

export function ProjectsPage({ session, nav }: PageProps): ReactNode {
  const projects = useLoad(
    () => api<{ values?: Project[] }>(session, '/rest/api/3/project/search?maxResults=100'),
    [session.user, session.site],
  );
  return h(
    'div',
    null,
    h('h1', null, 'Projects'),
    projects.loading && !projects.data
      ? loading('projects')
      : projects.error
        ? Message('warning', 'Projects are not available', projects.error)
        : h(
            'table',
            { className: 'sh-table' },
            h(
              'thead',
              null,
              h('tr', null, h('th', null, 'Name'), h('th', null, 'Key'), h('th', null, 'Type')),
            ),
            h(
              'tbody',
              null,
              (projects.data?.values ?? []).map((p) =>
                h(
                  'tr',
                  { key: p.key },
                  h('td', null, h(A, { nav, to: `/jira/projects/${p.key}` }, p.name)),
                  h('td', null, p.key),
                  h('td', null, p.projectTypeKey ?? ''),
                ),
              ),
            ),
          ),
  );
}
