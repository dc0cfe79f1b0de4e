/** The resolver kit's envelope as the UIs see it (no bridge import, so it is unit-testable). */
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

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Turns whatever came back into the envelope. */
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
  return { ok: false, error: { code: 'INTERNAL', message: 'The app sent an answer we could not read.' } };
}

/**
 * The message for one field (`duration`, `assets.aqlTemplate`, `tiles.url`, …), matched on the path or its last
 * segment.
 */
export function fieldError(error: ApiError | undefined, field: string): string | undefined {
  if (!error?.fields) return undefined;
  const hit = error.fields.find(
    (f) => f.path === field || f.path.endsWith(`.${field}`) || f.path.split('.').pop() === field,
  );
  return hit?.message;
}
