/** Admin page state helpers (pure). */
import type { CannedResponse, ProjectConfig, StatusRef, Versioned } from '../../domain/contract';

export interface AdminConfig {
  readonly projects: readonly { key: string; name: string }[];
  /** Each with the version it was read at, which a save sends back. */
  readonly configs: readonly Versioned<ProjectConfig>[];
  readonly statuses: readonly StatusRef[];
  readonly canned: readonly CannedResponse[];
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

/** Placeholders in an AQL template: `${search}`, `${issue.key}` … */
export function placeholdersOf(template: string): string[] {
  const out: string[] = [];
  for (const m of template.matchAll(/\$\{([^}]+)\}/g)) {
    const name = (m[1] ?? '').trim();
    if (name && !out.includes(name)) out.push(name);
  }
  return out;
}
