/**
 * The state of one emulated Assets (CMDB) workspace: schemas, object types, attribute definitions, status types,
 * objects and their history, plus who may read and write.
 *
 * Objects are stored column-wise so that a million of them fit in a few tens of megabytes: per object slot only
 * the type id, created/updated timestamps and a flag byte are kept in typed arrays. Attribute values of seeded
 * objects are not stored at all; a pure `ValueGenerator` recomputes them from (seed, objectId, attribute) on every
 * read. An edit writes the changed attributes into a sparse override map; objects created through the API keep all
 * their values there.
 */
import type { Directory, DirectoryUser, Principal } from '../types';

/** `type` of an attribute definition (Assets Cloud spec ids). */
export const ATTRIBUTE_TYPE = { default: 0, reference: 1, user: 2, group: 4, status: 7 } as const;
export type AttributeTypeId = (typeof ATTRIBUTE_TYPE)[keyof typeof ATTRIBUTE_TYPE];

/** `defaultType.id` for `type = 0` (reference §3.3). */
export const DEFAULT_TYPE = {
  text: 0,
  integer: 1,
  boolean: 2,
  double: 3,
  date: 4,
  time: 5,
  dateTime: 6,
  url: 7,
  email: 8,
  textarea: 9,
  select: 10,
  ipAddress: 11,
} as const;
export type DefaultTypeId = (typeof DEFAULT_TYPE)[keyof typeof DEFAULT_TYPE];

export const DEFAULT_TYPE_NAMES: Readonly<Record<DefaultTypeId, string>> = {
  0: 'Text',
  1: 'Integer',
  2: 'Boolean',
  3: 'Double',
  4: 'Date',
  5: 'Time',
  6: 'DateTime',
  7: 'URL',
  8: 'Email',
  9: 'Textarea',
  10: 'Select',
  11: 'IP Address',
};

/** Which system attribute a definition is (`system: true`); ids of system attributes vary per object type. */
export type SystemRole = 'key' | 'name' | 'created' | 'updated';

export interface ObjectSchema {
  readonly id: number;
  readonly name: string;
  /** Prefix of object keys, e.g. `ITSM` in `ITSM-123`. */
  readonly objectSchemaKey: string;
  readonly description: string;
  readonly created: string;
  readonly updated: string;
}

export interface ObjectTypeDef {
  readonly id: number;
  readonly name: string;
  readonly description: string;
  readonly objectSchemaId: number;
  readonly parentObjectTypeId: number | null;
  readonly icon: { readonly id: number; readonly name: string };
  readonly position: number;
  /** Abstract types hold no objects of their own. */
  readonly abstractObjectType: boolean;
  /** Children inherit the attributes of this type's parent chain when true. */
  readonly inherited: boolean;
  readonly created: string;
  readonly updated: string;
}

export interface AttributeDef {
  readonly id: number;
  /** The type that defines it (children with `inherited` see it too, under the same id). */
  readonly objectTypeId: number;
  readonly name: string;
  readonly description: string;
  readonly position: number;
  readonly type: AttributeTypeId;
  /** `-1` unless `type` is 0 (Default). */
  readonly defaultTypeId: DefaultTypeId | -1;
  readonly referenceObjectTypeId?: number;
  readonly referenceType?: { readonly id: number; readonly name: string };
  /** Allowed status ids (Status) or group filter (User). */
  readonly typeValueMulti: readonly string[];
  /** Choices of a Select attribute. */
  readonly options: readonly string[];
  readonly minimumCardinality: number;
  /** `-1` means unlimited. */
  readonly maximumCardinality: number;
  readonly system: boolean;
  readonly systemRole?: SystemRole;
  readonly label: boolean;
  readonly editable: boolean;
  readonly uniqueAttribute: boolean;
  readonly suffix: string;
}

export interface StatusType {
  readonly id: number;
  readonly name: string;
  /** 0 = inactive, 1 = active, 2 = pending. */
  readonly category: 0 | 1 | 2;
  readonly objectSchemaId: number | null;
  readonly description: string;
}

/**
 * A stored attribute value. Strings for Default attributes (Assets' canonical `value` text: `"42"`, `"true"`,
 * `"2024-03-01"`, ISO date-times), account ids for User, group names for Group; numbers for Object reference
 * (the referenced object's id) and Status (the status type id).
 */
export type StoredValue = string | number;

