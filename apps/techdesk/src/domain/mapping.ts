/**
 * Pure mapping from Jira / JSM / Assets JSON (as documented in the REST reference) to the contract's views.
 * Product answers are read defensively: a missing or odd field becomes `null`/empty, never an exception.
 */
import type { AssetFieldView, AssetSummary, SlaSummary, StatusRef, UserRef, WorklogView } from './contract';

export type Json = Record<string, unknown>;

export const obj = (v: unknown): Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
export const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Jira user JSON (`accountId`, `displayName`, `avatarUrls`) → UserRef; null when there is no user. */
export function toUserRef(value: unknown): UserRef | null {
  const u = obj(value);
  const accountId = str(u.accountId);
  if (!accountId) return null;
  const avatars = obj(u.avatarUrls);
  const avatarUrl = str(avatars['48x48']) ?? str(obj(obj(u._links).avatarUrls)['48x48']);
  return {
    accountId,
    displayName: str(u.displayName) ?? accountId,
    ...(avatarUrl ? { avatarUrl } : {}),
  };
}

export function toStatusRef(value: unknown): StatusRef {
  const s = obj(value);
  return {
    id: str(s.id) ?? '',
    name: str(s.name) ?? '',
    category: str(obj(s.statusCategory).key) ?? 'indeterminate',
  };
}

export function toTransitions(body: unknown): { id: string; name: string; to: StatusRef }[] {
  return arr(obj(body).transitions).flatMap((t) => {
    const tr = obj(t);
    const id = str(tr.id);
    if (!id || tr.isAvailable === false) return [];
    return [{ id, name: str(tr.name) ?? id, to: toStatusRef(tr.to) }];
  });
}

/** Plain text of an ADF document (paragraphs separated by blank lines, hard breaks as newlines). */
export function adfToText(doc: unknown): string {
  const out: string[] = [];
  const walk = (node: unknown): string => {
    const n = obj(node);
    if (n.type === 'text') return str(n.text) ?? '';
    if (n.type === 'hardBreak') return '\n';
    return arr(n.content).map(walk).join('');
  };
  const root = obj(doc);
  if (root.type !== 'doc') return typeof doc === 'string' ? doc : '';
  for (const block of arr(root.content)) out.push(walk(block));
  return out.join('\n\n');
}

export function toWorklogView(value: unknown, me: string): WorklogView | null {
  const w = obj(value);
  const id = str(w.id);
  const author = toUserRef(w.author);
  if (!id || !author) return null;
  return {
    id,
    author,
    started: str(w.started) ?? '',
    timeSpentSeconds: num(w.timeSpentSeconds) ?? 0,
    timeSpent: str(w.timeSpent) ?? '',
    comment: adfToText(w.comment),
    mine: author.accountId === me,
  };
}

export function toWorklogs(body: unknown, me: string): WorklogView[] {
  return arr(obj(body).worklogs)
    .map((w) => toWorklogView(w, me))
    .filter((w): w is WorklogView => w !== null)
    .sort((a, b) => b.started.localeCompare(a.started));
}

/** At risk: an ongoing cycle with less than 25 % of its goal left. */
export function toSlaSummary(value: unknown): SlaSummary | null {
  const sla = obj(value);
  const name = str(sla.name);
  if (!name) return null;
  const ongoing = obj(sla.ongoingCycle);
  if (Object.keys(ongoing).length > 0) {
    const remaining = obj(ongoing.remainingTime);
    const goal = num(obj(ongoing.goalDuration).millis);
    const left = num(remaining.millis);
    const friendly = str(remaining.friendly) ?? '';
    let state: SlaSummary['state'] = 'ok';
    if (ongoing.breached === true || (left !== null && left < 0)) state = 'breached';
    else if (ongoing.paused === true) state = 'paused';
    else if (goal !== null && left !== null && goal > 0 && left < goal * 0.25) state = 'at-risk';
    return { name, state, remaining: friendly };
  }
  const cycles = arr(sla.completedCycles);
  const last = obj(cycles[cycles.length - 1]);
  if (Object.keys(last).length === 0) return null;
  return {
    name,
    state: last.breached === true ? 'breached' : 'met',
    remaining: str(obj(last.remainingTime).friendly) ?? '',
  };
}

export function toSlas(requestBody: unknown): SlaSummary[] {
  return arr(obj(obj(requestBody).sla).values)
    .map(toSlaSummary)
    .filter((s): s is SlaSummary => s !== null);
}

/** A `requestFieldValues` value as display text (strings, numbers, options, users, arrays, objects). */
export function displayValue(value: unknown, depth = 0): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (depth > 4) return '';
  if (Array.isArray(value)) {
    return value
      .map((v) => displayValue(v, depth + 1))
      .filter((s) => s !== '')
      .join(', ');
  }
  const o = obj(value);
  if (o.type === 'doc') return adfToText(o);
  for (const key of ['displayName', 'value', 'name', 'label', 'address', 'key']) {
    const s = str(o[key]);
    if (s) return s;
  }
  return Object.entries(o)
    .filter(([, v]) => typeof v === 'string' || typeof v === 'number')
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(', ');
}

