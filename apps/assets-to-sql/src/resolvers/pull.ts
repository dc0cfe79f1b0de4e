/**
 * The `pull-endpoint` web trigger: one chunk of SQL per request, following `X-Next-Cursor` (protocol in
 * src/domain/pull.ts). Order of checks, so that bad input writes nothing:
 *   parse query + cursor shape (400) → API key (401) → key scoped to the export (403) → export exists (404)
 *   → cursor signature and binding to export/dialect/since (400) → per-key rate limit (429) → work.
 */
import { randomBytes } from 'node:crypto';
import { ConcurrentUpdateError } from '@suite/storage';
import { AssetsApiError, type AssetsClient, createAssetsClient, RateLimitedError } from '../atlassian/assets';
import {
  bearerToken,
  DEFAULT_RATE_LIMIT_PER_MINUTE,
  keyIdOf,
  keyStatus,
  matchesHash,
  rateLimit,
} from '../domain/apikeys';
import { AssetsShapeError } from '../domain/assets-json';
import { type Cursor, CursorError, encodeCursor, type Position, verifyCursor } from '../domain/cursor';
import {
  applyFetched,
  DEFAULT_ENGINE_OPTIONS,
  type EngineContext,
  EngineError,
  type Fetched,
  mappingOf,
  type Plan,
  planNext,
  type RunInfo,
  type SqlLayer,
  selectTypes,
  sqlComment,
} from '../domain/engine';
import { sqlLayer } from '../domain/engine-sql';
import { unionSorted } from '../domain/idset';
import type { AssetsObjectType, ExportConfig } from '../domain/model';
import {
  CHUNK_TIME_BUDGET_MS,
  errorResponse,
  INVOCATION_DEADLINE_MS,
  MAX_CHUNK_BYTES,
  PullError,
  type PullQuery,
  parsePullQuery,
  sqlResponse,
  type WebTriggerResult,
} from '../domain/pull';
import {
  beginConsumerRun,
  commitConsumerRun,
  consumerOf,
  getApiKey,
  getApiKeyHash,
  getConsumerMapping,
  getExport,
  getRun,
  getRunTypes,
  getSeen,
  isKeysetComplete,
  putApiKey,
  putConsumerMapping,
  putExportMapping,
  putExportState,
  putRun,
  putRunTypes,
  putSeen,
  type StoredRun,
  takeRequestSlot,
  workspaceCache,
} from '../storage/store';

export interface WebTriggerEvent {
  readonly method?: string;
  readonly headers?: Record<string, string[] | undefined>;
  readonly queryParameters?: Record<string, string[] | undefined>;
}

/**
 * Budgets, tunable with Forge variables (`forge variables set A2S_CHUNK_MAX_BYTES 1000000`): smaller chunks for
 * clients with small request limits, and a smaller Assets page size for object types with very many attributes.
 */
export function tuning() {
  const int = (name: string, min: number, max: number, fallback: number) => {
    const value = Number(process.env[name]);
    return Number.isInteger(value) && value >= min && value <= max ? value : fallback;
  };
  return {
    maxBytes: int('A2S_CHUNK_MAX_BYTES', 1_000, MAX_CHUNK_BYTES, MAX_CHUNK_BYTES),
    pageSize: int('A2S_PAGE_SIZE', 1, 999, DEFAULT_ENGINE_OPTIONS.pageSize),
    ratePerMinute: int('A2S_PULL_RATE_PER_MINUTE', 1, 10_000, DEFAULT_RATE_LIMIT_PER_MINUTE),
    timeMs: CHUNK_TIME_BUDGET_MS,
    deadlineMs: INVOCATION_DEADLINE_MS,
  };
}

const unauthorised = () =>
  new PullError(401, 'UNAUTHORIZED', 'A valid API key is required (Authorization: Bearer a2s_…)', {
    'WWW-Authenticate': 'Bearer',
  });

async function authenticate(headers: WebTriggerEvent['headers'], exportId: string, now: Date) {
  const token = bearerToken(headers ?? {});
  const id = token ? keyIdOf(token) : undefined;
  if (!token || !id) throw unauthorised();
  const [record, hash] = await Promise.all([getApiKey(id), getApiKeyHash(id)]);
  // Hash compared even when there is no record, so timing does not reveal which keys exist.
  const matches = matchesHash(token, hash);
  if (!record || !matches || keyStatus(record, now) !== 'active') throw unauthorised();
  if (!record.exportIds.includes(exportId)) {
    throw new PullError(403, 'FORBIDDEN', 'This API key may not pull this export');
  }
  return record;
}

