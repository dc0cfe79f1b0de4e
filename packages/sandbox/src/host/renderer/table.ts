/// <reference lib="dom" />
import { type ReactNode, useEffect, useState } from 'react';
import { h } from '../client/h';
import type { ForgeDocNode } from '../client/protocol';
import {
  bool,
  call,
  cls,
  fakeEvent,
  type NodeProps,
  num,
  propsOf,
  registry,
  renderChildren,
  renderValue,
  str,
  textOf,
} from './core';

const wrapper = (node: ForgeDocNode, name: string) =>
  (node.children ?? []).find((c) => c.type === 'ContentWrapper' && propsOf(c).name === name);

type SortOrder = 'ASC' | 'DESC';

/** The sort value of a row cell: ADS sorts by the cell's `key` (UI Kit passes it on as `cellKey`), else its text. */
function sortValue(cell: ForgeDocNode | undefined): string | number {
  if (!cell) return '';
  const key = propsOf(cell).cellKey;
  if (typeof key === 'number') return key;
  if (typeof key === 'string') return key;
  return textOf(cell);
}

function compare(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true, sensitivity: 'base' });
}

function pageList(total: number, current: number): (number | '…')[] {
  if (total <= 7) return Array.from({ length: total }, (_, i) => i + 1);
  const pages = new Set([1, total, current - 1, current, current + 1].filter((p) => p >= 1 && p <= total));
  const sorted = [...pages].sort((a, b) => a - b);
  const out: (number | '…')[] = [];
  sorted.forEach((p, i) => {
    if (i > 0 && p - (sorted[i - 1] as number) > 1) out.push('…');
    out.push(p);
  });
  return out;
}

function Pager({
  pages,
  current,
  onChange,
  label,
}: {
  pages: number;
  current: number;
  onChange: (page: number) => void;
  label?: string;
}): ReactNode {
  if (pages <= 1) return null;
  return h(
    'nav',
    { className: 'fk-pagination', 'aria-label': label ?? 'pagination' },
    h(
      'button',
      {
        type: 'button',
        className: 'fk-pagination__nav',
        disabled: current <= 1,
        'aria-label': 'previous',
        onClick: () => onChange(current - 1),
      },
      '‹',
    ),
    pageList(pages, current).map((p, i) =>
      p === '…'
        ? h('span', { key: `e${i}`, className: 'fk-pagination__ellipsis' }, '…')
        : h(
            'button',
            {
              key: p,
              type: 'button',
              className: cls('fk-pagination__page', p === current && 'fk-pagination__page--current'),
              'aria-current': p === current ? 'page' : undefined,
              onClick: () => onChange(p),
            },
            String(p),
          ),
    ),
    h(
      'button',
      {
        type: 'button',
        className: 'fk-pagination__nav',
        disabled: current >= pages,
        'aria-label': 'next',
        onClick: () => onChange(current + 1),
      },
      '›',
    ),
  );
}

/**
 * DynamicTable as UI Kit flattens it: `DynamicTable > ContentWrapper(head) > Cell…` and
 * `ContentWrapper(rows) > Row > Cell…`. Sorting (`sortKey`/`sortOrder`/`onSort`, or internal from `defaultSort…`)
 * and paging (`rowsPerPage`, `page`/`defaultPage`, `onSetPage`) behave like Atlaskit's.
 */
