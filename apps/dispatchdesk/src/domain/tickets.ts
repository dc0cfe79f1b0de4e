/**
 * Jira issue JSON (from `search/jql` or `GET issue`, as the dispatcher) → the console's `TicketView`: phase from
 * the admin's mapping, SLA state from the JSM SLA fields, location from the configured source, and the conflict
 * guard used before assigning. Pure: the JSON is read defensively, nothing is trusted to have a shape.
 */
import type { DispatchConfig, LatLng, Phase, SlaState, TicketView } from './contract';
import { isLatLng } from './geo';
import { phaseOf } from './phases';

export type Json = Record<string, unknown>;

export const obj = (v: unknown): Json =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {};
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Where a located ticket is, plus the address text that came with it. */
export interface ResolvedLocation extends LatLng {
  readonly address: string | null;
}

/** Assets object id → its location (from the Latitude/Longitude attributes). */
export type AssetLocations = ReadonlyMap<string, ResolvedLocation>;

/** Fields to request from Jira for the console, given the configuration. */
export function ticketFields(config: DispatchConfig): string[] {
  const fields = ['summary', 'status', 'project', 'priority', 'assignee', 'created', 'updated'];
  fields.push(config.locationSource.fieldId);
  if (config.requiredSkillFieldId) fields.push(config.requiredSkillFieldId);
  if (config.requestTypeFieldId) fields.push(config.requestTypeFieldId);
  for (const id of config.slaFieldIds ?? []) fields.push(id);
  return [...new Set(fields)];
}

/** The `{lat, lng, address}` value of a location custom field, or null when absent or not a valid point. */
export function locationFromField(value: unknown): ResolvedLocation | null {
  const v = obj(value);
  const lat = typeof v.lat === 'string' ? Number(v.lat) : v.lat;
  const lng = typeof v.lng === 'string' ? Number(v.lng) : v.lng;
  const point = { lat, lng };
  if (!isLatLng(point)) return null;
  return { lat: point.lat, lng: point.lng, address: str(v.address) };
}

/** Object ids referenced by an Assets object field value (`[{workspaceId, id, objectId}]`). */
export function assetObjectIds(value: unknown): string[] {
  return arr(value).flatMap((ref) => {
    const r = obj(ref);
    const id = str(r.objectId) ?? (str(r.id)?.split(':').pop() || null);
    return id && /^\d{1,18}$/.test(id) ? [id] : [];
  });
}

/**
 * Locations of Assets objects from an `object/aql` page (`includeAttributes=true`): attribute definitions come
 * in `objectTypeAttributes`, values are strings. Objects without both attributes, or with values that are not
 * valid coordinates, are left out.
 */
export function assetLocationsFromAql(
  body: unknown,
  latAttribute: string,
  lngAttribute: string,
): Map<string, ResolvedLocation> {
  const names = new Map<string, string>();
  for (const def of arr(obj(body).objectTypeAttributes)) {
    const d = obj(def);
    const id = str(d.id);
    const name = str(d.name);
    if (id && name) names.set(id, name.toLowerCase());
  }
  const wantLat = latAttribute.toLowerCase();
  const wantLng = lngAttribute.toLowerCase();
  const out = new Map<string, ResolvedLocation>();
  for (const raw of arr(obj(body).values)) {
    const o = obj(raw);
    const id = str(o.id);
    if (!id) continue;
    let lat: number | null = null;
    let lng: number | null = null;
    for (const a of arr(o.attributes)) {
      const attr = obj(a);
      const name =
        names.get(str(attr.objectTypeAttributeId) ?? '') ?? str(obj(attr.objectTypeAttribute).name);
      const value = str(obj(arr(attr.objectAttributeValues)[0]).value);
      if (!name || value === null || value.trim() === '') continue;
      if (name.toLowerCase() === wantLat) lat = Number(value);
      if (name.toLowerCase() === wantLng) lng = Number(value);
    }
    const point = { lat, lng };
    if (isLatLng(point)) out.set(id, { lat: point.lat, lng: point.lng, address: str(o.label) });
  }
  return out;
}

const HOUR_MS = 3_600_000;

/**
 * SLA state from JSM SLA field values. Only ongoing cycles count (a finished cycle no longer threatens the
 * visit). Breached: any ongoing cycle breached. At risk: the least time left is at most a quarter of that
 * cycle's goal, capped at 4 hours (so a 14-day goal is "at risk" in its last 4 hours, a 1-hour goal in its last
 * 15 minutes). `minutesLeft` is the least time left, negative once breached.
 */
