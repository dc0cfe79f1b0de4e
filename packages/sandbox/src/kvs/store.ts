import {
  compareScalars,
  type FilterGroup,
  matchesClause,
  matchesGroup,
  parseClause,
  parseFilterGroup,
  RANGE_CONDITIONS,
} from './conditions';
import { type EntityDefinition, type ResolvedIndex, resolveIndexes, validateEntityValue } from './entities';
import { fail, KvsServiceError } from './errors';
import { jsonBytes, KVS_LIMITS, validateEntityName, validateKey, validateValue } from './limits';
import {
  deleteKvsFile,
  emptyScope,
  readKvsFile,
  type ScopeData,
  type StoredItem,
  serialize,
  writeKvsFile,
} from './persistence';

/** Which app installation a request comes from; data never crosses scopes. */
export interface KvsScope {
  appId: string;
  installationId: string;
}

/** What `handle` answers; the runtime wraps it in a `Response` (JSON body, or no body when `body` is undefined). */
export interface KvsResponse {
  status: number;
  body?: unknown;
}

export interface KvsStoreOptions {
  /** JSON persistence file (the runtime uses `<repo>/.sandbox/kvs.json`). Omit for a memory-only store. */
  file?: string;
  /** Start empty, deleting `file` if it exists. */
  reset?: boolean;
  /** Clock used for createdAt/updatedAt and TTL expiry. */
  now?: () => Date;
  /** Delay before a change is written to `file` (ms, default 100). `flush()` writes immediately. */
  debounceMs?: number;
  /** Custom entity declarations per app id (the manifest's `app.storage.entities`). */
  entities?: Record<string, EntityDefinition[]>;
}

export interface KvsDump {
  /** Plain `kvs.set` keys and their values. */
  keys: Record<string, unknown>;
  /** Secret keys; values are never shown. */
  secrets: Record<string, '[secret]'>;
  /** Custom entity values by entity name, then key. */
  entities: Record<string, Record<string, unknown>>;
}

export interface KvsStore {
  /** Answers one `@forge/kvs` request (`POST <path>` with JSON `body`) for `scope`. */
  handle(scope: KvsScope, path: string, body: unknown): KvsResponse;
  /** Live (unexpired) contents of one scope, secrets masked. */
  dump(scope: KvsScope): KvsDump;
  /** Removes one scope's data, or everything when no scope is given. */
  clear(scope?: KvsScope): void;
  /** Declares (replaces) the custom entities of an app, as its manifest does. */
  defineEntities(appId: string, entities: EntityDefinition[]): void;
  /** Writes pending changes to the file now. */
  flush(): void;
  /** Flushes and stops background persistence. */
  close(): void;
}

type MetadataField = 'CREATED_AT' | 'UPDATED_AT' | 'EXPIRE_TIME';
type Space = { kind: 'kv' } | { kind: 'secret' } | { kind: 'entity'; name: string };

const TTL_UNIT_MS: Record<string, number> = {
  SECONDS: 1000,
  MINUTES: 60_000,
  HOURS: 3_600_000,
  DAYS: 86_400_000,
};

const scopeId = (s: KvsScope) => JSON.stringify([s.appId, s.installationId]);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function requireObject(body: unknown): Record<string, unknown> {
  if (!isRecord(body)) fail('BAD_REQUEST', 'Provided request body is invalid: expected a JSON object');
  return body;
}

function requireArray(body: unknown): unknown[] {
  if (!Array.isArray(body)) fail('BAD_REQUEST', 'Provided request body is invalid: expected a JSON array');
  return body;
}

function metadataFields(options: unknown, field: 'metadataFields' | 'returnMetadataFields'): MetadataField[] {
  if (options === undefined || options === null) return [];
  if (!isRecord(options))
    fail('BAD_REQUEST', 'Provided request body is invalid: "options" must be an object');
  const raw = options[field];
  if (raw === undefined) return [];
  const ok = (f: unknown): f is MetadataField =>
    f === 'CREATED_AT' || f === 'UPDATED_AT' || f === 'EXPIRE_TIME';
  if (!Array.isArray(raw) || !raw.every(ok)) {
    fail(
      'BAD_REQUEST',
      `Provided request body is invalid: "${field}" must list CREATED_AT/UPDATED_AT/EXPIRE_TIME`,
    );
  }
  return raw;
}

