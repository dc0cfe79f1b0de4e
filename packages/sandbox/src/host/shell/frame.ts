/// <reference lib="dom" />
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { h } from '../client/h';
import type { FrameMessage } from '../client/protocol';
import type { Session, UiModuleInfo } from './api';

export interface Flag {
  id: number;
  title: string;
  description: string;
  type: string;
}

export interface FrameEvents {
  navigate: (url: string) => void;
  flag: (flag: Flag) => void;
}

let flagIds = 0;

/** One app module in an iframe, as Forge embeds it: user, site and extension context in the query. */
export function ModuleFrame(props: {
  app: string;
  module: UiModuleInfo;
  session: Session;
  extension?: Record<string, unknown>;
  events: FrameEvents;
  minHeight?: number;
}): ReactNode {
  const { app, module, session, extension, events } = props;
  const ref = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState(props.minHeight ?? 120);
  useEffect(() => {
    const onMessage = (e: MessageEvent<FrameMessage>) => {
      if (e.source !== ref.current?.contentWindow || e.origin !== window.location.origin) return;
      const data = e.data;
      if (data?.source !== 'forge-host') return;
      if (data.type === 'resize') setHeight(Math.max(props.minHeight ?? 40, Number(data.height) || 0));
      else if (data.type === 'navigate' && typeof data.location.url === 'string') {
        const url = new URL(data.location.url, window.location.origin);
        if (url.origin === window.location.origin) events.navigate(`${url.pathname}${url.search}`);
      } else if (data.type === 'flag') {
        const f = data.flag;
        events.flag({
          id: ++flagIds,
          title: String(f.title ?? ''),
          description: String(f.description ?? ''),
          type: String(f.type ?? 'info'),
        });
      } else if (data.type === 'title' && data.title) document.title = data.title;
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, [events, props.minHeight]);
  const q = new URLSearchParams();
  if (session.user) q.set('as', session.user);
  if (session.site) q.set('site', session.site);
  if (extension && Object.keys(extension).length) q.set('ext', JSON.stringify(extension));
  const src = `/host/modules/${encodeURIComponent(app)}/${encodeURIComponent(module.key)}?${q}`;
  return h('iframe', {
    key: src,
    ref,
    src,
    title: module.title ?? module.key,
    className: 'sh-frame',
    style: { height },
    'data-testid': 'module-frame',
    'data-module': module.key,
  });
}