/** Recomputes the values of a seeded object's attribute; must be pure so that reads are repeatable. */
export type ValueGenerator = (
  objectId: number,
  typeId: number,
  attribute: AttributeDef,
) => readonly StoredValue[];

/**
 * `object having connectedTickets(<JQL>)`: the ids of the objects in the Assets fields of the Jira issues the JQL
 * finds **that the principal may browse**. Assets alone cannot see Jira, so the site wires this in at creation;
 * it throws `AssetsError` (400) for invalid JQL.
 */
export type ConnectedTicketsLookup = (jql: string, principal: Principal) => ReadonlySet<number>;

export interface HistoryEntry {
  readonly id: number;
  readonly actorAccountId: string;
  readonly affectedAttribute: string;
  readonly oldValue: string | null;
  readonly newValue: string | null;
  /** Emulator's codes: 0 = object created, 2 = attribute value changed. */
  readonly type: number;
  readonly created: number;
  readonly objectId: number;
}

/** Schema-level Assets roles. Agents and site admins are schema users by default; customers are not. */
export interface SchemaRoles {
  /** Object schema users (read). */
  readonly users: Set<string>;
  /** Object schema managers (read and write). */
  readonly managers: Set<string>;
}

export interface AssetsLimits {
  /** `maxResults` of `POST /object/aql` is capped at this (reference §7.3: pages ≥ 1000 misbehaved). */
  readonly maxPageSize: number;
  readonly defaultPageSize: number;
  /**
   * Optional emulation of the practitioner-reported 1,000-result ceiling per AQL query (reference §3.4, unverified):
   * results past this position are never returned and the page ending there says `isLast: true`. `null` = off.
   */
  readonly resultWindow: number | null;
}

/** A person as Assets shows it when no Directory knows them (seeds without a Jira directory). */
export interface AssetsUser {
  readonly accountId: string;
  readonly displayName: string;
  readonly emailAddress: string | null;
}

export interface AssetsStateInit {
  readonly workspaceId: string;
  readonly schemas: readonly ObjectSchema[];
  readonly objectTypes: readonly ObjectTypeDef[];
  readonly attributes: readonly AttributeDef[];
  readonly statusTypes: readonly StatusType[];
  readonly directory?: Directory;
  readonly users?: readonly AssetsUser[];
  readonly groups?: readonly string[];
  readonly generator?: ValueGenerator;
  readonly now?: () => Date;
  /** Used for absolute `_links.self` values. */
  readonly baseUrl?: string;
  readonly limits?: Partial<AssetsLimits>;
  readonly roles?: ReadonlyMap<number, SchemaRoles>;
  /** Initial capacity of the object columns (they grow by doubling). */
  readonly capacity?: number;
  /** How `connectedTickets()` reaches Jira; without it (no Jira on the site) that function is a 400. */
  readonly connectedTickets?: ConnectedTicketsLookup;
}

const DELETED = 1;
const GENERATED = 2;

/** A growable Int32 list (per-type object index lists). */
class IntList {
  data: Int32Array;
  length = 0;
  constructor(capacity = 16) {
    this.data = new Int32Array(Math.max(4, capacity));
  }
  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }
}

export class AssetsError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'AssetsError';
  }
}

export class AssetsState {
  readonly workspaceId: string;
  readonly baseUrl: string;
  readonly schemas: readonly ObjectSchema[];
  readonly objectTypes: readonly ObjectTypeDef[];
  readonly attributes: readonly AttributeDef[];
  readonly statusTypes: readonly StatusType[];
  readonly directory: Directory | undefined;
  readonly groups: readonly string[];
  readonly limits: AssetsLimits;
  readonly roles: Map<number, SchemaRoles>;
  now: () => Date;
  /** Set by the site (see {@link ConnectedTicketsLookup}); undefined when there is no Jira to ask. */
  connectedTickets: ConnectedTicketsLookup | undefined;

  private readonly generator: ValueGenerator | undefined;
  private readonly fallbackUsers = new Map<string, AssetsUser>();
  private readonly schemaById = new Map<number, ObjectSchema>();
  private readonly typeById = new Map<number, ObjectTypeDef>();
  private readonly attributeById = new Map<number, AttributeDef>();
  private readonly statusById = new Map<number, StatusType>();
  private readonly ownAttributes = new Map<number, AttributeDef[]>();
  private readonly attributeCache = new Map<number, readonly AttributeDef[]>();
  private readonly attributeByNameCache = new Map<number, ReadonlyMap<string, AttributeDef>>();
  private readonly attributeNames = new Set<string>();
  private readonly keyPrefix = new Map<number, string>();

