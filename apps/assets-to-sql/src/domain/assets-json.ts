/**
 * Normalises Assets Cloud REST JSON (reference §3.1–3.4) into the engine's model types. Pure and defensive: ids are
 * always strings, unknown attribute types become `unknown`, anything malformed is dropped or rejected here rather
 * than deep inside the SQL rendering.
 */
import type {
  AssetsAttribute,
  AssetsObject,
  AssetsObjectType,
  AssetsSchema,
  AssetsValue,
  AttributeKind,
} from './model';

type Json = Record<string, unknown>;

const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined;
const id = (v: unknown): string | undefined => {
  const s = str(v);
  return s !== undefined && /^\d{1,19}$/.test(s) ? s : undefined;
};
const num = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
};

export class AssetsShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AssetsShapeError';
  }
}

/** A list endpoint that may answer with a bare array or a `{values: [...]}` envelope (reference §3.2). */
export function listOf(body: unknown): unknown[] {
  if (Array.isArray(body)) return body;
  if (isRecord(body) && Array.isArray(body.values)) return body.values;
  throw new AssetsShapeError('Assets answered with an unexpected list shape');
}

const DEFAULT_KINDS: Readonly<Record<number, AttributeKind>> = {
  0: 'text',
  1: 'integer',
  2: 'boolean',
  3: 'double',
  4: 'date',
  5: 'time',
  6: 'datetime',
  7: 'url',
  8: 'email',
  9: 'textarea',
  10: 'select',
  11: 'ip',
};

export function attributeKind(type: unknown, defaultTypeId: unknown): AttributeKind {
  switch (num(type)) {
    case 0:
      return DEFAULT_KINDS[num(defaultTypeId) ?? -1] ?? 'unknown';
    case 1:
      return 'reference';
    case 2:
      return 'user';
    case 4:
      return 'group';
    case 7:
      return 'status';
    default:
      return 'unknown';
  }
}

export function normaliseSchema(json: unknown): AssetsSchema | undefined {
  if (!isRecord(json)) return undefined;
  const schemaId = id(json.id);
  const name = str(json.name);
  if (!schemaId || name === undefined) return undefined;
  const count = num(json.objectCount);
  return {
    id: schemaId,
    name,
    key: str(json.objectSchemaKey) ?? '',
    ...(count !== undefined ? { objectCount: count } : {}),
  };
}

export function normaliseAttribute(json: unknown): AssetsAttribute | undefined {
  if (!isRecord(json)) return undefined;
  const attributeId = id(json.id);
  const name = str(json.name);
  if (!attributeId || name === undefined) return undefined;
  const defaultType = isRecord(json.defaultType) ? json.defaultType.id : undefined;
  const reference = id(json.referenceObjectTypeId);
  const max = num(json.maximumCardinality);
  return {
    id: attributeId,
    name,
    kind: attributeKind(json.type, defaultType),
    system: json.system === true,
    label: json.label === true,
    maximumCardinality: max === undefined ? 1 : max,
    ...(reference ? { referenceObjectTypeId: reference } : {}),
  };
}

export function normaliseObjectType(
  json: unknown,
  attributes: readonly AssetsAttribute[] = [],
): AssetsObjectType | undefined {
  if (!isRecord(json)) return undefined;
  const typeId = id(json.id);
  const name = str(json.name);
  const schemaId = id(json.objectSchemaId);
  if (!typeId || name === undefined || !schemaId) return undefined;
  const parent = id(json.parentObjectTypeId);
  const count = num(json.objectCount);
  return {
    id: typeId,
    name,
    schemaId,
    ...(parent ? { parentObjectTypeId: parent } : {}),
    abstract: json.abstractObjectType === true,
    ...(count !== undefined ? { objectCount: count } : {}),
    attributes,
  };
}

function normaliseValue(json: unknown): AssetsValue | undefined {
  if (!isRecord(json)) return undefined;
  const value = str(json.value);
  const displayValue = str(json.displayValue);
  const referenced = isRecord(json.referencedObject) ? id(json.referencedObject.id) : undefined;
  const user = isRecord(json.user) ? str(json.user.accountId) : undefined;
  const userName = isRecord(json.user) ? str(json.user.displayName) : undefined;
  const group = isRecord(json.group) ? str(json.group.name) : undefined;
  const statusId = isRecord(json.status) ? str(json.status.id) : undefined;
  const statusName = isRecord(json.status) ? str(json.status.name) : undefined;
  return {
    ...(value !== undefined ? { value } : {}),
    ...(displayValue !== undefined ? { displayValue } : {}),
    ...(referenced ? { referencedObjectId: referenced } : {}),
    ...(user !== undefined
      ? { user: { accountId: user, ...(userName !== undefined ? { displayName: userName } : {}) } }
      : {}),
    ...(group !== undefined ? { group: { name: group } } : {}),
    ...(statusId !== undefined ? { status: { id: statusId, name: statusName ?? statusId } } : {}),
  };
}

/** One object of an `object/aql` page (`includeAttributes=true`: attributes carry only their definition id). */
export function normaliseObject(json: unknown): AssetsObject {
  if (!isRecord(json)) throw new AssetsShapeError('Assets returned an object that is not an object');
  const objectId = id(json.id);
  const typeId = isRecord(json.objectType) ? id(json.objectType.id) : undefined;
  if (!objectId || !typeId) throw new AssetsShapeError('Assets returned an object without id or object type');
  const values: Record<string, AssetsValue[]> = {};
  for (const attribute of Array.isArray(json.attributes) ? json.attributes : []) {
    if (!isRecord(attribute)) continue;
    const attributeId = id(attribute.objectTypeAttributeId);
    if (!attributeId) continue;
    const list = (Array.isArray(attribute.objectAttributeValues) ? attribute.objectAttributeValues : [])
      .map(normaliseValue)
      .filter((v): v is AssetsValue => v !== undefined);
    if (list.length > 0) values[attributeId] = [...(values[attributeId] ?? []), ...list];
  }
  return {
    id: objectId,
    objectKey: str(json.objectKey) ?? '',
    label: str(json.label) ?? '',
    objectTypeId: typeId,
    created: str(json.created) ?? '',
    updated: str(json.updated) ?? '',
    values,
  };
}

/** An `object/aql` response: objects and `isLast` (no `total`: it is deprecated, reference §3.4). */
export function normaliseAqlPage(body: unknown): { objects: AssetsObject[]; isLast: boolean } {
  if (!isRecord(body) || !Array.isArray(body.values)) {
    throw new AssetsShapeError('Assets answered the AQL search with an unexpected shape');
  }
  return { objects: body.values.map(normaliseObject), isLast: body.isLast === true };
}
