/**
 * Loading what the console shows: one KVS batch read, the open tickets of the configured projects (as the
 * user), Assets locations when that is the source, the technician roster and display names.
 */
import * as jira from '../atlassian/jira';
import { effectiveTileUrl, normaliseConfig, TILE_URL_VARIABLE } from '../domain/config';
import type { ConsoleData, DispatchConfig, TechnicianProfile, TicketView } from '../domain/contract';
import {
  mergeRoster,
  type RosterEntry,
  type StoredTechnician,
  technicianViews,
  toProfile,
} from '../domain/technicians';
import {
  type AssetLocations,
  assetLocationsFromAql,
  assetObjectIds,
  obj,
  type ResolvedLocation,
  splitByLocation,
  ticketFields,
  toTicketView,
} from '../domain/tickets';
import {
  type ConsoleState,
  getTilesApiKey,
  MAX_TECHNICIANS,
  putWorkspaceId,
  readConsoleState,
} from '../storage/store';
import { product } from './common';

/** Tickets loaded per console (newest first); more are reported as `truncated`. */
export const MAX_TICKETS = 2_000;

/** JQL for the configured projects (keys are validated project keys, quoted anyway). */
export function projectsJql(config: DispatchConfig): string {
  return `project in (${config.projectKeys.map((k) => `"${k}"`).join(', ')})`;
}

export function tileOverride(): string | undefined {
  const value = process.env[TILE_URL_VARIABLE];
  return value && value.trim() !== '' ? value.trim() : undefined;
}

export async function assetLocations(
  config: DispatchConfig,
  issues: readonly unknown[],
  state: ConsoleState,
) {
  const source = config.locationSource;
  if (source.kind !== 'assets') return undefined;
  const ids = [...new Set(issues.flatMap((i) => assetObjectIds(obj(obj(i).fields)[source.fieldId])))];
  if (ids.length === 0) return new Map() as AssetLocations;
  let workspace = state.workspaceId;
  if (!workspace) {
    workspace = (await product('Assets workspace lookup', () => jira.assetsWorkspaceId())) ?? undefined;
    if (!workspace) return new Map() as AssetLocations;
    await putWorkspaceId(workspace);
  }
  const pages = await product('Assets lookup', () => jira.assetObjects(workspace, ids));
  const out: Map<string, ResolvedLocation> = new Map();
  for (const page of pages) {
    for (const [id, loc] of assetLocationsFromAql(page, source.latAttribute, source.lngAttribute))
      out.set(id, loc);
  }
  return out as AssetLocations;
}

export async function loadTickets(
  config: DispatchConfig,
  state: ConsoleState,
  extraJql = '',
): Promise<{ tickets: TicketView[]; truncated: boolean }> {
  if (config.projectKeys.length === 0) return { tickets: [], truncated: false };
  const jql = `${projectsJql(config)} AND statusCategory != Done${extraJql} ORDER BY created DESC`;
  const { issues, truncated } = await product('ticket search', () =>
    jira.searchIssues(jql, ticketFields(config), MAX_TICKETS),
  );
  const assets = await assetLocations(config, issues, state);
  const tickets = issues.flatMap((i) => {
    const t = toTicketView(i, config, assets);
    return t ? [t] : [];
  });
  return { tickets, truncated };
}