async function resumeRun(query: PullQuery): Promise<{ run: StoredRun; cursor: Cursor }> {
  const unverified = query.cursor;
  if (!unverified) throw new Error('resumeRun needs a cursor');
  const run = await getRun(unverified.runId);
  if (!run)
    throw new PullError(400, 'INVALID_INPUT', 'Invalid input: cursor has expired or is unknown; start again');
  let cursor: Cursor;
  try {
    cursor = verifyCursor(unverified, run.key);
  } catch (error) {
    if (error instanceof CursorError)
      throw new PullError(400, 'INVALID_INPUT', `Invalid input: ${error.message}`);
    throw error;
  }
  const { info } = run;
  // Push runs never hand out cursors; their state is not a pull client's to continue.
  if (info.target === 'push') {
    throw new PullError(400, 'INVALID_INPUT', 'Invalid input: cursor has expired or is unknown; start again');
  }
  if (info.exportId !== query.export) {
    throw new PullError(400, 'INVALID_INPUT', 'Invalid input: cursor belongs to another export');
  }
  if (info.dialect !== query.dialect) {
    throw new PullError(
      400,
      'INVALID_INPUT',
      'Invalid input: dialect differs from the one the cursor was made for',
    );
  }
  if ((info.requestedSince ?? info.since) !== query.since) {
    throw new PullError(
      400,
      'INVALID_INPUT',
      'Invalid input: since differs from the one the cursor was made for',
    );
  }
  return { run, cursor };
}

/** The export configuration as a run keeps it (later edits apply to the next run). */
export function configSnapshot(config: ExportConfig): ExportConfig {
  return {
    id: config.id,
    name: config.name,
    schemaIds: config.schemaIds,
    ...(config.objectTypeIds ? { objectTypeIds: config.objectTypeIds } : {}),
    dialect: config.dialect,
    ...(config.tableNames ? { tableNames: config.tableNames } : {}),
    ...(config.columnNames ? { columnNames: config.columnNames } : {}),
    ...(config.excludedAttributeIds ? { excludedAttributeIds: config.excludedAttributeIds } : {}),
  };
}

/**
 * A new run for the key's database. `since` is honoured when the key's baseline covers what its database may
 * hold; otherwise (first pull, baseline overflowed or too old) the run is full, which is always correct: a full
 * run's sweep leaves the database equal to Assets.
 */
async function startRun(
  query: PullQuery,
  client: AssetsClient,
  now: Date,
  keyId: string,
): Promise<StoredRun> {
  const config = await getExport(query.export);
  if (!config) throw new PullError(404, 'NOT_FOUND', 'No export with this id');
  const runId = randomBytes(16).toString('base64url');
  const startedAt = now.toISOString();
  const consumer = consumerOf('pull', keyId);
  const workspaceId = await client.workspaceId();
  const begun = await beginConsumerRun(
    query.export,
    query.dialect,
    consumer,
    { runId, startedAt },
    query.since !== undefined,
  );
  const info: RunInfo = {
    runId,
    exportId: query.export,
    dialect: query.dialect,
    ...(query.since !== undefined
      ? begun.incremental
        ? { since: query.since }
        : { requestedSince: query.since }
      : {}),
    workspaceId,
    startedAt,
    config: configSnapshot(config),
    knownRuns: begun.knownRuns,
    consumer,
  };
  const run: StoredRun = { info, key: randomBytes(32).toString('base64url') };
  await putRun(run);
  return run;
}

/**
 * Every type of the schemas, the exported ones with their attribute definitions: fetched once per type per run
 * (then kept in the run state), never per page or per object.
 */
export async function withAttributes(
  all: readonly AssetsObjectType[],
  config: RunInfo['config'],
  client: AssetsClient,
): Promise<AssetsObjectType[]> {
  const selected = new Set(selectTypes(all, config).map((t) => t.id));
  const out: AssetsObjectType[] = [];
  for (const type of all) {
    out.push(selected.has(type.id) ? { ...type, attributes: await client.attributes(type.id) } : type);
  }
  return out;
}

