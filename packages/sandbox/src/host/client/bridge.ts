/// <reference lib="dom" />
/**
 * The `window.__bridge` the host injects into every module frame, as Forge's global-bridge.js does: UI Kit's
 * reconciler and `@forge/bridge` call `__bridge.callBridge(command, payload)`. Server-side commands go to
 * `/host/bridge/:command` with this frame's app, module, user, site and extension; the rest is answered here.
 * Unknown commands reject loudly.
 */
import { EXTERNAL_URL, type ForgeDocNode, type ForgeHostApi, type FrameInfo, targetUrl } from './protocol';

declare global {
  interface Window {
    __bridge?: { callBridge: (command: string, payload?: unknown) => Promise<unknown> };
    __forgeHost?: ForgeHostApi;
  }
}

const script = document.currentScript as HTMLScriptElement | null;
const frame = JSON.parse(script?.dataset.forgeContext ?? '{}') as FrameInfo;
const listeners = new Set<() => void>();

const host: ForgeHostApi = {
  frame,
  doc: undefined,
  version: 0,
  error: undefined,
  subscribe(listener) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  fail(message) {
    host.error = message;
    host.version++;
    console.error(`[forge host] ${message}`);
    for (const l of listeners) l();
  },
  hostFetch(path, init = {}) {
    const headers = new Headers(init.headers);
    if (frame.accountId) headers.set('X-Sandbox-User', frame.accountId);
    headers.set('X-Sandbox-Site', frame.cloudId);
    return fetch(path, { ...init, headers });
  },
};

class BridgeError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'BridgeAPIError';
  }
}