function DynamicTable({ node }: NodeProps): ReactNode {
  const p = propsOf(node);
  const headCells = wrapper(node, 'head')?.children ?? [];
  const rows = (wrapper(node, 'rows')?.children ?? []).filter((r) => r.type === 'Row');
  const [sort, setSort] = useState<{ key?: string; order: SortOrder }>({
    ...(str(p.defaultSortKey) ? { key: str(p.defaultSortKey) } : {}),
    order: p.defaultSortOrder === 'DESC' ? 'DESC' : 'ASC',
  });
  const sortKey = str(p.sortKey) ?? sort.key;
  const sortOrder: SortOrder = p.sortOrder === 'DESC' || p.sortOrder === 'ASC' ? p.sortOrder : sort.order;
  const [localPage, setLocalPage] = useState(num(p.defaultPage) ?? 1);
  const page = num(p.page) ?? localPage;
  const rowsPerPage = num(p.rowsPerPage);
  useEffect(() => {
    if (rowsPerPage && (page - 1) * rowsPerPage >= rows.length && page > 1 && num(p.page) === undefined)
      setLocalPage(1);
  }, [rows.length, rowsPerPage, page, p.page]);

  let sorted = rows;
  const column = sortKey ? headCells.findIndex((c) => propsOf(c).cellKey === sortKey) : -1;
  if (column >= 0 && !bool(p.isRankable)) {
    sorted = [...rows].sort((a, b) => {
      const r = compare(sortValue(a.children?.[column]), sortValue(b.children?.[column]));
      return sortOrder === 'DESC' ? -r : r;
    });
  }
  const pages = rowsPerPage ? Math.max(1, Math.ceil(sorted.length / rowsPerPage)) : 1;
  const visible = rowsPerPage ? sorted.slice((page - 1) * rowsPerPage, page * rowsPerPage) : sorted;
  const highlighted = Array.isArray(p.highlightedRowIndex)
    ? (p.highlightedRowIndex as number[])
    : num(p.highlightedRowIndex) !== undefined
      ? [p.highlightedRowIndex as number]
      : [];

  const onSortClick = (key: string) => {
    const order: SortOrder = key === sortKey && sortOrder === 'ASC' ? 'DESC' : 'ASC';
    setSort({ key, order });
    call(p.onSort, { key, sortOrder: order, item: { key } });
  };
  const setPage = (next: number) => {
    setLocalPage(next);
    call(p.onSetPage, next);
  };

  const head = headCells.length
    ? h(
        'thead',
        null,
        h(
          'tr',
          null,
          headCells.map((cell, i) => {
            const cp = propsOf(cell);
            const key = str(cp.cellKey) ?? String(i);
            const sortable = bool(cp.isSortable);
            const active = sortable && key === sortKey;
            return h(
              'th',
              {
                key,
                scope: 'col',
                style: num(cp.width) ? { width: `${num(cp.width)}%` } : undefined,
                'aria-sort': active ? (sortOrder === 'ASC' ? 'ascending' : 'descending') : undefined,
                className: cls(sortable && 'fk-table__sortable', active && 'fk-table__sorted'),
              },
              sortable
                ? h(
                    'button',
                    { type: 'button', className: 'fk-table__sort', onClick: () => onSortClick(key) },
                    renderChildren(cell.children),
                    h(
                      'span',
                      { className: 'fk-table__arrow', 'aria-hidden': true },
                      active ? (sortOrder === 'ASC' ? '↑' : '↓') : '↕',
                    ),
                  )
                : renderChildren(cell.children),
            );
          }),
        ),
      )
    : null;

  const empty = !rows.length && !bool(p.isLoading);
  return h(
    'div',
    { className: cls('fk-table', bool(p.isLoading) && 'fk-table--loading'), 'data-testid': str(p.testId) },
    h(
      'table',
      { className: cls(bool(p.isFixedSize) && 'fk-table--fixed'), 'aria-label': str(p.label) },
      p.caption ? h('caption', null, renderValue(p.caption)) : null,
      head,
      h(
        'tbody',
        null,
        visible.map((row, ri) =>
          h(
            'tr',
            {
              key: row.key ?? String(propsOf(row).rowKey ?? ri),
              className: cls(
                highlighted.includes(ri) && 'fk-table__highlight',
                fnRow(row) && 'fk-table__clickable',
              ),
              onClick: fnRow(row) ? () => call(propsOf(row).onClick, fakeEvent()) : undefined,
            },
            (row.children ?? []).map((cell, ci) =>
              h('td', { key: cell.key ?? ci }, renderChildren(cell.children)),
            ),
          ),
        ),
      ),
    ),
    empty
      ? h('div', { className: 'fk-table__empty' }, p.emptyView ? renderValue(p.emptyView) : 'No data')
      : null,
    bool(p.isLoading)
      ? h(
          'div',
          { className: 'fk-table__overlay' },
          h('span', { className: 'fk-spinner', 'aria-label': 'Loading' }),
        )
      : null,
    h(Pager, { pages, current: Math.min(page, pages), onChange: setPage, label: str(p.paginationi18n) }),
  );
}

const fnRow = (row: ForgeDocNode) => typeof propsOf(row).onClick === 'function';

function Pagination({ node }: NodeProps): ReactNode {
  const p = propsOf(node);
  const pages = Array.isArray(p.pages) ? (p.pages as unknown[]) : [];
  const [local, setLocal] = useState(num(p.defaultSelectedIndex) ?? 0);
  const index = num(p.selectedIndex) ?? local;
  return h(
    'nav',
    { className: 'fk-pagination', 'aria-label': str(p.label) ?? 'pagination' },
    h(
      'button',
      {
        type: 'button',
        className: 'fk-pagination__nav',
        disabled: index <= 0,
        'aria-label': 'previous',
        onClick: () => choose(index - 1),
      },
      '‹',
    ),
    pages.map((page, i) =>
      h(
        'button',
        {
          key: i,
          type: 'button',
          className: cls('fk-pagination__page', i === index && 'fk-pagination__page--current'),
          onClick: () => choose(i),
        },
        String(typeof page === 'object' && page ? ((page as { label?: unknown }).label ?? i + 1) : page),
      ),
    ),
    h(
      'button',
      {
        type: 'button',
        className: 'fk-pagination__nav',
        disabled: index >= pages.length - 1,
        'aria-label': 'next',
        onClick: () => choose(index + 1),
      },
      '›',
    ),
  );
  function choose(i: number) {
    if (i < 0 || i >= pages.length) return;
    setLocal(i);
    call(p.onChange, fakeEvent(), pages[i]);
  }
}

export function registerTable(): void {
  registry.set('DynamicTable', DynamicTable);
  registry.set('Pagination', Pagination);
}
