import type { ProjectConfig } from './contract';

/** A project nobody configured yet: enabled, no auto timer, no Assets fields, no search. */
export function defaultProjectConfig(projectKey: string): ProjectConfig {
  return {
    projectKey,
    enabled: true,
    activeStatusIds: [],
    assets: { fieldIds: [], attributeNames: [], aqlTemplate: null },
  };
}

/** Canonical form: de-duplicated lists, empty template as null. */
export function normaliseProjectConfig(config: ProjectConfig): ProjectConfig {
  const unique = (list: readonly string[]) => [...new Set(list)];
  const template = config.assets.aqlTemplate?.trim() ?? '';
  return {
    projectKey: config.projectKey,
    enabled: config.enabled,
    activeStatusIds: unique(config.activeStatusIds),
    assets: {
      fieldIds: unique(config.assets.fieldIds),
      attributeNames: unique(config.assets.attributeNames),
      aqlTemplate: template === '' ? null : template,
    },
  };
}

/** The project key of an issue key (`FS-12` → `FS`). */
export function projectKeyOf(issueKey: string): string {
  const dash = issueKey.lastIndexOf('-');
  return dash > 0 ? issueKey.slice(0, dash) : issueKey;
}

export interface FeedbackEntry {
  readonly id: string;
  readonly at: string;
  /** Account id of the person who wrote it. */
  readonly author: string;
  readonly text: string;
}
