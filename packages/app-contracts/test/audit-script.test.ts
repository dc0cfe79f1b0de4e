import { describe, expect, it } from 'vitest';
// The decision of scripts/audit.mjs, tested on recorded `npm audit --json` shapes (report format 2).
import { assess, validateKnown } from '../../../scripts/audit-lib.mjs';

const advisory = (severity: string, ghsa: string, source = 1) => ({
  source,
  name: 'pkg',
  dependency: 'pkg',
  title: `${severity} issue`,
  url: `https://github.com/advisories/${ghsa}`,
  severity,
});

const report = (vulnerabilities: Record<string, unknown>) => ({
  auditReportVersion: 2,
  vulnerabilities,
  metadata: { vulnerabilities: { info: 0, low: 0, moderate: 0, high: 1, critical: 0, total: 1 } },
});

const HIGH = report({
  minimist: { name: 'minimist', severity: 'high', via: [advisory('high', 'GHSA-xvch-5gv4-984h')] },
  // A package that is vulnerable only through minimist names it as a string.
  optimist: { name: 'optimist', severity: 'high', via: ['minimist'] },
});
const known = (reviewBy: string) => [
  { id: 'GHSA-xvch-5gv4-984h', package: 'minimist', reason: 'only in a build tool; no fix', reviewBy },
];

describe('dependency audit decision', () => {
  it('never reads an unreachable or refusing endpoint as a pass', () => {
    const refused = {
      message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
    };
    expect(assess(refused, [])).toMatchObject({ status: 'not-run', reason: expect.stringContaining('405') });
    expect(assess(undefined, [])).toMatchObject({ status: 'not-run', reason: 'no answer' });
    expect(assess({ error: { summary: 'ENOTFOUND' } }, [])).toMatchObject({
      status: 'not-run',
      reason: 'ENOTFOUND',
    });
  });

  it('fails on a high or critical advisory that is not on the reviewed list, once per advisory', () => {
    const result = assess(HIGH, []);
    expect(result.status).toBe('failed');
    if (result.status === 'not-run') throw new Error('unreachable');
    expect(result.failures).toEqual([
      { id: 'GHSA-XVCH-5GV4-984H', package: 'minimist', severity: 'high', title: 'high issue' },
    ]);
  });

  it('passes moderate and low advisories, and a reviewed one until its review date', () => {
    const moderate = report({ a: { via: [advisory('moderate', 'GHSA-aaaa-bbbb-cccc')] } });
    expect(assess(moderate, []).status).toBe('passed');
    const result = assess(HIGH, known('2027-06-01'), new Date('2026-12-03'));
    expect(result.status).toBe('passed');
    if (result.status === 'not-run') throw new Error('unreachable');
    expect(result.accepted.map((a) => a.reason)).toEqual(['only in a build tool; no fix']);
  });

  it('fails a reviewed advisory whose review date has passed', () => {
    const result = assess(HIGH, known('2026-11-30'), new Date('2026-12-03'));
    expect(result.status).toBe('failed');
    if (result.status === 'not-run') throw new Error('unreachable');
    expect(result.expired).toHaveLength(1);
  });

  it('names reviewed entries no longer reported, so the list does not rot', () => {
    const result = assess(report({}), known('2027-06-01'), new Date('2026-12-03'));
    expect(result).toMatchObject({ status: 'passed', stale: ['GHSA-XVCH-5GV4-984H'] });
  });

  it('refuses a reviewed list whose entries do not say why', async () => {
    expect(validateKnown([{ id: 'GHSA-x', package: 'p', reviewBy: '2027-01-01' }])).toEqual([
      'entry 0: "reason" is required',
    ]);
    expect(assess(report({}), [{ id: 'x' }]).status).toBe('failed');
    // The committed list is valid.
    const { default: committed } = await import('../../../scripts/known-advisories.json', {
      with: { type: 'json' },
    });
    expect(validateKnown(committed)).toEqual([]);
  });
});