  // Object columns; slot index = objectId - 1.
  private size = 0;
  private typeCol: Uint16Array;
  private createdCol: Float64Array;
  private updatedCol: Float64Array;
  private flagCol: Uint8Array;
  private readonly byType = new Map<number, IntList>();
  private readonly counts = new Map<number, number>();
  private readonly overrides = new Map<number, Map<number, readonly StoredValue[]>>();
  private readonly historyLog = new Map<number, HistoryEntry[]>();
  /** Ids of recorded entries start high so they never collide with the synthetic "created" entries (= object id). */
  private historySeq = 1_000_000_000;

  constructor(init: AssetsStateInit) {
    this.workspaceId = init.workspaceId;
    this.baseUrl = (init.baseUrl ?? 'https://sandbox.atlassian.net').replace(/\/$/, '');
    this.schemas = [...init.schemas];
    this.objectTypes = [...init.objectTypes];
    this.attributes = [...init.attributes];
    this.statusTypes = [...init.statusTypes];
    this.directory = init.directory;
    this.groups = [...(init.groups ?? [])];
    this.generator = init.generator;
    this.now = init.now ?? (() => new Date());
    this.limits = { maxPageSize: 1000, defaultPageSize: 25, resultWindow: null, ...init.limits };
    this.roles = new Map(init.roles ?? []);
    this.connectedTickets = init.connectedTickets;
    for (const user of init.users ?? []) this.fallbackUsers.set(user.accountId, user);
    for (const schema of this.schemas) this.schemaById.set(schema.id, schema);
    for (const type of this.objectTypes) {
      if (type.id < 1 || type.id > 0xffff) throw new Error(`object type id ${type.id} out of range`);
      this.typeById.set(type.id, type);
      const schema = this.schemaById.get(type.objectSchemaId);
      if (!schema) throw new Error(`object type ${type.id} names unknown schema ${type.objectSchemaId}`);
      this.keyPrefix.set(type.id, schema.objectSchemaKey);
      this.byType.set(type.id, new IntList());
      this.counts.set(type.id, 0);
    }
    for (const attribute of this.attributes) {
      this.attributeById.set(attribute.id, attribute);
      this.attributeNames.add(attribute.name.toLowerCase());
      const own = this.ownAttributes.get(attribute.objectTypeId) ?? [];
      own.push(attribute);
      this.ownAttributes.set(attribute.objectTypeId, own);
    }
    for (const status of this.statusTypes) this.statusById.set(status.id, status);
    const capacity = Math.max(16, init.capacity ?? 1024);
    this.typeCol = new Uint16Array(capacity);
    this.createdCol = new Float64Array(capacity);
    this.updatedCol = new Float64Array(capacity);
    this.flagCol = new Uint8Array(capacity);
  }

  // ---------------------------------------------------------------- definitions

  schema(id: number): ObjectSchema | undefined {
    return this.schemaById.get(id);
  }

  objectType(id: number): ObjectTypeDef | undefined {
    return this.typeById.get(id);
  }

  attribute(id: number): AttributeDef | undefined {
    return this.attributeById.get(id);
  }

  status(id: number): StatusType | undefined {
    return this.statusById.get(id);
  }

  /** Whether any object type of the workspace has an attribute with this name (case-insensitive). */
  hasAttributeNamed(name: string): boolean {
    return this.attributeNames.has(name.toLowerCase());
  }

  /** Attributes an object of this type has: the inherited chain first (when `inherited`), then its own. */
  attributesOf(typeId: number): readonly AttributeDef[] {
    const cached = this.attributeCache.get(typeId);
    if (cached) return cached;
    const type = this.typeById.get(typeId);
    if (!type) return [];
    const inherited =
      type.inherited && type.parentObjectTypeId !== null ? this.attributesOf(type.parentObjectTypeId) : [];
    const own = [...(this.ownAttributes.get(typeId) ?? [])].sort((a, b) => a.position - b.position);
    const all = [...inherited, ...own];
    this.attributeCache.set(typeId, all);
    return all;
  }

  attributeByName(typeId: number, name: string): AttributeDef | undefined {
    let byName = this.attributeByNameCache.get(typeId);
    if (!byName) {
      const map = new Map<string, AttributeDef>();
      for (const attribute of this.attributesOf(typeId)) {
        const lower = attribute.name.toLowerCase();
        if (!map.has(lower)) map.set(lower, attribute);
      }
      byName = map;
      this.attributeByNameCache.set(typeId, byName);
    }
    return byName.get(name.toLowerCase());
  }

