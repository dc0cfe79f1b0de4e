import { describe, expect, it } from 'vitest';
import { firstName, renderTemplate, type TemplateValues } from '../src/domain/templates';

const values: TemplateValues = {
  'issue.key': 'FS-12',
  'issue.summary': 'Printer down',
  'reporter.displayName': 'Olivia Brown',
  'reporter.firstName': 'Olivia',
  'agent.displayName': 'Jordan Lee',
  'assignee.displayName': null,
};

describe('canned-response variables', () => {
  it('replaces known variables, with or without spaces inside the braces', () => {
    const out = renderTemplate(
      'Hi {{reporter.firstName}}, {{ agent.displayName }} here about {{issue.key}}.',
      values,
    );
    expect(out).toEqual({ text: 'Hi Olivia, Jordan Lee here about FS-12.', unknownVariables: [] });
  });

  it('keeps unknown variables visible and reports each once', () => {
    const out = renderTemplate('{{unknown}} and {{issue.key}} and {{unknown}} and {{customer.vip}}', values);
    expect(out.text).toBe('{{unknown}} and FS-12 and {{unknown}} and {{customer.vip}}');
    expect(out.unknownVariables).toEqual(['unknown', 'customer.vip']);
  });

  it('treats a known variable without a value as not available, never blank', () => {
    const out = renderTemplate('Assigned to {{assignee.displayName}}; priority {{issue.priority}}', values);
    expect(out.text).toBe('Assigned to {{assignee.displayName}}; priority {{issue.priority}}');
    expect(out.unknownVariables).toEqual(['assignee.displayName', 'issue.priority']);
  });

  it('resolves nested (dotted) names and does not expand values again', () => {
    const out = renderTemplate('{{issue.summary}}', {
      'issue.summary': 'See {{agent.displayName}}',
      'agent.displayName': 'X',
    });
    expect(out).toEqual({ text: 'See {{agent.displayName}}', unknownVariables: [] });
  });

  it('does not treat nested braces as a variable: the inner one is rendered, the outer braces stay', () => {
    const out = renderTemplate('{{ {{issue.key}} }}', values);
    expect(out.text).toBe('{{ FS-12 }}');
    expect(out.unknownVariables).toEqual([]);
  });

  it('writes a literal {{ for \\{{ and starts no variable', () => {
    const out = renderTemplate('Type \\{{issue.key}} to get {{issue.key}}', values);
    expect(out).toEqual({ text: 'Type {{issue.key}} to get FS-12', unknownVariables: [] });
  });

  it('leaves unclosed, multi-line or non-name braces alone', () => {
    expect(renderTemplate('a {{ b', values).text).toBe('a {{ b');
    expect(renderTemplate('{{issue.key\n}}', values).text).toBe('{{issue.key\n}}');
    expect(renderTemplate('{{ 1 + 1 }} {{}}', values).text).toBe('{{ 1 + 1 }} {{}}');
    expect(renderTemplate('{{{issue.key}}}', values).text).toBe('{FS-12}');
  });

  it('does not resolve names from the object prototype', () => {
    const out = renderTemplate('{{constructor}} {{toString}}', values);
    expect(out.text).toBe('{{constructor}} {{toString}}');
    expect(out.unknownVariables).toEqual(['constructor', 'toString']);
  });

  it('takes the first word of a name', () => {
    expect(firstName('  Ana María López ')).toBe('Ana');
    expect(firstName('')).toBeNull();
    expect(firstName(null)).toBeNull();
  });
});