/** Accepts the raw `init.body` string too, so a caller may pass it through unparsed. */
function parseJsonBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return fail('BAD_REQUEST', 'Provided request body is invalid: not JSON');
  }
}

/** Wraps a `handle` answer as the WHATWG `Response` `__forge_fetch__` must return. */
export function toResponse(r: KvsResponse): Response {
  return new Response(r.body === undefined ? null : JSON.stringify(r.body), {
    status: r.status,
    headers: { 'content-type': 'application/json' },
  });
}

function encodeCursor(payload: unknown): string {
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

function decodeCursor(cursor: unknown): Record<string, unknown> | undefined {
  if (cursor === undefined || cursor === null) return undefined;
  if (typeof cursor !== 'string')
    fail('BAD_REQUEST', 'Provided request body is invalid: cursor must be a string');
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (isRecord(parsed) && typeof parsed.k === 'string') return parsed;
  } catch {
    // fall through
  }
  return fail('BAD_REQUEST', 'The provided cursor is invalid');
}

function pageLimit(
  raw: unknown,
  code: 'LIST_QUERY_LIMIT_EXCEEDED' | 'COMPLEX_QUERY_PAGE_LIMIT_NOT_IN_RANGE',
): number {
  if (raw === undefined || raw === null) return KVS_LIMITS.defaultQueryLimit;
  if (typeof raw !== 'number' || !Number.isInteger(raw)) {
    fail('BAD_REQUEST', 'Provided request body is invalid: "limit" must be an integer');
  }
  if (raw < 1 || raw > KVS_LIMITS.maxQueryLimit) {
    fail(code, `The page limit must be between 1 and ${KVS_LIMITS.maxQueryLimit} (got ${raw})`);
  }
  return raw;
}

