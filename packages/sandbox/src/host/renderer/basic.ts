/// <reference lib="dom" />
import type { CSSProperties, ReactNode } from 'react';
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
  safeHref,
  str,
  token,
  xcssStyle,
} from './core';

const children = (node: ForgeDocNode) => renderChildren(node.children);
const testId = (node: ForgeDocNode) => str(propsOf(node).testId);

// ---- layout ---------------------------------------------------------------------------------------------------
const ALIGN: Record<string, string> = {
  start: 'flex-start',
  center: 'center',
  end: 'flex-end',
  stretch: 'stretch',
  baseline: 'baseline',
};

function Inline({ node }: NodeProps): ReactNode {
  const p = propsOf(node);
  const style: CSSProperties = {
    display: 'flex',
    flexDirection: 'row',
    gap: token(p.space) ?? '0',
    rowGap: token(p.rowSpace ?? p.space) ?? '0',
    alignItems: ALIGN[str(p.alignBlock) ?? 'start'] ?? 'flex-start',
    justifyContent:
      p.spread === 'space-between' ? 'space-between' : (ALIGN[str(p.alignInline) ?? 'start'] ?? 'flex-start'),
    flexWrap: bool(p.shouldWrap) ? 'wrap' : 'nowrap',
    ...(p.grow === 'fill' ? { flexGrow: 1 } : {}),
  };
  const separator = str(p.separator);
  const items = children(node);
  const content = separator
    ? items.flatMap((item, i) =>
        i === 0 ? [item] : [h('span', { key: `sep${i}`, className: 'fk-separator' }, separator), item],
      )
    : items;
  return h(
    str(p.as) === 'ul' ? 'ul' : 'div',
    { className: 'fk-inline', style, 'data-testid': testId(node) },
    content,
  );
}

function Stack({ node }: NodeProps): ReactNode {
  const p = propsOf(node);
  const style: CSSProperties = {
    display: 'flex',
    flexDirection: 'column',
    gap: token(p.space) ?? '0',
    alignItems: ALIGN[str(p.alignInline) ?? 'stretch'] ?? 'stretch',
    justifyContent:
      p.spread === 'space-between' ? 'space-between' : (ALIGN[str(p.alignBlock) ?? 'start'] ?? 'flex-start'),
    ...(p.grow === 'fill' ? { flexGrow: 1 } : {}),
  };
  return h('div', { className: 'fk-stack', style, 'data-testid': testId(node) }, children(node));
}

const BOX_TAGS = new Set([
  'div',
  'span',
  'section',
  'article',
  'ul',
  'ol',
  'li',
  'aside',
  'nav',
  'header',
  'footer',
  'main',
]);

function Box({ node }: NodeProps): ReactNode {
  const p = propsOf(node);
  const style: Record<string, string | undefined> = {
    padding: token(p.padding),
    paddingBlock: token(p.paddingBlock),
    paddingBlockStart: token(p.paddingBlockStart),
    paddingBlockEnd: token(p.paddingBlockEnd),
    paddingInline: token(p.paddingInline),
    paddingInlineStart: token(p.paddingInlineStart),
    paddingInlineEnd: token(p.paddingInlineEnd),
    backgroundColor: token(p.backgroundColor),
    ...xcssStyle(p.xcss),
  };
  for (const k of Object.keys(style)) if (style[k] === undefined) delete style[k];
  const tag = BOX_TAGS.has(str(p.as) ?? '') ? (str(p.as) as string) : 'div';
  return h(
    tag,
    { className: 'fk-box', style, role: str(p.role), 'data-testid': testId(node) },
    children(node),
  );
}

// ---- text -----------------------------------------------------------------------------------------------------
const HEADING_SIZE_BY_TAG: Record<string, string> = {
  h1: 'xlarge',
  h2: 'large',
  h3: 'medium',
  h4: 'small',
  h5: 'xsmall',
  h6: 'xxsmall',
};
const TAG_BY_SIZE: Record<string, string> = {
  xxlarge: 'h1',
  xlarge: 'h1',
  large: 'h2',
  medium: 'h3',
  small: 'h4',
  xsmall: 'h5',
  xxsmall: 'h6',
};

