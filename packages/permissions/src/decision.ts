/** Which tier refused, and why. `code` is for logs and tests; the user sees a message chosen from it. */
export type DenialCode =
  | 'NO_CONTEXT'
  | 'NOT_A_LICENSED_USER'
  | 'MODULE_NOT_ALLOWED'
  | 'LICENCE_INACTIVE'
  | 'JIRA_PERMISSION_MISSING'
  | 'APP_ROLE_MISSING'
  | 'PERMISSION_CHECK_FAILED';

export type Tier = 'identity' | 'jira' | 'app-role';

export interface Denial {
  readonly allowed: false;
  readonly tier: Tier;
  readonly code: DenialCode;
  /** For the log and the audit trail only; never shown to the user. */
  readonly detail: string;
}

export interface Grant {
  readonly allowed: true;
  readonly accountId: string;
  readonly roles: readonly string[];
}

export type Decision = Grant | Denial;

export function deny(tier: Tier, code: DenialCode, detail: string): Denial {
  return { allowed: false, tier, code, detail };
}
