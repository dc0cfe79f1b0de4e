/// <reference lib="dom" />
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { h } from '../client/h';
import { type NodeProps, propsOf, registry, safeHref, str } from './core';

/** `<Frame resource>`: a Custom UI resource inside the UI Kit module, with the module's context and bridge. */
function Frame({ node }: NodeProps): ReactNode {
  const p = propsOf(node);
  const ref = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState(200);
  const host = window.__forgeHost;
  useEffect(() => {
    const onMessage = (e: MessageEvent<{ source?: string; type?: string; height?: number }>) => {
      if (
        e.source === ref.current?.contentWindow &&
        e.data?.source === 'forge-host' &&
        e.data.type === 'resize'
      ) {
        setHeight(Math.max(50, Number(e.data.height) || 0));
      }
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, []);
  const resource = str(p.resource);
  if (!host || !resource) return h('div', { className: 'fk-host-error' }, 'Frame needs a resource');
  const q = new URLSearchParams({
    module: host.frame.moduleKey,
    site: host.frame.cloudId,
    ext: JSON.stringify(host.frame.extension),
  });
  if (host.frame.accountId) q.set('as', host.frame.accountId);
  return h('iframe', {
    ref,
    className: 'fk-frame',
    title: resource,
    src: `/host/resource/${encodeURIComponent(host.frame.app)}/${encodeURIComponent(resource)}/?${q}`,
    style: { height },
  });
}

type Adf = {
  type?: string;
  text?: string;
  content?: Adf[];
  attrs?: Record<string, unknown>;
  marks?: { type: string; attrs?: Record<string, unknown> }[];
};

function adf(node: Adf, key: number): ReactNode {
  const kids = (node.content ?? []).map(adf);
  switch (node.type) {
    case 'doc':
      return h('div', { key, className: 'fk-adf' }, kids);
    case 'paragraph':
      return h('p', { key }, kids);
    case 'heading':
      return h(`h${Math.min(6, Math.max(1, Number(node.attrs?.level) || 1))}`, { key }, kids);
    case 'bulletList':
      return h('ul', { key }, kids);
    case 'orderedList':
      return h('ol', { key }, kids);
    case 'listItem':
      return h('li', { key }, kids);
    case 'blockquote':
      return h('blockquote', { key }, kids);
    case 'codeBlock':
      return h('pre', { key, className: 'fk-codeblock' }, h('code', null, kids));
    case 'rule':
      return h('hr', { key });
    case 'hardBreak':
      return h('br', { key });
    case 'panel':
      return h(
        'div',
        { key, className: `fk-section fk-section--${String(node.attrs?.panelType ?? 'information')}` },
        h('div', { className: 'fk-section__content' }, kids),
      );
    case 'mention':
      return h('span', { key, className: 'fk-mention' }, String(node.attrs?.text ?? '@user'));
    case 'emoji':
      return h('span', { key }, String(node.attrs?.text ?? node.attrs?.shortName ?? ''));
    case 'status':
      return h('span', { key, className: 'fk-lozenge fk-lozenge--default' }, String(node.attrs?.text ?? ''));
    case 'table':
      return h('table', { key, className: 'fk-adf__table' }, h('tbody', null, kids));
    case 'tableRow':
      return h('tr', { key }, kids);
    case 'tableHeader':
      return h('th', { key }, kids);
    case 'tableCell':
      return h('td', { key }, kids);
    case 'text': {
      let out: ReactNode = node.text ?? '';
      for (const mark of node.marks ?? []) {
        if (mark.type === 'strong') out = h('strong', null, out);
        else if (mark.type === 'em') out = h('em', null, out);
        else if (mark.type === 'strike') out = h('s', null, out);
        else if (mark.type === 'code') out = h('code', { className: 'fk-code' }, out);
        else if (mark.type === 'underline') out = h('u', null, out);
        else if (mark.type === 'link') {
          const href = safeHref(mark.attrs?.href);
          out = href
            ? h('a', { className: 'fk-link', href, target: '_blank', rel: 'noopener noreferrer' }, out)
            : out;
        }
      }
      return h('span', { key }, out);
    }
    default:
      return kids.length
        ? h('div', { key }, kids)
        : h('span', { key, className: 'fk-subtle' }, `[${node.type ?? 'unknown'}]`);
  }
}

function AdfRenderer({ node }: NodeProps): ReactNode {
  const doc = propsOf(node).document as Adf | undefined;
  return doc ? adf(doc, 0) : null;
}

export function registerMisc(): void {
  registry.set('Frame', Frame);
  registry.set('AdfRenderer', AdfRenderer);
}