function Heading({ node }: NodeProps): ReactNode {
  const p = propsOf(node);
  const level = num(p.level);
  const as = str(p.as) ?? (level ? `h${Math.min(6, Math.max(1, level))}` : undefined);
  const size = str(p.size) ?? (as ? HEADING_SIZE_BY_TAG[as] : undefined) ?? 'medium';
  const tag = as && /^h[1-6]$/.test(as) ? as : (TAG_BY_SIZE[size] ?? 'h2');
  return h(
    tag,
    {
      className: `fk-heading fk-heading--${size}`,
      style: p.color ? { color: token(p.color) } : undefined,
      id: str(p.id),
      'data-testid': testId(node),
    },
    children(node),
  );
}

const TEXT_SIZES = new Set(['small', 'medium', 'large']);

function Text({ node }: NodeProps): ReactNode {
  const p = propsOf(node);
  const as = str(p.as);
  const tag = as === 'span' || as === 'strong' || as === 'em' ? as : 'p';
  const size = TEXT_SIZES.has(str(p.size) ?? '') ? (p.size as string) : 'medium';
  const style: CSSProperties = {
    ...(p.color ? { color: token(p.color) } : {}),
    ...(p.align ? { textAlign: p.align as CSSProperties['textAlign'] } : {}),
    ...(p.weight
      ? { fontWeight: { regular: 400, medium: 500, semibold: 600, bold: 700 }[p.weight as string] }
      : {}),
    ...(num(p.maxLines)
      ? {
          display: '-webkit-box',
          WebkitLineClamp: num(p.maxLines),
          WebkitBoxOrient: 'vertical',
          overflow: 'hidden',
        }
      : {}),
  };
  return h(
    tag,
    { className: `fk-text fk-text--${size}`, style, 'data-testid': testId(node) },
    children(node),
  );
}

const tagged =
  (tag: string) =>
  ({ node }: NodeProps) =>
    h(tag, null, children(node));

function navigateTo(href: string, newTab: boolean) {
  void window.__bridge
    ?.callBridge('navigate', { url: href, type: newTab ? 'new-tab' : 'same-tab' })
    .catch(() => {});
}

function Link({ node }: NodeProps): ReactNode {
  const p = propsOf(node);
  const href = safeHref(p.href);
  if (!href)
    return h(
      'span',
      { className: 'fk-link fk-link--invalid', title: 'This link was not followed' },
      children(node),
    );
  const newTab = bool(p.openNewTab) || /^https?:/i.test(href);
  return h(
    'a',
    {
      className: 'fk-link',
      href,
      target: newTab ? '_blank' : undefined,
      rel: newTab ? 'noopener noreferrer' : undefined,
      'data-testid': testId(node),
      onClick: (e: MouseEvent) => {
        if (newTab || href.startsWith('#')) return;
        e.preventDefault();
        navigateTo(href, false);
      },
    },
    children(node),
  );
}

function Code({ node }: NodeProps): ReactNode {
  return h('code', { className: 'fk-code' }, children(node));
}

function CodeBlock({ node }: NodeProps): ReactNode {
  const p = propsOf(node);
  const text = str(p.text) ?? '';
  const lines = text.split('\n');
  return h(
    'pre',
    { className: 'fk-codeblock', 'data-language': str(p.language) },
    p.showLineNumbers === false
      ? h('code', null, text)
      : lines.map((line, i) =>
          h(
            'div',
            { key: i, className: 'fk-codeblock__line' },
            h('span', { className: 'fk-codeblock__no' }, String(i + 1)),
            line,
          ),
        ),
  );
}

function List({ node }: NodeProps): ReactNode {
  const p = propsOf(node);
  return h(p.type === 'ordered' ? 'ol' : 'ul', { className: 'fk-list' }, children(node));
}

// ---- status -----------------------------------------------------------------------------------------------------
const LOZENGES = new Set(['default', 'success', 'removed', 'inprogress', 'new', 'moved']);

