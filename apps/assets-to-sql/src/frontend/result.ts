/** The resolver kit's envelope as the admin page sees it (no bridge import, so it stays pure). */
export interface FieldError {
  readonly path: string;
  readonly message: string;
}

export interface ApiError {
  readonly code: string;
  readonly message: string;
  readonly fields?: readonly FieldError[];
}

export type ApiResult<T> =
  | { readonly ok: true; readonly data: T }
  | { readonly ok: false; readonly error: ApiError };

/** The code the page uses for a feature whose resolver the backend does not define yet. */
export const NOT_AVAILABLE = 'NOT_AVAILABLE';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Turns whatever came back from `invoke` into the envelope. */
export function toResult<T>(answer: unknown): ApiResult<T> {
  if (isObject(answer) && answer.ok === true && 'data' in answer) return { ok: true, data: answer.data as T };
  if (isObject(answer) && answer.ok === false && isObject(answer.error)) {
    const e = answer.error;
    const fields = Array.isArray(e.fields)
      ? e.fields
          .filter(isObject)
          .map((f) => ({ path: String(f.path ?? ''), message: String(f.message ?? '') }))
      : undefined;
    return {
      ok: false,
      error: {
        code: typeof e.code === 'string' ? e.code : 'INTERNAL',
        message: typeof e.message === 'string' && e.message ? e.message : 'Something went wrong.',
        ...(fields?.length ? { fields } : {}),
      },
    };
  }
  return {
    ok: false,
    error: { code: 'INTERNAL', message: 'The app sent an answer the page could not read.' },
  };
}

/**
 * The message for one field, matched on the first segment of its path: `name`, `schemaIds`, `tableNames` (for
 * `tableNames[…]`), `url`, … When `key` is given, only a path naming that key (`tableNames.8`, `tableNames[8]`)
 * or the field as a whole matches.
 */
export function fieldError(error: ApiError | undefined, field: string, key?: string): string | undefined {
  if (!error?.fields) return undefined;
  const hit = error.fields.find((f) => {
    const head = /^[A-Za-z0-9_]+/.exec(f.path)?.[0];
    if (head !== field) return false;
    if (key === undefined) return true;
    const rest = f.path.slice(field.length);
    return rest === '' || rest === `.${key}` || rest === `[${key}]` || rest === '[…]';
  });
  return hit?.message;
}

/** Field errors no field of the form shows (so they are never lost). */
export function otherFieldErrors(error: ApiError | undefined, shown: readonly string[]): FieldError[] {
  if (!error?.fields) return [];
  return error.fields.filter((f) => !shown.includes(/^[A-Za-z0-9_]+/.exec(f.path)?.[0] ?? ''));
}
