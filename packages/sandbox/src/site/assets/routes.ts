/**
 * Assets REST routes at the real Forge paths (`/jsm/assets/workspace/{workspaceId}/v1/…`, reference §3), with the
 * granular `cmdb` scopes of §3.0. A wrong workspace id is 404, an anonymous caller 401, a user who is no Assets
 * user of any schema (a JSM customer) 403, invalid AQL 400.
 */
import type { Principal, Route, SiteRequest, SiteResponse } from '../types';
import { countAql, evaluateAql } from './aql-eval';
import {
  attributeJson,
  historyJson,
  objectAttributesJson,
  objectJson,
  objectTypeJson,
  schemaJson,
} from './json';
import {
  AssetsError,
  type AssetsState,
  ATTRIBUTE_TYPE,
  type AttributeDef,
  DEFAULT_TYPE,
  type StoredValue,
} from './model';

export const ASSETS_BASE = '/jsm/assets/workspace/:workspaceId/v1';

/** Granular scopes (reference §3.0); where the docs differ the reference says to request both, so both are needed. */
export const ASSETS_SCOPES = {
  readObject: [['read:cmdb-object:jira']],
  writeObject: [['write:cmdb-object:jira']],
  deleteObject: [['delete:cmdb-object:jira']],
  readSchema: [['read:cmdb-schema:jira']],
  readSchemaAttributes: [['read:cmdb-schema:jira', 'read:cmdb-attribute:jira']],
  readTypesOfSchema: [['read:cmdb-type:jira', 'read:cmdb-schema:jira']],
  readType: [['read:cmdb-type:jira']],
  readTypeAttributes: [['read:cmdb-type:jira', 'read:cmdb-attribute:jira']],
} as const;

function assetsError(
  status: number,
  message: string,
  errors: Readonly<Record<string, string>> = {},
): SiteResponse {
  return { status, body: { errorMessages: message === '' ? [] : [message], errors } };
}

interface Ctx {
  readonly req: SiteRequest;
  readonly params: Readonly<Record<string, string>>;
  readonly state: AssetsState;
  readonly principal: Principal;
  readonly readable: ReadonlySet<number>;
}

function route(
  method: Route<AssetsState>['method'],
  path: string,
  scopes: Route<AssetsState>['scopes'],
  handle: (ctx: Ctx) => SiteResponse,
): Route<AssetsState> {
  return {
    method,
    pattern: `${ASSETS_BASE}/${path}`,
    scopes,
    handle(req, params, state) {
      if (params.workspaceId !== state.workspaceId) {
        return assetsError(404, `Workspace ${params.workspaceId ?? ''} not found`);
      }
      const principal = req.principal;
      if (principal.kind === 'anonymous') return assetsError(401, 'Authentication required');
      const readable = state.readableSchemaIds(principal);
      if (principal.kind === 'user' && readable.size === 0) {
        return assetsError(403, 'You do not have permission to access Assets');
      }
      try {
        return handle({ req, params, state, principal, readable });
      } catch (error) {
        if (error instanceof AssetsError) return assetsError(error.status, error.message, error.errors);
        throw error;
      }
    },
  };
}

// ------------------------------------------------------------------ query helpers

function intParam(req: SiteRequest, name: string, fallback: number): number {
  const raw = req.query.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^-?\d+$/.test(raw)) throw new AssetsError(400, `${name} must be an integer`);
  return Number(raw);
}

function boolParam(req: SiteRequest, name: string, fallback: boolean): boolean {
  const raw = req.query.get(name);
  if (raw === null || raw === '') return fallback;
  return raw.toLowerCase() === 'true';
}

function idParam(raw: string | undefined): number {
  return raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : -1;
}

function schemaOr404(ctx: Ctx) {
  const schema = ctx.state.schema(idParam(ctx.params.id));
  if (!schema || !ctx.readable.has(schema.id))
    throw new AssetsError(404, `Object schema ${ctx.params.id} not found`);
  return schema;
}

function typeOr404(ctx: Ctx) {
  const type = ctx.state.objectType(idParam(ctx.params.id));
  if (!type || !ctx.readable.has(type.objectSchemaId)) {
    throw new AssetsError(404, `Object type ${ctx.params.id} not found`);
  }
  return type;
}

function objectOr404(ctx: Ctx): number {
  const index = ctx.state.indexOf(ctx.params.id ?? '');
  if (index < 0 || !ctx.readable.has(ctx.state.schemaOf(index))) {
    throw new AssetsError(404, `Object ${ctx.params.id} not found`);
  }
  return index;
}

