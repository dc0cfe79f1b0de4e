/// <reference lib="dom" />
import { type ReactNode, useEffect, useState } from 'react';
import { h } from '../client/h';
import type { ForgeDocNode } from '../client/protocol';
import { call, cls, type NodeProps, num, propsOf, registry, renderChildren, str } from './core';

const children = (node: ForgeDocNode) => renderChildren(node.children);
const WIDTHS: Record<string, number> = { small: 400, medium: 600, large: 800, 'x-large': 968 };

/** Modal: inside the module's frame (Forge draws it over the whole product page); Esc and the blanket close it. */
function Modal({ node }: NodeProps): ReactNode {
  const p = propsOf(node);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') call(p.onClose);
    };
    document.addEventListener('keydown', onKey);
    document.body.classList.add('fk-modal-open');
    return () => {
      document.removeEventListener('keydown', onKey);
      document.body.classList.remove('fk-modal-open');
    };
  }, [p.onClose]);
  const width = num(p.width) ?? WIDTHS[str(p.width) ?? 'medium'] ?? 600;
  return h(
    'div',
    { className: 'fk-blanket', onClick: (e: MouseEvent) => e.target === e.currentTarget && call(p.onClose) },
    h(
      'div',
      {
        className: 'fk-modal',
        role: 'dialog',
        'aria-modal': true,
        'aria-label': str(p.label),
        style: { width },
        'data-testid': str(p.testId),
      },
      children(node),
    ),
  );
}

function ModalTitle({ node }: NodeProps): ReactNode {
  const p = propsOf(node);
  return h(
    'h1',
    {
      className: cls(
        'fk-modal__title',
        typeof p.appearance === 'string' && `fk-modal__title--${p.appearance}`,
      ),
    },
    children(node),
  );
}

/**
 * Tabs: `Tabs > TabList > Tab…` plus `TabPanel…` in order; `selected`/`defaultSelected`/`onChange(index)`.
 */
function Tabs({ node }: NodeProps): ReactNode {
  const p = propsOf(node);
  const [local, setLocal] = useState(num(p.defaultSelected) ?? 0);
  const selected = num(p.selected) ?? local;
  const list = (node.children ?? []).find((c) => c.type === 'TabList');
  const tabs = (list?.children ?? []).filter((c) => c.type === 'Tab');
  const panels = (node.children ?? []).filter((c) => c.type === 'TabPanel');
  const id = str(p.id) ?? node.key ?? 'tabs';
  return h(
    'div',
    { className: 'fk-tabs', 'data-testid': str(p.testId) },
    h(
      'div',
      { className: 'fk-tabs__list', role: 'tablist' },
      tabs.map((tab, i) =>
        h(
          'button',
          {
            key: tab.key ?? i,
            type: 'button',
            role: 'tab',
            id: `${id}-tab-${i}`,
            'aria-selected': i === selected,
            'aria-controls': `${id}-panel-${i}`,
            className: cls('fk-tabs__tab', i === selected && 'fk-tabs__tab--selected'),
            onClick: () => {
              setLocal(i);
              call(p.onChange, i);
            },
          },
          renderChildren(tab.children),
        ),
      ),
    ),
    panels.map((panel, i) =>
      h(
        'div',
        {
          key: panel.key ?? i,
          role: 'tabpanel',
          id: `${id}-panel-${i}`,
          'aria-labelledby': `${id}-tab-${i}`,
          hidden: i !== selected,
          className: 'fk-tabs__panel',
        },
        i === selected ? renderChildren(panel.children) : null,
      ),
    ),
  );
}

export function registerOverlays(): void {
  registry.set('Modal', Modal);
  registry.set('ModalTransition', ({ node }) =>
    h('div', { className: 'fk-modal-transition' }, children(node)),
  );
  registry.set('ModalHeader', ({ node }) => h('div', { className: 'fk-modal__header' }, children(node)));
  registry.set('ModalTitle', ModalTitle);
  registry.set('ModalBody', ({ node }) => h('div', { className: 'fk-modal__body' }, children(node)));
  registry.set('ModalFooter', ({ node }) => h('div', { className: 'fk-modal__footer' }, children(node)));
  registry.set('Tabs', Tabs);
  // Used outside Tabs (unusual): render what they hold.
  registry.set('TabList', ({ node }) =>
    h('div', { className: 'fk-tabs__list', role: 'tablist' }, children(node)),
  );
  registry.set('Tab', ({ node }) => h('span', { className: 'fk-tabs__tab' }, children(node)));
  registry.set('TabPanel', ({ node }) => h('div', { className: 'fk-tabs__panel' }, children(node)));
}
