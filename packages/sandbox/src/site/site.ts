import { seedAssets } from '../seed/assets';
import { seedJira, type TechnicianFixture } from '../seed/jira';
import { createRng } from '../seed/rng';
import { AssetsError, type AssetsState, assetsRoutes, type ConnectedTicketsLookup } from './assets/index';
import { fieldValue } from './jira/format';
import { compileJql, JqlError } from './jira/jql';
import {
  ASSETS_FIELD_TYPE,
  actorOf,
  canBrowseIssue,
  directoryOf,
  type Issue,
  type JiraState,
} from './jira/model';
import { jiraRoutes } from './jira/routes';
import { jsmRoutes } from './jsm/routes';
import { createRouter, type ResolvedRoute, type SandboxUser, type SiteLike } from './types';

export interface SiteOptions {
  readonly cloudId: string;
  /** Same seed → same site, byte for byte. */
  readonly seed: number;
  readonly tickets?: number;
  readonly technicians?: number;
  /** Assets objects (default ~2,000; up to 1,000,000 for benchmarks). */
  readonly objects?: number;
  readonly now?: () => Date;
}

export interface Site extends SiteLike {
  sandboxUsers(): readonly SandboxUser[];
  readonly jira: JiraState;
  readonly assets: AssetsState;
  readonly technicians: readonly TechnicianFixture[];
}

/** Builds one seeded site: Jira + JSM state and an Assets workspace, behind one resolver of real paths. */
export function createSite(options: SiteOptions): Site {
  const rng = createRng(options.seed);
  const now = options.now ?? (() => new Date());
  const { state: jira, technicians } = seedJira(rng.fork('jira'), {
    now,
    cloudId: options.cloudId,
    ...(options.tickets !== undefined ? { tickets: options.tickets } : {}),
    ...(options.technicians !== undefined ? { technicians: options.technicians } : {}),
  });
  const directory = directoryOf(jira);
  const assets = seedAssets(rng.fork('assets'), {
    workspaceId: jira.assetsWorkspaceId,
    now,
    directory,
    ...(options.objects !== undefined ? { objects: options.objects } : {}),
  });
  assets.connectedTickets = connectedTicketsIn(jira, assets.workspaceId);
  const jiraRouter = createRouter([...jiraRoutes, ...jsmRoutes]);
  const assetsRouter = createRouter(assetsRoutes);

  return {
    cloudId: options.cloudId,
    siteUrl: jira.baseUrl,
    directory,
    jira,
    assets,
    technicians,
    resolve(method, path): ResolvedRoute | 'method-not-allowed' | undefined {
      const isAssets = path.startsWith('/jsm/assets/');
      if (isAssets) {
        const found = assetsRouter.match(method, path);
        if (found)
          return {
            scopes: found.route.scopes,
            handle: (req) => found.route.handle(req, found.params, assets),
          };
        return assetsRouter.hasPath(path) ? 'method-not-allowed' : undefined;
      }
      const found = jiraRouter.match(method, path);
      if (found)
        return { scopes: found.route.scopes, handle: (req) => found.route.handle(req, found.params, jira) };
      return jiraRouter.hasPath(path) ? 'method-not-allowed' : undefined;
    },
    sandboxUsers(): SandboxUser[] {
      return [...jira.users.values()]
        .filter((u) => u.accountType !== 'app')
        .map((u) => ({ accountId: u.accountId, displayName: u.displayName, roles: [...u.sandboxRoles] }));
    },
  };
}

/**
 * Assets' window on Jira for `object having connectedTickets(<JQL>)`: runs the JQL with the Jira emulation's own
 * compiler over the issues the principal may browse (a hidden issue connects nothing) and collects the ids of the
 * objects of this workspace held in any Assets-type custom field. Invalid JQL is Assets' 400.
 */
function connectedTicketsIn(jira: JiraState, workspaceId: string): ConnectedTicketsLookup {
  return (jql, principal) => {
    let matches: (issue: Issue) => boolean;
    try {
      matches = compileJql(
        { state: jira, principal, currentAccountId: actorOf(jira, principal)?.accountId },
        jql,
      ).matches;
    } catch (error) {
      if (error instanceof JqlError) throw new AssetsError(400, `connectedTickets(): ${error.message}`);
      throw error;
    }
    const assetFields = jira.fields.filter((f) => f.schema?.custom === ASSETS_FIELD_TYPE).map((f) => f.id);
    const ids = new Set<number>();
    for (const issue of jira.issues.values()) {
      if (!canBrowseIssue(jira, principal, issue) || !matches(issue)) continue;
      for (const fieldId of assetFields) {
        const value = fieldValue(jira, issue, fieldId);
        if (!Array.isArray(value)) continue;
        for (const ref of value as { workspaceId?: unknown; objectId?: unknown }[]) {
          if (
            ref?.workspaceId === workspaceId &&
            typeof ref.objectId === 'string' &&
            /^\d+$/.test(ref.objectId)
          ) {
            ids.add(Number(ref.objectId));
          }
        }
      }
    }
    return ids;
  };
}
