// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${name} is AQL template placeholder syntax, not a JS template.
import { parseAql } from '@suite/aql';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AqlTicketValues,
  AqlValueMissing,
  checkAqlTemplate,
  renderAssetSearch,
} from '../src/domain/aql-template';

const ticket: AqlTicketValues = {
  issueKey: 'FS-12',
  summary: 'Printer down',
  projectKey: 'FS',
  reporterAccountId: 'qm:1',
  reporterEmail: 'olivia.brown@example.com',
  reporterDisplayName: 'Olivia Brown',
  agentAccountId: '557058:abc',
  requestTypeName: 'Broken equipment',
};

const TEMPLATE = 'objectType = Laptop AND "Owner".Email = ${reporter.email} AND Name like ${search}';

/** The AST without source positions. */
function shape(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(shape);
  if (node !== null && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) if (k !== 'start' && k !== 'end') out[k] = shape(v);
    return out;
  }
  return node;
}

/** The template's AST with each placeholder replaced by the quoted literal it must become. */
function expected(node: unknown, values: Record<string, string>): unknown {
  if (Array.isArray(node)) return node.map((n) => expected(n, values));
  if (node !== null && typeof node === 'object') {
    const n = node as Record<string, unknown>;
    if (n.kind === 'placeholder') return { kind: 'literal', value: values[n.name as string], quoted: true };
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(n)) if (k !== 'start' && k !== 'end') out[k] = expected(v, values);
    return out;
  }
  return node;
}

describe('admin AQL template validation', () => {
  it('accepts placeholders in value positions with known names', () => {
    expect(checkAqlTemplate(TEMPLATE)).toEqual({ ok: true, placeholders: ['reporter.email', 'search'] });
  });

  it('refuses placeholders outside value positions', () => {
    for (const bad of [
      '${search} = x',
      'Name ${search} "x"',
      'Name = "${search}"',
      'Name = abc${search}',
      'object having connectedTickets(key = ${issue.key})',
    ]) {
      const result = checkAqlTemplate(bad);
      expect(result.ok, bad).toBe(false);
    }
  });

  it('refuses unknown placeholder names, broken AQL and empty templates', () => {
    const unknown = checkAqlTemplate('Name = ${secret.token}');
    expect(unknown).toMatchObject({ ok: false });
    expect(!unknown.ok && unknown.message).toContain('Unknown placeholder ${secret.token}');
    expect(checkAqlTemplate('Name = ').ok).toBe(false);
    expect(checkAqlTemplate('(Name = ${search}').ok).toBe(false);
    expect(checkAqlTemplate('   ').ok).toBe(false);
    expect(checkAqlTemplate(`Name = ${'x'.repeat(2_001)}`).ok).toBe(false);
  });
});

describe('rendering with hostile values', () => {
  it('quotes quotes, backslashes and injected clauses as one literal', () => {
    const query = renderAssetSearch(TEMPLATE, ticket, '" OR Name != "');
    expect(query).toBe(
      'objectType = Laptop AND "Owner".Email = "olivia.brown@example.com" AND Name like "\\" OR Name != \\""',
    );
    const back = renderAssetSearch('Name = ${search}', ticket, 'C:\\temp\\" OR 1=1');
    expect(back).toBe('Name = "C:\\\\temp\\\\\\" OR 1=1"');
  });

  it('names a value the ticket does not have', () => {
    expect(() => renderAssetSearch(TEMPLATE, { ...ticket, reporterEmail: null }, 'x')).toThrow(
      AqlValueMissing,
    );
  });

  it('property: the rendered query parses to the template structure with each value as a quoted literal', () => {
    const hostile = fc.string({
      unit: fc.oneof(
        fc.constantFrom(
          '"',
          '\\',
          ' ',
          '(',
          ')',
          ',',
          '=',
          '!',
          '$',
          '{',
          '}',
          "'",
          '“',
          '”',
          'é',
          '日',
          '😀',
        ),
        fc.constantFrom(
          ' OR ',
          ' AND ',
          ' ORDER BY Key',
          '" OR Name != "',
          '\\"',
          '${search}',
          'having inR(',
        ),
        fc
          .string({ unit: 'grapheme-ascii', maxLength: 3 })
          .filter((s) => [...s].every((c) => c.charCodeAt(0) > 0x1f && c.charCodeAt(0) !== 0x7f)),
      ),
      maxLength: 40,
    });
    const templates = fc.constantFrom(
      TEMPLATE,
      'Name = ${search}',
      '(Name like ${search} OR Key = ${issue.key}) AND objectType = Laptop ORDER BY Name ASC',
      'objectType in (Laptop, Server) AND "Assigned User" = ${agent.accountId} AND Name startswith ${search}',
      'NOT Name = ${search} AND "Owner".Name = ${reporter.displayName}',
    );
    fc.assert(
      fc.property(templates, hostile, hostile, (template, search, name) => {
        const t = { ...ticket, reporterDisplayName: name, summary: name };
        const query = renderAssetSearch(template, t, search);
        const values: Record<string, string> = {
          search,
          'issue.key': t.issueKey,
          'reporter.email': t.reporterEmail as string,
          'reporter.displayName': name,
          'agent.accountId': t.agentAccountId,
        };
        expect(shape(parseAql(query))).toEqual(expected(parseAql(template, { placeholders: true }), values));
      }),
      { numRuns: 400 },
    );
  });
});
