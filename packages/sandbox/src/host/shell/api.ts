/// <reference lib="dom" />
/** The shell's view of the sandbox: its JSON control endpoints and the product REST APIs as the picked user. */

export interface SandboxUser {
  accountId: string;
  displayName: string;
  roles: string[];
}
export interface SandboxSite {
  cloudId: string;
  siteUrl: string;
}
export interface UiModuleInfo {
  type: string;
  key: string;
  title?: string;
  resource?: string;
  render?: string;
  resolverFunction?: string;
}
export interface SandboxApp {
  key: string;
  appId: string;
  bundleBytes: number;
  scopes: string[];
  modules: UiModuleInfo[];
  webTriggers: string[];
  scheduledTriggers: { key: string; function: string; interval: string }[];
  consumers: { key: string; queue: string }[];
}

export interface Session {
  user: string | undefined;
  site: string | undefined;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function messageOf(status: number, body: unknown): string {
  if (body && typeof body === 'object') {
    const b = body as {
      errorMessages?: string[];
      errorMessage?: string;
      message?: string;
      error?: { message?: string };
    };
    const text = b.errorMessages?.join(' ') || b.errorMessage || b.message || b.error?.message;
    if (text) return `${status}: ${text}`;
  }
  return `HTTP ${status}`;
}

/** JSON from the sandbox; product APIs go as `X-Sandbox-User` on `X-Sandbox-Site`. */
export async function api<T>(
  session: Session,
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (session.user) headers['X-Sandbox-User'] = session.user;
  if (session.site) headers['X-Sandbox-Site'] = session.site;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  if (!response.ok) throw new ApiError(response.status, messageOf(response.status, body));
  return body as T;
}

/** Pulls plain text out of an ADF document (issue descriptions). */
export function adfText(doc: unknown): string {
  if (typeof doc === 'string') return doc;
  if (!doc || typeof doc !== 'object') return '';
  const node = doc as { type?: string; text?: string; content?: unknown[] };
  if (node.type === 'text') return node.text ?? '';
  const inner = (node.content ?? []).map(adfText).join(node.type === 'doc' ? '\n\n' : '');
  return node.type === 'paragraph' || node.type === 'heading' ? inner : inner;
}
