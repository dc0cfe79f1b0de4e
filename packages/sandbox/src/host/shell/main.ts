/// <reference lib="dom" />
/**
 * The sandbox shell: a Jira-like SPA at /jira — user and site pickers, projects → queues → issues with their issue
 * panels, apps' global / project / admin pages (each module in an iframe, as Forge embeds them) and the developer
 * view of what apps did.
 */
import { type ReactNode, useCallback, useEffect, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { h } from '../client/h';
import { Avatar } from '../renderer/users';
import { api, type SandboxApp, type SandboxSite, type SandboxUser, type Session } from './api';
import { DevPage } from './dev';
import type { Flag, FrameEvents } from './frame';
import { useLoad } from './hooks';
import {
  AppsPage,
  Home,
  IssuePage,
  ModulePage,
  ProjectAppPage,
  ProjectSidebar,
  ProjectsPage,
  QueuePage,
} from './pages';
import { A, Message, type Nav, roleLozenge } from './ui';

const STORAGE_USER = 'forge-sandbox.user';
const STORAGE_SITE = 'forge-sandbox.site';

function initialSession(): Session {
  const q = new URLSearchParams(window.location.search);
  const user = q.get('as') ?? localStorage.getItem(STORAGE_USER) ?? undefined;
  const site = q.get('site') ?? localStorage.getItem(STORAGE_SITE) ?? undefined;
  return { user: user || undefined, site: site || undefined };
}

function withSession(path: string, session: Session): string {
  const url = new URL(path, window.location.origin);
  if (session.user) url.searchParams.set('as', session.user);
  else url.searchParams.delete('as');
  if (session.site) url.searchParams.set('site', session.site);
  return `${url.pathname}${url.search}`;
}

function UserPicker({
  users,
  session,
  onPick,
}: {
  users: SandboxUser[];
  session: Session;
  onPick: (id: string | undefined) => void;
}): ReactNode {
  const [open, setOpen] = useState(false);
  const current = users.find((u) => u.accountId === session.user);
  const name = current?.displayName ?? (session.user ? session.user : 'Anonymous');
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (!(e.target as HTMLElement).closest('[data-user-picker]')) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);
  return h(
    'div',
    { 'data-user-picker': true },
    h(
      'button',
      {
        type: 'button',
        className: 'sh-userbtn',
        'aria-haspopup': 'listbox',
        'aria-expanded': open,
        'data-testid': 'user-picker',
        title: session.user ?? 'anonymous',
        onClick: () => setOpen(!open),
      },
      h(Avatar, { name, size: 28 }),
      h('span', { 'data-testid': 'current-user' }, name),
      h('span', { 'aria-hidden': true }, '▾'),
    ),
    open
      ? h(
          'div',
          { className: 'sh-dropdown', role: 'listbox', 'aria-label': 'Sign in as' },
          h('h3', null, 'Sign in as'),
          users.map((u) =>
            h(
              'button',
              {
                key: u.accountId,
                type: 'button',
                role: 'option',
                className: 'sh-useritem',
                'aria-current': u.accountId === session.user,
                'aria-selected': u.accountId === session.user,
                'data-testid': `user-option-${u.accountId}`,
                onClick: () => {
                  onPick(u.accountId);
                  setOpen(false);
                },
              },
              h(Avatar, { name: u.displayName, size: 32 }),
              h(
                'span',
                null,
                h('div', null, u.displayName),
                h('div', { className: 'sh-mono sh-muted' }, u.accountId),
                h('div', { className: 'sh-useritem__roles' }, u.roles.map(roleLozenge)),
              ),
            ),
          ),
          h(
            'button',
            {
              type: 'button',
              className: 'sh-useritem',
              'data-testid': 'user-option-anonymous',
              onClick: () => {
                onPick(undefined);
                setOpen(false);
              },
            },
            h(Avatar, { name: 'Anonymous', size: 32 }),
            h(
              'span',
              null,
              h('div', null, 'Anonymous'),
              h('div', { className: 'sh-muted' }, 'not signed in'),
            ),
          ),
        )
      : null,
  );
}