function qlQueryOf(body: unknown): string {
  const q = typeof body === 'object' && body !== null ? (body as { qlQuery?: unknown }).qlQuery : undefined;
  if (typeof q !== 'string' || q.trim() === '') throw new AssetsError(400, 'qlQuery is required');
  return q;
}

function actorOf(principal: Principal): string {
  return principal.kind === 'user'
    ? principal.accountId
    : principal.kind === 'app'
      ? `app:${principal.appKey}`
      : '';
}

// ------------------------------------------------------------------ value parsing (create/update)

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6 = /^[0-9a-f:]+$/i;

function parseValue(state: AssetsState, attribute: AttributeDef, raw: unknown): StoredValue {
  const fail = (message: string): never => {
    throw new AssetsError(400, '', { [`rlabs-insight-attribute-${attribute.id}`]: message });
  };
  if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') {
    return fail(`The value of ${attribute.name} must be a string`);
  }
  const text = String(raw).trim();
  switch (attribute.type) {
    case ATTRIBUTE_TYPE.reference: {
      const target = state.indexOf(text);
      const allowed =
        attribute.referenceObjectTypeId === undefined
          ? null
          : state.typeAndChildren(attribute.referenceObjectTypeId);
      if (target < 0 || (allowed && !allowed.includes(state.typeOf(target)))) {
        return fail(`${attribute.name}: object ${text} does not exist or has the wrong object type`);
      }
      return state.objectId(target);
    }
    case ATTRIBUTE_TYPE.user:
      if (!state.userInfo(text)) return fail(`${attribute.name}: user ${text} does not exist`);
      return text;
    case ATTRIBUTE_TYPE.group:
      if (state.groups.length > 0 && !state.groups.includes(text))
        return fail(`${attribute.name}: group ${text} does not exist`);
      return text;
    case ATTRIBUTE_TYPE.status: {
      const status =
        state.status(idParam(text)) ??
        state.statusTypes.find((s) => s.name.toLowerCase() === text.toLowerCase());
      if (
        !status ||
        (attribute.typeValueMulti.length > 0 && !attribute.typeValueMulti.includes(String(status.id)))
      ) {
        return fail(`${attribute.name}: status ${text} is not allowed`);
      }
      return status.id;
    }
    default:
      break;
  }
  switch (attribute.defaultTypeId) {
    case DEFAULT_TYPE.integer:
      if (!/^-?\d+$/.test(text) || Math.abs(Number(text)) > 2_147_483_647)
        return fail(`${attribute.name} must be an integer`);
      return String(Number(text));
    case DEFAULT_TYPE.double:
      if (text === '' || !Number.isFinite(Number(text))) return fail(`${attribute.name} must be a number`);
      return String(Number(text));
    case DEFAULT_TYPE.boolean:
      if (!/^(true|false)$/i.test(text)) return fail(`${attribute.name} must be true or false`);
      return text.toLowerCase();
    case DEFAULT_TYPE.date: {
      const m = /^(\d{4}-\d{2}-\d{2})/.exec(text);
      if (!m || Number.isNaN(Date.parse(`${m[1]}T00:00:00Z`)))
        return fail(`${attribute.name} must be a date (yyyy-MM-dd)`);
      return m[1] ?? text;
    }
    case DEFAULT_TYPE.dateTime: {
      const t = Date.parse(text);
      if (Number.isNaN(t)) return fail(`${attribute.name} must be a date-time`);
      return new Date(t).toISOString();
    }
    case DEFAULT_TYPE.time:
      if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(text)) return fail(`${attribute.name} must be a time (HH:mm)`);
      return text;
    case DEFAULT_TYPE.email:
      if (!/^[^@\s]+@[^@\s]+$/.test(text)) return fail(`${attribute.name} must be an email address`);
      return text;
    case DEFAULT_TYPE.url:
      if (!URL.canParse(text)) return fail(`${attribute.name} must be a URL`);
      return text;
    case DEFAULT_TYPE.ipAddress:
      if (!IPV4.test(text) && !(text.includes(':') && IPV6.test(text)))
        return fail(`${attribute.name} must be an IP address`);
      return text;
    case DEFAULT_TYPE.select: {
      const option = attribute.options.find((o) => o.toLowerCase() === text.toLowerCase());
      if (!option) return fail(`${attribute.name}: "${text}" is not one of ${attribute.options.join(', ')}`);
      return option;
    }
    case DEFAULT_TYPE.text:
      if (text.length > 450) return fail(`${attribute.name} is longer than 450 characters`);
      return String(raw);
    default:
      return String(raw);
  }
}

