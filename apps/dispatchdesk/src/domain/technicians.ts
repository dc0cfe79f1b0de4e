/**
 * Technicians: stored profiles (sharded in KVS by account-id hash), the roster (profiles plus members of the
 * configured Jira group), and the console's view of each (availability now, position and why, phase, workload).
 */
import { availabilityAt } from './availability';
import type { DispatchConfig, TechnicianProfile, TechnicianView, TicketView } from './contract';
import { currentPhase } from './phases';
import { positionOf } from './positions';
import type { RankTechnician } from './ranking';
import { OPEN_PHASES } from './tickets';

export interface StoredTechnician extends TechnicianProfile {
  readonly updatedAt: string;
  readonly updatedBy: string;
}

/** One shard as stored: a `technician-shard` custom entity row; `version` makes writes compare-and-set. */
export interface Shard {
  readonly version: number;
  readonly profiles: Readonly<Record<string, StoredTechnician>>;
}

/** The custom entity (manifest `app.storage.entities`) that holds the shards. */
export const SHARD_ENTITY = 'technician-shard';

/** 22 shards + config + change token + workspace cache = 25 keys, one `batchGet`. */
export const SHARD_COUNT = 22;
/** Below the 240 KiB KVS value limit with room to spare. */
export const SHARD_MAX_BYTES = 200_000;

export const shardKey = (n: number) => `tech:shard:${n}`;

/** FNV-1a of the account id, modulo the shard count (stable across releases: do not change). */
export function shardOf(accountId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < accountId.length; i++) h = Math.imul(h ^ accountId.charCodeAt(i), 16777619) >>> 0;
  return h % SHARD_COUNT;
}

export function shardWithin(shard: Shard): boolean {
  return new TextEncoder().encode(JSON.stringify(shard)).length <= SHARD_MAX_BYTES;
}

export function toProfile(stored: StoredTechnician): TechnicianProfile {
  const { updatedAt: _a, updatedBy: _b, ...profile } = stored;
  return profile;
}

/** The profile of someone in the roster who has none yet: no skills, no hours, placed at the map centre. */
export function defaultProfile(accountId: string, config: DispatchConfig): TechnicianProfile {
  const office = config.offices[0];
  const base = office
    ? { ...office.location, name: office.name }
    : { ...config.mapView.center, name: 'No home base set' };
  return {
    accountId,
    skills: [],
    homeBase: base,
    timeZone: 'UTC',
    hours: {},
    timeOff: [],
    manualPosition: null,
  };
}

export function initials(displayName: string): string {
  const words = displayName
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '');
  const first = [...(words[0] ?? '')][0] ?? '';
  const last = words.length > 1 ? ([...(words[words.length - 1] ?? '')][0] ?? '') : '';
  const out = `${first}${last}`.toUpperCase();
  return out === '' ? '?' : out;
}

export interface RosterEntry {
  readonly accountId: string;
  readonly displayName: string;
}

/** Everyone in the roster, with their profile (stored, or the default) and their view for the console. */
export function technicianViews(
  roster: readonly RosterEntry[],
  profiles: ReadonlyMap<string, TechnicianProfile>,
  tickets: readonly TicketView[],
  config: DispatchConfig,
  nowMs: number,
): { view: TechnicianView; profile: TechnicianProfile }[] {
  const byAssignee = new Map<string, TicketView[]>();
  for (const t of tickets) {
    if (!t.assignee || !OPEN_PHASES.has(t.phase)) continue;
    let list = byAssignee.get(t.assignee.accountId);
    if (!list) {
      list = [];
      byAssignee.set(t.assignee.accountId, list);
    }
    list.push(t);
  }
  return roster.map((entry) => {
    const profile = profiles.get(entry.accountId) ?? defaultProfile(entry.accountId, config);
    const own = byAssignee.get(entry.accountId) ?? [];
    const onSite = own.flatMap((t) =>
      t.phase === 'on-site' && t.location ? [{ key: t.key, location: t.location, updated: t.updated }] : [],
    );
    const availability = availabilityAt(profile, nowMs);
    const view: TechnicianView = {
      accountId: entry.accountId,
      displayName: entry.displayName,
      initials: initials(entry.displayName),
      skills: profile.skills,
      homeBase: profile.homeBase,
      position: positionOf(profile, onSite, nowMs),
      availableNow: availability.availableNow,
      availability: availability.text,
      phase: currentPhase(own.map((t) => t.phase)),
      workload: own.length,
    };
    return { view, profile };
  });
}

/** The ranking input for a technician view. */
export function rankInput(view: TechnicianView): RankTechnician {
  return {
    accountId: view.accountId,
    lat: view.position.lat,
    lng: view.position.lng,
    availableNow: view.availableNow,
    skills: view.skills,
    workload: view.workload,
    availability: view.availability,
    positionSource: view.position.source,
  };
}

/** Group members and stored profiles as one roster, unique by account id, by name. */
export function mergeRoster(
  profiled: readonly RosterEntry[],
  groupMembers: readonly RosterEntry[],
): RosterEntry[] {
  const byId = new Map<string, RosterEntry>();
  for (const e of [...groupMembers, ...profiled]) if (!byId.has(e.accountId)) byId.set(e.accountId, e);
  return [...byId.values()].sort(
    (a, b) => a.displayName.localeCompare(b.displayName) || (a.accountId < b.accountId ? -1 : 1),
  );
}