/** Fetches what the engine planned: Assets for metadata and objects, KVS for key sets. */
export async function execute(plan: Plan, client: AssetsClient, run: RunInfo): Promise<Fetched> {
  switch (plan.kind) {
    case 'metadata': {
      const all: AssetsObjectType[] = [];
      for (const schemaId of plan.schemaIds) all.push(...(await client.listObjectTypes(schemaId)));
      return { kind: 'metadata', types: await withAttributes(all, run.config, client) };
    }
    case 'objects': {
      const page = await client.aqlPage({
        qlQuery: plan.qlQuery,
        startAt: 0,
        maxResults: plan.maxResults,
        includeAttributes: plan.attributes,
      });
      return { kind: 'objects', objects: page.objects, isLast: page.isLast };
    }
    case 'keysets': {
      let complete = true;
      const previous: number[][] = [];
      for (const runId of plan.previousRuns) {
        if (!(await isKeysetComplete(runId))) complete = false;
        previous.push(await getSeen(runId, plan.typeId));
      }
      return {
        kind: 'keysets',
        previous: unionSorted(previous),
        current: await getSeen(plan.currentRun, plan.typeId),
        complete,
      };
    }
    case 'sweep':
      return { kind: 'sweep' };
    case 'done':
      throw new EngineError('Nothing to fetch for a finished run');
  }
}

/** The consumer a run feeds (runs made before consumers existed were pull runs of no key: never resumed). */
export const runConsumer = (run: RunInfo): string => run.consumer ?? consumerOf(run.target, 'unknown');

/**
 * After the last chunk: this run's key set and mapping become what its consumer's database holds. The pull
 * endpoint commits when it builds the last chunk; a push run commits only once the destination has acknowledged it.
 */
export async function commitRun(ctx: EngineContext): Promise<void> {
  const { run } = ctx;
  const consumer = runConsumer(run);
  const incremental = run.since !== undefined;
  const mapping = mappingOf(ctx);
  await putConsumerMapping(run.exportId, run.dialect, consumer, mapping);
  // The newest pull mapping of any key, for the admin page's drift preview.
  if (run.target !== 'push') await putExportMapping(run.exportId, run.dialect, mapping);
  await commitConsumerRun(run.exportId, run.dialect, consumer, run);
  await putExportState(
    run.exportId,
    run.dialect,
    {
      lastRun: {
        runId: run.runId,
        mode: incremental ? 'incremental' : 'full',
        startedAt: run.startedAt,
        finishedAt: new Date().toISOString(),
      },
    },
    run.target,
  );
}

export interface ChunkOutcome {
  readonly sql: string;
  readonly next: Position;
  readonly objects: number;
  readonly deleted: number;
}

export interface ChunkOptions {
  /** Byte budget of the chunk (default: the pull endpoint's). */
  readonly maxBytes?: number;
  /** Time budget of the chunk in ms (default: the pull endpoint's). */
  readonly timeMs?: number;
  /** Commit the run when its last chunk is built (default true; push commits after delivery instead). */
  readonly commit?: boolean;
  /** The closing comment's words for "there is more" (default: the pull endpoint's cursor header). */
  readonly continues?: string;
}

/** The run's context for engine steps after `ddl` (types from the run state). */
export async function engineContext(info: RunInfo, sql: SqlLayer): Promise<EngineContext | undefined> {
  const types = await getRunTypes(info.runId);
  if (!types) return undefined;
  return { run: info, sql, types, options: { pageSize: tuning().pageSize } };
}

/** Runs engine steps until the run is done or the chunk's byte/time budget is used up. */
export async function runChunk(
  stored: StoredRun,
  position: Position,
  client: AssetsClient,
  sql: SqlLayer,
  started: number,
  options: ChunkOptions = {},
): Promise<ChunkOutcome> {
  const { info } = stored;
  const defaults = tuning();
  const budget = {
    ...defaults,
    maxBytes: options.maxBytes ?? defaults.maxBytes,
    timeMs: options.timeMs ?? defaults.timeMs,
  };
  let types: readonly AssetsObjectType[] | undefined;
  let previousMapping: EngineContext['previousMapping'];
  if (position.phase === 'ddl') {
    previousMapping = await getConsumerMapping(info.exportId, info.dialect, runConsumer(info));
  } else {
    types = await getRunTypes(info.runId);
    if (!types)
      throw new PullError(
        400,
        'INVALID_INPUT',
        'Invalid input: cursor has expired or is unknown; start again',
      );
  }
  let ctx: EngineContext = {
    run: info,
    sql,
    options: { pageSize: budget.pageSize },
    ...(types ? { types } : {}),
    ...(previousMapping ? { previousMapping } : {}),
  };
  const dialect = sql.dialectFor(info.dialect);
  const parts: string[] = [
    dialect.header(
      `Assets to SQL: export ${info.exportId}, run ${info.runId}${info.since ? ` (changes since ${info.since})` : ''}`,
    ),
  ];
  let bytes = Buffer.byteLength(parts[0] ?? '');
  let largestStep = 0;
  let objects = 0;
  let deleted = 0;
  let steps = 0;
  let current = position;
  while (current.phase !== 'done') {
    if (steps > 0 && (bytes + largestStep > budget.maxBytes || Date.now() - started > budget.timeMs)) break;
    const plan = planNext(ctx, current);
    let fetched: Fetched;
    try {
      fetched = await execute(plan, client, info);
    } catch (error) {
      // Still rate limited at the deadline: hand back what is done; the client continues from the cursor.
      if (error instanceof RateLimitedError && steps > 0) break;
      throw error;
    }
    const result = applyFetched(ctx, current, fetched);
    if (result.types) {
      await putRunTypes(info.runId, result.types);
      ctx = { ...ctx, types: result.types };
    }
    if (result.seen) await putSeen(info.runId, result.seen.typeId, result.seen.ids);
    const stepBytes = Buffer.byteLength(result.sql);
    largestStep = Math.max(largestStep, stepBytes);
    bytes += stepBytes;
    parts.push(result.sql);
    objects += result.stats.objects;
    deleted += result.stats.deleted;
    current = result.next;
    steps++;
  }
  if (current.phase === 'done' && options.commit !== false) await commitRun(ctx);
  parts.push(
    sqlComment(
      `${objects} objects, ${deleted} deletions in this chunk; ${current.phase === 'done' ? 'export complete' : (options.continues ?? 'continues at X-Next-Cursor')}`,
    ),
  );
  return { sql: parts.join(''), next: current, objects, deleted };
}

