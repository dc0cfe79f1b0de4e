import { fail } from './errors';

/**
 * Platform limits the emulator enforces. Sources: /work/shared/reference/forge-platform.md §2.4 and the Forge docs
 * pages it cites (limits-kvs-ce, handling-errors-kvs, handling-errors-customentities, transactions, entities-batch).
 * `@forge/kvs` itself checks none of these client-side, so the service is where they surface.
 */
export const KVS_LIMITS = {
  /** Key length in characters (handling-errors-kvs: KEY_TOO_LONG "maximum 500 characters"). */
  maxKeyLength: 500,
  /** Persisted value size: 240 KiB of serialized JSON (limits-kvs-ce). Applies to plain keys, secrets, entities. */
  maxValueBytes: 240 * 1024,
  /** Object nesting depth: 32, the number in the MAX_DEPTH error description (the limits page says 31). */
  maxDepth: 32,
  /** Items per batchSet/batchGet/batchDelete (entities-batch: "a maximum of 25 keys"). */
  maxBatchItems: 25,
  /** batchSet payload (batchops: "a payload of 4MB, similar to transactions"). */
  maxBatchBytes: 4 * 1024 * 1024,
  /** Operations (set + delete + check) per transaction (transactions: "a maximum of 25 operations"). */
  maxTransactionOperations: 25,
  /** Transaction payload (transactions: "limited to a payload size of 4MB"). */
  maxTransactionBytes: 4 * 1024 * 1024,
  /**
   * `query().limit()` maximum. Docs disagree (text "maximum of 100", a code comment "up to a maximum of 20"); the
   * error tables decide it: LIST_QUERY_LIMIT_EXCEEDED "should be below 100" and, for entities,
   * COMPLEX_QUERY_PAGE_LIMIT_NOT_IN_RANGE "between 1 and 100". So 1..100 inclusive.
   */
  maxQueryLimit: 100,
  /** Page size when `limit` is not given (docs: default 10). */
  defaultQueryLimit: 10,
  /** Custom entity name length (handling-errors-customentities: 3..60). */
  minEntityNameLength: 3,
  maxEntityNameLength: 60,
  /** Conditions per entity query (limits: ≤ 100 conditions/query). */
  maxQueryConditions: 100,
} as const;

/** The key regex, verbatim from handling-errors-kvs (`\s-#` in a class = whitespace, `-` and `#`). */
export const KEY_PATTERN = /^(?!\s+$)[a-zA-Z0-9:._\s-#]+$/;

/** Entity name regex, verbatim from handling-errors-customentities (INVALID_ENTITY_TYPE). */
export const ENTITY_NAME_PATTERN = /^(?![.-])(?!.*\.{2})[a-z0-9:\-.]*(?<![.])$/;

export function validateKey(
  key: unknown,
  emptyCode: 'KEY_TOO_SHORT' | 'EMPTY_KEY' = 'KEY_TOO_SHORT',
): string {
  if (typeof key !== 'string')
    fail('BAD_REQUEST', 'Provided request body is invalid: "key" must be a string');
  if (key.length === 0) fail(emptyCode, 'The provided key needs to be at least one character');
  if (key.length > KVS_LIMITS.maxKeyLength) {
    fail('KEY_TOO_LONG', `The provided key has exceeded the maximum ${KVS_LIMITS.maxKeyLength} characters`);
  }
  if (!KEY_PATTERN.test(key))
    fail('INVALID_KEY', `The provided key does not match the regex: ${KEY_PATTERN}`);
  return key;
}

export function validateEntityName(name: unknown): string {
  if (typeof name !== 'string')
    fail('BAD_REQUEST', 'Provided request body is invalid: "entityName" must be a string');
  if (name.length < KVS_LIMITS.minEntityNameLength) {
    fail(
      'ENTITY_TYPE_TOO_SHORT',
      `The entity name needs to be at least ${KVS_LIMITS.minEntityNameLength} characters`,
    );
  }
  if (name.length > KVS_LIMITS.maxEntityNameLength) {
    fail(
      'ENTITY_TYPE_TOO_LARGE',
      `The entity name has exceeded the maximum ${KVS_LIMITS.maxEntityNameLength} characters`,
    );
  }
  if (!ENTITY_NAME_PATTERN.test(name)) {
    fail('INVALID_ENTITY_TYPE', `The entity name does not match the regex: ${ENTITY_NAME_PATTERN}`);
  }
  return name;
}

export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
}

/** Nesting depth: a primitive is 0, `{}`/`[]` is 1, `{a:{}}` is 2. Iterative, so hostile input can't blow the stack. */
export function jsonDepth(value: unknown, stopAbove = Number.POSITIVE_INFINITY): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (node === null || typeof node !== 'object') continue;
    const here = depth + 1;
    if (here > max) {
      max = here;
      if (max > stopAbove) return max;
    }
    const children = Array.isArray(node) ? node : Object.values(node);
    for (const child of children) stack.push([child, here]);
  }
  return max;
}

/** Validates a value about to be persisted (present, ≤ 240 KiB serialized, depth ≤ 32). */
export function validateValue(value: unknown): void {
  if (value === undefined) fail('BAD_REQUEST', 'Provided request body is invalid: "value" is required');
  const bytes = jsonBytes(value);
  if (bytes > KVS_LIMITS.maxValueBytes) {
    fail(
      'MAX_SIZE',
      `The provided value has exceeded the maximum size limit (${bytes} bytes > ${KVS_LIMITS.maxValueBytes} bytes)`,
    );
  }
  if (jsonDepth(value, KVS_LIMITS.maxDepth) > KVS_LIMITS.maxDepth) {
    fail(
      'MAX_DEPTH',
      `The provided value has exceeded the maximum object depth (${KVS_LIMITS.maxDepth}) limit`,
    );
  }
}