/** Reads `attributes: [{objectTypeAttributeId, objectAttributeValues: [{value}]}]` into stored values. */
function parseAttributes(state: AssetsState, typeId: number, body: unknown): Map<number, StoredValue[]> {
  const list =
    typeof body === 'object' && body !== null ? (body as { attributes?: unknown }).attributes : undefined;
  if (list === undefined) return new Map();
  if (!Array.isArray(list)) throw new AssetsError(400, 'attributes must be an array');
  const allowed = new Map(state.attributesOf(typeId).map((a) => [a.id, a]));
  const out = new Map<number, StoredValue[]>();
  for (const item of list as unknown[]) {
    const entry = (typeof item === 'object' && item !== null ? item : {}) as {
      objectTypeAttributeId?: unknown;
      objectAttributeValues?: unknown;
    };
    const attribute = allowed.get(Number(entry.objectTypeAttributeId));
    if (!attribute) {
      throw new AssetsError(
        400,
        `Object type attribute ${String(entry.objectTypeAttributeId)} does not belong to the object type`,
      );
    }
    if (attribute.system && attribute.systemRole !== 'name') {
      throw new AssetsError(400, '', {
        [`rlabs-insight-attribute-${attribute.id}`]: `${attribute.name} is not editable`,
      });
    }
    const rawValues = Array.isArray(entry.objectAttributeValues)
      ? (entry.objectAttributeValues as unknown[])
      : [];
    const values = rawValues.map((v) =>
      parseValue(
        state,
        attribute,
        typeof v === 'object' && v !== null ? (v as { value?: unknown }).value : v,
      ),
    );
    if (attribute.maximumCardinality !== -1 && values.length > attribute.maximumCardinality) {
      throw new AssetsError(400, '', {
        [`rlabs-insight-attribute-${attribute.id}`]: `${attribute.name} accepts at most ${attribute.maximumCardinality} value(s)`,
      });
    }
    if (values.length < attribute.minimumCardinality) {
      throw new AssetsError(400, '', {
        [`rlabs-insight-attribute-${attribute.id}`]: `${attribute.name} is required`,
      });
    }
    out.set(attribute.id, values);
  }
  return out;
}

// ------------------------------------------------------------------ routes

