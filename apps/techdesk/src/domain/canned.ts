/**
 * Canned responses. The id says where a response lives, so a delete or update needs no lookup to know which
 * permission applies: `g.<uuid>` (global), `p.<PROJECT>.<uuid>` (project), `u.<uuid>` (personal: stored under the
 * owner's account id, so an agent can only ever reach their own).
 */
import type { CannedResponse } from './contract';

export type CannedScope = CannedResponse['scope'];

/** The most canned responses TechDesk keeps per list (each project, global, each agent's personal ones). */
export const CANNED_CAP = 200;
/**
 * Responses per page. A response is at most 120 + 10,000 characters (≤ ~31 KB as UTF-8 JSON), so the panel's three
 * first pages stay near 2.3 MB, well under Forge's 5 MB response limit, whatever the lists hold.
 */
export const CANNED_PAGE = 25;

const SCOPE_NAME: Record<CannedScope, string> = {
  personal: 'You already have',
  project: 'This project already has',
  global: 'There are already',
};

/** The refusal at the cap, naming the limit. */
export function cannedCapMessage(scope: CannedScope): string {
  const which = scope === 'global' ? ' global' : scope === 'personal' ? ' personal' : '';
  return `${SCOPE_NAME[scope]} ${CANNED_CAP}${which} canned responses, the most TechDesk keeps; delete one first.`;
}

export type CannedLocation =
  | { readonly scope: 'global'; readonly uuid: string }
  | { readonly scope: 'project'; readonly projectKey: string; readonly uuid: string }
  | { readonly scope: 'personal'; readonly uuid: string };

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
export const CANNED_ID = new RegExp(`^(?:g\\.${UUID}|u\\.${UUID}|p\\.[A-Z][A-Z0-9_]{1,254}\\.${UUID})$`);

export function cannedId(location: CannedLocation): string {
  switch (location.scope) {
    case 'global':
      return `g.${location.uuid}`;
    case 'personal':
      return `u.${location.uuid}`;
    case 'project':
      return `p.${location.projectKey}.${location.uuid}`;
  }
}

/** The location an id names, or undefined for anything that is not a canned-response id. */
export function parseCannedId(id: string): CannedLocation | undefined {
  if (!CANNED_ID.test(id)) return undefined;
  const [kind, a, b] = id.split('.');
  if (kind === 'g' && a) return { scope: 'global', uuid: a };
  if (kind === 'u' && a) return { scope: 'personal', uuid: a };
  if (kind === 'p' && a && b) return { scope: 'project', projectKey: a, uuid: b };
  return undefined;
}

/** What is stored: the response plus who last changed it (no ticket content); its version is kept beside it. */
export interface StoredCanned extends Omit<CannedResponse, 'version'> {
  readonly updatedBy: string;
  readonly updatedAt: string;
}

export function publicCanned(stored: StoredCanned & { readonly version: number }): CannedResponse {
  return {
    id: stored.id,
    version: stored.version,
    scope: stored.scope,
    ...(stored.projectKey ? { projectKey: stored.projectKey } : {}),
    title: stored.title,
    body: stored.body,
  };
}

/** Order shown in the panel: personal first, then project, then global; by title within each. */
export function sortCanned<T extends CannedResponse>(list: readonly T[]): T[] {
  const rank: Record<CannedScope, number> = { personal: 0, project: 1, global: 2 };
  return [...list].sort((a, b) => rank[a.scope] - rank[b.scope] || a.title.localeCompare(b.title));
}
