/**
 * Errors the emulated KVS service answers with. The real client (`@forge/kvs`, `utils/error-handling.js`) turns any
 * non-2xx response whose JSON body has `code` and `message` into a `ForgeKvsAPIError` carrying that code, so the
 * codes and statuses here are exactly what app code observes.
 */

/** Every error code the emulator can return, with where it comes from. */
export const KVS_ERROR_CODES = {
  // @forge/kvs: `get`/`delete` swallow 404 KEY_NOT_FOUND (storage-api.js handleKeyNotFound); batch failedKeys use it.
  KEY_NOT_FOUND: 404,
  // @forge/kvs package tests: generic "Provided request body is invalid".
  BAD_REQUEST: 400,
  INTERNAL_SERVER_ERROR: 500,
  // Unknown path (the brief: unknown path → 404).
  NOT_FOUND: 404,
  // developer.atlassian.com …/storage-reference/handling-errors-kvs (key/value/query tables).
  KEY_TOO_SHORT: 400,
  KEY_TOO_LONG: 400,
  INVALID_KEY: 400,
  MAX_SIZE: 400,
  MAX_DEPTH: 400,
  INVALID_FILTER_CONDITION: 400,
  INVALID_FILTER_VALUES: 400,
  LIST_QUERY_LIMIT_EXCEEDED: 400,
  QUERY_WHERE_INVALID: 400,
  QUERY_WHERE_FIELD_INVALID: 400,
  // developer.atlassian.com …/storage-reference/handling-errors-customentities.
  EMPTY_KEY: 400,
  ENTITY_TYPE_TOO_SHORT: 400,
  ENTITY_TYPE_TOO_LARGE: 400,
  INVALID_ENTITY_TYPE: 400,
  INVALID_ENTITY_VALUE: 400,
  INVALID_ENTITY_ATTRIBUTE: 400,
  INVALID_ENTITY_INDEX: 400,
  COMPLEX_QUERY_PAGE_LIMIT_NOT_IN_RANGE: 400,
  EMPTY_FILTER_OPERATOR: 400,
  INVALID_FILTER_OPERATORS_COMBINATION: 400,
  INSUFFICIENT_FILTER_VALUES: 400,
  // `keyPolicy: 'FAIL_IF_EXISTS'` on an existing key. Not in Atlassian's error tables; observed behaviour reported
  // publicly ("eleven KEY_CONFLICT at HTTP 409", leanzero.hashnode.dev, Forge KVS locking article).
  KEY_CONFLICT: 409,
  // A transaction `check`/conditional set/delete whose conditions do not hold. Not documented by Atlassian: the
  // emulator's own choice (409, like a conditional write conflict); the whole transaction is rolled back.
  CONDITION_CHECK_FAILED: 409,
} as const;

export type KvsErrorCode = keyof typeof KVS_ERROR_CODES;

/** Thrown inside the emulator; `handle` turns it into `{ status, body: { code, message } }`. */
export class KvsServiceError extends Error {
  readonly code: KvsErrorCode;
  readonly status: number;

  constructor(code: KvsErrorCode, message: string) {
    super(message);
    this.name = 'KvsServiceError';
    this.code = code;
    this.status = KVS_ERROR_CODES[code];
  }
}

export function fail(code: KvsErrorCode, message: string): never {
  throw new KvsServiceError(code, message);
}