function Lozenge({ node }: NodeProps): ReactNode {
  const p = propsOf(node);
  const appearance = LOZENGES.has(str(p.appearance) ?? '') ? (p.appearance as string) : 'default';
  return h(
    'span',
    {
      className: cls('fk-lozenge', `fk-lozenge--${appearance}`, bool(p.isBold) && 'fk-lozenge--bold'),
      style: num(p.maxWidth) ? { maxWidth: num(p.maxWidth) } : undefined,
      'data-testid': testId(node),
    },
    children(node),
  );
}

const BADGES = new Set(['default', 'primary', 'primaryInverted', 'important', 'added', 'removed']);

function Badge({ node }: NodeProps): ReactNode {
  const p = propsOf(node);
  const appearance = BADGES.has(str(p.appearance) ?? '') ? (p.appearance as string) : 'default';
  const max = p.max === false ? undefined : (num(p.max) ?? 99);
  const raw =
    node.children?.length === 1 && node.children[0]?.type === 'String'
      ? Number(node.children[0].props?.text)
      : Number.NaN;
  let content: ReactNode = children(node);
  if (Number.isFinite(raw)) {
    content =
      max !== undefined && raw > max
        ? `${max}+`
        : appearance === 'added' && raw > 0
          ? `+${raw}`
          : String(raw);
  }
  return h('span', { className: `fk-badge fk-badge--${appearance}`, 'data-testid': testId(node) }, content);
}

function ProgressBar({ node }: NodeProps): ReactNode {
  const p = propsOf(node);
  const value = Math.max(0, Math.min(1, num(p.value) ?? 0));
  const appearance = str(p.appearance) ?? 'default';
  const indeterminate = bool(p.isIndeterminate);
  return h(
    'div',
    {
      className: cls(
        'fk-progress',
        `fk-progress--${appearance}`,
        indeterminate && 'fk-progress--indeterminate',
      ),
      role: 'progressbar',
      'aria-label': str(p.ariaLabel) ?? str(p.label),
      'aria-valuemin': 0,
      'aria-valuemax': 1,
      'aria-valuenow': indeterminate ? undefined : value,
      'data-testid': testId(node),
    },
    h('div', {
      className: 'fk-progress__bar',
      style: indeterminate ? undefined : { width: `${value * 100}%` },
    }),
  );
}

const SECTION_ICONS: Record<string, string> = {
  information: 'ℹ',
  info: 'ℹ',
  warning: '⚠',
  error: '⛔',
  success: '✔',
  discovery: '✦',
  change: 'ℹ',
  confirmation: '✔',
};

function SectionMessage({ node }: NodeProps): ReactNode {
  const p = propsOf(node);
  const appearance = str(p.appearance) ?? 'information';
  const kind =
    appearance === 'info' || appearance === 'change'
      ? 'information'
      : appearance === 'confirmation'
        ? 'success'
        : appearance;
  const actionNodes = (node.children ?? []).filter((c) => c.type === 'SectionMessageAction');
  const body = (node.children ?? []).filter((c) => c.type !== 'SectionMessageAction');
  const actions = [...renderChildren(actionNodes), ...(p.actions ? [renderValue(p.actions)] : [])];
  return h(
    'section',
    { className: `fk-section fk-section--${kind}`, 'data-testid': testId(node), role: 'region' },
    h('span', { className: 'fk-section__icon', 'aria-hidden': true }, SECTION_ICONS[kind] ?? 'ℹ'),
    h(
      'div',
      { className: 'fk-section__content' },
      p.title ? h('h2', { className: 'fk-section__title' }, renderValue(p.title)) : null,
      h('div', { className: 'fk-section__body' }, renderChildren(body)),
      actions.length ? h('div', { className: 'fk-section__actions' }, actions) : null,
    ),
  );
}

function SectionMessageAction({ node }: NodeProps): ReactNode {
  const p = propsOf(node);
  const href = safeHref(p.href);
  if (href)
    return h(
      'a',
      { className: 'fk-link', href, target: '_blank', rel: 'noopener noreferrer' },
      children(node),
    );
  return h(
    'button',
    { type: 'button', className: 'fk-button fk-button--link', onClick: () => call(p.onClick, fakeEvent()) },
    children(node),
  );
}

