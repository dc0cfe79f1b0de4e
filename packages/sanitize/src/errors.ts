/**
 * Error types thrown by @suite/sanitize.
 *
 * Policy for every message in this package: it may name the field, the rule and the limit, but it never
 * contains the rejected value. A secret pasted into the wrong field must not come back in a response,
 * a log line or an error report.
 */

/** Machine-readable reason codes for {@link SanitizeError}. */
export type SanitizeErrorCode =
  | 'not-a-string'
  | 'too-long'
  | 'too-short'
  | 'empty'
  | 'invalid-duration'
  | 'invalid-url'
  | 'invalid-input';

/** Base class: `err instanceof SanitizeError` catches every error this package throws on bad input. */
export class SanitizeError extends Error {
  override name = 'SanitizeError';
  readonly code: SanitizeErrorCode;
  /** The limit that was exceeded (for `too-long` / `too-short`), so callers can build their own message. */
  readonly limit: number | undefined;

  constructor(code: SanitizeErrorCode, message: string, limit?: number) {
    super(message);
    this.code = code;
    this.limit = limit;
  }
}

/** Why {@link validateWebhookUrl} refused a URL. */
export type WebhookUrlRejection =
  | 'not-a-string'
  | 'too-long'
  | 'invalid-characters'
  | 'unparseable'
  | 'not-https'
  | 'credentials'
  | 'port'
  | 'ip-not-public'
  | 'hostname-reserved'
  | 'hostname-single-label'
  | 'hostname-invalid';

export class WebhookUrlError extends SanitizeError {
  override name = 'WebhookUrlError';
  readonly reason: WebhookUrlRejection;

  constructor(reason: WebhookUrlRejection, message: string) {
    super('invalid-url', message);
    this.reason = reason;
  }
}

/** One problem found in a payload; `path` is like `fields.summary`, `items[2].id` or `(root)`. */
export interface ValidationIssue {
  path: string;
  message: string;
}

const SUMMARY_ISSUES = 3;

export class ValidationError extends SanitizeError {
  override name = 'ValidationError';
  readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[]) {
    super('invalid-input', summarise(issues));
    this.issues = issues;
  }
}

function summarise(issues: readonly ValidationIssue[]): string {
  if (issues.length === 0) return 'Invalid input';
  const shown = issues.slice(0, SUMMARY_ISSUES).map((i) => `${i.path}: ${i.message}`);
  const more = issues.length > SUMMARY_ISSUES ? ` (and ${issues.length - SUMMARY_ISSUES} more)` : '';
  return `Invalid input: ${shown.join('; ')}${more}`;
}
