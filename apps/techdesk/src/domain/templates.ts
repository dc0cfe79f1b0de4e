/**
 * Canned-response variables: `{{reporter.displayName}}`, `{{issue.key}}`, … rendered in one pass.
 *
 * Rules:
 * - a variable is `{{name}}` with optional spaces inside the braces; names are dotted identifiers;
 * - a known variable with a value is replaced by the value; the value is inserted as-is and never scanned again,
 *   so a ticket summary that contains `{{agent.displayName}}` cannot expand anything;
 * - an unknown variable, or a known one whose value is not available (e.g. a hidden email), stays visible exactly
 *   as written and is reported in `unknownVariables`: never silently blank;
 * - `\{{` writes a literal `{{` (the backslash is dropped) and starts no variable;
 * - a `{{` without a matching `}}` on the same line, or with something other than a name inside, is plain text.
 */

/** The variables a canned response may use, with a short description for the UI. */
export const TEMPLATE_VARIABLES = {
  'issue.key': 'Ticket key, e.g. FS-12',
  'issue.summary': 'Ticket summary',
  'issue.status': 'Current status',
  'issue.priority': 'Priority',
  'issue.requestType': 'Request type',
  'reporter.displayName': "Reporter's name",
  'reporter.firstName': "Reporter's first name",
  'assignee.displayName': "Assignee's name",
  'agent.displayName': 'Your name',
  'agent.firstName': 'Your first name',
  'project.key': 'Project key',
} as const;

export type TemplateVariable = keyof typeof TEMPLATE_VARIABLES;

/** Values available for one ticket; `null`/absent means "not available" (rendered visibly, reported). */
export type TemplateValues = Partial<Record<TemplateVariable, string | null>>;

export interface RenderedTemplate {
  readonly text: string;
  /** Variables left as written (unknown names or no value), first-use order, no duplicates. */
  readonly unknownVariables: readonly string[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;

function isKnown(name: string): name is TemplateVariable {
  return Object.hasOwn(TEMPLATE_VARIABLES, name);
}

export function renderTemplate(template: string, values: TemplateValues): RenderedTemplate {
  let out = '';
  const unknown: string[] = [];
  let i = 0;
  while (i < template.length) {
    if (template.startsWith('\\{{', i)) {
      out += '{{';
      i += 3;
      continue;
    }
    if (template.startsWith('{{', i)) {
      const close = template.indexOf('}}', i + 2);
      const newline = template.indexOf('\n', i + 2);
      if (close !== -1 && (newline === -1 || close < newline)) {
        const raw = template.slice(i, close + 2);
        const name = template.slice(i + 2, close).trim();
        if (NAME.test(name)) {
          const value = isKnown(name) ? values[name] : undefined;
          if (typeof value === 'string') {
            out += value;
          } else {
            out += raw;
            if (!unknown.includes(name)) unknown.push(name);
          }
          i = close + 2;
          continue;
        }
      }
      // Not a variable: keep the first brace and continue scanning after it.
      out += '{';
      i += 1;
      continue;
    }
    out += template.charAt(i);
    i += 1;
  }
  return { text: out, unknownVariables: unknown };
}

/** First word of a display name ("Ana María López" → "Ana"). */
export function firstName(displayName: string | null | undefined): string | null {
  if (!displayName) return null;
  const first = displayName.trim().split(/\s+/)[0];
  return first && first.length > 0 ? first : null;
}