export function slaFrom(values: readonly unknown[]): { sla: SlaState; minutesLeft: number | null } {
  let worst: { remaining: number; goal: number; breached: boolean } | null = null;
  let breached = false;
  for (const value of values) {
    const cycle = obj(obj(value).ongoingCycle);
    const remaining = num(obj(cycle.remainingTime).millis);
    if (remaining === null) continue;
    const goal = num(obj(cycle.goalDuration).millis) ?? 0;
    const isBreached = cycle.breached === true || remaining < 0;
    breached ||= isBreached;
    if (!worst || remaining < worst.remaining) worst = { remaining, goal, breached: isBreached };
  }
  if (!worst) return { sla: 'ok', minutesLeft: null };
  const minutesLeft = Math.floor(worst.remaining / 60_000);
  if (breached) return { sla: 'breached', minutesLeft };
  const threshold = Math.min(worst.goal * 0.25, 4 * HOUR_MS);
  return { sla: worst.remaining <= threshold ? 'at-risk' : 'ok', minutesLeft };
}

function optionValue(value: unknown): string | null {
  if (typeof value === 'string') return value;
  const first = Array.isArray(value) ? value[0] : value;
  return str(obj(first).value) ?? str(obj(first).name);
}

/** One issue as the console shows it. `assets` resolves Assets object ids when the source is Assets. */
export function toTicketView(
  issue: unknown,
  config: DispatchConfig,
  assets?: AssetLocations,
): TicketView | null {
  const i = obj(issue);
  const key = str(i.key);
  const id = str(i.id);
  if (!key || !id) return null;
  const f = obj(i.fields);
  const status = obj(f.status);
  const category = str(obj(status.statusCategory).key) ?? 'indeterminate';
  const assigneeRaw = obj(f.assignee);
  const assigneeId = str(assigneeRaw.accountId);
  const assignee = assigneeId
    ? { accountId: assigneeId, displayName: str(assigneeRaw.displayName) ?? assigneeId }
    : null;
  const statusId = str(status.id) ?? '';
  let location: ResolvedLocation | null = null;
  const source = config.locationSource;
  if (source.kind === 'field') location = locationFromField(f[source.fieldId]);
  else {
    for (const objectId of assetObjectIds(f[source.fieldId])) {
      const found = assets?.get(objectId);
      if (found) {
        location = found;
        break;
      }
    }
  }
  const sla = slaFrom((config.slaFieldIds ?? []).map((fid) => f[fid]));
  return {
    key,
    id,
    summary: str(f.summary) ?? '',
    projectKey: str(obj(f.project).key) ?? key.split('-')[0] ?? '',
    status: { id: statusId, name: str(status.name) ?? statusId },
    phase: phaseOf({ id: statusId, category }, assignee !== null, config.phaseByStatus),
    priority: str(obj(f.priority).name),
    requestType: config.requestTypeFieldId
      ? str(obj(obj(f[config.requestTypeFieldId]).requestType).name)
      : null,
    requiredSkill: config.requiredSkillFieldId ? optionValue(f[config.requiredSkillFieldId]) : null,
    sla: sla.sla,
    slaMinutesLeft: sla.minutesLeft,
    assignee,
    location: location ? { lat: location.lat, lng: location.lng } : null,
    address: location?.address ?? null,
    created: str(f.created) ?? '',
    updated: str(f.updated) ?? '',
  };
}

/** Tickets split into located and unlocated, each newest first. */
export function splitByLocation(tickets: readonly TicketView[]): {
  located: TicketView[];
  unlocated: TicketView[];
} {
  const located: TicketView[] = [];
  const unlocated: TicketView[] = [];
  for (const t of tickets) (t.location ? located : unlocated).push(t);
  return { located, unlocated };
}

/** Same instant (Jira writes `+0000`, others `Z`); falls back to string equality when unparseable. */
export function sameInstant(a: string, b: string): boolean {
  const x = Date.parse(a);
  const y = Date.parse(b);
  return Number.isNaN(x) || Number.isNaN(y) ? a === b : x === y;
}

/**
 * The conflict guard: the assign goes ahead only if the ticket is exactly as the dispatcher loaded it.
 * Returns the message to show when it is not (never overwrite someone else's decision).
 */
export function conflictMessage(
  issueKey: string,
  expectedUpdated: string,
  current: { readonly updated: string; readonly assignee: { readonly displayName: string } | null },
  retry = 'assign again',
): string | null {
  if (sameInstant(expectedUpdated, current.updated)) return null;
  const who = current.assignee ? ` It is now assigned to ${current.assignee.displayName}.` : '';
  return `${issueKey} changed since you loaded it.${who} Reload the console to see the latest, then ${retry}.`;
}

export const OPEN_PHASES: ReadonlySet<Phase> = new Set([
  'planned',
  'assigned',
  'travelling',
  'on-site',
  'paused',
]);