const SPINNER_SIZES: Record<string, number> = { xsmall: 8, small: 16, medium: 24, large: 48, xlarge: 96 };

function Spinner({ node }: NodeProps): ReactNode {
  const p = propsOf(node);
  const size = num(p.size) ?? SPINNER_SIZES[str(p.size) ?? 'medium'] ?? 24;
  return h('span', {
    className: cls('fk-spinner', p.appearance === 'invert' && 'fk-spinner--invert'),
    role: 'img',
    'aria-label': str(p.label) ?? 'Loading',
    style: { width: size, height: size },
    'data-testid': testId(node),
  });
}

function Tag({ node }: NodeProps): ReactNode {
  const p = propsOf(node);
  const href = safeHref(p.href);
  const color = str(p.color) ?? 'standard';
  const text = str(p.text) ?? '';
  return h(
    'span',
    { className: `fk-tag fk-tag--${color.replace(/Light$/, '')}`, 'data-testid': testId(node) },
    href ? h('a', { href, target: '_blank', rel: 'noopener noreferrer' }, text) : text,
    bool(p.isRemovable) || p.onAfterRemoveAction
      ? h(
          'button',
          {
            type: 'button',
            className: 'fk-tag__remove',
            'aria-label': str(p.removeButtonLabel) ?? `Remove ${text}`,
            onClick: () => call(p.onAfterRemoveAction, text),
          },
          '×',
        )
      : null,
  );
}

function Tooltip({ node }: NodeProps): ReactNode {
  const p = propsOf(node);
  const content = typeof p.content === 'string' ? p.content : undefined;
  return h('span', { className: 'fk-tooltip', title: content, 'data-testid': testId(node) }, children(node));
}

const IMAGE_SIZES: Record<string, number> = { xsmall: 48, small: 96, medium: 192, large: 320, xlarge: 480 };

function Image({ node }: NodeProps): ReactNode {
  const p = propsOf(node);
  const src =
    safeHref(p.src) ?? (typeof p.src === 'string' && p.src.startsWith('data:image/') ? p.src : undefined);
  const width = num(p.width) ?? IMAGE_SIZES[str(p.size) ?? ''];
  return h('img', {
    className: 'fk-image',
    src,
    alt: str(p.alt) ?? '',
    width,
    height: num(p.height),
    'data-testid': testId(node),
  });
}

function EmptyState({ node }: NodeProps): ReactNode {
  const p = propsOf(node);
  return h(
    'div',
    {
      className: 'fk-empty',
      style: { maxWidth: p.width === 'narrow' ? 304 : 464 },
      'data-testid': testId(node),
    },
    p.header ? h('h4', { className: 'fk-heading fk-heading--medium' }, renderValue(p.header)) : null,
    p.description
      ? h('p', { className: 'fk-text fk-text--medium fk-subtle' }, renderValue(p.description))
      : null,
    h(
      'div',
      { className: 'fk-empty__actions' },
      renderValue(p.primaryAction),
      renderValue(p.secondaryAction),
      renderValue(p.tertiaryAction),
    ),
  );
}

const GLYPHS: Record<string, string> = {
  add: '+',
  'add-circle': '⊕',
  check: '✓',
  'check-circle': '✔',
  cross: '✕',
  'cross-circle': '⊗',
  'editor-close': '✕',
  edit: '✎',
  'edit-filled': '✎',
  trash: '🗑',
  search: '⌕',
  info: 'ℹ',
  warning: '⚠',
  error: '⛔',
  refresh: '↻',
  'chevron-down': '⌄',
  'chevron-up': '⌃',
  'chevron-left': '‹',
  'chevron-right': '›',
  'arrow-left': '←',
  'arrow-right': '→',
  'arrow-up': '↑',
  'arrow-down': '↓',
  star: '☆',
  'star-filled': '★',
  person: '👤',
  people: '👥',
  calendar: '📅',
  clock: '🕒',
  location: '📍',
  lock: '🔒',
  settings: '⚙',
  download: '⤓',
  upload: '⤒',
  link: '🔗',
  'more-horizontal': '⋯',
  'more-vertical': '⋮',
  export: '⤴',
  filter: '⛃',
  'open-in-new': '↗',
  shortcut: '↗',
  copy: '⧉',
  'question-circle': '?',
};

