/**
 * A role matrix as data: one row per resolver function (and module it is called from). Each app's role-matrix test
 * enforces its rows against the running app and checks that SECURITY.md holds exactly `roleMatrixTable(rows)`, so
 * the documented matrix cannot drift from what is enforced.
 */
export interface RoleMatrixRow {
  /** The resolver module (manifest resource) the function is called from, e.g. `techdesk-panel`. */
  readonly module: string;
  readonly functionKey: string;
  /** The app role the function needs (`app-admin`, `agent`, …), or `—` for none. */
  readonly role: string;
  /** What tier 2 asks Jira, as the user, e.g. `ADMINISTER (global)`. */
  readonly jira: string;
  /** The test (file › name) that enforces the row. */
  readonly enforcedBy: string;
}

/** The markdown table SECURITY.md must contain verbatim for an app's rows. */
export function roleMatrixTable(rows: readonly RoleMatrixRow[]): string {
  const lines = [
    '| Module | Function key | App role | Jira permission (asked as the user) | Enforced by |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) => `| \`${r.module}\` | \`${r.functionKey}\` | ${r.role} | ${r.jira} | ${r.enforcedBy} |`,
    ),
  ];
  return lines.join('\n');
}

/** The `.define('key', …)` keys of a resolver index's source, per handler, to prove every key has a row. */
export function definedFunctionKeys(source: string): string[] {
  return [...source.matchAll(/\.define\(\s*'([A-Za-z0-9_]+)'/g)].map((m) => m[1] as string);
}