export async function handlePull(
  event: WebTriggerEvent,
  sql: SqlLayer = sqlLayer,
): Promise<WebTriggerResult> {
  const started = Date.now();
  const now = new Date();
  try {
    if ((event.method ?? 'GET').toUpperCase() !== 'GET') {
      throw new PullError(405, 'METHOD_NOT_ALLOWED', 'Use GET', { Allow: 'GET' });
    }
    const query = parsePullQuery(event.queryParameters ?? {});
    const key = await authenticate(event.headers, query.export, now);
    const resumed = query.cursor ? await resumeRun(query) : undefined;
    if (resumed && !(await getExport(query.export)))
      throw new PullError(404, 'NOT_FOUND', 'No export with this id');

    const limit = tuning().ratePerMinute;
    const decision = await takeRequestSlot(key.id, (usage) => rateLimit(usage, now, limit));
    if (!decision.allowed) {
      throw new PullError(429, 'RATE_LIMITED', 'Too many requests for this API key', {
        'Retry-After': String(decision.retryAfterSeconds),
      });
    }
    // lastUsedAt on the key record itself at most once a minute (the usage entry has the exact time).
    if (!key.lastUsedAt || now.getTime() - Date.parse(key.lastUsedAt) > 60_000) {
      await putApiKey({ ...key, lastUsedAt: now.toISOString() });
    }

    const client = createAssetsClient({ deadline: started + tuning().deadlineMs, workspaceCache });
    const stored = resumed?.run ?? (await startRun(query, client, now, key.id));
    const position: Position = resumed?.cursor.position ?? { phase: 'ddl' };
    const outcome = await runChunk(stored, position, client, sql, started);
    const next =
      outcome.next.phase === 'done'
        ? undefined
        : encodeCursor({ runId: stored.info.runId, position: outcome.next }, stored.key);
    return sqlResponse(outcome.sql, next);
  } catch (error) {
    if (error instanceof PullError) return errorResponse(error);
    if (error instanceof ConcurrentUpdateError) {
      // Many pulls of one key starting at the same moment contend for its baseline: nothing was handed out.
      return errorResponse(
        new PullError(503, 'BUSY', 'Other pulls with this API key are starting right now; retry shortly', {
          'Retry-After': '1',
        }),
      );
    }
    if (error instanceof RateLimitedError) {
      return errorResponse(
        new PullError(
          503,
          'RATE_LIMITED',
          'Assets is rate limiting this app; retry the same request shortly',
          {
            'Retry-After': String(error.retryAfterSeconds),
          },
        ),
      );
    }
    const reference = randomBytes(8).toString('hex');
    const kind =
      error instanceof AssetsApiError
        ? `AssetsApiError ${error.status}`
        : error instanceof AssetsShapeError || error instanceof EngineError
          ? error.name
          : 'Error';
    console.error(JSON.stringify({ level: 'error', event: 'pull.failed', reference, kind }));
    return errorResponse(
      new PullError(
        error instanceof AssetsApiError || error instanceof AssetsShapeError ? 502 : 500,
        'INTERNAL',
        `The export failed. Reference: ${reference}`,
      ),
    );
  }
}

/** The web trigger handler. */
export const pullEndpoint = (event: WebTriggerEvent) => handlePull(event);