/** Group members (when configured) plus everyone with a stored profile, with display names. */
export async function loadRoster(
  config: DispatchConfig,
  stored: readonly StoredTechnician[],
  knownNames: ReadonlyMap<string, string>,
): Promise<RosterEntry[]> {
  let members: Awaited<ReturnType<typeof jira.groupMembers>> = [];
  if (config.technicianGroupId) {
    try {
      members = await jira.groupMembers(config.technicianGroupId);
    } catch (error) {
      // A group that cannot be read must not take the console down: profiles still show, the health check says why.
      console.warn(
        JSON.stringify({ level: 'warn', event: 'technician-group.unreadable', error: String(error) }),
      );
    }
  }
  const licensed = members.filter((m) => m.accountType === 'atlassian');
  const names = new Map(knownNames);
  for (const m of licensed) names.set(m.accountId, m.displayName);
  const unnamed = stored.map((s) => s.accountId).filter((id) => !names.has(id));
  if (unnamed.length > 0) {
    for (const [id, name] of await product('user lookup', () => jira.usersBulk(unnamed))) names.set(id, name);
  }
  const profiled = stored.map((s) => ({
    accountId: s.accountId,
    displayName: names.get(s.accountId) ?? s.accountId,
  }));
  return mergeRoster(profiled, licensed);
}

export interface LoadedConsole {
  readonly config: DispatchConfig;
  readonly state: ConsoleState;
  readonly tickets: TicketView[];
  readonly truncated: boolean;
  readonly technicians: ReturnType<typeof technicianViews>;
  /** Roster entries past {@link MAX_TECHNICIANS} left out of this load (0 normally). */
  readonly techniciansOmitted: number;
  readonly profiles: Map<string, TechnicianProfile>;
}

/**
 * Everything the console needs. `assignedOnly` loads just the open tickets that have an assignee (enough for
 * workloads and positions, used when ranking).
 */
export async function loadConsole(
  nowMs: number,
  assignedOnly = false,
  caller?: string,
): Promise<LoadedConsole> {
  const state = await readConsoleState();
  const config = normaliseConfig(state.config);
  const { tickets, truncated } = await loadTickets(
    config,
    state,
    assignedOnly ? ' AND assignee is not EMPTY' : '',
  );
  const knownNames = new Map<string, string>();
  for (const t of tickets) if (t.assignee) knownNames.set(t.assignee.accountId, t.assignee.displayName);
  const full = await loadRoster(config, state.technicians, knownNames);
  // Bounded whatever is stored (profiles from before the cap, a huge technician group): the response stays far
  // below Forge's 5 MB limit. The caller is always kept, so a technician past the cut still sees their own work.
  const roster = full.slice(0, MAX_TECHNICIANS);
  const me = caller ? full.find((e) => e.accountId === caller) : undefined;
  if (me && !roster.includes(me)) roster[MAX_TECHNICIANS - 1] = me;
  const profiles = new Map(state.technicians.map((s) => [s.accountId, toProfile(s)] as const));
  const technicians = technicianViews(roster, profiles, tickets, config, nowMs);
  return {
    config,
    state,
    tickets,
    truncated,
    technicians,
    techniciansOmitted: full.length - roster.length,
    profiles,
  };
}

/** One issue as a ticket, with its Assets location looked up when Assets is the source. */
export async function ticketOf(
  raw: unknown,
  config: DispatchConfig,
  state: ConsoleState,
): Promise<TicketView | null> {
  return toTicketView(raw, config, await assetLocations(config, [raw], state));
}

/** Whether someone is in the roster: a stored profile, or a member of the technician group. */
export async function isTechnician(
  accountId: string,
  config: DispatchConfig,
  state: ConsoleState,
): Promise<boolean> {
  if (state.technicians.some((t) => t.accountId === accountId)) return true;
  if (!config.technicianGroupId) return false;
  const members = await product('technician group', () =>
    jira.groupMembers(config.technicianGroupId as string),
  );
  return members.some((m) => m.accountId === accountId && m.accountType === 'atlassian');
}

export async function mapSettings(config: DispatchConfig): Promise<ConsoleData['map']> {
  const override = tileOverride();
  const apiKey = !override && config.tiles.url.includes('{apiKey}') ? await getTilesApiKey() : undefined;
  return {
    tileUrl: effectiveTileUrl(config.tiles, override, apiKey),
    attribution: config.tiles.attribution,
    center: config.mapView.center,
    zoom: config.mapView.zoom,
  };
}

export { splitByLocation };
