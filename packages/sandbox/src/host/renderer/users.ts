/// <reference lib="dom" />
import { type ChangeEvent, type ReactNode, useEffect, useState } from 'react';
import { h } from '../client/h';
import { bool, call, type NodeProps, propsOf, registry, renderChildren, str } from './core';

interface JiraUser {
  accountId: string;
  displayName?: string;
  emailAddress?: string | null;
  avatarUrls?: Record<string, string>;
}

const cache = new Map<string, Promise<JiraUser | undefined>>();

/** Looks a user up as the host would (the signed-in user's view of Jira), not as the app. */
function lookup(accountId: string): Promise<JiraUser | undefined> {
  let found = cache.get(accountId);
  if (!found) {
    const host = window.__forgeHost;
    found = host
      ? host
          .hostFetch(`/rest/api/3/user?accountId=${encodeURIComponent(accountId)}`)
          .then((r) => (r.ok ? (r.json() as Promise<JiraUser>) : undefined))
          .catch(() => undefined)
      : Promise.resolve(undefined);
    cache.set(accountId, found);
  }
  return found;
}

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase() ?? '')
    .join('') || '?';

function hue(text: string): number {
  let n = 0;
  for (const c of text) n = (n * 31 + c.charCodeAt(0)) % 360;
  return n;
}

export function Avatar({ name, size = 24 }: { name: string; size?: number }): ReactNode {
  return h(
    'span',
    {
      className: 'fk-avatar',
      style: { width: size, height: size, fontSize: size * 0.42, background: `hsl(${hue(name)} 55% 42%)` },
      'aria-hidden': true,
    },
    initials(name),
  );
}

function useUser(accountId: string | undefined): JiraUser | undefined {
  const [user, setUser] = useState<JiraUser | undefined>();
  useEffect(() => {
    let live = true;
    if (accountId) void lookup(accountId).then((u) => live && setUser(u));
    return () => {
      live = false;
    };
  }, [accountId]);
  return user;
}

function User({ node }: NodeProps): ReactNode {
  const p = propsOf(node);
  const accountId = str(p.accountId);
  const user = useUser(accountId);
  const name = user?.displayName ?? (accountId ? 'Unknown user' : 'Anonymous');
  return h(
    'span',
    { className: 'fk-user', title: accountId },
    h(Avatar, { name }),
    bool(p.hideDisplayName) ? null : h('span', { className: 'fk-user__name' }, name),
  );
}

interface Suggestion {
  id: string;
  type: 'user';
  name: string;
  avatarUrl?: string;
  email?: string;
}

/** UserPicker: searches the site's users (`/rest/api/3/users/search`) and hands `onChange` the picked user(s). */
function UserPicker({ node }: NodeProps): ReactNode {
  const p = propsOf(node);
  const multi = bool(p.isMulti);
  const [query, setQuery] = useState('');
  const [options, setOptions] = useState<Suggestion[]>([]);
  const [picked, setPicked] = useState<Suggestion[]>([]);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const host = window.__forgeHost;
    if (!host || !open) return;
    let live = true;
    const timer = setTimeout(() => {
      void host
        .hostFetch(`/rest/api/3/users/search?query=${encodeURIComponent(query)}&maxResults=20`)
        .then((r) => (r.ok ? (r.json() as Promise<JiraUser[]>) : []))
        .catch(() => [] as JiraUser[])
        .then((users) => {
          if (!live || !Array.isArray(users)) return;
          setOptions(
            users
              .filter((u) => !query || (u.displayName ?? '').toLowerCase().includes(query.toLowerCase()))
              .map((u) => ({
                id: u.accountId,
                type: 'user' as const,
                name: u.displayName ?? u.accountId,
                ...(u.avatarUrls?.['48x48'] ? { avatarUrl: u.avatarUrls['48x48'] } : {}),
                ...(u.emailAddress ? { email: u.emailAddress } : {}),
              })),
          );
        });
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query, open]);
  const choose = (s: Suggestion) => {
    const next = multi ? [...picked.filter((x) => x.id !== s.id), s] : [s];
    setPicked(next);
    setQuery('');
    setOpen(false);
    call(p.onChange, multi ? next : s);
  };
  const remove = (id: string) => {
    const next = picked.filter((x) => x.id !== id);
    setPicked(next);
    call(p.onChange, multi ? next : null);
  };
  return h(
    'div',
    { className: 'fk-userpicker' },
    p.label
      ? h(
          'label',
          { className: 'fk-label', htmlFor: `${node.key}-input` },
          String(p.label),
          bool(p.isRequired) ? h('span', { className: 'fk-required' }, ' *') : null,
        )
      : null,
    h(
      'div',
      { className: 'fk-input fk-userpicker__box' },
      picked.map((u) =>
        h(
          'span',
          { key: u.id, className: 'fk-userpicker__chip' },
          h(Avatar, { name: u.name, size: 16 }),
          u.name,
          h('button', { type: 'button', 'aria-label': `Remove ${u.name}`, onClick: () => remove(u.id) }, '×'),
        ),
      ),
      h('input', {
        id: `${node.key}-input`,
        className: 'fk-input__field',
        name: str(p.name),
        value: query,
        placeholder: picked.length && !multi ? '' : (str(p.placeholder) ?? 'Search for a user'),
        disabled: bool(p.isDisabled),
        onFocus: () => setOpen(true),
        onBlur: () => setTimeout(() => setOpen(false), 150),
        onChange: (e: ChangeEvent<HTMLInputElement>) => {
          setQuery(e.target.value);
          setOpen(true);
        },
      }),
    ),
    open && options.length
      ? h(
          'ul',
          { className: 'fk-menu', role: 'listbox' },
          options.map((o) =>
            h(
              'li',
              {
                key: o.id,
                role: 'option',
                'aria-selected': false,
                className: 'fk-menu__item',
                onMouseDown: () => choose(o),
              },
              h(Avatar, { name: o.name }),
              o.name,
            ),
          ),
        )
      : null,
    p.description ? h('div', { className: 'fk-message fk-message--helper' }, String(p.description)) : null,
  );
}

export function registerUsers(): void {
  registry.set('User', User);
  registry.set('UserGroup', ({ node }) =>
    h('span', { className: 'fk-usergroup' }, renderChildren(node.children)),
  );
  registry.set('UserPicker', UserPicker);
}
