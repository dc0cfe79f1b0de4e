/** Shared between the injected bridge, the UI Kit renderer and the shell (browser code, no Node imports). */

export interface ForgeDocNode {
  type: string;
  props?: Record<string, unknown>;
  children?: ForgeDocNode[];
  key?: string;
}

export interface FrameInfo {
  readonly kind: 'uikit' | 'custom';
  readonly app: string;
  readonly moduleKey: string;
  readonly moduleType: string;
  readonly accountId?: string;
  readonly cloudId: string;
  readonly extension: Record<string, unknown>;
  readonly context: Record<string, unknown>;
}

/** What the bridge script exposes to the renderer on `window.__forgeHost`. */
export interface ForgeHostApi {
  readonly frame: FrameInfo;
  doc: ForgeDocNode | undefined;
  version: number;
  error: string | undefined;
  subscribe(listener: () => void): () => void;
  fail(message: string): void;
  /** A product REST call by the host itself (as the signed-in user, not subject to the app's scopes). */
  hostFetch(path: string, init?: RequestInit): Promise<Response>;
}

/** Messages a module frame posts to the shell. */
export type FrameMessage =
  | { source: 'forge-host'; type: 'resize'; height: number }
  | { source: 'forge-host'; type: 'navigate'; location: Record<string, unknown> }
  | { source: 'forge-host'; type: 'flag'; flag: Record<string, unknown> }
  | { source: 'forge-host'; type: 'title'; title: string };

export const EXTERNAL_URL = /^https?:\/\//i;

/** Where a Forge navigation target leads in the shell (undefined when the target is not emulated). */
export function targetUrl(location: Record<string, unknown>, origin: string): string | undefined {
  if (typeof location.url === 'string') return new URL(location.url, origin).toString();
  const q = (v: unknown) => encodeURIComponent(String(v));
  switch (location.target) {
    case 'issue':
      return `${origin}/jira/browse/${q(location.issueKey)}`;
    case 'projectSettingsDetails':
    case 'project':
      return `${origin}/jira/projects/${q(location.projectKey)}`;
    case 'module':
      return `${origin}/jira/apps/${q(location.appKey ?? '')}/${q(location.moduleKey)}`;
    case 'dashboard':
      return `${origin}/jira`;
    case 'userProfile':
      return `${origin}/jira/people/${q(location.accountId)}`;
    default:
      return undefined;
  }
}