export const assetsRoutes: Route<AssetsState>[] = [
  route('GET', 'objectschema/list', ASSETS_SCOPES.readSchema, (ctx) => {
    const startAt = Math.max(0, intParam(ctx.req, 'startAt', 0));
    const maxResults = Math.min(Math.max(1, intParam(ctx.req, 'maxResults', 25)), 1000);
    const includeCounts = boolParam(ctx.req, 'includeCounts', false);
    const schemas = ctx.state.schemas.filter((s) => ctx.readable.has(s.id));
    const page = schemas.slice(startAt, startAt + maxResults);
    return {
      status: 200,
      body: {
        startAt,
        maxResults,
        total: schemas.length,
        isLast: startAt + maxResults >= schemas.length,
        values: page.map((s) => schemaJson(ctx.state, s, { includeCounts, principal: ctx.principal })),
      },
    };
  }),
  route('GET', 'objectschema/:id', ASSETS_SCOPES.readSchema, (ctx) => ({
    status: 200,
    body: schemaJson(ctx.state, schemaOr404(ctx), { includeCounts: true, principal: ctx.principal }),
  })),
  route('GET', 'objectschema/:id/attributes', ASSETS_SCOPES.readSchemaAttributes, (ctx) => {
    const schema = schemaOr404(ctx);
    const typeIds = new Set(ctx.state.typesOfSchema(schema.id).map((t) => t.id));
    const query = (ctx.req.query.get('query') ?? '').toLowerCase();
    const onlyEditable = boolParam(ctx.req, 'onlyValueEditable', false);
    const attributes = ctx.state.attributes.filter(
      (a) =>
        typeIds.has(a.objectTypeId) &&
        (query === '' || a.name.toLowerCase().includes(query)) &&
        (!onlyEditable || a.editable),
    );
    return { status: 200, body: attributes.map((a) => attributeJson(ctx.state, a)) };
  }),
  route('GET', 'objectschema/:id/objecttypes', ASSETS_SCOPES.readTypesOfSchema, (ctx) => {
    const schema = schemaOr404(ctx);
    const excludeAbstract = boolParam(ctx.req, 'excludeAbstract', false);
    const types = ctx.state
      .typesOfSchema(schema.id)
      .filter((t) => t.parentObjectTypeId === null && !(excludeAbstract && t.abstractObjectType));
    return { status: 200, body: types.map((t) => objectTypeJson(ctx.state, t)) };
  }),
  route('GET', 'objectschema/:id/objecttypes/flat', ASSETS_SCOPES.readTypesOfSchema, (ctx) => {
    const schema = schemaOr404(ctx);
    const includeCounts = boolParam(ctx.req, 'includeObjectCounts', false);
    return {
      status: 200,
      body: ctx.state.typesOfSchema(schema.id).map((t) => objectTypeJson(ctx.state, t, includeCounts)),
    };
  }),
  route('GET', 'objecttype/:id', ASSETS_SCOPES.readType, (ctx) => ({
    status: 200,
    body: objectTypeJson(ctx.state, typeOr404(ctx)),
  })),
  route('GET', 'objecttype/:id/attributes', ASSETS_SCOPES.readTypeAttributes, (ctx) => {
    const type = typeOr404(ctx);
    const q = ctx.req.query;
    const query = (q.get('query') ?? '').toLowerCase();
    let attributes = [...ctx.state.attributesOf(type.id)];
    if (boolParam(ctx.req, 'excludeParentAttributes', false)) {
      attributes = attributes.filter((a) => a.objectTypeId === type.id);
    }
    if (boolParam(ctx.req, 'onlyValueEditable', false)) attributes = attributes.filter((a) => a.editable);
    if (query !== '') attributes = attributes.filter((a) => a.name.toLowerCase().includes(query));
    if (boolParam(ctx.req, 'orderByName', false)) attributes.sort((a, b) => a.name.localeCompare(b.name));
    if (boolParam(ctx.req, 'orderByRequired', false)) {
      attributes.sort((a, b) => b.minimumCardinality - a.minimumCardinality);
    }
    return { status: 200, body: attributes.map((a) => attributeJson(ctx.state, a)) };
  }),
  route('POST', 'object/aql', ASSETS_SCOPES.readObject, (ctx) => {
    const { state } = ctx;
    const qlQuery = qlQueryOf(ctx.req.body);
    const startAt = intParam(ctx.req, 'startAt', 0);
    if (startAt < 0) throw new AssetsError(400, 'startAt must not be negative');
    const requested = intParam(ctx.req, 'maxResults', state.limits.defaultPageSize);
    if (requested < 1) throw new AssetsError(400, 'maxResults must be at least 1');
    const maxResults = Math.min(requested, state.limits.maxPageSize);
    const includeAttributes = boolParam(ctx.req, 'includeAttributes', true);
    const { indexes } = evaluateAql(state, qlQuery, { principal: ctx.principal, schemaIds: ctx.readable });
    const window = state.limits.resultWindow;
    const visible = window === null ? indexes.length : Math.min(indexes.length, window);
    const page = indexes.slice(startAt, Math.min(startAt + maxResults, visible));
    const typeIds = new Set(page.map((i) => state.typeOf(i)));
    const definitions = new Map<number, AttributeDef>();
    for (const typeId of typeIds) for (const a of state.attributesOf(typeId)) definitions.set(a.id, a);
    return {
      status: 200,
      body: {
        startAt,
        maxResults,
        isLast: startAt + maxResults >= visible,
        values: page.map((i) => objectJson(state, i, includeAttributes ? 'ids' : 'none')),
        objectTypeAttributes: includeAttributes
          ? [...definitions.values()].map((a) => attributeJson(state, a))
          : [],
      },
    };
  }),
  route('POST', 'object/aql/totalcount', ASSETS_SCOPES.readObject, (ctx) => ({
    status: 200,
    body: {
      totalCount: countAql(ctx.state, qlQueryOf(ctx.req.body), {
        principal: ctx.principal,
        schemaIds: ctx.readable,
      }),
    },
  })),
  route('POST', 'object/create', ASSETS_SCOPES.writeObject, (ctx) => {
    const { state } = ctx;
    const body = ctx.req.body;
    const typeId = idParam(
      String(
        typeof body === 'object' && body !== null ? (body as { objectTypeId?: unknown }).objectTypeId : '',
      ),
    );
    const type = state.objectType(typeId);
    if (!type || !ctx.readable.has(type.objectSchemaId))
      throw new AssetsError(400, 'objectTypeId is not valid');
    if (type.abstractObjectType)
      throw new AssetsError(400, `${type.name} is abstract and cannot hold objects`);
    if (!state.canWrite(ctx.principal, type.objectSchemaId)) {
      throw new AssetsError(403, 'You do not have permission to create objects in this schema');
    }
    const values = parseAttributes(state, typeId, body);
    for (const attribute of state.attributesOf(typeId)) {
      if (
        attribute.minimumCardinality > 0 &&
        !attribute.system &&
        (values.get(attribute.id)?.length ?? 0) === 0
      ) {
        throw new AssetsError(400, '', {
          [`rlabs-insight-attribute-${attribute.id}`]: `${attribute.name} is required`,
        });
      }
      if (attribute.systemRole === 'name' && (values.get(attribute.id)?.length ?? 0) === 0) {
        throw new AssetsError(400, '', {
          [`rlabs-insight-attribute-${attribute.id}`]: `${attribute.name} is required`,
        });
      }
    }
    const index = state.createObject(typeId, values, actorOf(ctx.principal));
    return { status: 201, body: objectJson(state, index, 'full') };
  }),
  route('GET', 'object/:id', ASSETS_SCOPES.readObject, (ctx) => ({
    status: 200,
    body: objectJson(ctx.state, objectOr404(ctx), 'full'),
  })),
  route('PUT', 'object/:id', ASSETS_SCOPES.writeObject, (ctx) => {
    const { state } = ctx;
    const index = objectOr404(ctx);
    if (!state.canWrite(ctx.principal, state.schemaOf(index))) {
      throw new AssetsError(403, 'You do not have permission to edit this object');
    }
    const body = ctx.req.body;
    const requestedType =
      typeof body === 'object' && body !== null
        ? (body as { objectTypeId?: unknown }).objectTypeId
        : undefined;
    if (requestedType !== undefined && Number(requestedType) !== state.typeOf(index)) {
      throw new AssetsError(400, 'Changing the object type of an object is not supported');
    }
    state.updateObject(index, parseAttributes(state, state.typeOf(index), body), actorOf(ctx.principal));
    return { status: 200, body: objectJson(state, index, 'full') };
  }),
  route('DELETE', 'object/:id', ASSETS_SCOPES.deleteObject, (ctx) => {
    const index = objectOr404(ctx);
    if (!ctx.state.canWrite(ctx.principal, ctx.state.schemaOf(index))) {
      throw new AssetsError(403, 'You do not have permission to delete this object');
    }
    ctx.state.deleteObject(index);
    return { status: 204 };
  }),
  route('GET', 'object/:id/attributes', ASSETS_SCOPES.readObject, (ctx) => ({
    status: 200,
    body: objectAttributesJson(ctx.state, objectOr404(ctx), true),
  })),
  route('GET', 'object/:id/history', ASSETS_SCOPES.readObject, (ctx) => {
    const entries = ctx.state.history(objectOr404(ctx)).map((e) => historyJson(ctx.state, e));
    return { status: 200, body: boolParam(ctx.req, 'asc', false) ? entries : entries.reverse() };
  }),
  route('GET', 'object/:id/referenceinfo', ASSETS_SCOPES.readObject, (ctx) => {
    const { state } = ctx;
    const target = objectOr404(ctx);
    const targetId = state.objectId(target);
    const targetType = state.typeOf(target);
    const groups = new Map<
      number,
      { referenceTypes: Map<number, { id: number; name: string }>; count: number }
    >();
    for (const type of state.objectTypes) {
      if (!ctx.readable.has(type.objectSchemaId)) continue;
      const refs = state
        .attributesOf(type.id)
        .filter(
          (a) =>
            a.type === ATTRIBUTE_TYPE.reference &&
            a.referenceObjectTypeId !== undefined &&
            state.typeAndChildren(a.referenceObjectTypeId).includes(targetType),
        );
      if (refs.length === 0) continue;
      const { data, length } = state.indexesOfType(type.id);
      for (let k = 0; k < length; k++) {
        const source = data[k] ?? -1;
        if (!state.exists(source)) continue;
        for (const attribute of refs) {
          if (!state.values(source, attribute).includes(targetId)) continue;
          const group = groups.get(type.id) ?? { referenceTypes: new Map(), count: 0 };
          group.count++;
          if (attribute.referenceType)
            group.referenceTypes.set(attribute.referenceType.id, attribute.referenceType);
          groups.set(type.id, group);
          break;
        }
      }
    }
    const body = [...groups].map(([typeId, group]) => {
      const type = state.objectType(typeId);
      return {
        ...(type ? { objectType: objectTypeJson(state, type) } : {}),
        referenceTypes: [...group.referenceTypes.values()].map((r) => ({
          workspaceId: state.workspaceId,
          globalId: `${state.workspaceId}:${r.id}`,
          id: String(r.id),
          name: r.name,
        })),
        numberOfReferencedObjects: group.count,
      };
    });
    return { status: 200, body };
  }),
];
