export type UserErrorCode = 'CONFLICT' | 'FORBIDDEN' | 'NOT_FOUND' | 'UNPROCESSABLE' | 'RATE_LIMITED';

/**
 * An expected failure a handler reports to the user in its own words (e.g. "the ticket was assigned elsewhere
 * since you loaded it"). Anything else a handler throws is reported as a generic error.
 */
export class UserError extends Error {
  constructor(
    readonly code: UserErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'UserError';
  }
}