function IssueSearch({ nav }: { nav: Nav }): ReactNode {
  const [text, setText] = useState('');
  return h(
    'form',
    {
      onSubmit: (e: Event) => {
        e.preventDefault();
        const key = text.trim().toUpperCase();
        if (key) nav.go(`/jira/browse/${encodeURIComponent(key)}`);
        setText('');
      },
    },
    h('input', {
      className: 'sh-select',
      style: { width: 180 },
      placeholder: 'Go to issue (e.g. HD-1)',
      value: text,
      'aria-label': 'Go to issue',
      'data-testid': 'issue-search',
      onChange: (e: { target: { value: string } }) => setText(e.target.value),
    }),
  );
}

function Shell(): ReactNode {
  const [session, setSession] = useState<Session>(initialSession);
  const [path, setPath] = useState(window.location.pathname);
  const [flags, setFlags] = useState<Flag[]>([]);
  const sites = useLoad(() => api<SandboxSite[]>(session, '/sandbox/sites'), []);
  const users = useLoad(() => api<SandboxUser[]>(session, '/sandbox/users'), [session.site]);
  const apps = useLoad(() => api<SandboxApp[]>(session, '/sandbox/apps'), []);

  const nav: Nav = useMemo(
    () => ({
      go: (to: string) => {
        const next = withSession(to, session);
        window.history.pushState(null, '', next);
        setPath(new URL(next, window.location.origin).pathname);
        window.scrollTo(0, 0);
      },
    }),
    [session],
  );
  useEffect(() => {
    const onPop = () => setPath(window.location.pathname);
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  // Default to the first site and the first seeded user; keep the choice in the URL and localStorage.
  useEffect(() => {
    if (!session.site && sites.data?.[0]) setSession((s) => ({ ...s, site: sites.data?.[0]?.cloudId }));
  }, [sites.data, session.site]);
  useEffect(() => {
    if (
      !session.user &&
      users.data?.[0] &&
      !localStorage.getItem(STORAGE_USER) &&
      !new URLSearchParams(window.location.search).has('as')
    ) {
      setSession((s) => ({ ...s, user: users.data?.[0]?.accountId }));
    }
  }, [users.data, session.user]);
  useEffect(() => {
    localStorage.setItem(STORAGE_USER, session.user ?? '');
    if (session.site) localStorage.setItem(STORAGE_SITE, session.site);
    window.history.replaceState(
      null,
      '',
      withSession(`${window.location.pathname}${window.location.search}`, session),
    );
  }, [session]);

  const addFlag = useCallback((flag: Flag) => {
    setFlags((f) => [...f, flag]);
    setTimeout(() => setFlags((f) => f.filter((x) => x.id !== flag.id)), 6000);
  }, []);
  const events: FrameEvents = useMemo(() => ({ navigate: nav.go, flag: addFlag }), [nav, addFlag]);

  const appList = apps.data ?? [];
  const props = { session, nav, apps: appList, events };
  const seg = path.split('/').filter(Boolean).map(decodeURIComponent); // ['jira', ...]
  let side: ReactNode = null;
  let main: ReactNode;
  const section = seg[1] ?? '';
  if (apps.error) main = Message('error', 'The sandbox did not answer', apps.error);
  else if (!apps.data) main = h('div', { className: 'sh-muted' }, 'Loading…');
  else if (section === '') main = h(Home, props);
  else if (section === 'projects' && seg[2]) {
    const projectKey = seg[2];
    const isApp = seg[3] === 'apps' && seg[4] && seg[5];
    side = h(ProjectSidebar, {
      ...props,
      projectKey,
      active: isApp ? `${seg[4]}/${seg[5]}` : (seg[4] ?? 'open'),
    });
    main = isApp
      ? h(ProjectAppPage, {
          ...props,
          projectKey,
          app: seg[4] as string,
          moduleKey: seg[5] as string,
          key: `${seg[4]}/${seg[5]}`,
        })
      : h(QueuePage, {
          ...props,
          projectKey,
          queueId: seg[4] ?? 'open',
          key: `${projectKey}/${seg[4] ?? 'open'}`,
        });
  } else if (section === 'projects') main = h(ProjectsPage, props);
  else if (section === 'browse' && seg[2]) main = h(IssuePage, { ...props, issueKey: seg[2], key: seg[2] });
  else if (section === 'apps' && seg[2] && seg[3])
    main = h(ModulePage, {
      ...props,
      app: seg[2],
      moduleKey: seg[3],
      admin: false,
      key: `${seg[2]}/${seg[3]}`,
    });
  else if (section === 'apps') main = h(AppsPage, { ...props, admin: false });
  else if (section === 'settings' && seg[2] === 'apps' && seg[3] && seg[4])
    main = h(ModulePage, {
      ...props,
      app: seg[3],
      moduleKey: seg[4],
      admin: true,
      key: `${seg[3]}/${seg[4]}`,
    });
  else if (section === 'settings') main = h(AppsPage, { ...props, admin: true });
  else if (section === 'sandbox') main = h(DevPage, props);
  else main = Message('warning', 'Nothing here', path);

  const navLink = (to: string, label: string, active: boolean, testId: string) =>
    h(A, { nav, to, className: active ? 'active' : undefined, testId }, label);
  const siteList = sites.data ?? [];
  return h(
    'div',
    { className: 'sh' },
    h(
      'header',
      { className: 'sh-top' },
      h(
        A,
        { nav, to: '/jira', className: 'sh-logo' },
        h('span', { className: 'sh-logo__mark' }, '◆'),
        'Jira',
        h('small', null, 'Forge sandbox'),
      ),
      h(
        'nav',
        { className: 'sh-nav' },
        navLink('/jira', 'Your work', section === '', 'nav-home'),
        navLink('/jira/projects', 'Projects', section === 'projects' || section === 'browse', 'nav-projects'),
        navLink('/jira/apps', 'Apps', section === 'apps', 'nav-apps'),
        navLink('/jira/settings/apps', 'Settings', section === 'settings', 'nav-settings'),
        navLink('/jira/sandbox', 'Sandbox', section === 'sandbox', 'nav-sandbox'),
      ),
      h('div', { className: 'sh-spacer' }),
      h(IssueSearch, { nav }),
      siteList.length > 1
        ? h(
            'select',
            {
              className: 'sh-select',
              'aria-label': 'Site',
              'data-testid': 'site-picker',
              value: session.site ?? '',
              onChange: (e: { target: { value: string } }) =>
                setSession({ user: session.user, site: e.target.value }),
            },
            siteList.map((s) =>
              h(
                'option',
                { key: s.cloudId, value: s.cloudId },
                `${new URL(s.siteUrl).host} · ${s.cloudId.slice(0, 12)}`,
              ),
            ),
          )
        : siteList[0]
          ? h(
              'span',
              { className: 'sh-muted', title: siteList[0].cloudId },
              new URL(siteList[0].siteUrl).host,
            )
          : null,
      users.error
        ? h('span', { className: 'sh-status--bad' }, 'users unavailable')
        : h(UserPicker, {
            users: users.data ?? [],
            session,
            onPick: (user) => setSession({ ...session, user }),
          }),
    ),
    h('div', { className: 'sh-body' }, side, h('main', { className: 'sh-main' }, main)),
    h(
      'div',
      { className: 'sh-flags', 'aria-live': 'polite' },
      flags.map((f) =>
        h(
          'div',
          { key: f.id, className: 'sh-flag', role: 'status' },
          h('strong', null, f.title),
          f.description ? h('div', null, f.description) : null,
        ),
      ),
    ),
  );
}

const container = document.getElementById('shell-root');
if (container) createRoot(container).render(h(Shell));