export function toRequestDetails(requestBody: unknown): { label: string; value: string }[] {
  return arr(obj(requestBody).requestFieldValues).flatMap((f) => {
    const field = obj(f);
    const label = str(field.label) ?? str(field.fieldId);
    if (!label) return [];
    const value = displayValue(field.value);
    return value === '' ? [] : [{ label, value }];
  });
}

/** Object ids in an Assets custom field value (`[{workspaceId, id: "<wid>:<objectId>", objectId}]`). */
export function assetObjectIds(fieldValue: unknown): string[] {
  const ids: string[] = [];
  for (const item of arr(fieldValue)) {
    const ref = obj(item);
    const fromId = str(ref.id)?.split(':')[1];
    const id = str(ref.objectId) ?? fromId ?? null;
    if (id && /^\d{1,19}$/.test(id) && !ids.includes(id)) ids.push(id);
  }
  return ids;
}

/** Assets field refs as Jira wants them back in `PUT /issue` (`{workspaceId, id, objectId}`). */
export function assetRefs(
  fieldValue: unknown,
  workspaceId: string,
): { workspaceId: string; id: string; objectId: string }[] {
  return assetObjectIds(fieldValue).map((objectId) => ({
    workspaceId,
    id: `${workspaceId}:${objectId}`,
    objectId,
  }));
}

/**
 * Assets objects (from `POST /object/aql?includeAttributes=true`: attribute values carry only
 * `objectTypeAttributeId`, the names are in the top-level `objectTypeAttributes`) → summaries with the attributes
 * the admin chose, in the admin's order.
 */
export function toAssetSummaries(aqlBody: unknown, attributeNames: readonly string[]): AssetSummary[] {
  const body = obj(aqlBody);
  const names = new Map<string, string>();
  for (const def of arr(body.objectTypeAttributes)) {
    const d = obj(def);
    const id = str(d.id);
    const name = str(d.name);
    if (id && name) names.set(id, name);
  }
  return arr(body.values).flatMap((v) => {
    const o = obj(v);
    const objectId = str(o.id);
    if (!objectId) return [];
    const values = new Map<string, string>();
    for (const attribute of arr(o.attributes)) {
      const a = obj(attribute);
      const name =
        str(obj(a.objectTypeAttribute).name) ?? names.get(str(a.objectTypeAttributeId) ?? '') ?? null;
      if (!name) continue;
      const shown = arr(a.objectAttributeValues)
        .map((x) => {
          const av = obj(x);
          return str(av.displayValue) ?? str(av.value) ?? str(obj(av.referencedObject).label) ?? '';
        })
        .filter((s) => s !== '')
        .join(', ');
      values.set(name.toLowerCase(), shown);
    }
    return [
      {
        objectId,
        objectKey: str(o.objectKey) ?? '',
        label: str(o.label) ?? str(o.name) ?? objectId,
        objectType: str(obj(o.objectType).name) ?? '',
        attributes: attributeNames.flatMap((name) => {
          const value = values.get(name.toLowerCase());
          return value === undefined || value === '' ? [] : [{ name, value }];
        }),
      },
    ];
  });
}

/** Groups summaries by the ticket's fields, keeping each field's own object order. */
export function toAssetFields(
  fields: readonly { fieldId: string; name: string; value: unknown }[],
  summaries: readonly AssetSummary[],
): AssetFieldView[] {
  const byId = new Map(summaries.map((s) => [s.objectId, s]));
  return fields.map((f) => ({
    fieldId: f.fieldId,
    name: f.name,
    objects: assetObjectIds(f.value).flatMap((id) => {
      const found = byId.get(id);
      return found ? [found] : [];
    }),
  }));
}

/**
 * When the ticket last moved into a status outside `activeStatusIds` after `since`, from `expand=changelog`.
 * Used to log an automatic timer up to the moment the ticket left the active statuses.
 */
export function leftActiveAt(
  issueBody: unknown,
  activeStatusIds: readonly string[],
  since: Date,
): Date | undefined {
  let found: number | undefined;
  for (const history of arr(obj(obj(issueBody).changelog).histories)) {
    const h = obj(history);
    const created = Date.parse(str(h.created) ?? '');
    if (!Number.isFinite(created) || created < since.getTime()) continue;
    for (const item of arr(h.items)) {
      const it = obj(item);
      if (it.fieldId !== 'status' && it.field !== 'status') continue;
      const to = str(it.to);
      if (to !== null && !activeStatusIds.includes(to) && (found === undefined || created < found))
        found = created;
    }
  }
  return found === undefined ? undefined : new Date(found);
}
