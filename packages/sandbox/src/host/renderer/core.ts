/// <reference lib="dom" />
import { Component, type ComponentType, type ReactNode } from 'react';
import { h } from '../client/h';
import type { ForgeDocNode } from '../client/protocol';

export type Props = Record<string, unknown>;
export interface NodeProps {
  readonly node: ForgeDocNode;
}
export type ForgeComponent = ComponentType<NodeProps>;

/** type → component; filled by the component modules (see `registerAll`). */
export const registry = new Map<string, ForgeComponent>();

export const propsOf = (node: ForgeDocNode): Props => node.props ?? {};
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined;
export const bool = (v: unknown): boolean => v === true;
export const cls = (...names: (string | false | undefined | null)[]): string =>
  names.filter(Boolean).join(' ');

type Fn = (...args: unknown[]) => unknown;
export const fn = (v: unknown): Fn | undefined => (typeof v === 'function' ? (v as Fn) : undefined);

/** Calls an app's function prop (same JS realm); errors and rejections are reported, never swallowed silently. */
export function call(f: unknown, ...args: unknown[]): unknown {
  const target = fn(f);
  if (!target) return undefined;
  try {
    const result = target(...args);
    if (result && typeof (result as Promise<unknown>).catch === 'function') {
      (result as Promise<unknown>).catch((error: unknown) =>
        console.error('[forge host] app handler failed', error),
      );
    }
    return result;
  } catch (error) {
    console.error('[forge host] app handler failed', error);
    return undefined;
  }
}

/** A minimal event object for handlers that expect one (`e.preventDefault()` is a no-op here). */
export const fakeEvent = (target: Record<string, unknown> = {}) => ({
  target,
  currentTarget: target,
  preventDefault() {},
  stopPropagation() {},
  persist() {},
});

/** All text below a node, e.g. for sorting table cells. */
export function textOf(node: ForgeDocNode | undefined): string {
  if (!node) return '';
  if (node.type === 'String') return String(propsOf(node).text ?? '');
  return (node.children ?? []).map(textOf).join('');
}

const isElement = (v: unknown): v is { type: unknown; props: Props | null } =>
  !!v && typeof v === 'object' && '$$typeof' in v && 'type' in v && 'props' in v;

/**
 * Props that carry React elements (DynamicTable `emptyView`, EmptyState `primaryAction`, …) are not reconciled into
 * the ForgeDoc; they are converted here into ForgeDoc nodes the same way (function components called).
 */
export function toDocNodes(value: unknown, depth = 0): ForgeDocNode[] {
  if (value === null || value === undefined || value === false || value === true || depth > 50) return [];
  if (typeof value === 'string' || typeof value === 'number')
    return [{ type: 'String', props: { text: String(value) }, children: [] }];
  if (Array.isArray(value)) return value.flatMap((v) => toDocNodes(v, depth + 1));
  if (isElement(value)) {
    const { children, ...rest } = value.props ?? {};
    if (typeof value.type === 'string') {
      return [{ type: value.type, props: rest, children: toDocNodes(children, depth + 1) }];
    }
    if (typeof value.type === 'function') {
      try {
        return toDocNodes((value.type as Fn)(value.props ?? {}), depth + 1);
      } catch (error) {
        return [{ type: 'HostError', props: { message: String(error) }, children: [] }];
      }
    }
    if (typeof value.type === 'symbol') return toDocNodes(children, depth + 1); // Fragment
  }
  if (
    typeof value === 'object' &&
    value &&
    'type' in value &&
    typeof (value as ForgeDocNode).type === 'string'
  ) {
    return [value as ForgeDocNode];
  }
  return [];
}

export function Unsupported({ node }: NodeProps): ReactNode {
  return h(
    'div',
    { className: 'fk-unsupported', role: 'note', 'data-testid': 'unsupported-component' },
    h('div', { className: 'fk-unsupported__title' }, `Unsupported component: ${node.type}`),
    h(
      'div',
      { className: 'fk-unsupported__hint' },
      'The sandbox renderer does not cover this UI Kit component yet; its children are shown below.',
    ),
    node.children?.length
      ? h('div', { className: 'fk-unsupported__children' }, renderChildren(node.children))
      : null,
  );
}

export function renderNode(node: ForgeDocNode, index = 0): ReactNode {
  const key = node.key ?? `i${index}`;
  if (node.type === 'String') return String(propsOf(node).text ?? '');
  const component = registry.get(node.type) ?? Unsupported;
  return h(component, { key, node });
}

export function renderChildren(children: readonly ForgeDocNode[] | undefined): ReactNode[] {
  return (children ?? []).map((child, i) => renderNode(child, i));
}

/** Renders a prop that may be text or a React element (converted to ForgeDoc). */
export function renderValue(value: unknown): ReactNode {
  if (value === null || value === undefined || value === false) return null;
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  return renderChildren(toDocNodes(value));
}

/** Keeps a component's failure inside a visible box instead of blanking the page. */
export class Boundary extends Component<
  { children?: ReactNode; label: string },
  { error: string | undefined }
> {
  override state: { error: string | undefined } = { error: undefined };
  static getDerivedStateFromError(error: unknown) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  override render() {
    if (this.state.error) {
      return h(
        'div',
        { className: 'fk-host-error', role: 'alert' },
        h('strong', null, `${this.props.label} failed to render`),
        h('pre', null, this.state.error),
      );
    }
    return this.props.children;
  }
}

// ---- design tokens --------------------------------------------------------------------------------------------
const FALLBACKS: Record<string, string> = { space: '0', color: 'inherit' };

/** `space.100` → `var(--ds-space-100)`, `color.text.subtle` → `var(--ds-text-subtle)`, others unchanged. */
export function token(value: unknown): string | undefined {
  if (typeof value === 'number') return `${value}px`;
  if (typeof value !== 'string') return undefined;
  const parts = value.split('.');
  const [group] = parts;
  if (group === 'space') return `var(--ds-${parts.join('-')}, ${FALLBACKS.space})`;
  if (group === 'color') return `var(--ds-${parts.slice(1).join('-')})`;
  if (group === 'elevation') return `var(--ds-${parts.slice(1).join('-')})`;
  if (group === 'border' || group === 'font' || group === 'opacity') return `var(--ds-${parts.join('-')})`;
  return value;
}

/** `xcss({...})` objects are plain style objects of tokens; pseudo-classes and media queries are not applied. */
export function xcssStyle(value: unknown): Record<string, string> {
  const style: Record<string, string> = {};
  if (!value || typeof value !== 'object') return style;
  const list = Array.isArray(value) ? value : [value];
  for (const entry of list) {
    if (!entry || typeof entry !== 'object') continue;
    for (const [k, v] of Object.entries(entry as Record<string, unknown>)) {
      if (k.startsWith(':') || k.startsWith('@') || typeof v === 'object') continue;
      const css = token(v);
      if (css !== undefined) style[k] = css;
    }
  }
  return style;
}

/** Only http(s), mailto and same-site links are followed; anything else (e.g. `javascript:`) is not a link. */
export function safeHref(href: unknown): string | undefined {
  if (typeof href !== 'string') return undefined;
  const trimmed = href.trim();
  if (/^(https?:|mailto:)/i.test(trimmed) || trimmed.startsWith('/') || trimmed.startsWith('#'))
    return trimmed;
  if (!/^[a-z][a-z0-9+.-]*:/i.test(trimmed)) return trimmed; // relative
  return undefined;
}