async function server(command: string, payload: unknown): Promise<unknown> {
  const response = await fetch(`/host/bridge/${command}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      frame: {
        app: frame.app,
        moduleKey: frame.moduleKey,
        accountId: frame.accountId,
        cloudId: frame.cloudId,
        extension: frame.extension,
      },
      payload,
    }),
  });
  const out = (await response.json().catch(() => ({}))) as {
    result?: unknown;
    error?: { code?: string; message?: string };
  };
  if (!response.ok || out.error) {
    throw new BridgeError(
      out.error?.message ?? `Bridge command ${command} failed (${response.status})`,
      out.error?.code,
    );
  }
  return out.result;
}

const post = (message: Record<string, unknown>) => {
  if (window.parent !== window)
    window.parent.postMessage({ source: 'forge-host', ...message }, window.location.origin);
};

// ---- events: between this app's frames (and public events between apps) over BroadcastChannel --------------
type Callback = (payload?: unknown) => unknown;
const channels = new Map<string, { channel: BroadcastChannel; listeners: Map<string, Set<Callback>> }>();
function channelFor(scope: string) {
  let entry = channels.get(scope);
  if (!entry) {
    const created = {
      channel: new BroadcastChannel(`forge-events:${scope}`),
      listeners: new Map<string, Set<Callback>>(),
    };
    created.channel.onmessage = (e: MessageEvent<{ event: string; payload: unknown }>) => {
      for (const cb of created.listeners.get(e.data.event) ?? []) cb(e.data.payload);
    };
    channels.set(scope, created);
    entry = created;
  }
  return entry;
}
function emit(scope: string, data: { event?: unknown; payload?: unknown }) {
  const { channel, listeners: byEvent } = channelFor(scope);
  const event = String(data.event);
  channel.postMessage({ event, payload: data.payload });
  for (const cb of byEvent.get(event) ?? []) cb(data.payload);
}
function on(scope: string, data: { event?: unknown; callback?: unknown }) {
  const { listeners: byEvent } = channelFor(scope);
  const event = String(data.event);
  const callback = data.callback as Callback;
  if (typeof callback !== 'function') throw new BridgeError('on() needs a callback');
  const set = byEvent.get(event) ?? new Set<Callback>();
  set.add(callback);
  byEvent.set(event, set);
  return { unsubscribe: () => set.delete(callback) };
}

// ---- router / history ---------------------------------------------------------------------------------------
interface Location {
  pathname: string;
  search: string;
  hash: string;
  state: unknown;
  key: string;
}
function parseLocation(path: unknown, state: unknown, key: string): Location {
  const target =
    typeof path === 'string'
      ? new URL(path, 'http://module.invalid/')
      : new URL(
          `${(path as Partial<Location>)?.pathname ?? '/'}${(path as Partial<Location>)?.search ?? ''}${(path as Partial<Location>)?.hash ?? ''}`,
          'http://module.invalid/',
        );
  return { pathname: target.pathname, search: target.search, hash: target.hash, state, key };
}
function createHistory() {
  let counter = 0;
  const entries: Location[] = [parseLocation('/', undefined, 'default')];
  let index = 0;
  const historyListeners = new Set<(location: Location, action: string) => void>();
  const history = {
    action: 'POP',
    location: entries[0] as Location,
    get length() {
      return entries.length;
    },
    push(path: unknown, state?: unknown) {
      entries.splice(index + 1);
      entries.push(parseLocation(path, state, `k${++counter}`));
      index = entries.length - 1;
      change('PUSH');
    },
    replace(path: unknown, state?: unknown) {
      entries[index] = parseLocation(path, state, `k${++counter}`);
      change('REPLACE');
    },
    go(delta: number) {
      const next = Math.min(entries.length - 1, Math.max(0, index + delta));
      if (next === index) return;
      index = next;
      change('POP');
    },
    back() {
      history.go(-1);
    },
    forward() {
      history.go(1);
    },
    listen(listener: (location: Location, action: string) => void) {
      historyListeners.add(listener);
      return () => historyListeners.delete(listener);
    },
    createHref(location: unknown) {
      const l = parseLocation(location, undefined, '');
      return `${l.pathname}${l.search}${l.hash}`;
    },
  };
  function change(action: string) {
    history.action = action;
    history.location = entries[index] as Location;
    for (const l of historyListeners) l(history.location, action);
  }
  return history;
}

function navigate(location: Record<string, unknown>) {
  const url = targetUrl(location, window.location.origin);
  if (!url) throw new BridgeError(`The sandbox cannot navigate to target "${String(location.target)}"`);
  if (location.type === 'new-tab' || (EXTERNAL_URL.test(url) && !url.startsWith(window.location.origin))) {
    window.open(url, '_blank', 'noopener');
    return;
  }
  if (window.parent !== window) post({ type: 'navigate', location: { ...location, url } });
  else window.location.assign(url);
}

async function callBridge(command: string, payload?: unknown): Promise<unknown> {
  const data = (payload ?? {}) as Record<string, unknown>;
  switch (command) {
    case 'reconcile':
      host.doc = (data as { forgeDoc?: ForgeDocNode }).forgeDoc;
      host.version++;
      for (const l of listeners) l();
      return undefined;
    case 'onError':
      host.fail(
        String((data.error as Error | undefined)?.message ?? data.error ?? 'The app reported an error'),
      );
      return undefined;
    case 'invoke':
    case 'fetchProduct':
    case '__permission__egressGet':
    case '__permission__egressSet':
    case '__permission__egressDeleteDomain':
    case '__permission__egressDeleteGroup':
      return server(command, data);
    case 'getContext':
      return structuredClone(frame.context);
    case 'navigate':
    case 'open':
      navigate(data);
      return undefined;
    case 'getUrl': {
      const url = targetUrl(data, window.location.origin);
      if (!url) throw new BridgeError(`The sandbox has no URL for target "${String(data.target)}"`);
      return url;
    }
    case 'reload':
      window.location.reload();
      return undefined;
    case 'refresh':
    case 'enableTheming':
    case 'emitReadyEvent':
    case 'closeFlag':
      return undefined;
    case 'showFlag':
      post({ type: 'flag', flag: data });
      return undefined;
    case 'changeWindowTitle':
      post({ type: 'title', title: String(data.title ?? '') });
      return undefined;
    case 'createHistory':
      return createHistory();
    case 'emit':
      emit(`app:${frame.app}`, data);
      return undefined;
    case 'on':
      return on(`app:${frame.app}`, data);
    case 'emitPublic':
      emit('public', data);
      return undefined;
    case 'onPublic':
      return on('public', data);
    default: {
      const error = new BridgeError(
        `The sandbox host does not implement the bridge command "${command}"`,
        'NOT_IMPLEMENTED',
      );
      console.error(`[forge host] ${error.message}`, payload);
      throw error;
    }
  }
}

// UI Kit's reconciler reads `self.__bridge`; @forge/bridge reads `globalThis.__bridge`.
window.__bridge = { callBridge };
window.__forgeHost = host;

// Tell the shell how tall the frame's content is (Forge uses iframe-resizer for this).
if (window.parent !== window) {
  let last = 0;
  const report = () => {
    const body = document.body;
    if (!body) return;
    const rect = body.getBoundingClientRect();
    const height = Math.ceil(
      rect.top + rect.height + Number.parseFloat(getComputedStyle(body).marginBottom || '0'),
    );
    if (height !== last) {
      last = height;
      post({ type: 'resize', height });
    }
  };
  const start = () => {
    new ResizeObserver(report).observe(document.body);
    report();
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
}
