/** Admin page state helpers (pure). */
import type {
  CannedMore,
  CannedPage,
  CannedResponse,
  ProjectConfig,
  StatusRef,
  Versioned,
} from '../../domain/contract';

export interface AdminConfig {
  readonly projects: readonly { key: string; name: string }[];
  /** Each with the version it was read at, which a save sends back. */
  readonly configs: readonly Versioned<ProjectConfig>[];
  readonly statuses: readonly StatusRef[];
  readonly canned: readonly CannedResponse[];
  /** Where the project and global lists' next pages start (null: fully loaded). */
  readonly cannedMore: CannedMore<'project' | 'global'>;
  readonly cannedCap: number;
}

export function emptyConfig(projectKey: string): Versioned<ProjectConfig> {
  return {
    projectKey,
    version: 0,
    enabled: false,
    activeStatusIds: [],
    assets: { fieldIds: [], attributeNames: [], aqlTemplate: null },
  };
}

export function configFor(admin: AdminConfig, projectKey: string): Versioned<ProjectConfig> {
  return admin.configs.find((c) => c.projectKey === projectKey) ?? emptyConfig(projectKey);
}

export function withConfig(admin: AdminConfig, config: Versioned<ProjectConfig>): AdminConfig {
  const exists = admin.configs.some((c) => c.projectKey === config.projectKey);
  return {
    ...admin,
    configs: exists
      ? admin.configs.map((c) => (c.projectKey === config.projectKey ? config : c))
      : [...admin.configs, config],
  };
}

export function withCanned(admin: AdminConfig, canned: CannedResponse): AdminConfig {
  const exists = admin.canned.some((c) => c.id === canned.id);
  return {
    ...admin,
    canned: exists ? admin.canned.map((c) => (c.id === canned.id ? canned : c)) : [...admin.canned, canned],
  };
}

/** A further page of one list appended (a response already shown is replaced by the page's copy). */
export function withCannedPage(
  admin: AdminConfig,
  scope: 'project' | 'global',
  page: CannedPage,
): AdminConfig {
  const next = page.items.reduce(withCanned, admin);
  return { ...next, cannedMore: { ...admin.cannedMore, [scope]: page.cursor } };
}

/** Placeholders in an AQL template: `${search}`, `${issue.key}` … */
export function placeholdersOf(template: string): string[] {
  const out: string[] = [];
  for (const m of template.matchAll(/\$\{([^}]+)\}/g)) {
    const name = (m[1] ?? '').trim();
    if (name && !out.includes(name)) out.push(name);
  }
  return out;
}
