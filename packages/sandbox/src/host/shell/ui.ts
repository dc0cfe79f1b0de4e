/// <reference lib="dom" />
import type { ReactNode } from 'react';
import { h } from '../client/h';

export interface Nav {
  go: (path: string) => void;
}

/** An in-app link: pushState navigation, keeping the user/site query. */
export function A(props: {
  nav: Nav;
  to: string;
  className?: string;
  children?: ReactNode;
  testId?: string;
}): ReactNode {
  return h(
    'a',
    {
      href: props.to,
      className: props.className,
      'data-testid': props.testId,
      onClick: (e: MouseEvent) => {
        if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        props.nav.go(props.to);
      },
    },
    props.children,
  );
}

export const Lozenge = (appearance: string, text: string, key?: string) =>
  h('span', { key, className: `fk-lozenge fk-lozenge--${appearance}` }, text);

export const Spinner = () => h('span', { className: 'fk-spinner', 'aria-label': 'Loading' });

export function Message(
  appearance: 'information' | 'warning' | 'error' | 'success',
  title: string,
  body?: ReactNode,
): ReactNode {
  return h(
    'section',
    { className: `fk-section fk-section--${appearance}`, role: appearance === 'error' ? 'alert' : 'status' },
    h(
      'span',
      { className: 'fk-section__icon', 'aria-hidden': true },
      appearance === 'error' ? '⛔' : appearance === 'warning' ? '⚠' : 'ℹ',
    ),
    h(
      'div',
      { className: 'fk-section__content' },
      h('h2', { className: 'fk-section__title' }, title),
      body ? h('div', null, body) : null,
    ),
  );
}

const ROLE_APPEARANCE: Record<string, string> = {
  'site-admin': 'removed',
  'project-admin': 'moved',
  agent: 'inprogress',
  dispatcher: 'new',
  technician: 'success',
  customer: 'default',
};
export const roleLozenge = (role: string) => Lozenge(ROLE_APPEARANCE[role] ?? 'default', role, role);

export const STATUS_APPEARANCE: Record<string, string> = {
  new: 'default',
  indeterminate: 'inprogress',
  done: 'success',
};

export const projectColor = (key: string) => {
  let n = 0;
  for (const c of key) n = (n * 33 + c.charCodeAt(0)) % 360;
  return `hsl(${n} 60% 45%)`;
};