  labelAttribute(typeId: number): AttributeDef | undefined {
    return this.attributesOf(typeId).find((a) => a.label);
  }

  typesOfSchema(schemaId: number): ObjectTypeDef[] {
    return this.objectTypes.filter((t) => t.objectSchemaId === schemaId);
  }

  /** The type and all its descendants. */
  typeAndChildren(typeId: number): number[] {
    const out = [typeId];
    for (let i = 0; i < out.length; i++) {
      for (const type of this.objectTypes) if (type.parentObjectTypeId === out[i]) out.push(type.id);
    }
    return out;
  }

  objectCount(typeId: number): number {
    return this.counts.get(typeId) ?? 0;
  }

  schemaObjectCount(schemaId: number): number {
    let total = 0;
    for (const type of this.typesOfSchema(schemaId)) total += this.objectCount(type.id);
    return total;
  }

  // ---------------------------------------------------------------- people

  userInfo(accountId: string): AssetsUser | undefined {
    const user: DirectoryUser | undefined = this.directory?.user(accountId);
    if (user) return { accountId, displayName: user.displayName, emailAddress: user.emailAddress };
    return this.fallbackUsers.get(accountId);
  }

  /** Account ids that may appear in User attributes of seeded objects. */
  knownUsers(): AssetsUser[] {
    if (this.directory) {
      return this.directory
        .users()
        .filter((u) => u.accountType === 'atlassian' && u.active)
        .map((u) => ({ accountId: u.accountId, displayName: u.displayName, emailAddress: u.emailAddress }));
    }
    return [...this.fallbackUsers.values()];
  }

  // ---------------------------------------------------------------- permissions

  private rolesOf(schemaId: number): SchemaRoles {
    let roles = this.roles.get(schemaId);
    if (!roles) {
      roles = { users: new Set(), managers: new Set() };
      this.roles.set(schemaId, roles);
    }
    return roles;
  }

  /** Adds an explicit Object Schema Users / Managers role holder. */
  grant(schemaId: number, role: 'users' | 'managers', accountId: string): void {
    this.rolesOf(schemaId)[role].add(accountId);
  }

  canRead(principal: Principal, schemaId: number): boolean {
    if (principal.kind === 'app') return true;
    if (principal.kind !== 'user') return false;
    const id = principal.accountId;
    const roles = this.roles.get(schemaId);
    if (roles?.users.has(id) || roles?.managers.has(id)) return true;
    return this.directory?.isAgent(id) === true || this.directory?.isSiteAdmin(id) === true;
  }

  /** Site admins and schema managers edit objects; apps need the write/delete scopes (checked by the router). */
  canWrite(principal: Principal, schemaId: number): boolean {
    if (principal.kind === 'app') return true;
    if (principal.kind !== 'user') return false;
    if (this.roles.get(schemaId)?.managers.has(principal.accountId)) return true;
    return this.directory?.isSiteAdmin(principal.accountId) === true;
  }

  readableSchemaIds(principal: Principal): Set<number> {
    return new Set(this.schemas.filter((s) => this.canRead(principal, s.id)).map((s) => s.id));
  }

  // ---------------------------------------------------------------- object columns

  /** Number of object slots (including deleted ones); valid indexes are `0 .. slotCount - 1`. */
  get slotCount(): number {
    return this.size;
  }

  private ensureCapacity(needed: number): void {
    if (needed <= this.typeCol.length) return;
    let capacity = this.typeCol.length;
    while (capacity < needed) capacity *= 2;
    const grow = <T extends Uint16Array | Float64Array | Uint8Array>(old: T, make: (n: number) => T): T => {
      const next = make(capacity);
      next.set(old);
      return next;
    };
    this.typeCol = grow(this.typeCol, (n) => new Uint16Array(n));
    this.createdCol = grow(this.createdCol, (n) => new Float64Array(n));
    this.updatedCol = grow(this.updatedCol, (n) => new Float64Array(n));
    this.flagCol = grow(this.flagCol, (n) => new Uint8Array(n));
  }

