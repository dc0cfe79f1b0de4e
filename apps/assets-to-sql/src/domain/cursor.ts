/**
 * The pull cursor: a small, opaque, versioned string that says where an export run continues.
 *
 * Wire format: `base64url(JSON payload) + "." + base64url(HMAC-SHA256(runKey, encodedPayload))[0..22]`.
 * The payload holds only a position (phase, table index, last object id) and the run id; everything else about the
 * run (export, dialect, `since`, configuration snapshot, attribute definitions) lives in the run state in KVS, which
 * also holds the per-run HMAC key. So a cursor can be decoded syntactically without storage (`decodeCursor`, zod),
 * and then verified against the run it names (`verifyCursor`): a tampered, truncated, foreign or garbage cursor is
 * rejected, never executed.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export const CURSOR_VERSION = 1;
/** Generous upper bound for the wire string; real cursors are ~100 characters. */
export const MAX_CURSOR_LENGTH = 512;
const SIGNATURE_LENGTH = 22;

/** Where a run continues. `ddl` is the first step; `done` never leaves the server. */
export type Position =
  | { readonly phase: 'ddl' }
  | {
      readonly phase: 'objects' | 'scan' | 'deletes';
      /** Index into the run's mapping tables. */
      readonly table: number;
      /** Objects with `objectId > after` are next (keyset position; 0 = start of the table). */
      readonly after: number;
    }
  | { readonly phase: 'done' };

export interface Cursor {
  readonly runId: string;
  readonly position: Position;
}

export const RUN_ID_PATTERN = /^[A-Za-z0-9_-]{16,43}$/;

const payloadSchema = z.discriminatedUnion('p', [
  z.strictObject({ v: z.literal(CURSOR_VERSION), r: z.string().regex(RUN_ID_PATTERN), p: z.literal('ddl') }),
  z.strictObject({
    v: z.literal(CURSOR_VERSION),
    r: z.string().regex(RUN_ID_PATTERN),
    p: z.enum(['objects', 'scan', 'deletes']),
    t: z.number().int().min(0).max(100_000),
    a: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  }),
]);

type Payload = z.infer<typeof payloadSchema>;

export class CursorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CursorError';
  }
}

function toPayload(cursor: Cursor): Payload {
  const { position } = cursor;
  if (position.phase === 'done') throw new CursorError('A finished run has no cursor');
  if (position.phase === 'ddl') return { v: CURSOR_VERSION, r: cursor.runId, p: 'ddl' };
  return { v: CURSOR_VERSION, r: cursor.runId, p: position.phase, t: position.table, a: position.after };
}

function sign(encoded: string, key: string): string {
  return createHmac('sha256', Buffer.from(key, 'base64url'))
    .update(encoded)
    .digest('base64url')
    .slice(0, SIGNATURE_LENGTH);
}

/** Encodes and signs a cursor with the run's key. */
export function encodeCursor(cursor: Cursor, key: string): string {
  const encoded = Buffer.from(JSON.stringify(toPayload(cursor)), 'utf8').toString('base64url');
  return `${encoded}.${sign(encoded, key)}`;
}

/** A cursor whose shape is valid but whose signature is still to be checked against its run's key. */
export interface UnverifiedCursor extends Cursor {
  readonly encoded: string;
  readonly signature: string;
}

/** Parses the wire string (no storage needed). Throws `CursorError` with a message safe to show. */
export function decodeCursor(text: string): UnverifiedCursor {
  if (text.length === 0 || text.length > MAX_CURSOR_LENGTH) throw new CursorError('cursor is not valid');
  const match = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{22})$/.exec(text);
  if (!match) throw new CursorError('cursor is not valid');
  const [, encoded = '', signature = ''] = match;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    throw new CursorError('cursor is not valid');
  }
  const parsed = payloadSchema.safeParse(json);
  if (!parsed.success) throw new CursorError('cursor is not valid');
  const p = parsed.data;
  const position: Position = p.p === 'ddl' ? { phase: 'ddl' } : { phase: p.p, table: p.t, after: p.a };
  return { runId: p.r, position, encoded, signature };
}

/** Checks the signature with the run's key in constant time. */
export function verifyCursor(cursor: UnverifiedCursor, key: string): Cursor {
  const expected = Buffer.from(sign(cursor.encoded, key));
  const actual = Buffer.from(cursor.signature);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    throw new CursorError('cursor is not valid');
  }
  return { runId: cursor.runId, position: cursor.position };
}