export function glyph(name: unknown): string {
  return GLYPHS[String(name)] ?? '◆';
}

function Icon({ node }: NodeProps): ReactNode {
  const p = propsOf(node);
  const size = { small: 16, medium: 24, large: 32, xlarge: 48 }[str(p.size) ?? 'medium'] ?? 24;
  return h(
    'span',
    {
      className: 'fk-icon',
      role: 'img',
      'aria-label': str(p.label) ?? String(p.glyph ?? 'icon'),
      title: String(p.glyph ?? ''),
      style: {
        width: size,
        height: size,
        fontSize: size * 0.7,
        color: token(p.primaryColor) ?? token(p.color),
      },
    },
    glyph(p.glyph),
  );
}

function ProgressTracker({ node }: NodeProps): ReactNode {
  const p = propsOf(node);
  const items = Array.isArray(p.items) ? (p.items as Record<string, unknown>[]) : [];
  return h(
    'ol',
    { className: 'fk-tracker', 'data-testid': testId(node) },
    items.map((item, i) =>
      h(
        'li',
        {
          key: String(item.id ?? i),
          className: `fk-tracker__step fk-tracker__step--${String(item.status ?? 'unvisited')}`,
        },
        h('span', { className: 'fk-tracker__dot' }),
        String(item.label ?? ''),
      ),
    ),
  );
}

function Breadcrumbs({ node }: NodeProps): ReactNode {
  return h('nav', { className: 'fk-breadcrumbs', 'aria-label': 'Breadcrumbs' }, children(node));
}
function BreadcrumbsItem({ node }: NodeProps): ReactNode {
  const p = propsOf(node);
  const href = safeHref(p.href);
  const text = str(p.text) ?? '';
  return h(
    'span',
    { className: 'fk-breadcrumbs__item' },
    href
      ? h('a', { className: 'fk-link', href, target: '_blank', rel: 'noopener noreferrer' }, text)
      : h(
          'button',
          {
            type: 'button',
            className: 'fk-button fk-button--subtle-link',
            onClick: () => call(p.onClick, fakeEvent()),
          },
          text,
        ),
  );
}

function HostError({ node }: NodeProps): ReactNode {
  return h('div', { className: 'fk-host-error', role: 'alert' }, String(propsOf(node).message ?? 'Error'));
}

export function registerBasic(): void {
  const passthrough = ({ node }: NodeProps) => h('div', { className: 'fk-root' }, children(node));
  registry.set('Root', passthrough);
  registry.set('MacroConfig', passthrough);
  registry.set('Inline', Inline);
  registry.set('Stack', Stack);
  registry.set('Box', Box);
  registry.set('Heading', Heading);
  registry.set('Text', Text);
  registry.set('Strong', tagged('strong'));
  registry.set('Em', tagged('em'));
  registry.set('Strike', tagged('s'));
  registry.set('Link', Link);
  registry.set('Code', Code);
  registry.set('CodeBlock', CodeBlock);
  registry.set('List', List);
  registry.set('ListItem', tagged('li'));
  registry.set('Lozenge', Lozenge);
  registry.set('Badge', Badge);
  registry.set('ProgressBar', ProgressBar);
  registry.set('SectionMessage', SectionMessage);
  registry.set('SectionMessageAction', SectionMessageAction);
  registry.set('Spinner', Spinner);
  registry.set('Tag', Tag);
  registry.set('TagGroup', ({ node }) => h('div', { className: 'fk-taggroup' }, children(node)));
  registry.set('Tooltip', Tooltip);
  registry.set('Image', Image);
  registry.set('EmptyState', EmptyState);
  registry.set('Icon', Icon);
  registry.set('ProgressTracker', ProgressTracker);
  registry.set('Breadcrumbs', Breadcrumbs);
  registry.set('BreadcrumbsItem', BreadcrumbsItem);
  registry.set('HostError', HostError);
}