  private appendSlot(typeId: number, created: number, updated: number, flags: number): number {
    const index = this.size;
    this.ensureCapacity(index + 1);
    this.typeCol[index] = typeId;
    this.createdCol[index] = created;
    this.updatedCol[index] = updated;
    this.flagCol[index] = flags;
    this.size = index + 1;
    this.byType.get(typeId)?.push(index);
    this.counts.set(typeId, (this.counts.get(typeId) ?? 0) + 1);
    return index;
  }

  /**
   * Appends `count` seeded objects of one type whose values come from the generator. `times(i)` gives the
   * created/updated epoch milliseconds of the i-th one.
   */
  appendGenerated(typeId: number, count: number, times: (i: number) => readonly [number, number]): void {
    const type = this.typeById.get(typeId);
    if (!type || type.abstractObjectType) throw new Error(`cannot seed objects of type ${typeId}`);
    this.ensureCapacity(this.size + count);
    const list = this.byType.get(typeId);
    for (let i = 0; i < count; i++) {
      const [created, updated] = times(i);
      const index = this.size++;
      this.typeCol[index] = typeId;
      this.createdCol[index] = created;
      this.updatedCol[index] = updated;
      this.flagCol[index] = GENERATED;
      list?.push(index);
    }
    this.counts.set(typeId, (this.counts.get(typeId) ?? 0) + count);
  }

  /** Object slot indexes of a type (including deleted ones; check `exists`). */
  indexesOfType(typeId: number): { readonly data: Int32Array; readonly length: number } {
    return this.byType.get(typeId) ?? { data: new Int32Array(0), length: 0 };
  }

  exists(index: number): boolean {
    return index >= 0 && index < this.size && ((this.flagCol[index] ?? DELETED) & DELETED) === 0;
  }

  objectId(index: number): number {
    return index + 1;
  }

  indexOfId(id: number): number {
    return Number.isInteger(id) && this.exists(id - 1) ? id - 1 : -1;
  }

  /** Resolves `"4711"` or `"ITSM-4711"`; -1 if there is no such (live) object. */
  indexOf(idOrKey: string): number {
    if (/^\d+$/.test(idOrKey)) return this.indexOfId(Number(idOrKey));
    const m = /^(.+)-(\d+)$/.exec(idOrKey);
    if (!m) return -1;
    const index = this.indexOfId(Number(m[2]));
    if (index < 0) return -1;
    return this.keyPrefix.get(this.typeOf(index))?.toLowerCase() === (m[1] ?? '').toLowerCase() ? index : -1;
  }

  typeOf(index: number): number {
    return this.typeCol[index] ?? 0;
  }

  schemaOf(index: number): number {
    return this.typeById.get(this.typeOf(index))?.objectSchemaId ?? 0;
  }

  key(index: number): string {
    return `${this.keyPrefix.get(this.typeOf(index)) ?? 'OBJ'}-${index + 1}`;
  }

  createdAt(index: number): number {
    return this.createdCol[index] ?? 0;
  }

  updatedAt(index: number): number {
    return this.updatedCol[index] ?? 0;
  }

  /** Values of an attribute on an object; references to deleted objects are dropped. */
  values(index: number, attribute: AttributeDef): readonly StoredValue[] {
    switch (attribute.systemRole) {
      case 'key':
        return [this.key(index)];
      case 'created':
        return [new Date(this.createdAt(index)).toISOString()];
      case 'updated':
        return [new Date(this.updatedAt(index)).toISOString()];
      default:
        break;
    }
    const raw = this.rawValues(index, attribute);
    if (attribute.type === ATTRIBUTE_TYPE.reference && raw.length > 0) {
      return raw.filter((v) => typeof v === 'number' && this.exists(v - 1));
    }
    return raw;
  }

  private rawValues(index: number, attribute: AttributeDef): readonly StoredValue[] {
    const override = this.overrides.get(index)?.get(attribute.id);
    if (override) return override;
    if (this.generator && ((this.flagCol[index] ?? 0) & GENERATED) !== 0) {
      return this.generator(index + 1, this.typeOf(index), attribute);
    }
    return [];
  }

  label(index: number): string {
    const attribute = this.labelAttribute(this.typeOf(index));
    if (!attribute) return this.key(index);
    const first = this.rawValues(index, attribute)[0];
    return first === undefined ? '' : String(first);
  }

  // ---------------------------------------------------------------- mutations

