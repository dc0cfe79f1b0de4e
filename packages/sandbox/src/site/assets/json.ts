/** Assets Cloud JSON shapes (reference §3.1–3.5): every id is a string, every attribute value's `value` is text. */
import type { Principal } from '../types';
import {
  type AssetsState,
  ATTRIBUTE_TYPE,
  type AttributeDef,
  DEFAULT_TYPE,
  DEFAULT_TYPE_NAMES,
  type HistoryEntry,
  type ObjectSchema,
  type ObjectTypeDef,
  type StoredValue,
} from './model';

const iso = (ms: number): string => new Date(ms).toISOString();

function apiBase(state: AssetsState): string {
  return `${state.baseUrl}/jsm/assets/workspace/${state.workspaceId}/v1`;
}

export function schemaJson(
  state: AssetsState,
  schema: ObjectSchema,
  options: { includeCounts: boolean; principal: Principal },
) {
  const types = state.typesOfSchema(schema.id);
  return {
    workspaceId: state.workspaceId,
    globalId: `${state.workspaceId}:${schema.id}`,
    id: String(schema.id),
    name: schema.name,
    objectSchemaKey: schema.objectSchemaKey,
    status: 'Ok',
    description: schema.description,
    created: schema.created,
    updated: schema.updated,
    objectCount: options.includeCounts ? state.schemaObjectCount(schema.id) : 0,
    objectTypeCount: options.includeCounts ? types.length : 0,
    canManage: state.canWrite(options.principal, schema.id),
  };
}

export function objectTypeJson(state: AssetsState, type: ObjectTypeDef, includeCount = true) {
  const parent = type.parentObjectTypeId === null ? undefined : state.objectType(type.parentObjectTypeId);
  const iconUrl = (size: number) =>
    `${state.baseUrl}/rest/assets/1.0/objecttype/${type.id}/icon.png?size=${size}&iconId=${type.icon.id}`;
  return {
    workspaceId: state.workspaceId,
    globalId: `${state.workspaceId}:${type.id}`,
    id: String(type.id),
    name: type.name,
    description: type.description,
    icon: { id: String(type.icon.id), name: type.icon.name, url16: iconUrl(16), url48: iconUrl(48) },
    position: type.position,
    created: type.created,
    updated: type.updated,
    objectCount: includeCount ? state.objectCount(type.id) : 0,
    ...(type.parentObjectTypeId === null ? {} : { parentObjectTypeId: String(type.parentObjectTypeId) }),
    objectSchemaId: String(type.objectSchemaId),
    inherited: type.inherited,
    abstractObjectType: type.abstractObjectType,
    parentObjectTypeInherited: parent?.inherited ?? false,
  };
}

export function attributeJson(state: AssetsState, attribute: AttributeDef) {
  const owner = state.objectType(attribute.objectTypeId);
  const referenced =
    attribute.referenceObjectTypeId === undefined
      ? undefined
      : state.objectType(attribute.referenceObjectTypeId);
  const numeric =
    attribute.type === ATTRIBUTE_TYPE.default &&
    (attribute.defaultTypeId === DEFAULT_TYPE.integer || attribute.defaultTypeId === DEFAULT_TYPE.double);
  return {
    workspaceId: state.workspaceId,
    globalId: `${state.workspaceId}:${attribute.id}`,
    id: String(attribute.id),
    ...(owner ? { objectType: objectTypeJson(state, owner) } : {}),
    name: attribute.name,
    label: attribute.label,
    type: attribute.type,
    description: attribute.description,
    ...(attribute.type === ATTRIBUTE_TYPE.default && attribute.defaultTypeId !== -1
      ? { defaultType: { id: attribute.defaultTypeId, name: DEFAULT_TYPE_NAMES[attribute.defaultTypeId] } }
      : {}),
    typeValue: '',
    typeValueMulti: [...attribute.typeValueMulti],
    additionalValue: '',
    ...(attribute.referenceType
      ? { referenceType: { id: String(attribute.referenceType.id), name: attribute.referenceType.name } }
      : {}),
    ...(attribute.referenceObjectTypeId === undefined
      ? {}
      : {
          referenceObjectTypeId: String(attribute.referenceObjectTypeId),
          ...(referenced ? { referenceObjectType: objectTypeJson(state, referenced) } : {}),
        }),
    editable: attribute.editable,
    system: attribute.system,
    sortable: true,
    summable: numeric,
    indexed: true,
    minimumCardinality: attribute.minimumCardinality,
    maximumCardinality: attribute.maximumCardinality,
    suffix: attribute.suffix,
    removable: !attribute.system,
    hidden: false,
    includeChildObjectTypes: false,
    uniqueAttribute: attribute.uniqueAttribute,
    regexValidation: '',
    qlQuery: '',
    options: attribute.options.join(','),
    position: attribute.position,
  };
}