/** Creates the emulated KVS / Custom Entity Store service behind `__forge_fetch__({ type: 'kvs' }, …)`. */
export function createKvsStore(options: KvsStoreOptions = {}): KvsStore {
  const { file, reset = false, debounceMs = 100 } = options;
  const clock = options.now ?? (() => new Date());
  const nowMs = () => clock().getTime();

  const scopes = new Map<string, { appId: string; installationId: string; data: ScopeData }>();
  const entityDefs = new Map<string, Map<string, EntityDefinition>>();
  for (const [appId, defs] of Object.entries(options.entities ?? {})) setEntities(appId, defs);

  if (file) {
    if (reset) deleteKvsFile(file);
    for (const s of readKvsFile(file)) scopes.set(scopeId(s), s);
  }

  let dirty = false;
  let timer: NodeJS.Timeout | undefined;
  const onExit = () => flush();
  if (file) process.on('exit', onExit);

  function setEntities(appId: string, defs: EntityDefinition[]) {
    entityDefs.set(appId, new Map(defs.map((d) => [d.name, d])));
  }

  function flush() {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (!file || !dirty) return;
    dirty = false;
    writeKvsFile(file, serialize(scopes));
  }

  function changed() {
    if (!file) return;
    dirty = true;
    if (timer) return;
    timer = setTimeout(flush, debounceMs);
    timer.unref();
  }

  function scopeData(scope: KvsScope, create: boolean): ScopeData | undefined {
    const id = scopeId(scope);
    let entry = scopes.get(id);
    if (!entry && create) {
      entry = { appId: scope.appId, installationId: scope.installationId, data: emptyScope() };
      scopes.set(id, entry);
    }
    return entry?.data;
  }

  // ---- spaces (plain keys, secrets, one entity) ----------------------------------------------------------------

  function entityDefinition(scope: KvsScope, name: string): EntityDefinition | undefined {
    const defs = entityDefs.get(scope.appId);
    if (!defs) return undefined; // entities not declared for this app: accept any valid entity name, untyped
    const def = defs.get(name);
    if (!def)
      fail(
        'INVALID_ENTITY_TYPE',
        `Entity ${name} is not declared in the app's manifest (app.storage.entities)`,
      );
    return def;
  }

  function spaceFor(scope: KvsScope, entityName: unknown): Space {
    if (entityName === undefined || entityName === null) return { kind: 'kv' };
    const name = validateEntityName(entityName);
    entityDefinition(scope, name);
    return { kind: 'entity', name };
  }

  function items(scope: KvsScope, space: Space, create: boolean): Map<string, StoredItem> | undefined {
    const data = scopeData(scope, create);
    if (!data) return undefined;
    if (space.kind === 'kv') return data.kv;
    if (space.kind === 'secret') return data.secret;
    let map = data.entities.get(space.name);
    if (!map && create) {
      map = new Map();
      data.entities.set(space.name, map);
    }
    return map;
  }

  function live(map: Map<string, StoredItem> | undefined, key: string): StoredItem | undefined {
    const item = map?.get(key);
    if (!item) return undefined;
    if (item.expiresAt !== undefined && item.expiresAt <= nowMs()) {
      map?.delete(key);
      changed();
      return undefined;
    }
    return item;
  }

  function liveEntries(map: Map<string, StoredItem> | undefined): Array<[string, StoredItem]> {
    if (!map) return [];
    const out: Array<[string, StoredItem]> = [];
    for (const key of [...map.keys()]) {
      const item = live(map, key);
      if (item) out.push([key, item]);
    }
    return out;
  }

  function validateKeyFor(space: Space, key: unknown): string {
    return validateKey(key, space.kind === 'entity' ? 'EMPTY_KEY' : 'KEY_TOO_SHORT');
  }

  function validateValueFor(scope: KvsScope, space: Space, value: unknown) {
    validateValue(value);
    if (space.kind === 'entity') {
      const def = entityDefinition(scope, space.name);
      if (def) validateEntityValue(def, value);
    }
  }

  function ttlMs(options: unknown): number | undefined {
    if (!isRecord(options) || options.ttl === undefined) return undefined;
    const { ttl } = options;
    if (!isRecord(ttl) || typeof ttl.unit !== 'string' || !(ttl.unit in TTL_UNIT_MS)) {
      fail(
        'BAD_REQUEST',
        'Provided request body is invalid: ttl.unit must be SECONDS, MINUTES, HOURS or DAYS',
      );
    }
    if (typeof ttl.value !== 'number' || !Number.isInteger(ttl.value) || ttl.value <= 0) {
      fail('BAD_REQUEST', 'Provided request body is invalid: ttl.value must be a positive integer');
    }
    return ttl.value * (TTL_UNIT_MS[ttl.unit] ?? 0);
  }

  function view(
    key: string,
    item: StoredItem,
    fields: MetadataField[],
    space?: Space,
  ): Record<string, unknown> {
    const out: Record<string, unknown> = { key, value: structuredClone(item.value) };
    if (space?.kind === 'entity') out.entityName = space.name;
    if (fields.includes('CREATED_AT')) out.createdAt = item.createdAt;
    if (fields.includes('UPDATED_AT')) out.updatedAt = item.updatedAt;
    if (fields.includes('EXPIRE_TIME') && item.expiresAt !== undefined) {
      out.expireTime = new Date(item.expiresAt).toISOString();
    }
    return out;
  }

  /** Writes a validated value; returns the previous live item and the new one. */
  function write(
    map: Map<string, StoredItem>,
    key: string,
    value: unknown,
    ttl: number | undefined,
  ): { previous?: StoredItem; current: StoredItem } {
    const previous = live(map, key);
    const t = nowMs();
    const current: StoredItem = {
      value: structuredClone(value),
      createdAt: previous?.createdAt ?? t,
      updatedAt: t,
      ...(ttl !== undefined ? { expiresAt: t + ttl } : {}),
    };
    map.set(key, current);
    changed();
    return previous ? { previous, current } : { current };
  }

  // ---- single-key operations -----------------------------------------------------------------------------------

  function get(scope: KvsScope, space: Space, body: Record<string, unknown>): KvsResponse {
    const key = validateKeyFor(space, body.key);
    const fields = metadataFields(body.options, 'metadataFields');
    const item = live(items(scope, space, false), key);
    if (!item) fail('KEY_NOT_FOUND', 'Provided key does not exist');
    return { status: 200, body: view(key, item, fields, space) };
  }

  function set(scope: KvsScope, space: Space, body: Record<string, unknown>): KvsResponse {
    const key = validateKeyFor(space, body.key);
    validateValueFor(scope, space, body.value);
    const opts = body.options;
    if (opts !== undefined && !isRecord(opts)) {
      fail('BAD_REQUEST', 'Provided request body is invalid: "options" must be an object');
    }
    const ttl = ttlMs(opts);
    const keyPolicy = opts?.keyPolicy ?? 'OVERRIDE';
    const returnValue = opts?.returnValue;
    if (keyPolicy !== 'OVERRIDE' && keyPolicy !== 'FAIL_IF_EXISTS') {
      fail('BAD_REQUEST', 'Provided request body is invalid: keyPolicy must be OVERRIDE or FAIL_IF_EXISTS');
    }
    if (returnValue !== undefined && returnValue !== 'PREVIOUS' && returnValue !== 'LATEST') {
      fail('BAD_REQUEST', 'Provided request body is invalid: returnValue must be PREVIOUS or LATEST');
    }
    const fields = metadataFields(opts, 'returnMetadataFields');
    const map = items(scope, space, true) as Map<string, StoredItem>;
    if (keyPolicy === 'FAIL_IF_EXISTS' && live(map, key)) {
      fail('KEY_CONFLICT', `Key ${key} already exists and keyPolicy is FAIL_IF_EXISTS`);
    }
    const { previous, current } = write(map, key, body.value, ttl);
    if (returnValue === 'LATEST') return { status: 200, body: view(key, current, fields, space) };
    if (returnValue === 'PREVIOUS' && previous)
      return { status: 200, body: view(key, previous, fields, space) };
    return { status: 204 };
  }

  function del(scope: KvsScope, space: Space, body: Record<string, unknown>): KvsResponse {
    const key = validateKeyFor(space, body.key);
    const map = items(scope, space, false);
    if (!live(map, key)) fail('KEY_NOT_FOUND', 'Provided key does not exist');
    map?.delete(key);
    changed();
    return { status: 204 };
  }

  // ---- queries -------------------------------------------------------------------------------------------------

  function query(scope: KvsScope, body: Record<string, unknown>): KvsResponse {
    const limit = pageLimit(body.limit, 'LIST_QUERY_LIMIT_EXCEEDED');
    const fields = metadataFields(body.options, 'metadataFields');
    let prefix = '';
    if (body.where !== undefined && body.where !== null) {
      if (!Array.isArray(body.where))
        fail('BAD_REQUEST', 'Provided request body is invalid: "where" must be an array');
      if (body.where.length > 1)
        fail('QUERY_WHERE_INVALID', 'KVS queries should contain only a single "where" clause');
      const [w] = body.where as unknown[];
      if (w !== undefined) {
        if (!isRecord(w) || w.property !== 'key') {
          fail('QUERY_WHERE_FIELD_INVALID', 'The specified field is not supported for filters');
        }
        const clause = parseClause(w, new Set(['BEGINS_WITH']), false);
        prefix = String(clause.values[0]);
      }
    }
    const after = decodeCursor(body.after)?.k as string | undefined;
    const matching = liveEntries(items(scope, { kind: 'kv' }, false))
      .filter(([key]) => key.startsWith(prefix) && (after === undefined || key > after))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const page = matching.slice(0, limit);
    const last = page[page.length - 1];
    return {
      status: 200,
      body: {
        data: page.map(([key, item]) => view(key, item, fields)),
        ...(matching.length > limit && last ? { cursor: encodeCursor({ k: last[0] }) } : {}),
      },
    };
  }

  function resolveIndex(scope: KvsScope, entityName: string, indexName: unknown): ResolvedIndex {
    if (typeof indexName !== 'string' || indexName === '') {
      fail('BAD_REQUEST', 'Provided request body is invalid: "indexName" is required');
    }
    const def = entityDefinition(scope, entityName);
    // Without declared entities, an index name is taken as the (unpartitioned) attribute it ranges on.
    if (!def) return { name: indexName, range: indexName, partition: [] };
    const index = resolveIndexes(def).find((ix) => ix.name === indexName);
    if (!index) fail('INVALID_ENTITY_INDEX', `Index ${indexName} is not declared on entity ${entityName}`);
    return index;
  }

  function entityQuery(scope: KvsScope, body: Record<string, unknown>): KvsResponse {
    const entityName = validateEntityName(body.entityName);
    const index = resolveIndex(scope, entityName, body.indexName);
    const limit = pageLimit(body.limit, 'COMPLEX_QUERY_PAGE_LIMIT_NOT_IN_RANGE');
    const fields = metadataFields(body.options, 'metadataFields');
    const partition = body.partition ?? [];
    if (!Array.isArray(partition) || partition.length !== index.partition.length) {
      fail(
        'BAD_REQUEST',
        `Index ${index.name} is partitioned by [${index.partition.join(', ')}]: "partition" must give ${index.partition.length} value(s)`,
      );
    }
    const range =
      body.range === undefined || body.range === null
        ? undefined
        : parseClause(body.range, RANGE_CONDITIONS, false);
    const filters: FilterGroup | undefined =
      body.filters === undefined || body.filters === null ? undefined : parseFilterGroup(body.filters);
    const sort = body.sort ?? 'ASC';
    if (sort !== 'ASC' && sort !== 'DESC')
      fail('BAD_REQUEST', 'Provided request body is invalid: sort is ASC or DESC');
    const cursor = decodeCursor(body.cursor);

    const attr = (item: StoredItem, name: string): unknown =>
      isRecord(item.value) ? (item.value as Record<string, unknown>)[name] : undefined;
    const order = (a: { r: unknown; k: string }, b: { r: unknown; k: string }) => {
      const c = compareScalars(a.r, b.r) || (a.k < b.k ? -1 : a.k > b.k ? 1 : 0);
      return sort === 'DESC' ? -c : c;
    };
    const rows = liveEntries(items(scope, { kind: 'entity', name: entityName }, false))
      .map(([k, item]) => ({ k, r: attr(item, index.range), item }))
      .filter(({ r }) => r !== undefined && r !== null) // sparse index: items without the range attribute are absent
      .filter(({ item }) => index.partition.every((p, i) => attr(item, p) === partition[i]))
      .filter(({ r }) => !range || matchesClause(r, range))
      .filter(({ item }) => !filters || matchesGroup(item.value, filters))
      .sort(order);
    const start = cursor
      ? rows.filter((row) => order(row, { r: cursor.r, k: cursor.k as string }) <= 0).length
      : 0;
    const page = rows.slice(start, start + limit);
    const last = page[page.length - 1];
    return {
      status: 200,
      body: {
        data: page.map(({ k, item }) => view(k, item, fields)),
        ...(rows.length > start + limit && last ? { cursor: encodeCursor({ k: last.k, r: last.r }) } : {}),
      },
    };
  }

  // ---- batches -------------------------------------------------------------------------------------------------

  function batchItems(body: unknown, verb: string): Array<Record<string, unknown>> {
    const list = requireArray(body);
    if (list.length === 0) fail('BAD_REQUEST', `A batch ${verb} must contain at least one key`);
    if (list.length > KVS_LIMITS.maxBatchItems) {
      fail(
        'BAD_REQUEST',
        `A batch ${verb} can contain at most ${KVS_LIMITS.maxBatchItems} keys (got ${list.length})`,
      );
    }
    const seen = new Set<string>();
    for (const item of list) {
      if (!isRecord(item))
        fail('BAD_REQUEST', 'Provided request body is invalid: batch items must be objects');
      const id = JSON.stringify([item.entityName ?? null, item.key]);
      if (seen.has(id))
        fail('BAD_REQUEST', `A batch ${verb} cannot contain the same key twice (${String(item.key)})`);
      seen.add(id);
    }
    return list as Array<Record<string, unknown>>;
  }

  function itemId(item: Record<string, unknown>) {
    return {
      key: item.key,
      ...(item.entityName !== undefined && item.entityName !== null ? { entityName: item.entityName } : {}),
    };
  }

  function batch(
    list: Array<Record<string, unknown>>,
    run: (item: Record<string, unknown>) => Record<string, unknown>,
  ): KvsResponse {
    const successfulKeys: unknown[] = [];
    const failedKeys: unknown[] = [];
    for (const item of list) {
      try {
        successfulKeys.push(run(item));
      } catch (e) {
        if (!(e instanceof KvsServiceError)) throw e;
        failedKeys.push({ ...itemId(item), error: { code: e.code, message: e.message } });
      }
    }
    return { status: 200, body: { successfulKeys, failedKeys } };
  }

  function batchSet(scope: KvsScope, body: unknown): KvsResponse {
    const list = batchItems(body, 'set');
    if (jsonBytes(body) > KVS_LIMITS.maxBatchBytes) {
      fail('BAD_REQUEST', `A batch set payload is limited to ${KVS_LIMITS.maxBatchBytes} bytes`);
    }
    return batch(list, (item) => {
      const space = spaceFor(scope, item.entityName);
      const key = validateKeyFor(space, item.key);
      validateValueFor(scope, space, item.value);
      const ttl = ttlMs(item.options);
      write(items(scope, space, true) as Map<string, StoredItem>, key, item.value, ttl);
      return itemId(item);
    });
  }

  function batchGet(scope: KvsScope, body: unknown): KvsResponse {
    return batch(batchItems(body, 'get'), (item) => {
      const space = spaceFor(scope, item.entityName);
      const key = validateKeyFor(space, item.key);
      const fields = metadataFields(item.options, 'metadataFields');
      const found = live(items(scope, space, false), key);
      if (!found) fail('KEY_NOT_FOUND', 'Key does not exist');
      return { ...view(key, found, fields), ...itemId(item) };
    });
  }

  function batchDelete(scope: KvsScope, body: unknown): KvsResponse {
    return batch(batchItems(body, 'delete'), (item) => {
      const space = spaceFor(scope, item.entityName);
      const key = validateKeyFor(space, item.key);
      const map = items(scope, space, false);
      if (!live(map, key)) fail('KEY_NOT_FOUND', 'Key does not exist');
      map?.delete(key);
      changed();
      return itemId(item);
    });
  }

  // ---- transactions --------------------------------------------------------------------------------------------

  function transaction(scope: KvsScope, raw: unknown): KvsResponse {
    const body = requireObject(raw);
    const group = (name: 'set' | 'delete' | 'check') => {
      const list = body[name];
      if (list === undefined || list === null) return [];
      if (!Array.isArray(list) || !list.every(isRecord)) {
        fail('BAD_REQUEST', `Provided request body is invalid: "${name}" must be an array of objects`);
      }
      return list as Array<Record<string, unknown>>;
    };
    const sets = group('set');
    const deletes = group('delete');
    const checks = group('check');
    const total = sets.length + deletes.length + checks.length;
    if (total === 0) fail('BAD_REQUEST', 'A transaction must contain at least one operation');
    if (total > KVS_LIMITS.maxTransactionOperations) {
      fail(
        'BAD_REQUEST',
        `A transaction can contain at most ${KVS_LIMITS.maxTransactionOperations} operations (got ${total})`,
      );
    }
    if (jsonBytes(body) > KVS_LIMITS.maxTransactionBytes) {
      fail('BAD_REQUEST', `A transaction payload is limited to ${KVS_LIMITS.maxTransactionBytes} bytes`);
    }

    // 1. Validate everything before touching data.
    const seen = new Set<string>();
    const prepare = (op: Record<string, unknown>, requireConditions: boolean) => {
      const space = spaceFor(scope, op.entityName);
      const key = validateKeyFor(space, op.key);
      const id = JSON.stringify([space.kind === 'entity' ? space.name : null, key]);
      if (seen.has(id)) fail('BAD_REQUEST', `Each key can only be used once in a transaction (${key})`);
      seen.add(id);
      if (requireConditions && (op.conditions === undefined || op.conditions === null)) {
        fail('BAD_REQUEST', 'Provided request body is invalid: a check needs "conditions"');
      }
      const conditions =
        op.conditions === undefined || op.conditions === null ? undefined : parseFilterGroup(op.conditions);
      return { space, key, conditions };
    };
    const setOps = sets.map((op) => {
      const p = prepare(op, false);
      validateValueFor(scope, p.space, op.value);
      return { ...p, value: op.value, ttl: ttlMs(op.options) };
    });
    const deleteOps = deletes.map((op) => prepare(op, false));
    const checkOps = checks.map((op) => prepare(op, true));

    // 2. Evaluate every condition against the current state.
    for (const op of [...setOps, ...deleteOps, ...checkOps]) {
      if (!op.conditions) continue;
      const current = live(items(scope, op.space, false), op.key);
      if (!matchesGroup(current?.value, op.conditions)) {
        fail('CONDITION_CHECK_FAILED', `Transaction cancelled: the conditions on key ${op.key} are not met`);
      }
    }

    // 3. Apply (nothing below can fail, so the transaction is all-or-nothing).
    for (const op of setOps)
      write(items(scope, op.space, true) as Map<string, StoredItem>, op.key, op.value, op.ttl);
    for (const op of deleteOps) {
      if (items(scope, op.space, false)?.delete(op.key)) changed();
    }
    return { status: 204 };
  }

  // ---- routing -------------------------------------------------------------------------------------------------

  const SECRET: Space = { kind: 'secret' };
  const KV: Space = { kind: 'kv' };
  const entitySpace = (scope: KvsScope, body: Record<string, unknown>): Space => {
    const space = spaceFor(scope, body.entityName);
    if (space.kind !== 'entity')
      fail('BAD_REQUEST', 'Provided request body is invalid: "entityName" is required');
    return space;
  };

  const routes: Record<string, (scope: KvsScope, body: unknown) => KvsResponse> = {
    '/api/v1/get': (s, b) => get(s, KV, requireObject(b)),
    '/api/v1/set': (s, b) => set(s, KV, requireObject(b)),
    '/api/v1/delete': (s, b) => del(s, KV, requireObject(b)),
    '/api/v1/secret/get': (s, b) => get(s, SECRET, requireObject(b)),
    '/api/v1/secret/set': (s, b) => set(s, SECRET, requireObject(b)),
    '/api/v1/secret/delete': (s, b) => del(s, SECRET, requireObject(b)),
    '/api/v1/entity/get': (s, b) => get(s, entitySpace(s, requireObject(b)), requireObject(b)),
    '/api/v1/entity/set': (s, b) => set(s, entitySpace(s, requireObject(b)), requireObject(b)),
    '/api/v1/entity/delete': (s, b) => del(s, entitySpace(s, requireObject(b)), requireObject(b)),
    '/api/v1/entity/query': (s, b) => entityQuery(s, requireObject(b)),
    '/api/v1/query': (s, b) => query(s, requireObject(b)),
    '/api/v1/batch/set': batchSet,
    '/api/v1/batch/get': batchGet,
    '/api/v1/batch/delete': batchDelete,
    '/api/v1/transaction': transaction,
  };

  return {
    handle(scope, path, body) {
      const route = routes[path.split('?')[0] ?? ''];
      if (!route)
        return { status: 404, body: { code: 'NOT_FOUND', message: `Unknown KVS API path ${path}` } };
      try {
        return route(scope, typeof body === 'string' ? parseJsonBody(body) : body);
      } catch (e) {
        if (e instanceof KvsServiceError)
          return { status: e.status, body: { code: e.code, message: e.message } };
        return {
          status: 500,
          body: {
            code: 'INTERNAL_SERVER_ERROR',
            message: `An internal server error has occurred: ${String(e)}`,
          },
        };
      }
    },

    dump(scope) {
      const out: KvsDump = { keys: {}, secrets: {}, entities: {} };
      const data = scopeData(scope, false);
      if (!data) return out;
      const sorted = (map: Map<string, StoredItem>) => liveEntries(map).sort(([a], [b]) => (a < b ? -1 : 1));
      for (const [key, item] of sorted(data.kv)) out.keys[key] = structuredClone(item.value);
      for (const [key] of sorted(data.secret)) out.secrets[key] = '[secret]';
      for (const [name, map] of [...data.entities.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
        const entries = sorted(map);
        if (entries.length === 0) continue;
        out.entities[name] = Object.fromEntries(entries.map(([k, item]) => [k, structuredClone(item.value)]));
      }
      return out;
    },

    clear(scope) {
      if (scope) scopes.delete(scopeId(scope));
      else scopes.clear();
      changed();
    },

    defineEntities: setEntities,
    flush,

    close() {
      flush();
      if (file) process.off('exit', onExit);
    },
  };
}