  /** Creates an object with explicit values (keyed by attribute id); validation is the caller's job. */
  createObject(
    typeId: number,
    values: ReadonlyMap<number, readonly StoredValue[]>,
    actorAccountId: string,
  ): number {
    const now = this.now().getTime();
    const index = this.appendSlot(typeId, now, now, 0);
    const stored = new Map<number, readonly StoredValue[]>();
    for (const [attributeId, list] of values) if (list.length > 0) stored.set(attributeId, [...list]);
    this.overrides.set(index, stored);
    this.historyLog.set(index, [
      {
        id: this.historySeq++,
        actorAccountId,
        affectedAttribute: '',
        oldValue: null,
        newValue: null,
        type: 0,
        created: now,
        objectId: index + 1,
      },
    ]);
    return index;
  }

  /** Replaces the given attributes' values and records one history entry per changed attribute. */
  updateObject(
    index: number,
    values: ReadonlyMap<number, readonly StoredValue[]>,
    actorAccountId: string,
  ): void {
    const now = this.now().getTime();
    let stored = this.overrides.get(index);
    if (!stored) {
      stored = new Map();
      this.overrides.set(index, stored);
    }
    const log = this.historyLog.get(index) ?? [];
    for (const [attributeId, list] of values) {
      const attribute = this.attributeById.get(attributeId);
      if (!attribute || (attribute.system && attribute.systemRole !== 'name')) continue;
      const before = this.values(index, attribute);
      const render = (vs: readonly StoredValue[]) =>
        vs.length === 0 ? null : vs.map((v) => this.displayOf(attribute, v)).join(', ');
      const oldValue = render(before);
      const newValue = render(list);
      stored.set(attributeId, [...list]);
      if (oldValue === newValue) continue;
      log.push({
        id: this.historySeq++,
        actorAccountId,
        affectedAttribute: attribute.name,
        oldValue,
        newValue,
        type: 2,
        created: now,
        objectId: index + 1,
      });
    }
    this.historyLog.set(index, log);
    this.updatedCol[index] = now;
  }

  deleteObject(index: number): void {
    if (!this.exists(index)) return;
    this.flagCol[index] = (this.flagCol[index] ?? 0) | DELETED;
    const typeId = this.typeOf(index);
    this.counts.set(typeId, (this.counts.get(typeId) ?? 1) - 1);
    this.overrides.delete(index);
    this.historyLog.delete(index);
  }

  /** History entries, oldest first; seeded objects get a synthetic "created" entry. */
  history(index: number): HistoryEntry[] {
    const log = this.historyLog.get(index) ?? [];
    if ((this.flagCol[index] ?? 0) & GENERATED) {
      return [
        {
          id: index + 1,
          actorAccountId: '',
          affectedAttribute: '',
          oldValue: null,
          newValue: null,
          type: 0,
          created: this.createdAt(index),
          objectId: index + 1,
        },
        ...log,
      ];
    }
    return [...log];
  }

  /** Human text of one value (history entries and `displayValue`). */
  displayOf(attribute: AttributeDef, value: StoredValue): string {
    switch (attribute.type) {
      case ATTRIBUTE_TYPE.reference: {
        const target = this.indexOfId(Number(value));
        return target < 0 ? String(value) : this.label(target);
      }
      case ATTRIBUTE_TYPE.user:
        return this.userInfo(String(value))?.displayName ?? String(value);
      case ATTRIBUTE_TYPE.status:
        return this.statusById.get(Number(value))?.name ?? String(value);
      default:
        return formatDisplay(attribute.defaultTypeId, String(value));
    }
  }
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Assets formats dates for the caller's locale; the sandbox uses the en-GB style of Jira (`01/Mar/24`). */
export function formatDisplay(defaultTypeId: DefaultTypeId | -1, value: string): string {
  if (defaultTypeId === DEFAULT_TYPE.date || defaultTypeId === DEFAULT_TYPE.dateTime) {
    const date = new Date(defaultTypeId === DEFAULT_TYPE.date ? `${value}T00:00:00Z` : value);
    if (Number.isNaN(date.getTime())) return value;
    const day = `${String(date.getUTCDate()).padStart(2, '0')}/${MONTHS[date.getUTCMonth()]}/${String(date.getUTCFullYear() % 100).padStart(2, '0')}`;
    if (defaultTypeId === DEFAULT_TYPE.date) return day;
    const hours = date.getUTCHours();
    const h12 = hours % 12 === 0 ? 12 : hours % 12;
    return `${day} ${h12}:${String(date.getUTCMinutes()).padStart(2, '0')} ${hours < 12 ? 'AM' : 'PM'}`;
  }
  return value;
}
