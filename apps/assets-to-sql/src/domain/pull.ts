/**
 * The pull protocol, without I/O: request parsing and the response shapes.
 *
 *   GET <web trigger URL>?export=<id>&dialect=postgresql|mysql|sqlserver|sqlite[&since=<ISO>][&cursor=<c>]
 *   Authorization: Bearer a2s_…
 *
 * 200 `application/sql; charset=utf-8`: one chunk of SQL; `X-Next-Cursor` names the next chunk and is absent on the
 * last one. Errors are `{ "error": { "code", "message" } }` with 400 (names the field), 401, 403, 404, 405, 429, 503.
 */
import { parseInput, ValidationError } from '@suite/sanitize';
import { z } from 'zod';
import { CursorError, decodeCursor, MAX_CURSOR_LENGTH, type UnverifiedCursor } from './cursor';
import { DIALECTS, type Dialect } from './model';

export const EXPORT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Stop adding steps to a response at this many bytes (Forge allows 5 MB per response). */
export const MAX_CHUNK_BYTES = 4 * 1024 * 1024;
/** Stop adding steps after this long (web triggers have 55 s). */
export const CHUNK_TIME_BUDGET_MS = 40_000;
/** Retries of a rate-limited Assets call may wait until this point of the invocation. */
export const INVOCATION_DEADLINE_MS = 50_000;

const pullQuerySchema = z.strictObject({
  export: z.string().regex(EXPORT_ID_PATTERN, { error: 'Expected an export id' }),
  dialect: z.enum(DIALECTS as [Dialect, ...Dialect[]], {
    error: `Expected one of ${DIALECTS.join(', ')}`,
  }),
  cursor: z.string().max(MAX_CURSOR_LENGTH, { error: 'Expected a cursor from X-Next-Cursor' }).optional(),
  since: z.iso
    .datetime({ offset: true, error: 'Expected an ISO 8601 date-time such as 2025-01-17T12:34:00Z' })
    .refine((s) => Date.parse(s) >= Date.UTC(2000, 0, 1), { error: 'Expected a date-time after 2000' })
    .optional(),
});

const PARAMETERS: ReadonlySet<string> = new Set(['export', 'dialect', 'cursor', 'since']);

export interface PullQuery {
  readonly export: string;
  readonly dialect: Dialect;
  readonly since?: string;
  readonly cursor?: UnverifiedCursor;
}

export class PullError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'PullError';
  }
}

/** Parses web trigger query parameters; throws `PullError` 400 naming the field. Never touches storage. */
export function parsePullQuery(
  parameters: Readonly<Record<string, readonly string[] | undefined>>,
): PullQuery {
  const flat: Record<string, string> = {};
  for (const [name, values] of Object.entries(parameters)) {
    if (!values || values.length === 0) continue;
    if (!PARAMETERS.has(name)) {
      throw new PullError(400, 'INVALID_INPUT', `Invalid input: ${safeName(name)}: Unknown parameter`);
    }
    if (values.length > 1) {
      throw new PullError(400, 'INVALID_INPUT', `Invalid input: ${safeName(name)}: Expected a single value`);
    }
    flat[name] = values[0] ?? '';
  }
  let parsed: z.output<typeof pullQuerySchema>;
  try {
    parsed = parseInput(pullQuerySchema, flat, { maxBytes: 4_096 });
  } catch (error) {
    if (error instanceof ValidationError) throw new PullError(400, 'INVALID_INPUT', error.message);
    throw error;
  }
  let cursor: UnverifiedCursor | undefined;
  if (parsed.cursor !== undefined) {
    try {
      cursor = decodeCursor(parsed.cursor);
    } catch (error) {
      if (error instanceof CursorError)
        throw new PullError(400, 'INVALID_INPUT', `Invalid input: ${error.message}`);
      throw error;
    }
  }
  return {
    export: parsed.export,
    dialect: parsed.dialect,
    ...(parsed.since !== undefined ? { since: new Date(parsed.since).toISOString() } : {}),
    ...(cursor ? { cursor } : {}),
  };
}

function safeName(name: string): string {
  return /^[A-Za-z_]{1,32}$/.test(name) ? name : '[…]';
}

export interface WebTriggerResult {
  readonly statusCode: number;
  readonly headers: Record<string, string[]>;
  readonly body: string;
}

export function errorResponse(error: PullError): WebTriggerResult {
  const headers: Record<string, string[]> = {
    'Content-Type': ['application/json; charset=utf-8'],
    'Cache-Control': ['no-store'],
  };
  for (const [k, v] of Object.entries(error.headers)) headers[k] = [v];
  return {
    statusCode: error.status,
    headers,
    body: JSON.stringify({ error: { code: error.code, message: error.message } }),
  };
}

export function sqlResponse(body: string, nextCursor: string | undefined): WebTriggerResult {
  return {
    statusCode: 200,
    headers: {
      'Content-Type': ['application/sql; charset=utf-8'],
      'Cache-Control': ['no-store'],
      ...(nextCursor ? { 'X-Next-Cursor': [nextCursor] } : {}),
    },
    body,
  };
}
