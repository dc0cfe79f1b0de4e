import { createHash } from 'node:crypto';
import type { UiModule } from '../runtime/manifest';
import type { Sandbox } from '../runtime/sandbox';
import type { SiteLike } from '../site/types';

/** Who a module frame runs as and where: what the injected bridge sends with every command. */
export interface FrameInfo {
  readonly kind: 'uikit' | 'custom';
  readonly app: string;
  readonly moduleKey: string;
  readonly moduleType: string;
  readonly accountId?: string;
  readonly cloudId: string;
  readonly extension: Record<string, unknown>;
  /** What `view.getContext()` answers. */
  readonly context: Record<string, unknown>;
}

/** The same derivation the runtime uses for environment ids, so frontend and resolver contexts agree. */
function deterministicId(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function siteOf(sandbox: Sandbox, cloudId: string | null | undefined): SiteLike | undefined {
  if (cloudId) return sandbox.sites.get(cloudId);
  return sandbox.sites.values().next().value;
}

export function findModule(sandbox: Sandbox, app: string, moduleKey: string): UiModule | undefined {
  if (!sandbox.appKeys().includes(app)) return undefined;
  return sandbox.manifestOf(app).uiModules.find((m) => m.key === moduleKey);
}

/** Parses the `ext` query parameter (extension context the shell passes, e.g. `{issue:{key}}`). */
export function parseExtension(raw: string | null): Record<string, unknown> {
  if (!raw) return {};
  try {
    const value = JSON.parse(raw) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/** Builds the frame info and the Forge `FullContext` a module sees in the browser. */
export function frameInfo(
  sandbox: Sandbox,
  kind: FrameInfo['kind'],
  app: string,
  module: UiModule,
  site: SiteLike,
  accountId: string | undefined,
  extension: Record<string, unknown>,
): FrameInfo {
  const manifest = sandbox.manifestOf(app);
  const environmentId = deterministicId('env', app);
  const appUuid = manifest.appId.split('/').pop() ?? app;
  const user = accountId ? site.directory.user(accountId) : undefined;
  const fullExtension = { ...extension, type: module.type };
  const context: Record<string, unknown> = {
    ...(accountId ? { accountId } : {}),
    accountType: !user ? 'anonymous' : user.accountType === 'customer' ? 'customer' : 'licensed',
    cloudId: site.cloudId,
    siteUrl: site.siteUrl,
    localId: `ari:cloud:ecosystem::extension/${appUuid}/${environmentId}/static/${module.key}`,
    moduleKey: module.key,
    extension: fullExtension,
    environmentId,
    environmentType: 'DEVELOPMENT',
    appVersion: '1.0.0',
    locale: 'en-US',
    timezone: 'UTC',
    theme: { colorMode: 'light' },
    surfaceColor: '#FFFFFF',
  };
  return {
    kind,
    app,
    moduleKey: module.key,
    moduleType: module.type,
    ...(accountId ? { accountId } : {}),
    cloudId: site.cloudId,
    extension: fullExtension,
    context,
  };
}
