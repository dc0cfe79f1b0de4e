/**
 * Every Assets (and workspace) call the app makes: as the app (`asApp()`) for the export, which runs in web triggers,
 * queues and schedules where there is no user, and as the admin (`asUser()`) for the admin page's discovery. Paths are relative to the site with no `/ex/jira` prefix (reference §3.0). Scopes used here:
 * - `read:servicedesk-request`: GET /rest/servicedeskapi/assets/workspace
 * - `read:cmdb-schema:jira`: objectschema/list; `+ read:cmdb-type:jira`: objectschema/:id/objecttypes/flat
 * - `read:cmdb-type:jira`: objecttype/:id
 * - `read:cmdb-type:jira + read:cmdb-attribute:jira`: objecttype/:id/attributes
 * - `read:cmdb-object:jira`: object/aql
 */
import api, { route, webTrigger } from '@forge/api';
import {
  AssetsShapeError,
  listOf,
  normaliseAqlPage,
  normaliseAttribute,
  normaliseObjectType,
  normaliseSchema,
} from '../domain/assets-json';
import type { AssetsAttribute, AssetsObject, AssetsObjectType, AssetsSchema } from '../domain/model';
import { MAX_ATTEMPTS, parseRetryAfter, RETRYABLE_STATUSES, retryDelayMs } from '../domain/retry';

/** An Assets call that failed for good (the message never contains response bodies). */
export class AssetsApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'AssetsApiError';
  }
}

/** Still rate limited when the invocation's time budget ran out. */
export class RateLimitedError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('Assets is rate limiting this app; try again shortly');
    this.name = 'RateLimitedError';
  }
}

export interface WorkspaceCache {
  get(): Promise<string | undefined>;
  set(workspaceId: string): Promise<void>;
}

export interface AssetsClientOptions {
  /** Epoch ms after which no retry wait may end. */
  readonly deadline: number;
  /**
   * Who asks: `user` for the admin page (a person is there, so Assets' own permissions apply), `app` for the export
   * itself, which runs in web triggers, queues and schedules where Forge has no user.
   */
  readonly as?: 'user' | 'app';
  readonly workspaceCache?: WorkspaceCache;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

export interface AqlPageRequest {
  readonly qlQuery: string;
  readonly startAt: number;
  readonly maxResults: number;
  readonly includeAttributes: boolean;
}

export interface AssetsClient {
  workspaceId(): Promise<string>;
  listSchemas(): Promise<AssetsSchema[]>;
  /** Flat object types of a schema (without attributes). */
  listObjectTypes(schemaId: string): Promise<AssetsObjectType[]>;
  /** One object type (without attributes); `AssetsApiError` 404 when there is none. */
  objectType(typeId: string): Promise<AssetsObjectType>;
  /** All attributes of a type, inherited ones included. */
  attributes(typeId: string): Promise<AssetsAttribute[]>;
  aqlPage(request: AqlPageRequest): Promise<{ objects: AssetsObject[]; isLast: boolean }>;
}

type ForgeResponse = Awaited<ReturnType<ReturnType<typeof api.asApp>['requestJira']>>;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createAssetsClient(options: AssetsClientOptions): AssetsClient {
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  let workspace: string | undefined;

  async function call(
    path: ReturnType<typeof route>,
    init?: { method: 'POST'; body: string },
  ): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      const requester = options.as === 'user' ? api.asUser() : api.asApp();
      const response: ForgeResponse = await requester.requestJira(path, {
        method: init?.method ?? 'GET',
        headers: { Accept: 'application/json', ...(init ? { 'Content-Type': 'application/json' } : {}) },
        ...(init ? { body: init.body } : {}),
      });
      if (response.ok) return response.json();
      if (!RETRYABLE_STATUSES.has(response.status)) {
        throw new AssetsApiError(response.status, `Assets answered ${response.status}`);
      }
      const retryAfter = parseRetryAfter(response.headers.get('retry-after'), Date.now());
      const wait = retryDelayMs(attempt, retryAfter, random);
      if (attempt + 1 >= MAX_ATTEMPTS || Date.now() + wait > options.deadline) {
        throw new RateLimitedError(Math.max(1, Math.ceil((retryAfter ?? wait) / 1000)));
      }
      await sleep(wait);
    }
  }

  async function workspaceId(): Promise<string> {
    if (workspace) return workspace;
    const cached = await options.workspaceCache?.get();
    if (cached && /^[A-Za-z0-9-]{1,64}$/.test(cached)) {
      workspace = cached;
      return cached;
    }
    const body = await call(route`/rest/servicedeskapi/assets/workspace`);
    const first = listOf(body)[0] as { workspaceId?: unknown } | undefined;
    const id = typeof first?.workspaceId === 'string' ? first.workspaceId : undefined;
    if (!id || !/^[A-Za-z0-9-]{1,64}$/.test(id)) {
      throw new AssetsApiError(404, 'Assets is not available on this site');
    }
    workspace = id;
    await options.workspaceCache?.set(id);
    return id;
  }

  return {
    workspaceId,
    async listSchemas() {
      const ws = await workspaceId();
      const out: AssetsSchema[] = [];
      for (let startAt = 0; startAt < 10_000; ) {
        const body = (await call(
          route`/jsm/assets/workspace/${ws}/v1/objectschema/list?startAt=${String(startAt)}&maxResults=50&includeCounts=true`,
        )) as { values?: unknown; isLast?: unknown };
        const values = listOf(body);
        for (const v of values) {
          const schema = normaliseSchema(v);
          if (schema) out.push(schema);
        }
        if (body.isLast !== false || values.length === 0) break;
        startAt += values.length;
      }
      return out;
    },
    async listObjectTypes(schemaId) {
      const ws = await workspaceId();
      const body = await call(
        route`/jsm/assets/workspace/${ws}/v1/objectschema/${schemaId}/objecttypes/flat?includeObjectCounts=true`,
      );
      return listOf(body)
        .map((t) => normaliseObjectType(t))
        .filter((t): t is AssetsObjectType => t !== undefined);
    },
    async objectType(typeId) {
      const ws = await workspaceId();
      const type = normaliseObjectType(
        await call(route`/jsm/assets/workspace/${ws}/v1/objecttype/${typeId}`),
      );
      if (!type) throw new AssetsShapeError('Assets answered an object type without id, name or schema');
      return type;
    },
    async attributes(typeId) {
      const ws = await workspaceId();
      const body = await call(route`/jsm/assets/workspace/${ws}/v1/objecttype/${typeId}/attributes`);
      return listOf(body)
        .map(normaliseAttribute)
        .filter((a): a is AssetsAttribute => a !== undefined);
    },
    async aqlPage(request) {
      if (request.maxResults < 1 || request.maxResults > 999) {
        throw new AssetsShapeError('maxResults must be between 1 and 999');
      }
      const ws = await workspaceId();
      const body = await call(
        route`/jsm/assets/workspace/${ws}/v1/object/aql?startAt=${String(request.startAt)}&maxResults=${String(request.maxResults)}&includeAttributes=${String(request.includeAttributes)}`,
        { method: 'POST', body: JSON.stringify({ qlQuery: request.qlQuery }) },
      );
      return normaliseAqlPage(body);
    },
  };
}

/** The pull endpoint's URL (`webTrigger.getUrl`). */
export async function pullEndpointUrl(moduleKey: string): Promise<string> {
  return webTrigger.getUrl(moduleKey);
}