/** Object header without attributes (also the `referencedObject` of a reference value). */
export function objectHeaderJson(state: AssetsState, index: number) {
  const id = String(state.objectId(index));
  const type = state.objectType(state.typeOf(index));
  return {
    workspaceId: state.workspaceId,
    globalId: `${state.workspaceId}:${id}`,
    id,
    label: state.label(index),
    objectKey: state.key(index),
    avatar: { workspaceId: state.workspaceId, objectId: id },
    ...(type ? { objectType: objectTypeJson(state, type) } : {}),
    created: iso(state.createdAt(index)),
    updated: iso(state.updatedAt(index)),
    hasAvatar: false,
    timestamp: state.updatedAt(index),
    _links: { self: `${apiBase(state)}/object/${id}` },
  };
}

export function valueJson(state: AssetsState, attribute: AttributeDef, value: StoredValue) {
  switch (attribute.type) {
    case ATTRIBUTE_TYPE.reference: {
      const target = state.indexOfId(Number(value));
      return {
        referencedType: true,
        displayValue: target < 0 ? String(value) : state.label(target),
        searchValue: target < 0 ? String(value) : state.key(target),
        ...(target < 0 ? {} : { referencedObject: objectHeaderJson(state, target) }),
      };
    }
    case ATTRIBUTE_TYPE.user: {
      const accountId = String(value);
      const user = state.userInfo(accountId);
      const displayName = user?.displayName ?? accountId;
      return {
        value: accountId,
        displayValue: displayName,
        searchValue: accountId,
        referencedType: false,
        user: {
          accountId,
          displayName,
          emailAddress: user?.emailAddress ?? null,
          key: accountId,
          name: displayName,
          avatarUrl: `${state.baseUrl}/secure/useravatar?accountId=${encodeURIComponent(accountId)}`,
        },
      };
    }
    case ATTRIBUTE_TYPE.group:
      return {
        value: String(value),
        displayValue: String(value),
        searchValue: String(value),
        referencedType: false,
        group: { name: String(value), avatarUrl: '' },
      };
    case ATTRIBUTE_TYPE.status: {
      const status = state.status(Number(value));
      return {
        displayValue: status?.name ?? String(value),
        searchValue: String(value),
        referencedType: false,
        status: { id: String(value), name: status?.name ?? String(value), category: status?.category ?? 0 },
      };
    }
    default:
      return {
        value: String(value),
        displayValue: state.displayOf(attribute, value),
        searchValue: String(value),
        referencedType: false,
      };
  }
}

/**
 * A full object. `attributes`: `'none'` (includeAttributes=false), `'ids'` (AQL results: only
 * `objectTypeAttributeId`) or `'full'` (GET /object/{id}: the definition embedded). Empty attributes are omitted.
 */
export function objectJson(state: AssetsState, index: number, attributes: 'none' | 'ids' | 'full') {
  const header = objectHeaderJson(state, index);
  if (attributes === 'none') return header;
  return { ...header, attributes: objectAttributesJson(state, index, attributes === 'full') };
}

export function objectAttributesJson(state: AssetsState, index: number, embedDefinition: boolean) {
  const objectId = state.objectId(index);
  const out = [];
  for (const attribute of state.attributesOf(state.typeOf(index))) {
    const values = state.values(index, attribute);
    if (values.length === 0) continue;
    const id = String(objectId * 10_000 + attribute.id);
    out.push({
      workspaceId: state.workspaceId,
      globalId: `${state.workspaceId}:${id}`,
      id,
      ...(embedDefinition ? { objectTypeAttribute: attributeJson(state, attribute) } : {}),
      objectTypeAttributeId: String(attribute.id),
      objectAttributeValues: values.map((v) => valueJson(state, attribute, v)),
      objectId: String(objectId),
    });
  }
  return out;
}

export function historyJson(state: AssetsState, entry: HistoryEntry) {
  const actor = entry.actorAccountId === '' ? undefined : state.userInfo(entry.actorAccountId);
  return {
    id: String(entry.id),
    actor: {
      accountId: entry.actorAccountId,
      displayName:
        actor?.displayName ?? (entry.actorAccountId === '' ? 'Assets import' : entry.actorAccountId),
      emailAddress: actor?.emailAddress ?? null,
    },
    affectedAttribute: entry.affectedAttribute,
    oldValue: entry.oldValue,
    newValue: entry.newValue,
    type: entry.type,
    created: iso(entry.created),
    objectId: String(entry.objectId),
  };
}
