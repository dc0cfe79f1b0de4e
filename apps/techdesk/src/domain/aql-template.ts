/**
 * The admin's Assets search template. It is trusted configuration (admin page only), validated before saving:
 * it must parse as AQL, placeholders may only stand for whole values (`@suite/aql` refuses anything else) and only
 * the names below are allowed. The agent's search text and the ticket's values reach the query only as
 * placeholder values, which `renderAqlTemplate` writes as escaped, double-quoted literals.
 */
import { AqlError, AqlSyntaxError, aqlTemplatePlaceholders, renderAqlTemplate } from '@suite/aql';

export const AQL_PLACEHOLDERS = {
  search: "The agent's search text",
  'issue.key': 'Ticket key',
  'issue.summary': 'Ticket summary',
  'project.key': 'Project key',
  'reporter.accountId': "Reporter's account id",
  'reporter.email': "Reporter's email (when their privacy settings show it)",
  'reporter.displayName': "Reporter's name",
  'agent.accountId': "The agent's account id",
  'requestType.name': 'Request type name',
} as const;

export type AqlPlaceholder = keyof typeof AQL_PLACEHOLDERS;

export type AqlTemplateCheck =
  | { readonly ok: true; readonly placeholders: readonly string[] }
  | { readonly ok: false; readonly message: string };

export const MAX_AQL_TEMPLATE_LENGTH = 2_000;

/** Validates a template; the message names the problem (and position), never echoes values. */
export function checkAqlTemplate(template: string): AqlTemplateCheck {
  if (template.trim() === '') return { ok: false, message: 'Enter an AQL query' };
  if (template.length > MAX_AQL_TEMPLATE_LENGTH) {
    return { ok: false, message: `Must be at most ${MAX_AQL_TEMPLATE_LENGTH} characters` };
  }
  let placeholders: string[];
  try {
    placeholders = aqlTemplatePlaceholders(template);
  } catch (error) {
    if (error instanceof AqlSyntaxError || error instanceof AqlError)
      return { ok: false, message: error.message };
    throw error;
  }
  const unknown = placeholders.filter((p) => !Object.hasOwn(AQL_PLACEHOLDERS, p));
  if (unknown.length > 0) {
    return {
      ok: false,
      message: `Unknown placeholder ${unknown.map((u) => `\${${u}}`).join(', ')}; use ${Object.keys(
        AQL_PLACEHOLDERS,
      )
        .map((k) => `\${${k}}`)
        .join(', ')}`,
    };
  }
  return { ok: true, placeholders };
}

export interface AqlTicketValues {
  readonly issueKey: string;
  readonly summary: string;
  readonly projectKey: string;
  readonly reporterAccountId: string | null;
  readonly reporterEmail: string | null;
  readonly reporterDisplayName: string | null;
  readonly agentAccountId: string;
  readonly requestTypeName: string | null;
}

export function aqlValues(
  ticket: AqlTicketValues,
  search: string,
): Record<AqlPlaceholder, string | undefined> {
  const v = (s: string | null) => (s === null ? undefined : s);
  return {
    search,
    'issue.key': ticket.issueKey,
    'issue.summary': ticket.summary,
    'project.key': ticket.projectKey,
    'reporter.accountId': v(ticket.reporterAccountId),
    'reporter.email': v(ticket.reporterEmail),
    'reporter.displayName': v(ticket.reporterDisplayName),
    'agent.accountId': ticket.agentAccountId,
    'requestType.name': v(ticket.requestTypeName),
  };
}

export class AqlValueMissing extends Error {
  constructor(readonly placeholder: string) {
    super(`This search needs \${${placeholder}}, which this ticket does not have (or you may not see it).`);
    this.name = 'AqlValueMissing';
  }
}

/** Renders the template with ticket values and the search text; every value is a quoted literal. */
export function renderAssetSearch(template: string, ticket: AqlTicketValues, search: string): string {
  const check = checkAqlTemplate(template);
  if (!check.ok) throw new AqlError(check.message);
  const values = aqlValues(ticket, search);
  for (const name of check.placeholders) {
    if (values[name as AqlPlaceholder] === undefined) throw new AqlValueMissing(name);
  }
  return String(renderAqlTemplate(template, values));
}
